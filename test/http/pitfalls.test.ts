// Pitfalls as a facet: lessons carry them, filters and facet counts find them, the demo's counter-examples
// are tagged, and the evidence map and digests show them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { projectRoot } from "../../src/project-root.js";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

type Lesson = {
  id: string;
  status: string;
  mechanisms: string[];
  outcomes: { term: string; direction: string }[];
  pitfalls: string[];
};
type FilterReply = {
  total: number;
  results: { id: string }[];
  facets: Record<string, Record<string, number> | undefined>;
  nextCursor: string | null;
};
type EvidenceMap = {
  rows: { slug: string }[];
  cols: { slug: string }[];
  cells: { row: string; col: string; count: number; lessonIds: string[] }[];
};
type Digest = {
  mechanisms: { mechanism: { slug: string; label: string }; lessons: number; pitfalls: Pitfall[] }[];
};
type Pitfall = { slug: string; label: string; lessons: number };

/** The demo lessons as the seed files give them. */
type SeedLesson = { id: string; status: string; mechanisms: string[]; pitfalls?: string[] };
const demoLessons: SeedLesson[] = ["lessons-fjordby.json", "lessons-nordvik.json"].flatMap(
  (file) => JSON.parse(readFileSync(join(projectRoot, "seed", "demo", file), "utf8")).lessons as SeedLesson[],
);
const publishedDemo = demoLessons.filter((l) => l.status === "published");

const filterIn = async (app: FastifyInstance, payload: Record<string, unknown>) =>
  expectStatus<FilterReply>(await app.inject({ method: "POST", url: "/v1/filter", payload }), 200);

describe("pitfalls on lessons", () => {
  let app: FastifyInstance;
  let unitId: string;

  beforeAll(async () => {
    app = await buildTestApp();
    unitId = (await createFixtures(app, "Pitfall Kommune")).homeCareUnitId;
  });
  afterAll(() => app.close());

  const post = (overrides: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(unitId, overrides) });
  const create = async (overrides: Record<string, unknown>) =>
    expectStatus<Lesson>(await post(overrides), 201);

  it("stores the pitfalls a lesson is posted with and returns them, and none when it has none", async () => {
    const tagged = await create({ pitfalls: ["symbolic_involvement", "consultation_fatigue"] });
    expect(tagged.pitfalls).toEqual(["symbolic_involvement", "consultation_fatigue"]);
    const read = expectStatus<Lesson>(await app.inject(`/v1/lessons/${tagged.id}`), 200);
    expect(read.pitfalls).toEqual(["symbolic_involvement", "consultation_fatigue"]);
    // pitfalls are not mistaken for another kind of term
    expect(read.mechanisms).toEqual(["trust", "recognition"]);
    expect((await create({})).pitfalls).toEqual([]);
  });

  it("replaces the pitfalls on PATCH and keeps them when a PATCH leaves them out", async () => {
    const created = await create({ pitfalls: ["creaming"] });
    const patch = (payload: Record<string, unknown>, version: number) =>
      app.inject({
        method: "PATCH",
        url: `/v1/lessons/${created.id}`,
        payload,
        headers: { "if-match": `"${version}"` },
      });
    const changed = expectStatus<Lesson>(await patch({ pitfalls: ["responsibility_dumping"] }, 1), 200);
    expect(changed.pitfalls).toEqual(["responsibility_dumping"]);
    const retitled = expectStatus<Lesson>(await patch({ title: "Another title for it" }, 2), 200);
    expect(retitled.pitfalls).toEqual(["responsibility_dumping"]);
    const cleared = expectStatus<Lesson>(await patch({ pitfalls: [] }, 3), 200);
    expect(cleared.pitfalls).toEqual([]);
  });

  it("answers 422 naming /pitfalls/0 with a suggestion for an unknown pitfall, and stores nothing", async () => {
    const before = await filterIn(app, { limit: 1 });
    const problem = expectProblem(await post({ pitfalls: ["symbolic_involvment"] }), 422);
    const error = problem.errors?.find((e) => e.pointer === "/pitfalls/0");
    expect(error?.code).toBe("unknown_term");
    expect(error?.suggestions?.[0]).toMatchObject({ facet: "pitfall", slug: "symbolic_involvement" });
    // a mechanism slug is not a pitfall
    const wrongFacet = expectProblem(await post({ pitfalls: ["trust"] }), 422);
    expect(wrongFacet.errors?.map((e) => e.pointer)).toEqual(["/pitfalls/0"]);
    expect((await filterIn(app, { limit: 1 })).total).toBe(before.total);
  });

  it("filters by pitfall to exactly the tagged published lessons, and counts them in facets.pitfall", async () => {
    // a database of its own, so that only this test's lessons are there to find
    const app = await buildTestApp();
    onTestFinished(() => app.close());
    const { homeCareUnitId: own } = await createFixtures(app, "Pitfall Filter Kommune");
    const make = async (overrides: Record<string, unknown>) =>
      expectStatus<Lesson>(
        await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(own, overrides) }),
        201,
      ).id;
    const symbolic = await make({ pitfalls: ["voice_diluted", "symbolic_involvement"] });
    const both = await make({ pitfalls: ["symbolic_involvement", "pilot_trap"] });
    await make({ pitfalls: ["voice_diluted"], status: "submitted" });
    await make({ pitfalls: ["symbolic_involvement"], status: "draft" });
    await make({ pitfalls: [] });

    const reply = await filterIn(app, { filters: { pitfall: ["symbolic_involvement"] }, limit: 100 });
    expect(reply.results.map((r) => r.id).sort()).toEqual([symbolic, both].sort());
    expect(reply.total).toBe(2);
    expect(reply.facets.pitfall?.symbolic_involvement).toBe(2);

    const diluted = await filterIn(app, { filters: { pitfall: ["voice_diluted"] }, limit: 100 });
    expect(diluted.results.map((r) => r.id)).toEqual([symbolic]);
    // OR inside the facet
    const either = await filterIn(app, { filters: { pitfall: ["voice_diluted", "pilot_trap"] }, limit: 100 });
    expect(either.results.map((r) => r.id).sort()).toEqual([symbolic, both].sort());
  });

  it("answers 422 for an unknown pitfall in a filter", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/filter",
        payload: { filters: { pitfall: ["tokenisme"] } },
      }),
      422,
    );
    expect(problem.errors?.[0]?.pointer).toBe("/filters/pitfall/0");
  });
});

