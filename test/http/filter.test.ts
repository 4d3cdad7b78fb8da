import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FilterReply, FilterResult } from "../../src/domain/filter/index.js";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

// the reply as the domain builds it; over HTTP it arrives as the same JSON
type Result = FilterResult;
type Reply = FilterReply;
type Labelled = { slug: string; label: string };
type Lesson = { id: string; title: string; status: string; version: number };

const TRUST_FAMILY = ["trust", "interpersonal_trust", "institutional_trust"];
const ELDER_CARE_FAMILY = ["elder_care", "home_care", "nursing_home", "rehabilitation"];

const ids = (reply: Reply) => reply.results.map((r) => r.id);
const slugs = (labelled: Labelled[] | undefined) => (labelled ?? []).map((l) => l.slug);

async function filterIn(
  app: FastifyInstance,
  payload: Record<string, unknown>,
  options: { query?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return expectStatus<Reply>(
    await app.inject({
      method: "POST",
      url: `/v1/filter${options.query ?? ""}`,
      payload,
      ...(options.headers ? { headers: options.headers } : {}),
    }),
    200,
  );
}

/** Every result of a request, following nextCursor page by page. */
async function walk(app: FastifyInstance, payload: Record<string, unknown>): Promise<Result[]> {
  const all: Result[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const reply: Reply = await filterIn(app, cursor ? { ...payload, cursor } : payload);
    all.push(...reply.results);
    cursor = reply.nextCursor;
    if (!cursor) return all;
  }
  throw new Error("more than 50 pages: the cursor does not advance");
}

describe("POST /v1/filter on the demo data", () => {
  let app: FastifyInstance;
  const filter = (payload: Record<string, unknown>, options?: Parameters<typeof filterIn>[2]) =>
    filterIn(app, payload, options);

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  describe("ranking for the requester's context", () => {
    it("puts home-care and elder-care lessons first for a home-care unit, with the shared service area explained", async () => {
      const reply = await filter({ unitId: "u_fj_homecare_north", limit: 10 });
      expect(reply.total).toBe(81);
      expect(reply.results).toHaveLength(10);
      expect(reply.query).toBeNull();
      for (const result of reply.results) {
        const areas = slugs(result.context.serviceArea);
        expect(
          areas.some((a) => ELDER_CARE_FAMILY.includes(a)),
          `${result.id} has service areas ${areas}`,
        ).toBe(true);
        expect(result.relevance.context.matched.serviceArea, result.id).toEqual(["home_care"]);
        expect(result.relevance.text).toBeNull();
      }
      const scores = reply.results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it("puts employment lessons first for a job-centre unit", async () => {
      const reply = await filter({ unitId: "u_fj_jobcenter", limit: 10 });
      expect(reply.results).toHaveLength(10);
      for (const result of reply.results) {
        expect(slugs(result.context.serviceArea), result.id).toContain("employment_services");
        expect(result.relevance.context.matched.serviceArea, result.id).toEqual(["employment_services"]);
      }
      expect(reply.results[0]!.id).toBe("les_fj_29");
    });

    it("ranks differently for different units", async () => {
      const homeCare = await filter({ unitId: "u_fj_homecare_north", limit: 5 });
      const jobCentre = await filter({ unitId: "u_fj_jobcenter", limit: 5 });
      expect(ids(homeCare).filter((id) => ids(jobCentre).includes(id))).toEqual([]);
    });

    it("ranks the same for an explicit context as for the unit with that profile", async () => {
      const byUnit = await filter({ unitId: "u_fj_homecare_north", limit: 20 });
      const byContext = await filter({
        context: {
          serviceArea: ["home_care"],
          userGroup: ["older_adults", "relatives"],
          setting: ["rural"],
          organisationForm: ["team_based"],
          scale: ["one_team"],
        },
        limit: 20,
      });
      expect(byContext.results.map((r) => [r.id, r.score])).toEqual(
        byUnit.results.map((r) => [r.id, r.score]),
      );
    });
  });

  describe("text queries", () => {
    it("finds English lessons tagged with a trust mechanism for the Danish word 'tillid'", async () => {
      const reply = await filter({ q: "tillid", limit: 100 });
      expect(reply.query?.words).toHaveLength(1);
      expect(reply.query?.words[0]?.word).toBe("tillid");
      expect(reply.query?.words[0]?.terms.map((t) => [t.facet, t.slug])).toContainEqual([
        "mechanism",
        "trust",
      ]);

      const english = reply.results.filter((r) => r.language === "en");
      const taggedEnglish = await filter({
        filters: { mechanism: ["trust"] },
        language: ["en"],
        limit: 100,
      });
      expect(taggedEnglish.total).toBeGreaterThan(0);
      expect(new Set(english.map((r) => r.id))).toEqual(new Set(ids(taggedEnglish)));
      for (const result of english) {
        expect(
          slugs(result.mechanisms).some((m) => TRUST_FAMILY.includes(m)),
          `${result.id} mechanisms`,
        ).toBe(true);
        expect(result.relevance.text?.vocabularyTerms).toContainEqual({
          facet: "mechanism",
          slug: "trust",
          word: "tillid",
        });
      }
      expect(reply.total).toBe(reply.results.length);
      expect(reply.facets.mechanism?.trust).toBe(reply.total);
    });

    it("marks the matched word in the highlights of a text query", async () => {
      const reply = await filter({ q: "tillid", language: ["da"], limit: 100 });
      const withMark = reply.results.filter((r) =>
        /<mark>tillid(en)?<\/mark>/i.test(`${r.highlights.summary ?? ""} ${r.highlights.why ?? ""}`),
      );
      expect(withMark.map((r) => r.id)).toContain("les_nv_21");
      const nv21 = reply.results.find((r) => r.id === "les_nv_21")!;
      expect(nv21.relevance.text?.matchedTerms).toEqual(["tillid"]);
    });

    it("marks only words naming trust in English lessons found through 'tillid', not every word of a multi-word synonym", async () => {
      const reply = await filter({ q: "tillid", language: ["en"], limit: 100 });
      expect(reply.total).toBe(12);
      const marked = reply.results.flatMap((r) =>
        [...`${r.highlights.summary ?? ""} ${r.highlights.why ?? ""}`.matchAll(/<mark>(.*?)<\/mark>/g)].map(
          (m) => `${r.id}: ${m[1]}`,
        ),
      );
      // e.g. "system trust", "trust between people" and "trust in authorities" name institutional or
      // interpersonal trust as phrases; "system", "people" or "authority" alone name nothing
      expect(marked.filter((m) => !/: (trust|confiden|faith|relian)/i.test(m))).toEqual([]);
    });

    it("forgives a typo in a Danish term name: 'tilliid' finds what 'tillid' finds", async () => {
      const exact = await filter({ q: "tillid", limit: 100 });
      const typo = await filter({ q: "tilliid", limit: 100 });
      expect(typo.query?.words[0]?.terms.map((t) => t.slug)).toContain("trust");
      expect(typo.total).toBe(exact.total);
      expect(new Set(ids(typo))).toEqual(new Set(ids(exact)));
    });

    it("gives no highlights and no text explanation without q", async () => {
      const reply = await filter({ unitId: "u_fj_homecare_north", limit: 5 });
      for (const result of reply.results) {
        expect(result.highlights).toEqual({});
        expect(result.relevance.text).toBeNull();
      }
    });
  });

  describe("what is returned", () => {
    it("returns only published lessons, never drafts or submitted ones", async () => {
      const hidden: string[] = [];
      for (const status of ["submitted", "draft"]) {
        const page = expectStatus<{ items: Lesson[]; nextCursor: string | null }>(
          await app.inject({ method: "GET", url: `/v1/lessons?status=${status}&limit=100` }),
          200,
        );
        expect(page.nextCursor).toBeNull();
        hidden.push(...page.items.map((l) => l.id));
      }
      expect(hidden.sort()).toEqual(
        ["les_fj_09", "les_fj_15", "les_fj_21", "les_fj_35", "les_nv_08", "les_nv_29", "les_nv_35"].sort(),
      );
      const everything = await walk(app, { limit: 100 });
      expect(everything).toHaveLength(81);
      expect(everything.map((r) => r.id).filter((id) => hidden.includes(id))).toEqual([]);
      // a word from a submitted lesson's title finds nothing from it
      const eritrean = await filter({ q: "eritreiske", limit: 100 });
      expect(ids(eritrean)).not.toContain("les_nv_35");
    });

    it("keeps counter-examples: only negative or mixed lessons, as many as the facets promised", async () => {
      for (const request of [{ unitId: "u_fj_homecare_north" }, { q: "frivillige" }]) {
        const unrestricted = await filter({ ...request, limit: 1 });
        const expected =
          (unrestricted.facets.outcomeDirection?.negative ?? 0) +
          (unrestricted.facets.outcomeDirection?.mixed ?? 0);
        expect(expected).toBeGreaterThan(0);
        const counter = await filter({ ...request, outcomeDirection: ["negative", "mixed"], limit: 100 });
        expect(counter.total, JSON.stringify(request)).toBe(expected);
        expect(counter.results).toHaveLength(expected);
        for (const result of counter.results) {
          const directions = result.outcomes.map((o) => o.direction);
          expect(
            directions.every((d) => d === "positive"),
            `${result.id}: ${directions}`,
          ).toBe(false);
          expect(
            directions.every((d) => d === "none"),
            `${result.id}: ${directions}`,
          ).toBe(false);
        }
      }
    });

    it("does not leave the counter-examples out of an unrestricted request", async () => {
      const reply = await filter({ unitId: "u_fj_homecare_north", limit: 10 });
      const negativeOrMixed = reply.results.filter((r) =>
        r.outcomes.some((o) => o.direction === "negative" || o.direction === "mixed"),
      );
      expect(negativeOrMixed.length).toBeGreaterThan(0);
      expect(reply.facets.outcomeDirection).toMatchObject({ positive: 42, mixed: 28, negative: 11 });
    });
  });

  describe("facets", () => {
    it("counts the other mechanisms as each would give alone while filtering by trust", async () => {
      const reply = await filter({ filters: { mechanism: ["trust"] }, limit: 100 });
      expect(reply.total).toBe(27);
      for (const result of reply.results) {
        expect(
          slugs(result.mechanisms).some((m) => TRUST_FAMILY.includes(m)),
          result.id,
        ).toBe(true);
      }
      const mechanisms = reply.facets.mechanism!;
      expect(Object.keys(mechanisms).length).toBeGreaterThan(3);
      expect(mechanisms.trust).toBe(27);
      for (const [slug, count] of Object.entries(mechanisms)) {
        const alone = await filter({ filters: { mechanism: [slug] }, limit: 1 });
        expect(alone.total, `mechanism ${slug}`).toBe(count);
      }
    });

    it("counts the other facets only over the lessons that match the filter", async () => {
      const trust = await filter({ filters: { mechanism: ["trust"] }, limit: 1 });
      const unrestricted = await filter({ limit: 1 });
      const trustHomeCare = await filter({
        filters: { mechanism: ["trust"], serviceArea: ["home_care"] },
        limit: 1,
      });
      expect(trust.facets.serviceArea?.home_care).toBe(trustHomeCare.total);
      expect(trust.facets.serviceArea?.home_care).toBe(6);
      expect(unrestricted.facets.serviceArea?.home_care).toBeGreaterThan(
        trust.facets.serviceArea!.home_care!,
      );
      const trustEnglish = await filter({ filters: { mechanism: ["trust"] }, language: ["en"], limit: 1 });
      expect(trust.facets.language?.en).toBe(trustEnglish.total);
    });

    it("includes the children of a parent term in a filter", async () => {
      const elderCare = await filter({ filters: { serviceArea: ["elder_care"] }, limit: 100 });
      const homeCare = await filter({ filters: { serviceArea: ["home_care"] }, limit: 100 });
      expect(homeCare.total).toBeGreaterThan(0);
      expect(elderCare.total).toBeGreaterThan(homeCare.total);
      for (const id of ids(homeCare)) expect(ids(elderCare)).toContain(id);
      for (const result of elderCare.results) {
        expect(
          slugs(result.context.serviceArea).some((a) => ELDER_CARE_FAMILY.includes(a)),
          result.id,
        ).toBe(true);
      }
      expect(elderCare.facets.serviceArea?.elder_care).toBe(elderCare.total);
    });

    it("ANDs across facets and ORs inside one", async () => {
      const either = await filter({
        filters: { serviceArea: ["home_care", "employment_services"] },
        limit: 1,
      });
      const homeCare = await filter({ filters: { serviceArea: ["home_care"] }, limit: 1 });
      const employment = await filter({ filters: { serviceArea: ["employment_services"] }, limit: 1 });
      const both = await filter({
        filters: { serviceArea: ["home_care"], mechanism: ["trust"] },
        limit: 100,
      });
      expect(either.total).toBe(homeCare.total + employment.total);
      expect(both.total).toBe(6);
      for (const result of both.results) {
        expect(slugs(result.context.serviceArea)).toContain("home_care");
        expect(slugs(result.mechanisms).some((m) => TRUST_FAMILY.includes(m))).toBe(true);
      }
    });
  });

  describe("labels", () => {
    const payload = { filters: { mechanism: ["interpersonal_trust"] }, limit: 3 };

    it("labels in English by default", async () => {
      const reply = await filter(payload);
      expect(reply.facetLabels.mechanism?.label).toBe("Mechanism");
      expect(reply.facetLabels.mechanism?.terms.trust).toBe("Trust");
      for (const result of reply.results) {
        expect(result.mechanisms).toContainEqual({
          slug: "interpersonal_trust",
          label: "Interpersonal trust",
        });
      }
    });

    it("labels in Danish with ?lang=da", async () => {
      const reply = await filter(payload, { query: "?lang=da" });
      expect(reply.facetLabels.mechanism?.label).toBe("Mekanisme");
      expect(reply.facetLabels.mechanism?.terms.trust).toBe("Tillid");
      expect(reply.facetLabels.serviceArea?.terms.home_care).toBe("Hjemmepleje");
      for (const result of reply.results) {
        expect(result.mechanisms).toContainEqual({
          slug: "interpersonal_trust",
          label: "Mellemmenneskelig tillid",
        });
      }
    });

    it("labels in Norwegian with Accept-Language: nb", async () => {
      const reply = await filter(payload, { headers: { "accept-language": "nb" } });
      expect(reply.facetLabels.mechanism?.terms.trust).toBe("Tillit");
      expect(reply.facetLabels.serviceArea?.terms.home_care).toBe("Hjemmetjeneste");
      for (const result of reply.results) {
        expect(result.mechanisms).toContainEqual({
          slug: "interpersonal_trust",
          label: "Mellommenneskelig tillit",
        });
      }
    });

    it("prefers ?lang= over Accept-Language", async () => {
      const reply = await filter(payload, { query: "?lang=en", headers: { "accept-language": "da" } });
      expect(reply.facetLabels.mechanism?.terms.trust).toBe("Trust");
    });
  });

  describe("pagination", () => {
    it("walks a broad request page by page in the order of one big page, every lesson once", async () => {
      const request = { unitId: "u_fj_homecare_north" };
      const onePage = await filter({ ...request, limit: 100 });
      expect(onePage.nextCursor).toBeNull();
      expect(onePage.results).toHaveLength(81);
      const first = await filter({ ...request, limit: 7 });
      expect(first.results).toHaveLength(7);
      expect(first.total).toBe(81);
      expect(first.nextCursor).not.toBeNull();
      const walked = await walk(app, { ...request, limit: 7 });
      expect(walked.map((r) => r.id)).toEqual(ids(onePage));
      expect(new Set(walked.map((r) => r.id)).size).toBe(81);
      expect(walked.map((r) => r.score)).toEqual(onePage.results.map((r) => r.score));
    });

    it("walks a text query page by page in the order of one big page", async () => {
      const request = { q: "tillid", unitId: "u_fj_jobcenter" };
      const onePage = await filter({ ...request, limit: 100 });
      const walked = await walk(app, { ...request, limit: 4 });
      expect(walked.map((r) => r.id)).toEqual(ids(onePage));
      expect(walked).toHaveLength(onePage.total);
    });

    it("refuses a cursor used with a different request with 422 naming /cursor", async () => {
      const first = await filter({ unitId: "u_fj_homecare_north", limit: 7 });
      expect(first.nextCursor).not.toBeNull();
      const problem = expectProblem(
        await app.inject({
          method: "POST",
          url: "/v1/filter",
          payload: { unitId: "u_fj_jobcenter", limit: 7, cursor: first.nextCursor },
        }),
        422,
      );
      expect(problem.errors?.map((e) => e.pointer)).toEqual(["/cursor"]);
    });

    it("refuses a cursor that is not one with 422 naming /cursor", async () => {
      const problem = expectProblem(
        await app.inject({ method: "POST", url: "/v1/filter", payload: { cursor: "not-a-cursor" } }),
        422,
      );
      expect(problem.errors?.map((e) => e.pointer)).toEqual(["/cursor"]);
    });
  });

  describe("bad requests", () => {
    const post = (payload: Record<string, unknown>) =>
      app.inject({ method: "POST", url: "/v1/filter", payload });

    it("answers 422 naming /filters/<facet> for an unknown facet", async () => {
      const problem = expectProblem(await post({ filters: { mechanismz: ["trust"] } }), 422);
      expect(problem.errors?.map((e) => [e.pointer, e.code])).toEqual([
        ["/filters/mechanismz", "unknown_facet"],
      ]);
    });

    it("answers 422 unknown-term with suggestions for an unknown term", async () => {
      const problem = expectProblem(await post({ filters: { mechanism: ["tillid"] } }), 422);
      expect(problem.type).toBe("urn:samskab:problem:unknown-term");
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors?.[0]).toMatchObject({ pointer: "/filters/mechanism/0", code: "unknown_term" });
      expect(problem.errors?.[0]?.suggestions?.[0]).toMatchObject({ facet: "mechanism", slug: "trust" });
    });

    it("reports every unknown term of a request at once", async () => {
      const problem = expectProblem(
        await post({ filters: { mechanism: ["trust", "tillid"], serviceArea: ["hjemmepleje"] } }),
        422,
      );
      expect(problem.errors?.map((e) => e.pointer).sort()).toEqual(
        ["/filters/mechanism/1", "/filters/serviceArea/0"].sort(),
      );
      const homeCare = problem.errors?.find((e) => e.pointer === "/filters/serviceArea/0");
      expect(homeCare?.suggestions?.[0]).toMatchObject({ facet: "serviceArea", slug: "home_care" });
    });

    it("answers 422 naming /unitId for an unknown unit", async () => {
      const problem = expectProblem(await post({ unitId: "u_no_such_unit" }), 422);
      expect(problem.errors?.map((e) => e.pointer)).toEqual(["/unitId"]);
    });

    it("answers 422 for an unknown term in an explicit context", async () => {
      const problem = expectProblem(await post({ context: { serviceArea: ["hjemmepleje"] } }), 422);
      expect(problem.errors?.[0]).toMatchObject({ pointer: "/context/serviceArea/0", code: "unknown_term" });
    });

    it("answers 400 naming /limit for limit 101", async () => {
      const problem = expectProblem(await post({ limit: 101 }), 400);
      expect(problem.errors?.map((e) => e.pointer)).toEqual(["/limit"]);
    });

    it("answers 400 naming the field for an unknown top-level field", async () => {
      const problem = expectProblem(await post({ unitId: "u_fj_jobcenter", sort: "score" }), 400);
      expect(problem.errors?.map((e) => e.pointer)).toEqual(["/sort"]);
    });

    it("answers 400 naming /q for a q longer than 200 characters", async () => {
      const problem = expectProblem(await post({ q: "tillid ".repeat(29) }), 400);
      expect(problem.errors?.map((e) => e.pointer)).toEqual(["/q"]);
      expectStatus(await post({ q: `${"tillid ".repeat(28)}tilli`.slice(0, 200) }), 200);
    });

    it("answers 400 for an unknown outcome direction", async () => {
      const problem = expectProblem(await post({ outcomeDirection: ["bad"] }), 400);
      expect(problem.errors?.[0]?.pointer).toBe("/outcomeDirection/0");
    });
  });
});

describe("POST /v1/filter keeps up with writes", () => {
  let app: FastifyInstance;
  let organisations = 0;

  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const fixtures = () => createFixtures(app, `Filter Kommune ${++organisations}`);
  const filter = (payload: Record<string, unknown>) => filterIn(app, payload);
  const create = async (payload: Record<string, unknown>) =>
    expectStatus<Lesson>(await app.inject({ method: "POST", url: "/v1/lessons", payload }), 201);
  const patch = async (id: string, version: number, payload: Record<string, unknown>) =>
    expectStatus<Lesson>(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${id}`,
        headers: { "if-match": `"${version}"` },
        payload,
      }),
      200,
    );

  it("finds a lesson created published by the very next filter", async () => {
    const { homeCareUnitId } = await fixtures();
    const lesson = await create(lessonBody(homeCareUnitId, { title: "Kumquat mornings at the day centre" }));
    const reply = await filter({ q: "kumquat" });
    expect(ids(reply)).toEqual([lesson.id]);
    expect(reply.total).toBe(1);
    expect(reply.results[0]!.relevance.text?.matchedTerms).toEqual(["kumquat"]);
  });

  it("finds an updated lesson by its new title word and not by the old one", async () => {
    const { homeCareUnitId } = await fixtures();
    const lesson = await create(lessonBody(homeCareUnitId, { title: "Pelican walks with the residents" }));
    expect(ids(await filter({ q: "pelican" }))).toEqual([lesson.id]);
    await patch(lesson.id, lesson.version, { title: "Walrus walks with the residents" });
    expect(ids(await filter({ q: "walrus" }))).toEqual([lesson.id]);
    expect(ids(await filter({ q: "pelican" }))).toEqual([]);
  });

  it("finds a re-tagged lesson by its new mechanism and not by the old one", async () => {
    const { homeCareUnitId } = await fixtures();
    const lesson = await create(
      lessonBody(homeCareUnitId, {
        title: "Marzipan tasting as a reason to visit",
        mechanisms: ["dialogue"],
      }),
    );
    expect(ids(await filter({ q: "marzipan", filters: { mechanism: ["dialogue"] } }))).toEqual([lesson.id]);
    expect(ids(await filter({ q: "marzipan", filters: { mechanism: ["belonging"] } }))).toEqual([]);
    await patch(lesson.id, lesson.version, { mechanisms: ["belonging"] });
    const byNew = await filter({ q: "marzipan", filters: { mechanism: ["belonging"] } });
    expect(ids(byNew)).toEqual([lesson.id]);
    expect(byNew.results[0]!.mechanisms.map((m) => m.slug)).toEqual(["belonging"]);
    expect(ids(await filter({ q: "marzipan", filters: { mechanism: ["dialogue"] } }))).toEqual([]);
    const facets = (await filter({ q: "marzipan" })).facets.mechanism;
    expect(facets).toEqual({ belonging: 1 });
  });

  it("drops an archived lesson from the next filter", async () => {
    const { homeCareUnitId } = await fixtures();
    const lesson = await create(
      lessonBody(homeCareUnitId, { title: "Harmonica afternoons in the common room" }),
    );
    expect(ids(await filter({ q: "harmonica" }))).toEqual([lesson.id]);
    expectStatus(await app.inject({ method: "DELETE", url: `/v1/lessons/${lesson.id}` }), 200);
    const reply = await filter({ q: "harmonica" });
    expect(ids(reply)).toEqual([]);
    expect(reply.total).toBe(0);
  });

  it("does not find a submitted lesson until it is published", async () => {
    const { homeCareUnitId } = await fixtures();
    const lesson = await create(
      lessonBody(homeCareUnitId, { title: "Gooseberry jam with the neighbours", status: "submitted" }),
    );
    expect(lesson.status).toBe("submitted");
    expect((await filter({ q: "gooseberry" })).total).toBe(0);
    const published = await patch(lesson.id, lesson.version, { status: "published" });
    expect(published.status).toBe("published");
    expect(ids(await filter({ q: "gooseberry" }))).toEqual([lesson.id]);
  });

  it("ranks a lesson lower once another unit reports that it did not work", async () => {
    const { homeCareUnitId, jobCentreUnitId } = await fixtures();
    const body = lessonBody(homeCareUnitId, { title: "Accordion evenings built a habit of meeting" });
    const tried = await create(body);
    const untried = await create(body);
    const before = await filter({ q: "accordion" });
    expect(new Set(ids(before))).toEqual(new Set([tried.id, untried.id]));
    expect(before.results[0]!.score).toBe(before.results[1]!.score);

    expectStatus(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${tried.id}/adaptations`,
        payload: { unitId: jobCentreUnitId, result: "did_not_work", notes: "Nobody came." },
      }),
      201,
    );
    const after = await filter({ q: "accordion" });
    expect(ids(after)).toEqual([untried.id, tried.id]);
    const [first, second] = after.results;
    expect(second!.score).toBeLessThan(first!.score);
    expect(second!.relevance.adaptations).toEqual({ worked: 0, partly: 0, didNotWork: 1 });
    expect(first!.relevance.adaptations).toEqual({ worked: 0, partly: 0, didNotWork: 0 });
  });

  it("finds lessons tagged with a term by a Danish synonym added to the term", async () => {
    const { homeCareUnitId } = await fixtures();
    const slug = "kitchen_table_talk";
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies/mechanism/terms",
        payload: { slug, labels: { en: "Kitchen table talk" } },
      }),
      201,
    );
    const lesson = await create(
      lessonBody(homeCareUnitId, { title: "Coffee before the care plan", mechanisms: [slug] }),
    );
    expect((await filter({ q: "køkkenbordssnak" })).total).toBe(0);
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/mechanism/terms/${slug}`,
        headers: { "if-match": '"1"' },
        payload: { synonyms: { da: ["køkkenbordssnak"] } },
      }),
      200,
    );
    const reply = await filter({ q: "køkkenbordssnak" });
    expect(ids(reply)).toEqual([lesson.id]);
    expect(reply.query?.words[0]?.terms.map((t) => t.slug)).toEqual([slug]);
    expect(reply.results[0]!.relevance.text?.vocabularyTerms).toEqual([
      { facet: "mechanism", slug, word: "køkkenbordssnak" },
    ]);

    // renamed again: the new synonym finds it, the replaced one no longer does
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/vocabularies/mechanism/terms/${slug}`,
        headers: { "if-match": '"2"' },
        payload: { synonyms: { da: ["kaffesnak"] } },
      }),
      200,
    );
    expect(ids(await filter({ q: "kaffesnak" }))).toEqual([lesson.id]);
    expect((await filter({ q: "køkkenbordssnak" })).total).toBe(0);
  });

  it("HTML-escapes highlights and marks the matched word", async () => {
    const { homeCareUnitId } = await fixtures();
    const lesson = await create(
      lessonBody(homeCareUnitId, {
        title: "Posters nobody read",
        summary:
          "Someone pasted <script>alert('x')</script> into the pumpernickel newsletter & nobody noticed.",
        why: "The pumpernickel newsletter was read aloud at lunch, so <b>everyone</b> heard it.",
      }),
    );
    const reply = await filter({ q: "pumpernickel" });
    expect(ids(reply)).toEqual([lesson.id]);
    const { summary, why } = reply.results[0]!.highlights;
    expect(summary).toBe(
      "Someone pasted &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; into the <mark>pumpernickel</mark> newsletter &amp; nobody noticed.",
    );
    expect(why).toContain("<mark>pumpernickel</mark>");
    expect(why).toContain("&lt;b&gt;everyone&lt;/b&gt;");
    for (const text of [summary, why]) {
      expect(text).not.toContain("<script");
      expect(text).not.toContain("<b>");
    }
  });
});

