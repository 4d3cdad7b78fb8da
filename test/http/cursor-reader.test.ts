// A page cursor pages on only for the key it was issued to: another key (or no key) sending it gets
// 422, like a cursor made for another request.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANONYMOUS_HEADERS,
  asKey,
  buildTestApp,
  expectProblem,
  expectStatus,
  issueKey,
} from "../helpers/app.js";

describe("cursors and their reader", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  it("refuses a filter cursor and a lesson-list cursor sent by another key", async () => {
    const first = await issueKey(app, { role: "manager", organisationId: "org_fjordby" });
    const second = await issueKey(app, { role: "manager", organisationId: "org_fjordby" });
    const filter = (headers: Record<string, string>, cursor?: string) =>
      app.inject({
        method: "POST",
        url: "/v1/filter",
        payload: { q: "tillid", limit: 2, ...(cursor ? { cursor } : {}) },
        headers,
      });
    const page = expectStatus<{ nextCursor: string | null }>(await filter(asKey(first.key)), 200);
    expect(page.nextCursor).toBeTruthy();
    expectStatus(await filter(asKey(first.key), page.nextCursor!), 200);
    expect(expectProblem(await filter(asKey(second.key), page.nextCursor!), 422).errors?.[0]?.pointer).toBe(
      "/cursor",
    );
    expectProblem(await filter(ANONYMOUS_HEADERS, page.nextCursor!), 422);

    const list = (headers: Record<string, string>, cursor?: string) =>
      app.inject({
        url: `/v1/lessons?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        headers,
      });
    const lessons = expectStatus<{ nextCursor: string | null }>(await list(asKey(first.key)), 200);
    expect(lessons.nextCursor).toBeTruthy();
    expectStatus(await list(asKey(first.key), lessons.nextCursor!), 200);
    expectProblem(await list(asKey(second.key), lessons.nextCursor!), 422);
  });
});
