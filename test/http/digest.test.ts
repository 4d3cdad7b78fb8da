import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DigestReply, MechanismDigest } from "../../src/domain/digest.js";
import type { FilterReply, FilterResult } from "../../src/domain/filter/index.js";
import { DigestReply as DigestReplySchema } from "../../src/http/schemas/digest.js";
import type { Language } from "../../src/search/analyze.js";
import { NEAR_DUPLICATE_SIMILARITY, similarity, termVector } from "../../src/search/statements.js";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

type LessonView = { id: string; summary: string; why: string; language: Language };

const TRUST_FAMILY = ["trust", "interpersonal_trust", "institutional_trust"];

async function digestIn(
  app: FastifyInstance,
  payload: Record<string, unknown>,
  query = "",
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({ method: "POST", url: `/v1/digests${query}`, payload, headers });
}

async function digestJson(app: FastifyInstance, payload: Record<string, unknown>, query = "") {
  const response = await digestIn(app, payload, query);
  const body = expectStatus<DigestReply>(response, 200);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  // the route bypasses the zod serializer: the reply must still be what the schema documents
  expect(DigestReplySchema.safeParse(body).error).toBeUndefined();
  return body;
}

/** Every result of a filter request, following nextCursor page by page. */
async function walkFilter(app: FastifyInstance, payload: Record<string, unknown>): Promise<FilterResult[]> {
  const all: FilterResult[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const reply: FilterReply = expectStatus<FilterReply>(
      await app.inject({
        method: "POST",
        url: "/v1/filter",
        payload: { ...payload, limit: 100, ...(cursor ? { cursor } : {}) },
      }),
      200,
    );
    all.push(...reply.results);
    cursor = reply.nextCursor;
    if (!cursor) return all;
  }
  throw new Error("more than 50 pages");
}

const bySlug = (digest: DigestReply, slug: string): MechanismDigest | undefined =>
  digest.mechanisms.find((m) => m.mechanism.slug === slug);