describe("pitfalls in the seeded demo", () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  const taggedWith = (slug: string) => publishedDemo.filter((l) => l.pitfalls?.includes(slug));

  it("tags counter-examples: at least 3 symbolic_involvement lessons, none of them positive overall", async () => {
    const expected = taggedWith("symbolic_involvement").map((l) => l.id);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const reply = await filterIn(app, { filters: { pitfall: ["symbolic_involvement"] }, limit: 100 });
    expect(reply.results.map((r) => r.id).sort()).toEqual([...expected].sort());
    expect(reply.facets.outcomeDirection?.positive ?? 0).toBe(0);
    for (const id of expected) {
      const lesson = expectStatus<Lesson>(await app.inject(`/v1/lessons/${id}`), 200);
      expect(lesson.pitfalls).toContain("symbolic_involvement");
      expect(
        lesson.outcomes.some((o) => o.direction === "negative" || o.direction === "mixed"),
        id,
      ).toBe(true);
    }
  });

  it("counts every pitfall of the published demo lessons in facets.pitfall", async () => {
    const reply = await filterIn(app, { limit: 1 });
    const expected: Record<string, number> = {};
    for (const lesson of publishedDemo)
      for (const slug of lesson.pitfalls ?? []) expected[slug] = (expected[slug] ?? 0) + 1;
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(5);
    expect(reply.facets.pitfall).toEqual(expected);
    expect(publishedDemo.filter((l) => (l.pitfalls ?? []).length > 0).length).toBeGreaterThanOrEqual(15);
  });

  it("crosses mechanisms with pitfalls in the evidence map, cell by cell as the lessons say", async () => {
    const map = expectStatus<EvidenceMap>(
      // exact terms: the cells are compared with the lessons' own tags (trust rolls up its narrower terms by default)
      await app.inject("/v1/maps/evidence?rows=mechanism&cols=pitfall&rollup=false"),
      200,
    );
    const pitfallFacet = expectStatus<{ terms: { slug: string }[] }>(
      await app.inject("/v1/vocabularies/pitfall"),
      200,
    );
    expect(map.cols.map((c) => c.slug)).toEqual(pitfallFacet.terms.map((t) => t.slug));
    const expected = new Map<string, string[]>();
    for (const lesson of publishedDemo)
      for (const mechanism of lesson.mechanisms)
        for (const pitfall of lesson.pitfalls ?? []) {
          const key = `${mechanism}×${pitfall}`;
          expected.set(key, [...(expected.get(key) ?? []), lesson.id].sort());
        }
    expect(expected.size).toBeGreaterThan(5);
    const actual = new Map(map.cells.map((c) => [`${c.row}×${c.col}`, [...c.lessonIds].sort()]));
    expect(actual).toEqual(expected);

    // and the other way round: pitfalls as rows
    const turned = expectStatus<EvidenceMap>(
      await app.inject("/v1/maps/evidence?rows=pitfall&cols=outcome"),
      200,
    );
    expect(turned.rows.map((r) => r.slug)).toEqual(pitfallFacet.terms.map((t) => t.slug));
    expect(turned.cells.filter((c) => c.row === "symbolic_involvement").length).toBeGreaterThan(0);
  });

  it("lists per mechanism the pitfalls met in its lessons, most frequent first", async () => {
    const digest = expectStatus<Digest>(
      await app.inject({ method: "POST", url: "/v1/digests", payload: {} }),
      200,
    );
    let withPitfalls = 0;
    for (const m of digest.mechanisms) {
      const counts: Record<string, number> = {};
      for (const lesson of publishedDemo.filter((l) => l.mechanisms.includes(m.mechanism.slug)))
        for (const slug of lesson.pitfalls ?? []) counts[slug] = (counts[slug] ?? 0) + 1;
      expect(Object.fromEntries(m.pitfalls.map((p) => [p.slug, p.lessons])), m.mechanism.slug).toEqual(
        counts,
      );
      const order = m.pitfalls.map((p) => p.lessons);
      expect(order).toEqual([...order].sort((a, b) => b - a));
      if (m.pitfalls.length > 0) withPitfalls++;
    }
    expect(withPitfalls).toBeGreaterThanOrEqual(3);

    // restricted to one pitfall, every mechanism met it in every one of its lessons
    const symbolic = expectStatus<Digest>(
      await app.inject({
        method: "POST",
        url: "/v1/digests?lang=da",
        payload: { filters: { pitfall: ["symbolic_involvement"] } },
      }),
      200,
    );
    expect(symbolic.mechanisms.length).toBeGreaterThan(0);
    for (const m of symbolic.mechanisms) {
      expect(m.pitfalls).toContainEqual({
        slug: "symbolic_involvement",
        label: "Symbolsk inddragelse",
        lessons: m.lessons,
      });
    }
  });

  it("shows the pitfalls in the Markdown and HTML digests, labelled in the asked language", async () => {
    const payload = { filters: { pitfall: ["responsibility_dumping"] } };
    const markdown = await app.inject({
      method: "POST",
      url: "/v1/digests?format=markdown&lang=en",
      payload,
    });
    expect(markdown.statusCode).toBe(200);
    expect(markdown.body).toMatch(
      /\*\*Pitfalls met in the lessons:\*\* Responsibility dumping \(\d+ lessons?\)/,
    );

    const html = await app.inject({ method: "POST", url: "/v1/digests?format=html&lang=nb", payload });
    expect(html.statusCode).toBe(200);
    const page = parse(html.body);
    const sections = page.querySelectorAll("section.mechanism");
    expect(sections.length).toBeGreaterThan(0);
    for (const section of sections) {
      const terms = section.querySelectorAll("dt").map((dt) => dt.text);
      expect(terms).toContain("Fallgruver i erfaringene");
      expect(section.text).toContain("Ansvarsdumping");
    }
  });
});
