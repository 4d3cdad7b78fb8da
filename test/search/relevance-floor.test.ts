// The relevance floor: the judged set is well formed, and POST /v1/filter on the demo seed keeps its mean
// nDCG@10 (bench/eval.ts) at or above NDCG_FLOOR (bench/relevance/floor.ts).
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowedLessons, buildDemoApp, evaluate } from "../../bench/eval.js";
import { NDCG_FLOOR } from "../../bench/relevance/floor.js";
import { KINDS, loadJudgedSet, QUERY_LANGUAGES } from "../../bench/relevance/judged-set.js";

const queries = loadJudgedSet();

type SeedLesson = { id: string; status: string };
const seedLessons = ["lessons-fjordby.json", "lessons-nordvik.json"].flatMap(
  (file) =>
    (
      JSON.parse(readFileSync(new URL(`../../seed/demo/${file}`, import.meta.url), "utf8")) as {
        lessons: SeedLesson[];
      }
    ).lessons,
);
const seedUnits = new Set(
  (
    JSON.parse(readFileSync(new URL("../../seed/demo/units.json", import.meta.url), "utf8")) as {
      units: { id: string }[];
    }
  ).units.map((unit) => unit.id),
);

describe("the judged set", () => {
  it("has at least 40 queries with unique ids, every kind with at least 8, every language", () => {
    expect(queries.length).toBeGreaterThanOrEqual(40);
    expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
    for (const kind of KINDS)
      expect(queries.filter((q) => q.kind === kind).length, kind).toBeGreaterThanOrEqual(8);
    for (const language of QUERY_LANGUAGES)
      expect(
        queries.some((q) => q.language === language),
        language,
      ).toBe(true);
  });

  it("judges only published demo lessons, with integer grades 0–3, and every query has a grade ≥ 2", () => {
    const published = new Set(seedLessons.filter((l) => l.status === "published").map((l) => l.id));
    for (const query of queries) {
      for (const [lessonId, grade] of Object.entries(query.judgments)) {
        expect(published.has(lessonId), `${query.id}: ${lessonId} is a published demo lesson`).toBe(true);
        expect(
          Number.isInteger(grade) && grade >= 0 && grade <= 3,
          `${query.id}: ${lessonId} → ${grade}`,
        ).toBe(true);
      }
      expect(
        Object.values(query.judgments).some((grade) => grade >= 2),
        `${query.id} has a lesson graded ≥ 2`,
      ).toBe(true);
    }
  });

  it("fits each kind: context without q, facets with a restriction, the others with q; units exist", () => {
    for (const { id, kind, request } of queries) {
      if (request.unitId) expect(seedUnits.has(request.unitId), `${id}: unit ${request.unitId}`).toBe(true);
      if (kind === "context") expect(request.q === undefined && request.unitId !== undefined, id).toBe(true);
      else if (kind === "facets")
        expect(Boolean(request.filters || request.outcomeDirection || request.evidence), id).toBe(true);
      else expect(request.q, id).toBeTruthy();
    }
  });
});

describe("relevance on the demo seed", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildDemoApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it("judges, in a facets query, only lessons that satisfy its filters", async () => {
    for (const { id, kind, request, judgments } of queries) {
      if (kind !== "facets") continue;
      const { unitId: _u, q: _q, context: _c, ...restriction } = request;
      const allowed = await allowedLessons(app, restriction);
      for (const lessonId of Object.keys(judgments))
        expect(allowed.has(lessonId), `${id}: ${lessonId} satisfies the filters`).toBe(true);
    }
  });

  it(`keeps the mean nDCG@10 at or above the floor (${NDCG_FLOOR})`, async () => {
    const evaluation = await evaluate(app, queries);
    expect(evaluation.queries).toHaveLength(queries.length);
    expect(evaluation.overall.samskab.ndcg10).toBeGreaterThanOrEqual(NDCG_FLOOR);
    // and ahead of the plain search box on every kind of query
    for (const [kind, row] of Object.entries(evaluation.byKind))
      expect(row.samskab.ndcg10, kind).toBeGreaterThan(row.baseline.ndcg10);
  });
});
