// The Danish brief digest of the home-care unit in a real Chromium, at a desktop and a phone width: the
// page never scrolls sideways, no heading or label runs into another, and what went wrong stands in
// its own section, apart from why it worked.
import { afterAll, describe, expect, it } from "vitest";
import { browserSession, contains, overlappingPairs } from "./browser.js";

/** Room for the first test, which starts the app with the demo data and Chromium, on a busy machine. */
const STARTUP_TIMEOUT_MS = 60_000;

const DIGEST = {
  path: "/v1/digests?format=html&lang=da",
  method: "POST" as const,
  body: { unitId: "u_fj_homecare_north" },
};

describe("the Danish digest in Chromium", () => {
  const session = browserSession();
  afterAll(() => session.close());

  it.each([1400, 420])(
    "fits a %i px window: no sideways scroll, no overlapping headings or labels, failures apart",
    async (width) => {
      const layout = await session.inspect(DIGEST, {
        width,
        name: "digest-da",
        headerSelector: "h1, h2, h3, dt, dd",
        inspect: async (page) => ({
          language: await page.$eval("html", (root) => root.lang),
          sections: await page.$$eval("section.mechanism", (sections) => sections.length),
          // per section, the heading each quote stands under and the quote's lesson direction
          quotes: await page.$$eval("section.mechanism blockquote.statement", (quotes) =>
            quotes.map((quote) => {
              let heading = quote.previousElementSibling;
              while (heading && heading.tagName !== "H3") heading = heading.previousElementSibling;
              return { under: heading?.className ?? "", direction: quote.getAttribute("data-direction") };
            }),
          ),
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
      expect(layout.extra.sections).toBeGreaterThan(0);

      expect(
        layout.pageWidth,
        `page ${layout.pageWidth} px wide in a ${layout.viewportWidth} px window`,
      ).toBeLessThanOrEqual(layout.viewportWidth);
      expect(layout.extra.wideElements).toEqual([]);

      expect(layout.headers.length).toBeGreaterThan(5);
      const named = (pairs: [number, number][]) =>
        pairs.map(([a, b]) => `${layout.headers[a]!.text} / ${layout.headers[b]!.text}`);
      expect(named(overlappingPairs(layout.headers.map((h) => h.box)))).toEqual([]);
      expect(
        layout.headers.filter((h) => !contains(h.box, h.content)).map((h) => h.text),
        "headings whose text runs out of their box",
      ).toEqual([]);

      expect(layout.extra.quotes.length).toBeGreaterThan(0);
      for (const quote of layout.extra.quotes)
        expect(quote.under).toBe(quote.direction === "positive" ? "why-it-worked" : "went-wrong");
      expect(layout.extra.quotes.some((q) => q.direction !== "positive")).toBe(true);
    },
    STARTUP_TIMEOUT_MS,
  );
});
