// The demo routine's Danish agenda page in a real Chromium, at a desktop and a phone width: the page
// never scrolls sideways, no heading or label runs into another, and each lesson keeps its decision line.
import { afterAll, describe, expect, it } from "vitest";
import { browserSession, contains, overlappingPairs } from "./browser.js";

/** Room for the first test, which starts the app with the demo data and Chromium, on a busy machine. */
const STARTUP_TIMEOUT_MS = 60_000;

const AGENDA = {
  path: "/v1/routines/rtn_fj_homecare_north_monday/agenda?format=html",
  method: "GET" as const,
};

describe("the demo routine's agenda in Chromium", () => {
  const session = browserSession();
  afterAll(() => session.close());

  it.each([1400, 420])(
    "fits a %i px window: no sideways scroll, no overlapping headings or labels",
    async (width) => {
      const layout = await session.inspect(AGENDA, {
        width,
        name: "agenda-da",
        headerSelector: "h1, h2, h3, dt, dd",
        inspect: async (page) => ({
          language: await page.$eval("html", (root) => root.lang),
          items: await page.$$eval("section.item", (items) => items.length),
          decisions: await page.$$eval("section.item p.decide", (lines) => lines.length),
          wideElements: await page.$$eval("main *", (elements) => {
            const { innerWidth } = globalThis as unknown as { innerWidth: number };
            return elements
              .filter((element) => element.getBoundingClientRect().right > innerWidth + 0.5)
              .map((element) => element.tagName);
          }),
        }),
      });
      expect(layout.status).toBe(200);
      expect(layout.contentType).toMatch(/^text\/html/);
      expect(layout.consoleErrors).toEqual([]);
      expect(layout.extra.language).toBe("da");
      expect(layout.extra.items).toBe(5);
      expect(layout.extra.decisions).toBe(5);
      expect(
        layout.pageWidth,
        `page ${layout.pageWidth} px wide in a ${layout.viewportWidth} px window`,
      ).toBeLessThanOrEqual(layout.viewportWidth);
      expect(layout.extra.wideElements).toEqual([]);
      const named = (pairs: [number, number][]) =>
        pairs.map(([a, b]) => `${layout.headers[a]!.text} / ${layout.headers[b]!.text}`);
      expect(named(overlappingPairs(layout.headers.map((h) => h.box)))).toEqual([]);
      expect(
        layout.headers.filter((h) => !contains(h.box, h.content)).map((h) => h.text),
        "headings whose text runs out of their box",
      ).toEqual([]);
    },
    STARTUP_TIMEOUT_MS,
  );
});