describe("POST /v1/digests on the demo data", () => {
  let app: FastifyInstance;
  const lessonCache = new Map<string, LessonView>();
  const lesson = async (id: string) => {
    let found = lessonCache.get(id);
    if (!found) {
      found = expectStatus<LessonView>(await app.inject({ method: "GET", url: `/v1/lessons/${id}` }), 200);
      lessonCache.set(id, found);
    }
    return found;
  };

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  describe.each([
    ["a home-care unit", { unitId: "u_fj_homecare_north" }],
    ["a text query", { q: "tillid", unitId: "u_fj_jobcenter" }],
    [
      "filters and an explicit context",
      {
        context: { serviceArea: ["employment_services"] },
        filters: { serviceArea: ["elder_care", "employment_services"] },
        outcomeDirection: ["negative", "mixed"],
      },
    ],
  ])("for %s", (_name, request) => {
    it("covers exactly the lessons POST /v1/filter returns, counted per mechanism", async () => {
      const digest = await digestJson(app, request);
      const results = await walkFilter(app, request);
      expect(results.length).toBeGreaterThan(0);
      expect(digest.total).toBe(results.length);

      const union = new Set(digest.mechanisms.flatMap((m) => m.lessonIds));
      expect(union).toEqual(new Set(results.map((r) => r.id)));
      const expected = new Map<string, string[]>();
      for (const result of results)
        for (const m of result.mechanisms) expected.set(m.slug, [...(expected.get(m.slug) ?? []), result.id]);
      expect(new Set(digest.mechanisms.map((m) => m.mechanism.slug))).toEqual(new Set(expected.keys()));
      for (const m of digest.mechanisms) {
        expect(m.lessons, m.mechanism.slug).toBe(expected.get(m.mechanism.slug)!.length);
        expect(new Set(m.lessonIds), m.mechanism.slug).toEqual(new Set(expected.get(m.mechanism.slug)));
        expect(m.lessonIds).toHaveLength(m.lessons);
        const directions = m.outcomes.positive + m.outcomes.mixed + m.outcomes.negative + m.outcomes.none;
        expect(directions, m.mechanism.slug).toBe(m.lessons);
        const evidence = Object.values(m.evidence).reduce((a, n) => a + (n ?? 0), 0);
        expect(evidence, m.mechanism.slug).toBe(m.lessons);
      }
    });

    it("takes each statement verbatim from its lesson's summary or why, with no two near-duplicates", async () => {
      const digest = await digestJson(app, request);
      let statements = 0;
      for (const m of digest.mechanisms) {
        expect(m.statements.length, m.mechanism.slug).toBeLessThanOrEqual(5);
        if (m.lessons >= 3) expect(m.statements.length, m.mechanism.slug).toBeGreaterThanOrEqual(3);
        const vectors = [];
        for (const statement of m.statements) {
          statements++;
          expect(m.lessonIds).toContain(statement.lessonId);
          const source = await lesson(statement.lessonId);
          expect(source[statement.source], statement.lessonId).toContain(statement.text);
          vectors.push(termVector(statement.text, source.language));
        }
        for (const [i, a] of vectors.entries())
          for (const b of vectors.slice(i + 1))
            expect(similarity(a, b), m.mechanism.slug).toBeLessThanOrEqual(NEAR_DUPLICATE_SIMILARITY);
      }
      expect(statements).toBeGreaterThan(0);
    });
  });

  it("lists trust-family mechanisms near the top for a home-care unit, with the counter-examples kept", async () => {
    const digest = await digestJson(app, { unitId: "u_fj_homecare_north" });
    const top = digest.mechanisms.slice(0, 3).map((m) => m.mechanism.slug);
    expect(
      top.some((slug) => TRUST_FAMILY.includes(slug)),
      `top: ${top}`,
    ).toBe(true);
    const relevance = digest.mechanisms.map((m) => m.relevance);
    expect(relevance).toEqual([...relevance].sort((a, b) => b - a));

    const counterExamples = digest.mechanisms.filter((m) => m.outcomes.negative + m.outcomes.mixed > 0);
    expect(counterExamples.length).toBeGreaterThan(0);
    expect(digest.mechanisms.some((m) => m.failsIn.length > 0)).toBe(true);
    expect(digest.requester).toMatchObject({
      unitId: "u_fj_homecare_north",
      unitName: "Hjemmeplejen Nord",
      context: { serviceArea: [{ slug: "home_care", label: "Home care" }] },
    });
  });

  it("ranks mechanisms for the requester: a job centre gets a different order than home care", async () => {
    const homeCare = await digestJson(app, { unitId: "u_fj_homecare_north" });
    const jobCentre = await digestJson(app, { unitId: "u_fj_jobcenter" });
    expect(jobCentre.total).toBe(homeCare.total);
    expect(jobCentre.mechanisms.map((m) => m.mechanism.slug)).not.toEqual(
      homeCare.mechanisms.map((m) => m.mechanism.slug),
    );
  });

  it("labels in the language of ?lang= or Accept-Language", async () => {
    const danish = await digestJson(app, { unitId: "u_fj_homecare_north" }, "?lang=da");
    expect(danish.labelLanguage).toBe("da");
    expect(bySlug(danish, "interpersonal_trust")?.mechanism.label).toBe("Mellemmenneskelig tillid");
    const norwegian = expectStatus<DigestReply>(
      await digestIn(app, { unitId: "u_fj_homecare_north" }, "", { "accept-language": "nn, en;q=0.5" }),
      200,
    );
    expect(bySlug(norwegian, "interpersonal_trust")?.mechanism.label).toBe("Mellommenneskelig tillit");
  });

  it("renders Markdown for Accept: text/markdown, with a heading and the statements of every mechanism", async () => {
    const json = await digestJson(app, { unitId: "u_fj_homecare_north" });
    const response = await digestIn(app, { unitId: "u_fj_homecare_north" }, "", {
      accept: "text/html;q=0.5, text/markdown",
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/markdown; charset=utf-8");
    expect(response.headers.vary).toMatch(/^Accept, Accept-Language$/);
    const md = response.body;
    expect(md).toMatch(/^# Why it worked: Hjemmeplejen Nord$/m);
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(json.mechanisms.map((m) => m.mechanism.label));
    for (const m of json.mechanisms)
      for (const s of m.statements) expect(md).toContain(`> ${s.text.replace(/[\\`*_[\]<>|#~]/g, "\\$&")}`);
  });

  it("renders a self-contained, printable HTML page for ?format=html", async () => {
    const json = await digestJson(app, { unitId: "u_fj_homecare_north" }, "?lang=da");
    const response = await digestIn(app, { unitId: "u_fj_homecare_north" }, "?format=html&lang=da", {
      accept: "application/json",
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    const root = parse(response.body);
    expect(root.querySelector("html")?.getAttribute("lang")).toBe("da");
    expect(root.querySelector("h1")?.text).toBe("Hvorfor det virkede: Hjemmeplejen Nord");
    expect(root.querySelectorAll("h2").map((h) => h.text)).toEqual(
      json.mechanisms.map((m) => m.mechanism.label),
    );
    const quoted = root.querySelectorAll("blockquote.statement p").map((p) => p.text);
    expect(quoted).toEqual(json.mechanisms.flatMap((m) => m.statements.map((s) => s.text)));
    expect(root.querySelector("style")?.text).toMatch(/@media print/);
    expect(root.querySelectorAll("script, link, img, iframe")).toHaveLength(0);
  });

  it("answers JSON to ?format=json whatever Accept says, and to Accept types it cannot produce", async () => {
    for (const [query, accept] of [
      ["?format=json", "text/html"],
      ["", "image/png"],
      ["", "*/*"],
    ] as const) {
      const response = await digestIn(app, { unitId: "u_fj_homecare_north" }, query, { accept });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"], `${query} ${accept}`).toMatch(/^application\/json/);
    }
  });

  it("answers 422 naming an unknown unit and an unknown mechanism, as the filter does", async () => {
    const problem = expectProblem(
      await digestIn(app, { unitId: "u_nowhere", filters: { mechanism: ["tillid"] } }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer).sort()).toEqual(["/filters/mechanism/0", "/unitId"]);
  });

  it("answers 400 for an invalid request and an unknown format", async () => {
    expectProblem(await digestIn(app, { q: 42 }), 400);
    expectProblem(await digestIn(app, {}, "?format=pdf"), 400);
  });
});

describe("POST /v1/digests on constructed lessons", () => {
  let app: FastifyInstance;
  let organisations = 0;

  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const fixtures = () => createFixtures(app, `Digest Kommune ${++organisations}`);
  const create = async (payload: Record<string, unknown>) =>
    expectStatus<{ id: string }>(await app.inject({ method: "POST", url: "/v1/lessons", payload }), 201).id;
  const direction = (d: string) => ({ outcomes: [{ term: "user_wellbeing", direction: d }] });

  it("marks a mechanism contested when it worked and failed in the requester's context, not when it only worked", async () => {
    const { homeCareUnitId, jobCentreUnitId } = await fixtures();
    const word = "quince";
    // the lessons take their unit's context profile: the home-care unit's is the requester's own
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} one`,
        mechanisms: ["reciprocity"],
        ...direction("positive"),
      }),
    );
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} two`,
        mechanisms: ["reciprocity"],
        ...direction("negative"),
      }),
    );
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} three`,
        mechanisms: ["belonging"],
        ...direction("positive"),
      }),
    );
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} four`,
        mechanisms: ["belonging"],
        ...direction("positive"),
      }),
    );
    // failing only far from the requester's context does not contest it
    await create(
      lessonBody(jobCentreUnitId, {
        title: `${word} five`,
        mechanisms: ["belonging"],
        ...direction("negative"),
      }),
    );

    const digest = await digestJson(app, { unitId: homeCareUnitId, q: word });
    expect(digest.total).toBe(5);
    expect(bySlug(digest, "reciprocity")).toMatchObject({
      lessons: 2,
      outcomes: { positive: 1, mixed: 0, negative: 1, none: 0 },
      contested: true,
    });
    expect(bySlug(digest, "belonging")).toMatchObject({
      lessons: 3,
      outcomes: { positive: 2, mixed: 0, negative: 1, none: 0 },
      contested: false,
    });
    // seen from the job centre, belonging both worked (elsewhere) and failed (here): not contested either,
    // since its positive lessons are in a context unlike the job centre's
    const fromJobCentre = await digestJson(app, { unitId: jobCentreUnitId, q: word });
    expect(bySlug(fromJobCentre, "belonging")?.contested).toBe(false);
    // without a requester, anywhere counts
    expect(bySlug(await digestJson(app, { q: word }), "belonging")?.contested).toBe(true);
  });

  it("names the contexts a mechanism worked in and failed in, with counts", async () => {
    const { homeCareUnitId, jobCentreUnitId } = await fixtures();
    const word = "medlar";
    for (const n of [1, 2, 3])
      await create(
        lessonBody(homeCareUnitId, {
          title: `${word} ${n}`,
          mechanisms: ["dialogue"],
          ...direction("positive"),
        }),
      );
    for (const n of [4, 5])
      await create(
        lessonBody(jobCentreUnitId, {
          title: `${word} ${n}`,
          mechanisms: ["dialogue"],
          ...direction("negative"),
        }),
      );
    await create(
      lessonBody(jobCentreUnitId, { title: `${word} 6`, mechanisms: ["dialogue"], ...direction("mixed") }),
    );

    const dialogue = bySlug(await digestJson(app, { unitId: homeCareUnitId, q: word }), "dialogue")!;
    expect(dialogue.worksIn).toContainEqual({
      facet: "serviceArea",
      slug: "home_care",
      label: "Home care",
      positive: 3,
      negative: 0,
    });
    expect(dialogue.failsIn).toContainEqual({
      facet: "serviceArea",
      slug: "employment_services",
      label: "Employment services",
      positive: 0,
      negative: 2,
    });
    expect(dialogue.worksIn.map((c) => c.slug)).not.toContain("employment_services");
    expect(dialogue.failsIn.map((c) => c.slug)).not.toContain("home_care");
  });

  it("sums adaptations, counts pressures with de-duplicated coping texts, and counts evidence kinds", async () => {
    const { organisationId, homeCareUnitId, jobCentreUnitId } = await fixtures();
    const thirdUnitId = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId, name: "Rehabilitering", context: { serviceArea: ["rehabilitation"] } },
      }),
      201,
    ).id;
    const word = "loquat";
    const coping = "We traded route efficiency for continuity on two routes.";
    const first = await create(
      lessonBody(homeCareUnitId, {
        title: `${word} a`,
        mechanisms: ["ownership"],
        pressures: ["time"],
        coping,
      }),
    );
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} b`,
        mechanisms: ["ownership"],
        pressures: ["time", "budget"],
        coping: `${coping} `,
        evidence: { kind: "research", reference: "A study" },
      }),
    );
    for (const result of ["worked", "partly"])
      expectStatus(
        await app.inject({
          method: "POST",
          url: `/v1/lessons/${first}/adaptations`,
          payload: { unitId: result === "worked" ? jobCentreUnitId : thirdUnitId, result },
        }),
        201,
      );
    const ownership = bySlug(await digestJson(app, { q: word }), "ownership")!;
    expect(ownership.adaptations).toEqual({ worked: 1, partly: 1, didNotWork: 0 });
    expect(ownership.evidence).toEqual({ observation: 1, research: 1 });
    expect(ownership.pressures).toEqual([
      { slug: "time", label: "Time pressure", lessons: 2, coping: [coping] },
      { slug: "budget", label: "Budget constraints", lessons: 1, coping: [coping] },
    ]);
  });

  it("escapes lesson text in HTML and Markdown: a <script> in a summary is text, not an element", async () => {
    const { homeCareUnitId } = await fixtures();
    const word = "tamarillo";
    const sentence = `Staff wrote <script>alert("${word}")</script> in the shared note and citizens laughed with us.`;
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} note`,
        summary: sentence,
        mechanisms: ["self_efficacy"],
        coping: "We kept <b>bold</b> & plain notes apart from the care plan entries.",
      }),
    );
    const json = await digestJson(app, { unitId: homeCareUnitId, q: word });
    expect(bySlug(json, "self_efficacy")?.statements.map((s) => s.text)).toContain(sentence);

    const html = await digestIn(app, { unitId: homeCareUnitId, q: word }, "", { accept: "text/html" });
    expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(html.body).not.toContain("<script>");
    const root = parse(html.body);
    expect(root.querySelectorAll("script")).toHaveLength(0);
    expect(root.querySelectorAll("main b")).toHaveLength(0);
    expect(root.querySelectorAll("blockquote.statement p").map((p) => p.text)).toContain(sentence);
    expect(root.querySelectorAll("li.coping").map((li) => li.text)).toContain(
      "We kept <b>bold</b> & plain notes apart from the care plan entries.",
    );

    const md = await digestIn(app, { unitId: homeCareUnitId, q: word }, "?format=markdown");
    expect(md.body).toContain(`\\<script\\>alert("${word}")\\</script\\>`);
    expect(md.body).not.toContain("<script>");
    expect(md.body).toMatch(/^## Self-efficacy$/m);
  });

  it("gives an empty digest when nothing matches, in every format", async () => {
    const digest = await digestJson(app, { q: "zzyzzyva" });
    expect(digest).toMatchObject({ total: 0, mechanisms: [] });
    const md = await digestIn(app, { q: "zzyzzyva" }, "?format=markdown");
    expect(md.body).toContain("No lessons match this request.");
    const html = parse((await digestIn(app, { q: "zzyzzyva" }, "?format=html")).body);
    expect(html.querySelectorAll("h2")).toHaveLength(0);
  });
});
