import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, createFixtures, expectStatus, lessonBody } from "../helpers/app.js";

describe("a lesson round trip", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it("logs a lesson and reads it back with its ETag", async () => {
    const { homeCareUnitId } = await createFixtures(app);
    const created = expectStatus<{
      id: string;
      version: number;
      context: { tags: Record<string, string[]> };
    }>(await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(homeCareUnitId) }), 201);
    expect(created.context.tags.serviceArea).toEqual(["home_care"]);
    const read = await app.inject({ method: "GET", url: `/v1/lessons/${created.id}` });
    expect(expectStatus(read, 200)).toMatchObject({ id: created.id, mechanisms: ["trust", "recognition"] });
    expect(read.headers.etag).toBe('"1"');
  });
});
