// Every list's cursors are signed for that list and its filters: forged, edited or foreign cursors are a
// 422 on /cursor, real ones page through every item once, and they keep working after a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { buildTestApp, expectProblem, expectStatus } from "../helpers/app.js";

type Page = { items: { id: string }[]; nextCursor: string | null };

/** A list endpoint, a filtered variant of it, and the same list with other filters. */
type ListCase = { name: string; url: string; otherFilters: string };

const withQuery = (url: string, query: string) => `${url}${url.includes("?") ? "&" : "?"}${query}`;

async function pageOf(app: FastifyInstance, url: string, cursor?: string | null): Promise<Page> {
  const withCursor = cursor ? withQuery(url, `cursor=${encodeURIComponent(cursor)}`) : url;
  return expectStatus<Page>(await app.inject(withCursor), 200);
}

function expectInvalidCursor(response: LightMyRequestResponse) {
  const problem = expectProblem(response, 422);
  expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/cursor", code: "invalid_cursor" })]);
}

/** Plausible unsigned cursors: the old format, and a signed cursor whose position was replaced. */
function forgeries(real: string): string[] {
  const oldFormat = Buffer.from(JSON.stringify(["2999-01-01T00:00:00.000Z", "zzzzzzzz"])).toString(
    "base64url",
  );
  const [, signature] = real.split(".");
  const moved = Buffer.from(JSON.stringify(["2000-01-01T00:00:00.000Z", "a"])).toString("base64url");
  return [oldFormat, `${moved}.${signature}`, `${real.slice(0, -1)}${real.endsWith("A") ? "B" : "A"}`];
}

describe("list cursors", () => {
  let app: FastifyInstance;
  const cases: ListCase[] = [];

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
    const fjordby = "org_fjordby";
    const nordvik = "org_nordvik";
    const lessons = (await pageOf(app, "/v1/lessons?limit=100")).items;
    // two lessons with more than one adaptation each, to page through and to mix up
    const adapted: string[] = [];
    for (const lesson of lessons) {
      const adaptations = await pageOf(app, `/v1/lessons/${lesson.id}/adaptations?limit=100`);
      if (adaptations.items.length >= 2) adapted.push(lesson.id);
      if (adapted.length === 2) break;
    }
    expect(adapted).toHaveLength(2);
    cases.push(
      { name: "organisations", url: "/v1/organisations", otherFilters: "/v1/units" },
      {
        name: "units",
        url: `/v1/units?organisationId=${fjordby}`,
        otherFilters: `/v1/units?organisationId=${nordvik}`,
      },
      {
        name: "initiatives",
        url: `/v1/initiatives?organisationId=${fjordby}`,
        otherFilters: `/v1/initiatives?organisationId=${fjordby}&status=active`,
      },
      {
        name: "lessons",
        url: "/v1/lessons?unitId=u_fj_homecare_north",
        otherFilters: "/v1/lessons?unitId=u_fj_homecare_south",
      },
      {
        name: "adaptations",
        url: `/v1/lessons/${adapted[0]}/adaptations`,
        otherFilters: `/v1/lessons/${adapted[1]}/adaptations`,
      },
    );
  });
  afterAll(() => app.close());

  const each = (test: (list: ListCase) => Promise<void>) => async () => {
    expect(cases.length).toBe(5);
    for (const list of cases) await test(list);
  };

  it(
    "has lists with more than one page to test (the demo data)",
    each(async (list) => {
      const first = await pageOf(app, withQuery(list.url, "limit=1"));
      expect(first.nextCursor, list.name).not.toBeNull();
    }),
  );

  it(
    "pages through every item exactly once, in the order of one long page",
    each(async (list) => {
      const all = (await pageOf(app, withQuery(list.url, "limit=100"))).items.map((item) => item.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await pageOf(app, withQuery(list.url, "limit=1"), cursor);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor !== null && seen.length <= all.length);
      expect(seen, list.name).toEqual(all);
    }),
  );

  it(
    "lets the page size change between pages",
    each(async (list) => {
      const { nextCursor } = await pageOf(app, withQuery(list.url, "limit=1"));
      const next = await pageOf(app, withQuery(list.url, "limit=2"), nextCursor);
      const expected = (await pageOf(app, withQuery(list.url, "limit=3"))).items.slice(1, 3);
      expect(next.items, list.name).toEqual(expected);
    }),
  );

  it(
    "answers 422 naming /cursor for a forged or edited cursor",
    each(async (list) => {
      const { nextCursor } = await pageOf(app, withQuery(list.url, "limit=1"));
      for (const forged of forgeries(nextCursor!)) {
        expectInvalidCursor(
          await app.inject(withQuery(list.url, `limit=1&cursor=${encodeURIComponent(forged)}`)),
        );
      }
    }),
  );

  it(
    "answers 422 naming /cursor for a cursor of the same list with other filters, or of another list",
    each(async (list) => {
      const { nextCursor } = await pageOf(app, withQuery(list.url, "limit=1"));
      const cursor = `cursor=${encodeURIComponent(nextCursor!)}`;
      expectInvalidCursor(await app.inject(withQuery(list.otherFilters, cursor)));
      for (const other of cases.filter((c) => c !== list)) {
        expectInvalidCursor(await app.inject(withQuery(other.url, cursor)));
      }
    }),
  );

  it("answers 422 for a lessons cursor used with a filter added or removed", async () => {
    const { nextCursor } = await pageOf(app, "/v1/lessons?unitId=u_fj_homecare_north&limit=1");
    const cursor = `cursor=${encodeURIComponent(nextCursor!)}`;
    expectInvalidCursor(await app.inject(`/v1/lessons?${cursor}`));
    expectInvalidCursor(await app.inject(`/v1/lessons?unitId=u_fj_homecare_north&language=da&${cursor}`));
    // the same filters in another order are the same request
    const parts = await app.inject(`/v1/lessons?limit=1&${cursor}&unitId=u_fj_homecare_north`);
    expect(parts.statusCode).toBe(200);
  });
});

