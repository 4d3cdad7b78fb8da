// The Danish evidence map of the home-care unit in a real Chromium, at a desktop and a phone width: the
// page never scrolls sideways (the table scrolls in its own box), no column header runs into another,
// and the trust row (whose lessons carry its narrower terms) is not empty.
import { afterAll, describe, expect, it } from "vitest";
import { browserSession, contains, overlappingPairs } from "./browser.js";

/** Room for the first test, which starts the app with the demo data and Chromium, on a busy machine. */
const STARTUP_TIMEOUT_MS = 60_000;

const MAP = {
  path: "/v1/maps/evidence?rows=mechanism&cols=outcome&unitId=u_fj_homecare_north&filter.serviceArea=elder_care&format=html&lang=da",
};

describe("the Danish evidence map in Chromium", () => {
  const session = browserSession();
  afterAll(() => session.close());

  it.each([1400, 420])(
    "fits a %i px window: no sideways page scroll, no overlapping headers, trust not empty",
    async (width) => {
      const layout = await session.inspect(MAP, {
        width,
        name: "evidence-map-da",
        inspect: async (page) => ({
          trustCounts: await page.$$eval('tbody th[data-slug="trust"] ~ td', (tds) =>
            tds.map((td) => Number(td.getAttribute("data-count"))),
          ),
          tableScrolls: await page.$eval(".map", (box) => box.scrollWidth > box.clientWidth),
          language: await page.$eval("html", (root) => root.lang),
        }),
      });
      expect(layout.status).toBe(200);
      expect(layout.contentType).toMatch(/^text\/html/);
      expect(layout.consoleErrors).toEqual([]);
      expect(layout.extra.language).toBe("da");

      expect(
        layout.pageWidth,
        `page ${layout.pageWidth} px wide in a ${layout.viewportWidth} px window`,
      ).toBeLessThanOrEqual(layout.viewportWidth);
      // at phone width the table is wider than the window and scrolls inside its box instead
      if (width === 420) expect(layout.extra.tableScrolls).toBe(true);

      expect(layout.headers.length).toBe(13);
      const named = (pairs: [number, number][]) =>
        pairs.map(([a, b]) => `${layout.headers[a]!.text} / ${layout.headers[b]!.text}`);
      expect(named(overlappingPairs(layout.headers.map((h) => h.box)))).toEqual([]);
      expect(named(overlappingPairs(layout.headers.map((h) => h.content)))).toEqual([]);
      expect(
        layout.headers.filter((h) => !contains(h.box, h.content)).map((h) => h.text),
        "headers whose text runs out of their cell",
      ).toEqual([]);

      expect(layout.extra.trustCounts).toHaveLength(12);
      expect(layout.extra.trustCounts.some((n) => n > 0)).toBe(true);
    },
    STARTUP_TIMEOUT_MS,
  );
});
