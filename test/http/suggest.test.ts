import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

type Suggestions = {
  terms: { facet: string; slug: string; label: string; matchedOn: string }[];
  lessons: { id: string; title: string }[];
};

async function suggestIn(app: FastifyInstance, query: string, headers?: Record<string, string>) {
  return expectStatus<Suggestions>(
    await app.inject({ method: "GET", url: `/v1/suggest?${query}`, ...(headers ? { headers } : {}) }),
    200,
  );
}

/** The words of a title, lower-cased (letters of any script). */
const titleWords = (title: string) => title.toLowerCase().split(/[^\p{L}\p{N}]+/u);

describe("GET /v1/suggest on the demo data", () => {
  let app: FastifyInstance;
  const suggest = (query: string, headers?: Record<string, string>) => suggestIn(app, query, headers);

  const lessonById = async (id: string) =>
    expectStatus<{
      title: string;
      summary: string;
      status: string;
      mechanisms: string[];
      context: { tags: Record<string, string[]> };
    }>(await app.inject({ method: "GET", url: `/v1/lessons/${id}` }), 200);

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  it("suggests the mechanism trust for 'tilli' through its Danish label", async () => {
    const reply = await suggest("q=tilli");
    expect(reply.terms[0]).toEqual({
      facet: "mechanism",
      slug: "trust",
      label: "Trust",
      matchedOn: "da label 'Tillid'",
    });
    expect(reply.terms.map((t) => t.slug).sort()).toEqual([
      "institutional_trust",
      "interpersonal_trust",
      "trust",
    ]);
  });

  it("suggests lessons whose title or summary has a word starting like the query first, then lessons tagged with the term", async () => {
    const reply = await suggest("q=tilli");
    const ids = reply.lessons.map((l) => l.id);
    expect(ids.slice(0, 2)).toEqual(["les_nv_21", "les_nv_38"]);
    const lessons = await Promise.all(ids.map((id) => lessonById(id)));
    const [inTitle, inSummary, ...tagged] = lessons as [
      (typeof lessons)[0],
      (typeof lessons)[0],
      ...typeof lessons,
    ];
    expect(titleWords(inTitle.title).some((w) => w.startsWith("tilli"))).toBe(true);
    expect(titleWords(inSummary.title).some((w) => w.startsWith("tilli"))).toBe(false);
    expect(titleWords(inSummary.summary).some((w) => w.startsWith("tilli"))).toBe(true);
    // the rest: about trust (the suggested term, or one below it) in their own words
    expect(tagged.length).toBe(3);
    for (const lesson of tagged)
      expect(
        lesson.mechanisms.some((m: string) => m.endsWith("trust")),
        lesson.title,
      ).toBe(true);
  });

  it("finds lessons about home care by the start of the word, though no title or summary uses it", async () => {
    const reply = await suggest("q=hjemmepl");
    expect(reply.terms[0]?.slug).toBe("home_care");
    expect(reply.lessons.length).toBe(5);
    for (const { id } of reply.lessons) {
      const lesson = await lessonById(id);
      expect(lesson.context.tags.serviceArea, lesson.title).toContain("home_care");
      expect(lesson.status).toBe("published");
    }
  });

  it("completes the last word and requires the earlier ones", async () => {
    const reply = await suggest(`q=${encodeURIComponent("dansk frivilligcent")}`);
    expect(reply.lessons.map((l) => l.id)).toEqual(["les_nv_21"]);
    const none = await suggest(`q=${encodeURIComponent("norsk frivilligcent")}`);
    expect(none.lessons).toEqual([]);
  });

  it("says which name matched, for every suggested term", async () => {
    const reply = await suggest("q=tilli");
    for (const term of reply.terms) {
      const name = /'(.*)'$/.exec(term.matchedOn)?.[1] ?? "";
      expect(
        titleWords(name).some((w) => w.startsWith("tilli")),
        `${term.slug} matchedOn ${term.matchedOn}`,
      ).toBe(true);
    }
  });

  it("suggests home_care for 'hjemmepl'", async () => {
    const reply = await suggest("q=hjemmepl");
    expect(reply.terms[0]).toEqual({
      facet: "serviceArea",
      slug: "home_care",
      label: "Home care",
      matchedOn: "da label 'Hjemmepleje'",
    });
  });

  it("labels in Danish with lang=da", async () => {
    const trust = await suggest("q=tilli&lang=da");
    expect(trust.terms[0]).toMatchObject({ slug: "trust", label: "Tillid" });
    expect(trust.terms.find((t) => t.slug === "interpersonal_trust")?.label).toBe("Mellemmenneskelig tillid");
    const homeCare = await suggest("q=hjemmepl&lang=da");
    expect(homeCare.terms[0]).toMatchObject({ slug: "home_care", label: "Hjemmepleje" });
  });

  it("labels in Norwegian with Accept-Language: nb, and lang= wins over it", async () => {
    const nb = await suggest("q=hjemmepl", { "accept-language": "nb-NO, en;q=0.5" });
    expect(nb.terms[0]).toMatchObject({ slug: "home_care", label: "Hjemmetjeneste" });
    const da = await suggest("q=hjemmepl&lang=da", { "accept-language": "nb" });
    expect(da.terms[0]).toMatchObject({ slug: "home_care", label: "Hjemmepleje" });
  });

  it("finds terms through Norwegian and English names too", async () => {
    expect((await suggest("q=hjemmetjen")).terms[0]).toMatchObject({ slug: "home_care" });
    expect((await suggest("q=reablem")).terms[0]).toMatchObject({ slug: "everyday_rehabilitation" });
  });

  it("keeps to the limit", async () => {
    const reply = await suggest("q=tilli&limit=1");
    expect(reply.terms.map((t) => t.slug)).toEqual(["trust"]);
    expect(reply.lessons).toHaveLength(1);
  });

  it("never suggests a lesson that is not published", async () => {
    // les_nv_35 ("Eritreiske kvinner i Nordvik …") is submitted, les_fj_35 ("Honorar til medundervisere …") a draft
    expect((await suggest("q=eritreisk")).lessons).toEqual([]);
    expect((await suggest("q=honorar")).lessons).toEqual([]);
  });

  it("answers 400 naming q when q is missing or blank", async () => {
    const missing = expectProblem(await app.inject({ method: "GET", url: "/v1/suggest" }), 400);
    expect(missing.errors?.map((e) => e.pointer)).toEqual(["/q"]);
    const blank = expectProblem(await app.inject({ method: "GET", url: "/v1/suggest?q=%20%20" }), 400);
    expect(blank.errors?.map((e) => e.pointer)).toEqual(["/q"]);
  });

  it("answers 400 for a limit over 20 and an unknown language", async () => {
    const limit = expectProblem(
      await app.inject({ method: "GET", url: "/v1/suggest?q=tilli&limit=21" }),
      400,
    );
    expect(limit.errors?.map((e) => e.pointer)).toEqual(["/limit"]);
    const lang = expectProblem(await app.inject({ method: "GET", url: "/v1/suggest?q=tilli&lang=sv" }), 400);
    expect(lang.errors?.map((e) => e.pointer)).toEqual(["/lang"]);
  });
});