describe("POST /v1/filter after a restart", () => {
  const folder = mkdtempSync(join(tmpdir(), "samskab-filter-"));
  const databasePath = join(folder, "samskab.db");
  const clock = { now: () => new Date("2026-02-01T12:00:00.000Z") };
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const requests = [
    { q: "tillid frivillige", limit: 50 },
    { unitId: "u_nv_homecare_island", limit: 50 },
    {
      unitId: "u_fj_jobcenter",
      filters: { mechanism: ["trust"], serviceArea: ["employment_services", "integration"] },
      limit: 50,
    },
  ];
  const record = async (app: FastifyInstance) => {
    const replies = [];
    for (const request of requests) {
      const reply = await filterIn(app, request);
      replies.push({
        total: reply.total,
        results: reply.results.map((r) => [r.id, r.score]),
        facets: reply.facets,
      });
    }
    return replies;
  };

  it("answers the same after the app is rebuilt on the same database file", async () => {
    const first = await buildTestApp({ seed: "demo", databasePath, clock });
    let before: Awaited<ReturnType<typeof record>>;
    try {
      before = await record(first);
    } finally {
      await first.close();
    }
    for (const reply of before) expect(reply.results.length).toBeGreaterThan(1);

    const second = await buildTestApp({ seed: "demo", databasePath, clock });
    try {
      expect(await record(second)).toEqual(before);
    } finally {
      await second.close();
    }
  });

  it("answers the same after a restart for lessons written, edited, tried and archived before it", async () => {
    const path = join(folder, "written.db");
    const first = await buildTestApp({ databasePath: path, clock });
    const request = { q: "quince", unitId: "", limit: 10 };
    let before: [string, number, string][];
    try {
      const { homeCareUnitId, jobCentreUnitId } = await createFixtures(first, "Restart Kommune");
      request.unitId = homeCareUnitId;
      const create = async (overrides: Record<string, unknown>) =>
        expectStatus<Lesson>(
          await first.inject({
            method: "POST",
            url: "/v1/lessons",
            payload: lessonBody(homeCareUnitId, overrides),
          }),
          201,
        );
      const edited = await create({ title: "Plum cake on Fridays" });
      const tried = await create({ title: "Quince jelly made together" });
      const archived = await create({ title: "Quince harvest with the neighbours" });
      const other = await create({ title: "Quince trees by the car park", mechanisms: ["dialogue"] });
      expectStatus(
        await first.inject({
          method: "PATCH",
          url: `/v1/lessons/${edited.id}`,
          headers: { "if-match": '"1"' },
          payload: { title: "Quince cake on Fridays" },
        }),
        200,
      );
      expectStatus(
        await first.inject({
          method: "POST",
          url: `/v1/lessons/${tried.id}/adaptations`,
          payload: { unitId: jobCentreUnitId, result: "did_not_work", notes: "Nobody came on Fridays." },
        }),
        201,
      );
      expectStatus(await first.inject({ method: "DELETE", url: `/v1/lessons/${archived.id}` }), 200);
      const reply = await filterIn(first, request);
      before = reply.results.map((r) => [r.id, r.score, r.mechanisms.map((m) => m.slug).join(",")]);
      expect(new Set(before.map(([id]) => id))).toEqual(new Set([edited.id, tried.id, other.id]));
      expect(reply.results.at(-1)?.id).toBe(tried.id);
    } finally {
      await first.close();
    }

    const second = await buildTestApp({ databasePath: path, clock });
    try {
      const reply = await filterIn(second, request);
      expect(reply.results.map((r) => [r.id, r.score, r.mechanisms.map((m) => m.slug).join(",")])).toEqual(
        before,
      );
      expect(reply.results.at(-1)?.relevance.adaptations).toEqual({ worked: 0, partly: 0, didNotWork: 1 });
      expect((await filterIn(second, { q: "plum" })).total).toBe(0);
    } finally {
      await second.close();
    }
  });
});
