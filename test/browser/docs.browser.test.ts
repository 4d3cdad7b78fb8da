// The API documentation (/docs, Swagger UI) works under the service's Content-Security-Policy: it
// renders the operations and logs no CSP violation.
import { afterAll, describe, expect, it } from "vitest";
import { browserSession } from "./browser.js";

const STARTUP_TIMEOUT_MS = 60_000;

describe("/docs in Chromium", () => {
  const session = browserSession();
  afterAll(() => session.close());

  it(
    "renders the operations under the security headers",
    async () => {
      const layout = await session.inspect(
        { path: "/docs/" },
        {
          width: 1400,
          name: "docs",
          headerSelector: "h2",
          inspect: async (page) => {
            await page.waitForSelector(".opblock", { timeout: 20_000 });
            return { operations: await page.$$eval(".opblock", (blocks) => blocks.length) };
          },
        },
      );
      expect(layout.status).toBe(200);
      expect(layout.consoleErrors).toEqual([]);
      expect(layout.extra.operations).toBeGreaterThan(10);
    },
    STARTUP_TIMEOUT_MS,
  );
});