describe("list cursors across restarts", () => {
  const folder = mkdtempSync(join(tmpdir(), "samskab-cursors-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("pages on with a cursor issued before the app was rebuilt on the same database file", async () => {
    const databasePath = join(folder, "restart.db");
    const url = "/v1/lessons?limit=5";
    const first = await buildTestApp({ seed: "demo", databasePath });
    let cursor: string;
    let secondPage: Page;
    try {
      cursor = (await pageOf(first, url)).nextCursor!;
      secondPage = await pageOf(first, url, cursor);
    } finally {
      await first.close();
    }
    expect(secondPage.items).toHaveLength(5);

    const second = await buildTestApp({ seed: "demo", databasePath });
    try {
      expect(await pageOf(second, url, cursor)).toEqual(secondPage);
    } finally {
      await second.close();
    }
  });

  it("refuses a cursor from another database (each makes its own key) unless CURSOR_SECRET is shared", async () => {
    const build = (cursorSecret?: Buffer) =>
      buildApp({
        config: {
          databasePath: ":memory:",
          logLevel: "silent",
          seed: "demo",
          bodyLimitBytes: 1024 * 1024,
          ...(cursorSecret ? { cursorSecret } : {}),
        },
      });
    const url = "/v1/organisations?limit=1";
    const [one, two] = [await build(), await build()];
    const shared = Buffer.from("a shared secret of at least 32 characters");
    const [three, four] = [await build(shared), await build(shared)];
    try {
      const cursor = (await pageOf(one, url)).nextCursor!;
      expectInvalidCursor(await two.inject(withQuery(url, `cursor=${encodeURIComponent(cursor)}`)));
      const sharedCursor = (await pageOf(three, url)).nextCursor!;
      // accepted (the position it names is another database's, so the page itself may differ)
      await pageOf(four, url, sharedCursor);
    } finally {
      await Promise.all([one, two, three, four].map((app) => app.close()));
    }
  });
});
