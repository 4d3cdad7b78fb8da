// POST /v1/filter pages with signed cursors: a cursor the service did not issue, one edited in any way,
// or one made for another request is a 422 on /cursor; real ones page on, also after a restart.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem, expectStatus } from "../helpers/app.js";

type Reply = { total: number; results: { id: string; score: number }[]; nextCursor: string | null };

const post = (app: FastifyInstance, payload: Record<string, unknown>) =>
  app.inject({ method: "POST", url: "/v1/filter", payload });

const filterIn = async (app: FastifyInstance, payload: Record<string, unknown>) =>
  expectStatus<Reply>(await post(app, payload), 200);

function expectInvalidCursor(response: LightMyRequestResponse) {
  const problem = expectProblem(response, 422);
  expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/cursor", code: "invalid_cursor" })]);
}

/** Every result id of a request, following nextCursor page by page. */
async function walk(app: FastifyInstance, payload: Record<string, unknown>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const reply: Reply = await filterIn(app, cursor ? { ...payload, cursor } : payload);
    ids.push(...reply.results.map((r) => r.id));
    cursor = reply.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error("more than 50 pages: the cursor does not advance");
}

/**
 * The cursor with every number in its JSON part changed (the part before the first ".", or all of it),
 * the rest (a signature, if any) kept: what someone would do to skip ahead or reach another position.
 */
function withEditedPosition(cursor: string): string {
  const [body = "", ...rest] = cursor.split(".");
  const payload: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  const edited = JSON.stringify(payload, (_key, value: unknown) =>
    typeof value === "number" ? value + 1 : value,
  );
  expect(edited).not.toBe(JSON.stringify(payload));
  return [Buffer.from(edited, "utf8").toString("base64url"), ...rest].join(".");
}

describe("POST /v1/filter cursors", () => {
  let app: FastifyInstance;
  const request = { q: "tillid", unitId: "u_fj_homecare_north", limit: 3 };
  let cursor: string;

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
    const first = await filterIn(app, request);
    expect(first.total).toBeGreaterThan(6);
    expect(first.nextCursor).not.toBeNull();
    cursor = first.nextCursor!;
  });
  afterAll(() => app.close());

  it("pages on with real cursors, every result once, in the order of one big page", async () => {
    const onePage = await filterIn(app, { ...request, limit: 100 });
    const walked = await walk(app, request);
    expect(walked).toEqual(onePage.results.map((r) => r.id));
    expect(walked).toHaveLength(onePage.total);
  });

  it("accepts the same request in another key order and with another page size", async () => {
    const reordered = { limit: 5, cursor, unitId: request.unitId, q: request.q };
    const next = await filterIn(app, reordered);
    const expected = (await filterIn(app, { ...request, limit: 8 })).results.slice(3, 8);
    expect(next.results.map((r) => r.id)).toEqual(expected.map((r) => r.id));
  });

  it("answers 422 for a forged cursor", async () => {
    const plausible = [
      { h: "AAAAAAAAAAAAAAAA", t: Date.now(), s: 0.5, d: 3 },
      { t: Date.now(), s: 0.5, d: 3 },
      [new Date().toISOString(), "les_fj_01"],
    ];
    for (const payload of plausible) {
      const forged = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
      expectInvalidCursor(await post(app, { ...request, cursor: forged }));
    }
    expectInvalidCursor(await post(app, { ...request, cursor: "not-a-cursor" }));
  });

  it("answers 422 for a real cursor whose position was edited", async () => {
    expectInvalidCursor(await post(app, { ...request, cursor: withEditedPosition(cursor) }));
  });

  it("answers 422 for a cursor edited in any one character", async () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < cursor.length; i++) {
      const next = alphabet[(alphabet.indexOf(cursor[i]!) + 1) % alphabet.length] ?? "A";
      const edited = `${cursor.slice(0, i)}${next}${cursor.slice(i + 1)}`;
      const response = await post(app, { ...request, cursor: edited });
      expect(response.statusCode, `cursor edited at ${i} of ${cursor.length}`).toBe(422);
    }
  });

  it("answers 422 for a cursor reused with another q", async () => {
    expectInvalidCursor(await post(app, { ...request, q: "frivillige", cursor }));
    expectInvalidCursor(await post(app, { ...request, q: "tillid frivillige", cursor }));
    const { q: _q, ...withoutQ } = request;
    expectInvalidCursor(await post(app, { ...withoutQ, cursor }));
  });

  it("answers 422 for a cursor reused with other filters or another requester", async () => {
    expectInvalidCursor(await post(app, { ...request, filters: { mechanism: ["trust"] }, cursor }));
    expectInvalidCursor(await post(app, { ...request, unitId: "u_fj_jobcenter", cursor }));
    const filtered = { ...request, filters: { mechanism: ["trust"] } };
    const first = await filterIn(app, { ...filtered, limit: 1 });
    expect(first.nextCursor).not.toBeNull();
    const other = { ...request, filters: { mechanism: ["recognition"] }, cursor: first.nextCursor };
    expectInvalidCursor(await post(app, other));
  });

  it("answers 422 for a list cursor used with the filter, and a filter cursor used with a list", async () => {
    const lessons = expectStatus<{ nextCursor: string | null }>(await app.inject("/v1/lessons?limit=1"), 200);
    expectInvalidCursor(await post(app, { ...request, cursor: lessons.nextCursor }));
    expectInvalidCursor(await app.inject(`/v1/lessons?limit=1&cursor=${encodeURIComponent(cursor)}`));
  });
});

describe("POST /v1/filter cursors across restarts", () => {
  const folder = mkdtempSync(join(tmpdir(), "samskab-filter-cursor-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("pages on with a cursor issued before the app was rebuilt on the same database file", async () => {
    const databasePath = join(folder, "restart.db");
    const request = { unitId: "u_fj_homecare_north", limit: 5 };
    const first = await buildTestApp({ seed: "demo", databasePath });
    let cursor: string;
    let secondPage: Reply;
    try {
      cursor = (await filterIn(first, request)).nextCursor!;
      secondPage = await filterIn(first, { ...request, cursor });
    } finally {
      await first.close();
    }
    expect(secondPage.results).toHaveLength(5);

    const second = await buildTestApp({ seed: "demo", databasePath });
    try {
      const again = await filterIn(second, { ...request, cursor });
      expect(again.results.map((r) => r.id)).toEqual(secondPage.results.map((r) => r.id));
    } finally {
      await second.close();
    }
  });
});