describe("GET /v1/suggest keeps up with lessons", () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it("suggests a lesson only while it is published", async () => {
    const { homeCareUnitId } = await createFixtures(app, "Suggest Kommune");
    const create = async (payload: Record<string, unknown>) =>
      expectStatus<{ id: string; version: number }>(
        await app.inject({ method: "POST", url: "/v1/lessons", payload }),
        201,
      );
    const published = await create(lessonBody(homeCareUnitId, { title: "Zebrafinch song in the day room" }));
    const submitted = await create(
      lessonBody(homeCareUnitId, { title: "Zebrafinches at the window", status: "submitted" }),
    );
    const titles = async () =>
      (await suggestIn(app, "q=zebrafin")).lessons.map((l) => [l.id, l.title]).sort();

    expect(await titles()).toEqual([[published.id, "Zebrafinch song in the day room"]]);

    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${submitted.id}`,
        headers: { "if-match": `"${submitted.version}"` },
        payload: { status: "published" },
      }),
      200,
    );
    expect(await titles()).toEqual(
      [
        [published.id, "Zebrafinch song in the day room"],
        [submitted.id, "Zebrafinches at the window"],
      ].sort(),
    );

    expectStatus(await app.inject({ method: "DELETE", url: `/v1/lessons/${published.id}` }), 200);
    expect(await titles()).toEqual([[submitted.id, "Zebrafinches at the window"]]);
  });

  it("suggests a new term by its new synonym", async () => {
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies/approach/terms",
        payload: { slug: "walking_meeting", labels: { en: "Walking meeting" }, synonyms: { da: ["gåmøde"] } },
      }),
      201,
    );
    const reply = await suggestIn(app, `q=${encodeURIComponent("gåmø")}`);
    expect(reply.terms[0]).toMatchObject({
      facet: "approach",
      slug: "walking_meeting",
      label: "Walking meeting",
      matchedOn: "da synonym 'gåmøde'",
    });
  });
});
