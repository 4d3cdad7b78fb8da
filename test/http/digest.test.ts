import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DigestReply, LIMITS, type MechanismDigest } from "../../src/domain/digest/index.js";
import type { FilterReply, FilterResult } from "../../src/domain/filter/index.js";
import { DigestReply as DigestReplySchema } from "../../src/http/schemas/digest.js";
import type { Language } from "../../src/search/analyze.js";
import { NEAR_DUPLICATE_SIMILARITY, similarity, termVector } from "../../src/search/statements.js";
import { type Direction, overallDirection } from "../../src/words.js";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

type LessonView = {
  id: string;
  title: string;
  summary: string;
  why: string;
  language: Language;
  outcomes: { direction: Direction }[];
};

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
    it("with scope all, covers exactly the lessons POST /v1/filter returns, counted per mechanism", async () => {
      const digest = await digestJson(app, { ...request, scope: "all" });
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
        const evidence = Object.values(m.evidence).reduce((a: number, n) => a + (n ?? 0), 0);
        expect(evidence, m.mechanism.slug).toBe(m.lessons);
      }
    });

    it("takes each statement verbatim from its lesson, with its title and direction, why-it-worked only from lessons that worked", async () => {
      const digest = await digestJson(app, { ...request, scope: "all", detail: "full" });
      let statements = 0;
      for (const m of digest.mechanisms) {
        const support = m.statements.filter((s) => s.direction === "positive");
        const against = m.statements.filter((s) => s.direction !== "positive");
        expect(support.length, m.mechanism.slug).toBeLessThanOrEqual(LIMITS.full.supportStatements);
        expect(against.length, m.mechanism.slug).toBeLessThanOrEqual(LIMITS.full.failureStatements);
        if (m.outcomes.positive >= 3) expect(support.length, m.mechanism.slug).toBeGreaterThanOrEqual(2);
        // why it worked comes first, then what went wrong
        expect(m.statements).toEqual([...support, ...against]);
        const vectors = [];
        for (const statement of m.statements) {
          statements++;
          expect(m.lessonIds).toContain(statement.lessonId);
          const source = await lesson(statement.lessonId);
          expect(source[statement.source], statement.lessonId).toContain(statement.text);
          expect(statement.title).toBe(source.title);
          expect(statement.direction, statement.lessonId).toBe(
            overallDirection(source.outcomes.map((o) => o.direction)),
          );
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
    const digest = await digestJson(app, { unitId: "u_fj_homecare_north", scope: "all" });
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
    const homeCare = await digestJson(app, { unitId: "u_fj_homecare_north", scope: "all" });
    const jobCentre = await digestJson(app, { unitId: "u_fj_jobcenter", scope: "all" });
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
    const json = await digestJson(app, { unitId: "u_fj_homecare_north", detail: "brief" });
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
      for (const s of m.statements) {
        expect(md).toContain(`> ${s.text.replace(/[\\`*_[\]<>|#~]/g, "\\$&")}`);
        expect(md).toContain(`](/v1/lessons/${s.lessonId})`);
      }
  });

  it("renders a self-contained, printable HTML page for ?format=html", async () => {
    const json = await digestJson(app, { unitId: "u_fj_homecare_north", detail: "brief" }, "?lang=da");
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
    // a statement from a lesson that did not work is shown under "what went wrong", never as support
    let quotes = 0;
    for (const section of root.querySelectorAll("section.mechanism")) {
      let heading = "";
      for (const node of section.querySelectorAll("h3, blockquote.statement")) {
        if (node.tagName === "H3") {
          heading = node.classList.value.join(" ");
          continue;
        }
        quotes++;
        const positive = node.getAttribute("data-direction") === "positive";
        expect(heading).toBe(positive ? "why-it-worked" : "went-wrong");
        expect(node.classList.contains(positive ? "support" : "against")).toBe(true);
        expect(node.querySelector("footer a")?.getAttribute("href")).toBe(
          `/v1/lessons/${node.getAttribute("data-lesson")}`,
        );
      }
    }
    expect(quotes).toBe(quoted.length);
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

    const digest = await digestJson(app, { unitId: homeCareUnitId, q: word, scope: "all" });
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
    const fromJobCentre = await digestJson(app, { unitId: jobCentreUnitId, q: word, scope: "all" });
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

    const dialogue = bySlug(
      await digestJson(app, { unitId: homeCareUnitId, q: word, scope: "all" }),
      "dialogue",
    )!;
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

  it("shows under each pressure only the coping recorded for it, with its strategy and how strategies went", async () => {
    const { homeCareUnitId } = await fixtures();
    const word = "loquat";
    const timeCoping = "We traded route efficiency for continuity on two routes.";
    const budgetCoping = "The district manager moved money from the leaflet budget to cover the extra hours.";
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} a`,
        mechanisms: ["ownership"],
        pressures: [{ term: "time", coping: timeCoping, strategy: "trade_off" }],
        coping: undefined,
      }),
    );
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} b`,
        mechanisms: ["ownership"],
        pressures: [
          { term: "time", coping: `${timeCoping} `, strategy: "trade_off" },
          { term: "budget", coping: budgetCoping, strategy: "renegotiate" },
        ],
        coping: undefined,
        evidence: { kind: "research", reference: "A study" },
      }),
    );
    await create(
      lessonBody(homeCareUnitId, {
        title: `${word} c`,
        mechanisms: ["ownership"],
        pressures: ["budget"],
        coping: undefined,
        ...direction("negative"),
      }),
    );
    const ownership = bySlug(await digestJson(app, { q: word }), "ownership")!;
    expect(ownership.evidence).toEqual({ observation: 2, research: 1 });
    const time = ownership.pressures.find((p) => p.slug === "time")!;
    const budget = ownership.pressures.find((p) => p.slug === "budget")!;
    expect(time).toMatchObject({ label: "Time pressure", lessons: 2 });
    // the same coping written twice is quoted once; the budget's coping never appears under time
    expect(time.coping.map((c) => [c.text, c.strategy, c.carriedOver])).toEqual([
      [timeCoping, "trade_off", false],
    ]);
    expect(time.strategies).toEqual([{ strategy: "trade_off", positive: 2, negative: 0, other: 0 }]);
    expect(budget).toMatchObject({ lessons: 2 });
    expect(budget.coping.map((c) => c.text)).toEqual([budgetCoping]);
    expect(budget.strategies).toEqual([{ strategy: "renegotiate", positive: 1, negative: 0, other: 0 }]);

    const html = parse((await digestIn(app, { q: word }, "?format=html")).body);
    const copingUnder = (slug: string) =>
      html.querySelectorAll(`li[data-pressure="${slug}"] li.coping`).map((li) => li.text);
    expect(copingUnder("time")).toEqual([`${timeCoping} (trade-off)`]);
    expect(copingUnder("budget")).toEqual([`${budgetCoping} (renegotiated)`]);
  });

  it("reads what other units found when they tried a lesson: notes per mechanism, with their differing context", async () => {
    const { organisationId, homeCareUnitId, jobCentreUnitId } = await fixtures();
    const dementiaUnitId = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: {
          organisationId,
          name: "Demensteamet",
          context: { serviceArea: ["home_care"], userGroup: ["people_with_dementia"] },
        },
      }),
      201,
    ).id;
    const word = "sapodilla";
    const tried = await create(
      lessonBody(homeCareUnitId, { title: `${word} tried`, mechanisms: ["recognition", "trust"] }),
    );
    const adapt = (payload: Record<string, unknown>) =>
      app.inject({ method: "POST", url: `/v1/lessons/${tried}/adaptations`, payload });
    const partlyNote =
      "For borgere med demens gav valget mindre mening; genkendelse af faste ansigter betød mere.";
    expectStatus(
      await adapt({ unitId: dementiaUnitId, result: "partly", notes: partlyNote, mechanisms: ["trust"] }),
      201,
    );
    const workedNote = "Worked as described once the team agreed on the order of visits.";
    expectStatus(await adapt({ unitId: jobCentreUnitId, result: "worked", notes: workedNote }), 201);
    // a did_not_work without notes is refused: nothing to learn from it
    expectProblem(await adapt({ unitId: jobCentreUnitId, result: "did_not_work" }), 422);

    const digest = await digestJson(app, { q: word, detail: "full" });
    const trust = bySlug(digest, "trust")!;
    const recognition = bySlug(digest, "recognition")!;
    expect(trust.adaptations).toMatchObject({ worked: 1, partly: 1, didNotWork: 0 });
    // the partly note said trust fired: under trust it is "fired here", under recognition "did not fire"
    expect(trust.adaptations.notes.map((n) => [n.text, n.result, n.firedHere])).toEqual([
      [partlyNote, "partly", true],
      [workedNote, "worked", null],
    ]);
    expect(recognition.adaptations.notes.map((n) => [n.text, n.firedHere])).toEqual([
      [partlyNote, false],
      [workedNote, null],
    ]);
    const dementia = trust.adaptations.notes[0]!;
    expect(dementia).toMatchObject({
      unitId: dementiaUnitId,
      unitName: "Demensteamet",
      title: `${word} tried`,
    });
    expect(dementia.contextDiffers.map((t) => t.slug)).toEqual(["people_with_dementia"]);

    const md = (await digestIn(app, { q: word }, "?format=markdown")).body;
    expect(md).toContain("### What others found when they tried it");
    expect(md).toContain(partlyNote);
    expect(md).toMatch(
      /worked partly · the mechanism (did not )?fired? there · their context: People with dementia/,
    );
  });

  it("escapes every client-written string in HTML and Markdown: titles, text, labels, unit names, notes, coping", async () => {
    const { organisationId, homeCareUnitId } = await fixtures();
    const word = "tamarillo";
    const evil = (what: string) => `<script>alert("${what}")</script><b>${what}</b> & [x](javascript:y)`;
    // a client-written mechanism label and unit name
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies/mechanism/terms",
        payload: { slug: `${word}_mechanism`, labels: { en: evil("label") } },
      }),
      201,
    );
    const adaptingUnitId = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId, name: evil("unit"), context: { serviceArea: ["home_care"] } },
      }),
      201,
    ).id;
    const sentence = `Staff wrote <script>alert("${word}")</script> in the shared note and citizens laughed with us.`;
    const id = await create(
      lessonBody(homeCareUnitId, {
        title: `${word} ${evil("title")}`,
        summary: sentence,
        mechanisms: ["self_efficacy", `${word}_mechanism`],
        pressures: [{ term: "time", coping: evil("coping"), strategy: "buffer" }],
      }),
    );
    expectStatus(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${id}/adaptations`,
        payload: { unitId: adaptingUnitId, result: "partly", notes: evil("note") },
      }),
      201,
    );
    const json = await digestJson(app, { unitId: homeCareUnitId, q: word });
    expect(bySlug(json, "self_efficacy")?.statements.map((s) => s.text)).toContain(sentence);

    const html = await digestIn(app, { unitId: homeCareUnitId, q: word, detail: "full" }, "", {
      accept: "text/html",
    });
    expect(html.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(html.body).not.toContain("<script>");
    expect(html.body).not.toContain("<b>");
    const root = parse(html.body);
    expect(root.querySelectorAll("script, main b")).toHaveLength(0);
    const text = root.querySelector("main")!.text;
    for (const what of ["label", "unit", "coping", "note", "title"]) expect(text).toContain(evil(what));
    expect(root.querySelectorAll("blockquote.statement p").map((p) => p.text)).toContain(sentence);
    expect(root.querySelectorAll("a").map((a) => a.getAttribute("href"))).not.toContain("javascript:y");

    const md = (await digestIn(app, { unitId: homeCareUnitId, q: word }, "?format=markdown")).body;
    expect(md).not.toContain("<script>");
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:y\)/);
    expect(md).toContain(`\\<script\\>alert("${word}")\\</script\\>`);
    expect(md).toMatch(/^## Self-efficacy$/m);
  });

  it("never quotes a failed lesson as a reason for success, and quotes no sentence that leans on the one before", async () => {
    const { homeCareUnitId } = await fixtures();
    const word = "cherimoya";
    const failedBecause = `Mentor relationships in ${word} worked because mentors stood outside the system.`;
    const failed = await create(
      lessonBody(homeCareUnitId, {
        title: `${word} failed`,
        summary: `${failedBecause} The mentees stopped confiding once mentors had to report to caseworkers.`,
        why: "In our pilot they did not: mentors were asked to report attendance, and trust went with it.",
        mechanisms: ["trust"],
        ...direction("negative"),
      }),
    );
    for (const n of [1, 2])
      await create(
        lessonBody(homeCareUnitId, {
          title: `${word} worked ${n}`,
          summary: `Visits in ${word} district ${n} were planned with the citizen, so carers were welcomed as guests.`,
          why: `Citizens in ${word} district ${n} decided the order of the visit themselves. They then told carers what worried them.`,
          mechanisms: ["trust"],
        }),
      );
    const digest = await digestJson(app, { q: word, detail: "full" });
    const trust = bySlug(digest, "trust")!;
    const support = trust.statements.filter((s) => s.direction === "positive");
    const against = trust.statements.filter((s) => s.direction !== "positive");
    expect(support.length).toBeGreaterThan(0);
    expect(support.map((s) => s.lessonId)).not.toContain(failed);
    expect(support.map((s) => s.text)).not.toContain(failedBecause);
    expect(against.map((s) => [s.lessonId, s.title, s.direction])).toContainEqual([
      failed,
      `${word} failed`,
      "negative",
    ]);
    for (const s of trust.statements) {
      // "In our pilot they did not" has nothing before it in its text: it is never quoted
      expect(s.text).not.toMatch(/^In our pilot they did not/);
      // "They then told…" is quoted only with the sentence that says who they are
      if (s.text.includes("They then told")) expect(s.text).toMatch(/^Citizens in /);
    }
    const html = parse((await digestIn(app, { q: word, detail: "full" }, "?format=html")).body);
    const quoted = html.querySelectorAll("blockquote.support");
    expect(quoted.length).toBeGreaterThan(0);
    for (const quote of quoted) expect(quote.getAttribute("data-lesson")).not.toBe(failed);
    expect(html.querySelectorAll("blockquote.against").map((q) => q.getAttribute("data-lesson"))).toContain(
      failed,
    );
  });

  it("covers the requester's service area and user group by default, a parent or child term included, and says what it left out", async () => {
    const { organisationId, homeCareUnitId, jobCentreUnitId } = await fixtures();
    const word = "feijoa";
    const elderCareUnitId = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId, name: "Ældreområdet", context: { serviceArea: ["elder_care"] } },
      }),
      201,
    ).id;
    const own = await create(lessonBody(homeCareUnitId, { title: `${word} own` }));
    // elder care is home care's parent: its lessons are about the requester's kind of work
    const parent = await create(lessonBody(elderCareUnitId, { title: `${word} parent` }));
    const elsewhere = await create(lessonBody(jobCentreUnitId, { title: `${word} elsewhere` }));

    const scoped = await digestJson(app, { unitId: homeCareUnitId, q: word });
    expect(scoped.total).toBe(2);
    expect(scoped.scope).toMatchObject({ requested: "context", applied: "context", matching: 3, leftOut: 1 });
    expect(scoped.scope.basis.map((t) => t.slug).sort()).toEqual(["home_care", "older_adults"]);
    const covered = new Set(scoped.mechanisms.flatMap((m) => m.lessonIds));
    expect(covered).toEqual(new Set([own, parent]));

    const all = await digestJson(app, { unitId: homeCareUnitId, q: word, scope: "all" });
    expect(all.total).toBe(3);
    expect(all.scope).toMatchObject({ requested: "all", applied: "all", matching: 3, leftOut: 0 });
    expect(new Set(all.mechanisms.flatMap((m) => m.lessonIds))).toContain(elsewhere);

    // without a requester there is no context to bound it
    const anyone = await digestJson(app, { q: word });
    expect(anyone.scope).toMatchObject({ requested: "context", applied: "all", leftOut: 0 });
    expect(anyone.total).toBe(3);

    const md = (await digestIn(app, { unitId: homeCareUnitId, q: word }, "?format=markdown")).body;
    expect(md).toContain(
      "1 other matching lesson comes from other service areas or user groups and is left out",
    );
    expectProblem(await digestIn(app, { q: word, scope: "everything" }), 400);
  });

  it("quotes a lesson's new words after it is edited", async () => {
    const { homeCareUnitId } = await fixtures();
    const word = "jabuticaba";
    const before = `Citizens in ${word} chose the time of the visit, so carers were welcomed as guests.`;
    const after = `Carers in ${word} stayed the same for a year, so citizens told them what really worried them.`;
    const id = await create(
      lessonBody(homeCareUnitId, { title: `${word} edited`, summary: before, mechanisms: ["trust"] }),
    );
    const quoted = async () =>
      bySlug(await digestJson(app, { q: word, detail: "full" }), "trust")!.statements.map((s) => s.text);
    expect(await quoted()).toContain(before);
    const etag = (await app.inject({ method: "GET", url: `/v1/lessons/${id}` })).headers.etag as string;
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${id}`,
        payload: { summary: after },
        headers: { "if-match": etag },
      }),
      200,
    );
    const now = await quoted();
    expect(now).toContain(after);
    expect(now).not.toContain(before);
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
