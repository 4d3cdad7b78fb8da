// Ranking: the pure score parts (rank.ts) and the filter service's order for the requester's context,
// adaptations, evidence and cross-language vocabulary matches, through the domain (no HTTP).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { INSTALLATION } from "../../src/domain/access.js";
import type { LessonInput } from "../../src/domain/lessons.js";
import { createServices } from "../../src/domain/services.js";
import type { ContextTags } from "../../src/domain/units.js";
import {
  type AdaptationCounts,
  adaptationScore,
  combine,
  DEFAULT_RANKING,
  type RankingConfig,
  recency,
  type ScoreParts,
} from "../../src/search/rank.js";
import { loadSeed } from "../../src/seed/load.js";

const DAY_MS = 86_400_000;
const NOW = new Date("2025-06-01T08:00:00.000Z");

/** Fresh services on an in-memory database with the standard vocabulary, a fixed clock and two units. */
function setup(ranking: RankingConfig = DEFAULT_RANKING) {
  const database = openDatabase(":memory:");
  const services = createServices({ database, clock: { now: () => NOW }, ranking });
  loadSeed(services, database, "vocabulary");
  const organisation = services.organisations.create({ name: "Testby Kommune", kind: "municipality" });
  const unit = services.units.create({
    organisationId: organisation.id,
    name: "Hjemmeplejen",
    context: { serviceArea: ["home_care"], userGroup: ["older_adults"] },
  });
  const otherUnit = services.units.create({
    organisationId: organisation.id,
    name: "Jobcenter",
    context: { serviceArea: ["employment_services"], userGroup: ["unemployed"] },
  });
  const thirdUnit = services.units.create({ organisationId: organisation.id, name: "Kulturhuset" });
  const lesson = (overrides: Partial<LessonInput> = {}) =>
    services.lessons.create({
      unitId: unit.id,
      title: "Coffee visits with neighbours",
      summary: "Neighbours came for coffee visits every week and stayed to help each other.",
      language: "en",
      context: { narrative: "A small district with many residents living alone.", tags: {} },
      mechanisms: ["recognition"],
      why: "Coffee visits gave residents a regular excuse to meet, so help was asked for earlier.",
      outcomes: [{ term: "social_network", direction: "positive" }],
      evidence: { kind: "observation" },
      status: "published",
      ...overrides,
    }).lesson;
  return { database, services, unit, otherUnit, thirdUnit, lesson };
}

type Setup = ReturnType<typeof setup>;
const ids = (s: Setup, request: Parameters<Setup["services"]["filter"]["filter"]>[1]) =>
  s.services.filter.filter(INSTALLATION, request).results.map((r) => r.id);

