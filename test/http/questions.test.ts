// POST /v1/filter with questions typed as people type them, on the seeded demo: the questions a new
// user tried when `q` still required every word, the reading of each question in the reply, and `match`.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FilterReply } from "../../src/domain/filter/index.js";
import { buildTestApp, expectProblem, expectStatus } from "../helpers/app.js";

const HOME_CARE = "u_fj_homecare_north";

describe("questions in people's words (demo data)", () => {
  let app: FastifyInstance;
  const filter = async (payload: Record<string, unknown>) =>
    expectStatus<FilterReply>(await app.inject({ method: "POST", url: "/v1/filter", payload }), 200);
  /** The lessons of the reply, read back through the API. */
  const lessons = (reply: FilterReply) =>
    Promise.all(
      reply.results.map(async (r) =>
        expectStatus<{
          mechanisms: string[];
          pitfalls: string[];
          approaches: string[];
          outcomes: { direction: string }[];
          context: { tags: Record<string, string[]> };
        }>(await app.inject({ method: "GET", url: `/v1/lessons/${r.id}` }), 200),
      ),
    );
  /** Negative or mixed overall: not every outcome positive, and not every outcome none. */
  const counterExample = (r: FilterReply["results"][number]) =>
    !r.outcomes.every((o) => o.direction === "positive") && !r.outcomes.every((o) => o.direction === "none");

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  it("answers the home-care trust question with trust lessons from home care first", async () => {
    const reply = await filter({
      unitId: HOME_CARE,
      q: "hvordan får vi de ældre til at stole på hjemmeplejen",
    });
    expect(reply.query?.words.map((w) => [w.word, w.terms.map((t) => t.slug)])).toEqual([
      ["ældre", ["older_adults"]],
      ["stole", ["trust"]],
      ["hjemmeplejen", ["home_care"]],
    ]);
    expect(reply.query?.noise).toEqual(expect.arrayContaining(["hvordan", "vi", "til", "at", "på"]));
    const top = await lessons({ ...reply, results: reply.results.slice(0, 5) });
    expect(top).toHaveLength(5);
    for (const lesson of top) {
      expect(lesson.mechanisms.some((m) => m.endsWith("trust"))).toBe(true);
      expect(lesson.context.tags.serviceArea ?? []).toContain("home_care");
    }
    expect(reply.results[0]!.relevance.text?.allInformative).toBe(true);
  });

  it("finds the symbolic-involvement counter-examples for 'symbolic involvement'", async () => {
    const reply = await filter({ unitId: HOME_CARE, q: "symbolic involvement" });
    expect(reply.query?.words).toHaveLength(1);
    expect(reply.query?.words[0]).toMatchObject({ word: "symbolic involvement", kind: "concept" });
    const found = await lessons(reply);
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const lesson of found) expect(lesson.pitfalls).toContain("symbolic_involvement");
    expect(reply.results.every(counterExample)).toBe(true);
  });

  it("reads 'what went wrong' in Norwegian: volunteer lessons, counter-examples first", async () => {
    const reply = await filter({ unitId: HOME_CARE, q: "hva gikk galt da frivillige overtok oppgavene" });
    expect(reply.query?.intent).toBe("failure");
    expect(reply.query?.noise).toEqual(expect.arrayContaining(["hva", "gikk", "galt"]));
    expect(reply.total).toBeGreaterThan(5);
    const top = reply.results.slice(0, 5);
    expect(top.every(counterExample)).toBe(true);
    // about volunteers: "frivillige" names the volunteers, and most of the top lessons carry it
    const aboutVolunteers = top.filter((r) => r.relevance.text?.matchedTerms.includes("frivillige"));
    expect(aboutVolunteers.length).toBeGreaterThanOrEqual(4);
    // positive lessons are ranked, not hidden
    const all = await filter({
      unitId: HOME_CARE,
      q: "hva gikk galt da frivillige overtok oppgavene",
      limit: 100,
    });
    expect(all.results.some((r) => !counterExample(r))).toBe(true);
  });

  it.each([
    "why did the citizens stop coming to the meetings",
    "consultation where nothing changed afterwards",
    "parents taking ownership of the kindergarten",
    "relationships between mentors and young refugees",
  ])("never answers '%s' with nothing", async (q) => {
    const reply = await filter({ unitId: HOME_CARE, q });
    expect(reply.total).toBeGreaterThan(0);
    for (const r of reply.results)
      expect(r.relevance.text?.matchedTerms.length, JSON.stringify(r.relevance.text)).toBeGreaterThan(0);
  });

  it.each([
    ["parents taking ownership of the kindergarten", ["parents", "kindergarten"]],
    ["relationships between mentors and young refugees", ["mentors"]],
  ])(
    "answers '%s' with lessons about its concepts first, though the asker works in home care",
    async (q, concepts) => {
      const reply = await filter({ unitId: HOME_CARE, q });
      for (const r of reply.results.slice(0, 3))
        expect(r.relevance.text?.matchedTerms, r.title).toEqual(expect.arrayContaining(concepts));
    },
  );

  it("says which words a lesson lacks, and finds nothing for match all when a word is in no lesson", async () => {
    const reply = await filter({ q: "why did the lighthouse volunteers stop" });
    expect(reply.query?.missingWords).toEqual(["lighthouse"]);
    expect(reply.total).toBeGreaterThan(0);
    for (const r of reply.results) expect(r.relevance.text?.missingWords).toContain("lighthouse");
    const strict = await filter({ q: "why did the lighthouse volunteers stop", match: "all" });
    expect(strict.total).toBe(0);
    expect(strict.query?.match).toBe("all");
  });

  it("reads a word no lesson uses but a longer term name does as pointing at that term", async () => {
    const reply = await filter({ unitId: HOME_CARE, q: "consultation where nothing changed afterwards" });
    const consultation = reply.query?.words.find((w) => w.word === "consultation");
    expect(consultation).toMatchObject({ kind: "concept", partOfName: true });
    expect(consultation?.terms.map((t) => t.slug).sort()).toEqual([
      "consultation_fatigue",
      "symbolic_involvement",
    ]);
    expect(reply.query?.noise).toEqual(expect.arrayContaining(["nothing", "afterwards"]));
    // the counter-examples of symbolic involvement and consultation fatigue come first
    const top = await lessons({ ...reply, results: reply.results.slice(0, 5) });
    for (const lesson of top)
      expect(lesson.pitfalls.some((p) => p === "symbolic_involvement" || p === "consultation_fatigue")).toBe(
        true,
      );
    expect(reply.results.slice(0, 5).every(counterExample)).toBe(true);
  });

  it("match any is the loosest, all the strictest, most in between", async () => {
    const q = "parents ownership kindergarten";
    const [any, most, all] = await Promise.all(
      ["any", "most", "all"].map((match) => filter({ q, match, limit: 100 })),
    );
    expect(all!.total).toBeGreaterThan(0);
    expect(any!.total).toBeGreaterThanOrEqual(most!.total);
    expect(most!.total).toBeGreaterThanOrEqual(all!.total);
    const mostIds = new Set(most!.results.map((r) => r.id));
    for (const r of all!.results) expect(mostIds.has(r.id)).toBe(true);
    // most: those matching every informative word come first
    const complete = most!.results.map((r) => r.relevance.text?.allInformative);
    expect(complete.indexOf(false) === -1 || complete.lastIndexOf(true) < complete.indexOf(false)).toBe(true);
  });

  it("answers 422 naming publishedTo when the range ends before it starts", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/filter",
        payload: { publishedFrom: "2025-03-01", publishedTo: "2025-02-01" },
      }),
      422,
    );
    expect(problem.errors?.map((e) => [e.pointer, e.code])).toEqual([["/publishedTo", "invalid_range"]]);
    // one day is a range
    await filter({ publishedFrom: "2025-03-01", publishedTo: "2025-03-01" });
  });

  it("answers 400 naming the field for an unknown match mode", async () => {
    const problem = expectProblem(
      await app.inject({ method: "POST", url: "/v1/filter", payload: { q: "tillid", match: "some" } }),
      400,
    );
    expect(problem.errors?.map((e) => e.pointer)).toContain("/match");
  });
});
