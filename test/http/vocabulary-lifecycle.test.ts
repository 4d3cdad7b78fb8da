// Retiring terms and adding dimensions must not break what already exists.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

describe("a retired term", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it("stays on the records that carry it, but is refused on new ones", async () => {
    const { homeCareUnitId } = await createFixtures(app, "Retiring Kommune");
    const slug = "rural_retiring";
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies/setting/terms",
        payload: { slug, labels: { en: "Rural (old)" } },
      }),
      201,
    );
    const unit = expectStatus<{ version: number }>(
      await app.inject({
        method: "PATCH",
        url: `/v1/units/${homeCareUnitId}`,
        payload: { context: { serviceArea: ["home_care"], setting: [slug] } },
      }),
      200,
    );
    expect(unit.version).toBe(2);
    const lesson = expectStatus<{ id: string; context: { tags: Record<string, string[]> } }>(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(homeCareUnitId) }),
      201,
    );
    expect(lesson.context.tags.setting).toEqual([slug]);
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/setting/terms/${slug}`,
        payload: { status: "retired" },
      }),
      200,
    );

    // the lesson that carries it can still be edited and archived
    const edited = expectStatus<{ context: { tags: Record<string, string[]> }; version: number }>(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${lesson.id}`,
        headers: { "if-match": '"1"' },
        payload: { outcomeNarrative: "Still true a year later." },
      }),
      200,
    );
    expect(edited.context.tags.setting).toEqual([slug]);
    // the unit can still ask for lessons in its context
    const filtered = expectStatus<{ total: number }>(
      await app.inject({ method: "POST", url: "/v1/filter", payload: { unitId: homeCareUnitId } }),
      200,
    );
    expect(filtered.total).toBeGreaterThan(0);
    // a new lesson from the unit gets its profile without the retired term
    const fresh = expectStatus<{ context: { tags: Record<string, string[]> } }>(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(homeCareUnitId) }),
      201,
    );
    expect(fresh.context.tags.setting ?? []).toEqual([]);
    // and a new record naming it is refused
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(homeCareUnitId, { context: { tags: { setting: [slug] } } }),
      }),
      422,
    );
    expect(problem.errors?.[0]).toMatchObject({ pointer: "/context/tags/setting/0", code: "retired_term" });
  });
});

describe("a new context dimension", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it.each(["stage", "language", "evidence", "outcomeDirection", "publishedAt"])(
    "may not take the name of the built-in filter '%s'",
    async (slug) => {
      const problem = expectProblem(
        await app.inject({
          method: "POST",
          url: "/v1/vocabularies",
          payload: { slug, labels: { en: "Clash" } },
        }),
        409,
      );
      expect(problem.errors?.[0]?.pointer).toBe("/slug");
    },
  );
});

describe("a query of words that are stop words in another language", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it("still searches them rather than returning every lesson", async () => {
    const { homeCareUnitId } = await createFixtures(app, "Stopword Kommune");
    const withWord = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(homeCareUnitId, {
          summary: "The man next door became the one who rang us first.",
        }),
      }),
      201,
    );
    expectStatus(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(homeCareUnitId) }),
      201,
    );
    const reply = expectStatus<{ total: number; results: { id: string }[] }>(
      await app.inject({ method: "POST", url: "/v1/filter", payload: { q: "man" } }),
      200,
    );
    expect(reply.results.map((r) => r.id)).toEqual([withWord.id]);
  });
});