describe("ranking for the requester's context (filter service)", () => {
  it("ranks the identical twin whose context matches the requester's first, with and without q", () => {
    const s = setup();
    const other = s.lesson({
      context: { tags: { serviceArea: ["employment_services"], userGroup: ["unemployed"] } },
    });
    const match = s.lesson({
      context: { tags: { serviceArea: ["home_care"], userGroup: ["older_adults"] } },
    });
    const context: ContextTags = { serviceArea: ["home_care"], userGroup: ["older_adults"] };

    expect(ids(s, { q: "coffee", context })).toEqual([match.id, other.id]);
    expect(ids(s, { context })).toEqual([match.id, other.id]);
    // the reverse context reverses the order: it is the context, not the creation order
    const reverse: ContextTags = { serviceArea: ["employment_services"], userGroup: ["unemployed"] };
    expect(ids(s, { q: "coffee", context: reverse })).toEqual([other.id, match.id]);

    const reply = s.services.filter.filter(INSTALLATION, { context });
    expect(reply.results[0]!.relevance.context.matched).toEqual({
      serviceArea: ["home_care"],
      userGroup: ["older_adults"],
    });
    expect(reply.results[0]!.relevance.context.score).toBe(1);
    expect(reply.results[1]!.relevance.context.score).toBe(0);
    expect(reply.results[0]!.score).toBeGreaterThan(reply.results[1]!.score);
  });

  it("ranks the requester's unit context when asked by unitId", () => {
    const s = setup();
    const other = s.lesson({
      context: { tags: { serviceArea: ["home_care"], userGroup: ["older_adults"] } },
    });
    const match = s.lesson({
      context: { tags: { serviceArea: ["employment_services"], userGroup: ["unemployed"] } },
    });
    expect(ids(s, { unitId: s.otherUnit.id })).toEqual([match.id, other.id]);
    expect(ids(s, { unitId: s.unit.id })).toEqual([other.id, match.id]);
  });

  it("ranks a parent/child match (home_care vs elder_care) between an exact match and no match", () => {
    const s = setup();
    const none = s.lesson({ context: { tags: { serviceArea: ["employment_services"] } } });
    const parent = s.lesson({ context: { tags: { serviceArea: ["elder_care"] } } });
    const exact = s.lesson({ context: { tags: { serviceArea: ["home_care"] } } });
    const context: ContextTags = { serviceArea: ["home_care"] };

    expect(ids(s, { context })).toEqual([exact.id, parent.id, none.id]);
    expect(ids(s, { q: "visits", context })).toEqual([exact.id, parent.id, none.id]);

    const reply = s.services.filter.filter(INSTALLATION, { context });
    const byId = new Map(reply.results.map((r) => [r.id, r.relevance.context]));
    expect(byId.get(exact.id)).toEqual({ matched: { serviceArea: ["home_care"] }, related: {}, score: 1 });
    expect(byId.get(parent.id)).toEqual({
      matched: {},
      related: { serviceArea: ["elder_care"] },
      score: DEFAULT_RANKING.relatedTermMatch,
    });
    expect(byId.get(none.id)).toEqual({ matched: {}, related: {}, score: 0 });

    // the other way round: a requester in elder care finds a home-care lesson related
    const up = s.services.filter.filter(INSTALLATION, { context: { serviceArea: ["elder_care"] } });
    expect(up.results.map((r) => r.id)).toEqual([parent.id, exact.id, none.id]);
    expect(up.results[1]!.relevance.context.related).toEqual({ serviceArea: ["home_care"] });
  });

  it("weighs context dimensions: a service-area match beats a scale match", () => {
    const s = setup();
    const scale = s.lesson({ context: { tags: { serviceArea: ["schools"], scale: ["one_team"] } } });
    const area = s.lesson({ context: { tags: { serviceArea: ["home_care"], scale: ["department"] } } });
    expect(ids(s, { context: { serviceArea: ["home_care"], scale: ["one_team"] } })).toEqual([
      area.id,
      scale.id,
    ]);
  });

  it("lowers a lesson with a did_not_work adaptation below its twin, and raises one that worked", () => {
    const s = setup();
    const failed = s.lesson();
    const plain = s.lesson();
    const worked = s.lesson();
    s.services.adaptations.create(failed.id, {
      unitId: s.otherUnit.id,
      result: "did_not_work",
      notes: "Our residents would not open the door.",
    });
    s.services.adaptations.create(worked.id, { unitId: s.otherUnit.id, result: "worked" });

    const reply = s.services.filter.filter(INSTALLATION, { q: "coffee visits" });
    expect(reply.results.map((r) => r.id)).toEqual([worked.id, plain.id, failed.id]);
    expect(reply.results.map((r) => r.relevance.adaptations)).toEqual([
      { worked: 1, partly: 0, didNotWork: 0 },
      { worked: 0, partly: 0, didNotWork: 0 },
      { worked: 0, partly: 0, didNotWork: 1 },
    ]);
    expect(reply.results[0]!.relevance.text!.score).toBe(reply.results[2]!.relevance.text!.score);
  });

  it("counts adaptations from the database after a restart too", () => {
    const s = setup();
    const failed = s.lesson();
    const plain = s.lesson();
    s.services.adaptations.create(failed.id, {
      unitId: s.thirdUnit.id,
      result: "did_not_work",
      notes: "Our residents would not open the door.",
    });
    s.services.adaptations.create(plain.id, {
      unitId: s.otherUnit.id,
      result: "partly",
      notes: "Only on the day shift.",
    });
    const restarted = createServices({ database: s.database, clock: { now: () => NOW } });
    expect(restarted.filter.filter(INSTALLATION, { q: "coffee" }).results.map((r) => r.id)).toEqual([
      plain.id,
      failed.id,
    ]);
  });

  it("ranks 'research' evidence above 'anecdote' for otherwise identical lessons", () => {
    const s = setup();
    const anecdote = s.lesson({ evidence: { kind: "anecdote" } });
    const research = s.lesson({ evidence: { kind: "research" } });
    expect(ids(s, {})).toEqual([research.id, anecdote.id]);
    expect(ids(s, { q: "neighbours" })).toEqual([research.id, anecdote.id]);
    const reply = s.services.filter.filter(INSTALLATION, {});
    expect(reply.results.map((r) => r.relevance.evidenceScore)).toEqual([
      DEFAULT_RANKING.evidence.research,
      DEFAULT_RANKING.evidence.anecdote,
    ]);
  });

  it("ranks newer lessons higher when everything else is equal (recency with a query)", () => {
    let now = new Date(NOW.getTime() - 800 * DAY_MS);
    const database = openDatabase(":memory:");
    const services = createServices({ database, clock: { now: () => now } });
    loadSeed(services, database, "vocabulary");
    const organisation = services.organisations.create({ name: "Tidsby" });
    const unit = services.units.create({ organisationId: organisation.id, name: "Team" });
    const input: LessonInput = {
      unitId: unit.id,
      title: "Coffee visits",
      summary: "Coffee visits with neighbours.",
      language: "en",
      mechanisms: [],
      why: "Because neighbours met.",
      outcomes: [],
      status: "published",
    };
    const old = services.lessons.create(input).lesson;
    now = NOW;
    const fresh = services.lessons.create(input).lesson;
    const reply = services.filter.filter(INSTALLATION, { q: "coffee" });
    expect(reply.results.map((r) => r.id)).toEqual([fresh.id, old.id]);
    expect(reply.results[0]!.relevance.recency).toBe(1);
    expect(reply.results[1]!.relevance.recency).toBeCloseTo(recency(800 * DAY_MS, 730), 4);
  });

  describe("a synonym or label in another language finds a tagged lesson whose text never uses it", () => {
    const s = setup();
    const tagged = s.lesson({ mechanisms: ["relationships"] });
    const untagged = s.lesson({ mechanisms: ["trust"] });
    const text = s.services.lessons.get(tagged.id);
    const all = [text.title, text.summary, text.why, text.context.narrative].join(" ").toLowerCase();

    it("the lesson text does not mention relations in any language", () => {
      expect(all).not.toMatch(/relat|relas/);
    });

    it.each(["relasjoner", "Relationer", "relationsarbejde", "relasjonsbygging", "rapport"])(
      "q = %s",
      (q) => {
        const reply = s.services.filter.filter(INSTALLATION, { q });
        expect(reply.results.map((r) => r.id)).toEqual([tagged.id]);
        expect(reply.total).toBe(1);
        expect(reply.results[0]!.relevance.text?.vocabularyTerms).toEqual([
          { facet: "mechanism", slug: "relationships", word: q.toLowerCase() },
        ]);
        // matched as the concept it names, not as a word of the text
        expect(reply.results[0]!.relevance.text?.matchedTerms).toEqual([q.toLowerCase()]);
        expect(reply.results[0]!.relevance.text?.missingWords).toEqual([]);
        expect(reply.results[0]!.relevance.text?.score).toBe(DEFAULT_RANKING.vocabularyMatch);
        expect(reply.query?.words[0]?.terms.map((t) => t.slug)).toEqual(["relationships"]);
        expect(reply.results.map((r) => r.id)).not.toContain(untagged.id);
      },
    );

    it("a text match outranks a vocabulary-only match", () => {
      const s2 = setup();
      const byTag = s2.lesson({ mechanisms: ["trust"] });
      const byText = s2.lesson({
        mechanisms: ["recognition"],
        summary: "Neighbours came for coffee visits and trust grew between them.",
      });
      expect(ids(s2, { q: "tillit" })).toEqual([byTag.id]);
      expect(ids(s2, { q: "trust" })).toEqual([byText.id, byTag.id]);
    });
  });
});

describe("ranking weights from the configuration", () => {
  it("a custom withoutQuery weighting (evidence only) reverses a context-first order", () => {
    const build = (ranking: RankingConfig) => {
      const s = setup(ranking);
      const matchAnecdote = s.lesson({
        context: { tags: { serviceArea: ["home_care"] } },
        evidence: { kind: "anecdote" },
      });
      const otherResearch = s.lesson({
        context: { tags: { serviceArea: ["schools"] } },
        evidence: { kind: "research" },
      });
      return { s, matchAnecdote, otherResearch };
    };
    const context: ContextTags = { serviceArea: ["home_care"] };
    const byDefault = build(DEFAULT_RANKING);
    expect(ids(byDefault.s, { context })).toEqual([byDefault.matchAnecdote.id, byDefault.otherResearch.id]);
    const evidenceOnly = build({ ...DEFAULT_RANKING, withoutQuery: { context: 0, evidence: 1 } });
    expect(ids(evidenceOnly.s, { context })).toEqual([
      evidenceOnly.otherResearch.id,
      evidenceOnly.matchAnecdote.id,
    ]);
  });
});

describe("adaptationScore", () => {
  const counts = (worked: number, partly: number, didNotWork: number): AdaptationCounts => ({
    worked,
    partly,
    didNotWork,
  });

  it("scores concrete tallies", () => {
    expect(adaptationScore(counts(0, 0, 0))).toBe(0);
    expect(adaptationScore(counts(1, 0, 0))).toBe(0.5);
    expect(adaptationScore(counts(0, 0, 1))).toBe(-0.5);
    expect(adaptationScore(counts(0, 1, 0))).toBe(0.25);
    expect(adaptationScore(counts(1, 0, 1))).toBe(0);
    expect(adaptationScore(counts(2, 2, 0))).toBe(0.6);
    expect(adaptationScore(counts(3, 0, 0))).toBe(0.75);
  });

  it("stays strictly between -1 and 1 and rises with every 'worked'", () => {
    const n = fc.nat({ max: 50 });
    fc.assert(
      fc.property(n, n, n, (w, p, d) => {
        const score = adaptationScore(counts(w, p, d));
        expect(score).toBeGreaterThan(-1);
        expect(score).toBeLessThan(1);
        expect(adaptationScore(counts(w + 1, p, d))).toBeGreaterThan(score);
        if (w + p + d > 0) expect(adaptationScore(counts(w, p, d + 1))).toBeLessThan(score);
      }),
      { numRuns: 300 },
    );
  });
});

describe("recency", () => {
  it("is 1 today and halves every half-life", () => {
    expect(recency(0, 730)).toBe(1);
    expect(recency(730 * DAY_MS, 730)).toBe(0.5);
    expect(recency(1460 * DAY_MS, 730)).toBe(0.25);
    expect(recency(10 * DAY_MS, 10)).toBe(0.5);
  });

  it("treats a future date as today", () => {
    expect(recency(-5 * DAY_MS, 730)).toBe(1);
  });

  it("decreases with age", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.integer({ min: 1, max: 5000 }), (days, extra) => {
        expect(recency((days + extra) * DAY_MS, 730)).toBeLessThan(recency(days * DAY_MS, 730));
      }),
      { numRuns: 200 },
    );
  });
});

describe("combine", () => {
  const parts = (p: Partial<ScoreParts>): ScoreParts => ({
    text: 0,
    context: 0,
    evidence: 0,
    adaptations: 0,
    recency: 0,
    ...p,
  });

  it("without a query: context and evidence only, with the default weights", () => {
    expect(combine(parts({ context: 1, evidence: 1 }), false, DEFAULT_RANKING)).toBe(1);
    expect(combine(parts({ context: 1 }), false, DEFAULT_RANKING)).toBe(0.75);
    expect(combine(parts({ evidence: 1 }), false, DEFAULT_RANKING)).toBe(0.25);
    // text, adaptations and recency do not count without a query
    expect(combine(parts({ text: 1, adaptations: 1, recency: 1 }), false, DEFAULT_RANKING)).toBe(0);
  });

  it("with a query: the weighted mean of all parts", () => {
    const w = DEFAULT_RANKING.withQuery;
    const sum = w.text + w.context + w.evidence + w.adaptations + w.recency;
    expect(combine(parts({ text: 1 }), true, DEFAULT_RANKING)).toBeCloseTo(w.text / sum, 12);
    expect(combine(parts({ context: 1 }), true, DEFAULT_RANKING)).toBeCloseTo(w.context / sum, 12);
    expect(combine(parts({ adaptations: -1 }), true, DEFAULT_RANKING)).toBeCloseTo(-w.adaptations / sum, 12);
    expect(
      combine(parts({ text: 1, context: 1, evidence: 1, adaptations: 1, recency: 1 }), true, DEFAULT_RANKING),
    ).toBeCloseTo(1, 12);
  });

  it("normalises by the sum of the weights", () => {
    const doubled: RankingConfig = {
      ...DEFAULT_RANKING,
      withQuery: Object.fromEntries(
        Object.entries(DEFAULT_RANKING.withQuery).map(([k, v]) => [k, v * 2]),
      ) as RankingConfig["withQuery"],
      withoutQuery: { context: 3, evidence: 1 },
    };
    const p = parts({ text: 0.7, context: 0.4, evidence: 0.6, adaptations: -0.2, recency: 0.9 });
    expect(combine(p, true, doubled)).toBeCloseTo(combine(p, true, DEFAULT_RANKING), 12);
    expect(combine(p, false, doubled)).toBeCloseTo(combine(p, false, DEFAULT_RANKING), 12);
  });

  it("scores 0 rather than NaN when every weight is 0", () => {
    const zero: RankingConfig = {
      ...DEFAULT_RANKING,
      withQuery: { text: 0, context: 0, evidence: 0, adaptations: 0, recency: 0 },
      withoutQuery: { context: 0, evidence: 0 },
    };
    expect(combine(parts({ text: 1, context: 1 }), true, zero)).toBe(0);
    expect(combine(parts({ context: 1 }), false, zero)).toBe(0);
  });

  it("custom weights change the order", () => {
    const textual = parts({ text: 1, context: 0.2, evidence: 0.4 });
    const contextual = parts({ text: 0.3, context: 1, evidence: 0.4 });
    expect(combine(textual, true, DEFAULT_RANKING)).toBeGreaterThan(
      combine(contextual, true, DEFAULT_RANKING),
    );
    const contextFirst: RankingConfig = {
      ...DEFAULT_RANKING,
      withQuery: { text: 0.1, context: 0.7, evidence: 0.1, adaptations: 0.05, recency: 0.05 },
    };
    expect(combine(contextual, true, contextFirst)).toBeGreaterThan(combine(textual, true, contextFirst));

    const strongContext = parts({ context: 1, evidence: 0.2 });
    const strongEvidence = parts({ context: 0.2, evidence: 1 });
    expect(combine(strongContext, false, DEFAULT_RANKING)).toBeGreaterThan(
      combine(strongEvidence, false, DEFAULT_RANKING),
    );
    const evidenceFirst: RankingConfig = {
      ...DEFAULT_RANKING,
      withoutQuery: { context: 0.2, evidence: 0.8 },
    };
    expect(combine(strongEvidence, false, evidenceFirst)).toBeGreaterThan(
      combine(strongContext, false, evidenceFirst),
    );
  });

  it("stays within [-1, 1] for parts in range and any weights", () => {
    const unit = fc.double({ min: 0, max: 1, noNaN: true });
    const w = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({
          text: unit,
          context: unit,
          evidence: unit,
          adaptations: fc.double({ min: -1, max: 1, noNaN: true }),
          recency: unit,
        }),
        fc.record({ text: w, context: w, evidence: w, adaptations: w, recency: w }),
        fc.boolean(),
        (p, weights, hasQuery) => {
          const config: RankingConfig = {
            ...DEFAULT_RANKING,
            withQuery: weights,
            withoutQuery: { context: weights.context, evidence: weights.evidence },
          };
          const score = combine(p, hasQuery, config);
          expect(score).toBeGreaterThanOrEqual(-1 - 1e-9);
          expect(score).toBeLessThanOrEqual(1 + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("questions: match modes, coverage, common words, the failure intent (filter service)", () => {
  it("puts a lesson matching every informative word above one matching fewer, even with a better context", () => {
    const s = setup();
    const home: ContextTags = { serviceArea: ["home_care"], userGroup: ["older_adults"] };
    const fewer = s.lesson({
      title: "Gardening with residents",
      summary: "Residents planted the garden together.",
      why: "The garden gave residents a shared task.",
      context: { narrative: null, tags: home },
    });
    const all = s.lesson({
      title: "Gardening and baking with residents",
      summary: "Residents planted the garden and baked bread.",
      why: "The garden and the bakery gave residents shared tasks.",
      context: { narrative: null, tags: { serviceArea: ["schools"] } },
    });
    const reply = s.services.filter.filter(INSTALLATION, {
      q: "why did gardening and baking",
      context: home,
    });
    expect(reply.results.map((r) => r.id)).toEqual([all.id, fewer.id]);
    expect(reply.results[0]!.relevance.text).toMatchObject({ allInformative: true, missingWords: [] });
    expect(reply.results[1]!.relevance.text).toMatchObject({
      allInformative: false,
      missingWords: ["baking"],
    });
    expect(reply.results[0]!.score).toBeGreaterThan(0.5);
    expect(reply.results[1]!.score).toBeLessThan(0.5);
    // a word in no lesson: no lesson matches everything, and each says what it lacks
    const help = s.services.filter.filter(INSTALLATION, {
      q: "why did gardening and baking at the lighthouse",
      context: home,
    });
    const lacks = new Map(help.results.map((r) => [r.id, r.relevance.text?.missingWords]));
    expect(lacks.get(all.id)).toEqual(["lighthouse"]);
    expect(lacks.get(fewer.id)).toEqual(["baking", "lighthouse"]);
    expect(help.results.every((r) => !r.relevance.text?.allInformative)).toBe(true);
    // a word in no lesson is informative: listed, and the strict reading then finds nothing
    expect(help.query?.missingWords).toEqual(["lighthouse"]);
    expect(
      s.services.filter.filter(INSTALLATION, { q: "gardening baking lighthouse", match: "all" }).total,
    ).toBe(0);
    expect(ids(s, { q: "gardening baking", match: "all" })).toEqual([all.id]);
  });

  it("answers a long question in which some words are in no lesson", () => {
    const s = setup();
    const lesson = s.lesson();
    const reply = s.services.filter.filter(INSTALLATION, {
      q: "how can we get lonely neighbours in the district to accept coffee visits from our staff again",
    });
    expect(reply.results.map((r) => r.id)).toEqual([lesson.id]);
    expect(reply.query?.missingWords.length).toBeGreaterThan(0);
    expect(reply.results[0]!.relevance.text?.matchedTerms).toEqual(
      expect.arrayContaining(["neighbours", "coffee", "visits"]),
    );
  });

  it("weighs a rare word above a frequent one, and a named concept above a word as rare", () => {
    const s = setup();
    for (let i = 0; i < 6; i++) s.lesson({ title: `Coffee round ${i}`, mechanisms: ["recognition"] });
    s.lesson({
      title: "A quiet harbour bench",
      summary: "Bench talks.",
      why: "The bench was neutral ground.",
    });
    s.lesson({
      title: "Mentors on the ferry",
      summary: "Ferry talks.",
      why: "The ferry gave time.",
      mechanisms: ["trust"],
    });
    const reply = s.services.filter.filter(INSTALLATION, { q: "coffee bench tillid" });
    const weight = new Map(reply.query!.words.map((w) => [w.word, w]));
    expect(weight.get("bench")!.weight).toBeGreaterThan(weight.get("coffee")!.weight);
    expect(weight.get("tillid")!.kind).toBe("concept");
    expect(weight.get("tillid")!.lessons).toBe(weight.get("bench")!.lessons);
    expect(weight.get("tillid")!.weight).toBeGreaterThan(weight.get("bench")!.weight);
  });

  it("never lets a very common word match a lesson on its own (match most), but does with match any", () => {
    const s = setup();
    const commonOnly: string[] = [];
    for (let i = 0; i < 24; i++)
      commonOnly.push(
        s.lesson({ title: `Coffee meeting ${i}`, summary: "Coffee met.", why: "Coffee met." }).id,
      );
    const rare = s.lesson({ title: "Coffee at the lighthouse", summary: "Coffee met.", why: "Coffee met." });
    const reply = s.services.filter.filter(INSTALLATION, { q: "coffee lighthouse" });
    expect(reply.query?.words.find((w) => w.word === "coffee")?.common).toBe(true);
    expect(reply.results.map((r) => r.id)).toEqual([rare.id]);
    const any = s.services.filter.filter(INSTALLATION, { q: "coffee lighthouse", match: "any", limit: 100 });
    expect(any.total).toBe(commonOnly.length + 1);
    expect(any.results[0]!.id).toBe(rare.id);
    // asked alone, the common word is all there is to go by
    expect(s.services.filter.filter(INSTALLATION, { q: "coffee" }).total).toBe(commonOnly.length + 1);
  });

  it("puts a negative lesson above an equally matching positive one for a question about failure", () => {
    const s = setup();
    const positive = s.lesson({ outcomes: [{ term: "social_network", direction: "positive" }] });
    const negative = s.lesson({ outcomes: [{ term: "social_network", direction: "negative" }] });
    const mixed = s.lesson({
      outcomes: [
        { term: "social_network", direction: "positive" },
        { term: "user_wellbeing", direction: "negative" },
      ],
    });
    // the same words without the intent: equal lessons stay in the order they were logged
    expect(ids(s, { q: "coffee visits" })).toEqual([positive.id, negative.id, mixed.id]);
    for (const q of ["what went wrong with the coffee visits", "hvorfor virkede kaffebesøgene ikke coffee"]) {
      const reply = s.services.filter.filter(INSTALLATION, { q });
      expect(reply.query?.intent).toBe("failure");
      // counter-examples first, the others still there
      expect(reply.results.map((r) => r.id).slice(-1)).toEqual([positive.id]);
      expect(new Set(reply.results.map((r) => r.id).slice(0, 2))).toEqual(new Set([negative.id, mixed.id]));
    }
  });

  it("ranks a frequent word's title or summary matches above the others, without bm25", () => {
    // every word is "frequent" with a limit of 0: no bm25, only where the word stands
    const s = setup({ ...DEFAULT_RANKING, bm25MatchLimit: 0 });
    const inWhy = s.lesson({ title: "Evenings", summary: "People met.", why: "The lighthouse was neutral." });
    const inTitle = s.lesson({
      title: "Lighthouse evenings",
      summary: "People met.",
      why: "It was neutral.",
    });
    const inSummary = s.lesson({ title: "Evenings", summary: "At the lighthouse.", why: "It was neutral." });
    const reply = s.services.filter.filter(INSTALLATION, { q: "lighthouse" });
    expect(reply.results.map((r) => r.id).slice(-1)).toEqual([inWhy.id]);
    expect(new Set(reply.results.slice(0, 2).map((r) => r.id))).toEqual(new Set([inTitle.id, inSummary.id]));
    const byId = new Map(reply.results.map((r) => [r.id, r.relevance.text?.coverage]));
    expect(byId.get(inTitle.id)).toBe(1);
    expect(byId.get(inWhy.id)).toBe(0.75);
  });

  it("reads a word in no lesson that is one word of a longer term name as that term, and only then", () => {
    const s = setup();
    const tagged = s.lesson({ title: "The panel met once", pitfalls: ["symbolic_involvement"] });
    const plain = s.lesson({ title: "The panel met twice" });
    // "tokenism" is a whole name: an exact concept; "window" is only part of "window dressing"
    const window = s.services.filter.filter(INSTALLATION, { q: "window" });
    expect(window.query?.words[0]).toMatchObject({ kind: "concept", partOfName: true, lessons: 1 });
    expect(window.results.map((r) => r.id)).toEqual([tagged.id]);
    // still a word no lesson uses: listed as missing, and the strict reading finds nothing
    expect(window.query?.missingWords).toEqual(["window"]);
    const strict = s.services.filter.filter(INSTALLATION, { q: "window", match: "all" });
    expect(strict.total).toBe(0);
    expect(strict.query?.words[0]).toMatchObject({ kind: "word", lessons: 0 });
    // once a lesson uses the word, it is that word
    const windowLesson = s.lesson({ title: "A window onto the panel" });
    const again = s.services.filter.filter(INSTALLATION, { q: "window" });
    expect(again.query?.words[0]).toMatchObject({ kind: "word" });
    expect(again.query?.words[0]?.partOfName).toBeUndefined();
    expect(again.results.map((r) => r.id)).toEqual([windowLesson.id]);
    expect(ids(s, { q: "panel" })).toEqual(expect.arrayContaining([tagged.id, plain.id, windowLesson.id]));
  });

  it("uses the bm25 column weights: title over summary over why over narrative, and reversed when configured", () => {
    const text = (where: "title" | "summary" | "why" | "narrative") => ({
      title: where === "title" ? "Lighthouse evenings" : "Evenings together",
      summary: where === "summary" ? "The lighthouse evenings drew people." : "The evenings drew people.",
      why:
        where === "why"
          ? "People came to the lighthouse because it was neutral."
          : "People came because it was neutral.",
      context: { narrative: where === "narrative" ? "A lighthouse village." : "A village.", tags: {} },
    });
    const order = (ranking: RankingConfig) => {
      const s = setup(ranking);
      const made = (["narrative", "why", "summary", "title"] as const).map((where) => [
        where,
        s.lesson(text(where)).id,
      ]);
      const name = new Map(made.map(([where, id]) => [id, where]));
      return ids(s, { q: "lighthouse" }).map((id) => name.get(id));
    };
    expect(order(DEFAULT_RANKING)).toEqual(["title", "summary", "why", "narrative"]);
    const reversed = { ...DEFAULT_RANKING, columns: { title: 1, summary: 2, why: 3, narrative: 4 } };
    expect(order(reversed)).toEqual(["narrative", "why", "summary", "title"]);
  });
});
