// The scorer's two ways to the same number: `rank` (what the pager runs over every match, without
// parts) returns exactly what `score` returns with its parts filled, for random lessons, contexts,
// clauses and intents — so a page's order and its results' scores and explanations agree.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextSimilarity } from "../../src/domain/context-similarity.js";
import type { PlannedClause, PlannedQuery } from "../../src/domain/filter/plan.js";
import { createScorer, type TextCoverage } from "../../src/domain/filter/score.js";
import { Bitset } from "../../src/search/bitset.js";
import { type Direction, LessonIndex } from "../../src/search/facets.js";
import { DEFAULT_RANKING, EVIDENCE_KINDS, type ScoreParts } from "../../src/search/rank.js";

const TERMS = ["t_home", "t_elder", "t_rural", "t_youth"];
const vocabulary = {
  termById: (id: string) =>
    TERMS.includes(id) ? { facet: id === "t_rural" ? "setting" : "serviceArea" } : undefined,
  relatedTerms: (id: string) => (id === "t_home" ? ["t_elder"] : id === "t_elder" ? ["t_home"] : []),
} as unknown as Parameters<typeof contextSimilarity>[1]["vocabulary"];

const doc = fc.record({
  termIds: fc.uniqueArray(fc.constantFrom(...TERMS), { maxLength: 3 }),
  evidence: fc.constantFrom(...EVIDENCE_KINDS),
  direction: fc.constantFrom<Direction>("positive", "negative", "mixed", "none"),
  ageDays: fc.nat({ max: 2000 }),
});
const clause = fc.record({
  weight: fc.double({ min: 0.01, max: 5, noNaN: true }),
  required: fc.boolean(),
  qualities: fc.array(fc.constantFrom(0, 0.5, 0.75, 1, 0.3), { minLength: 40, maxLength: 40 }),
});

const NOW = Date.parse("2026-06-01T00:00:00Z");
const DAY = 86_400_000;

describe("scorer", () => {
  it("property: rank(docId) equals score(docId, parts) for every lesson, with and without a question", () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.constantFrom(...TERMS), { maxLength: 3 }),
        fc.array(clause, { maxLength: 3 }),
        fc.constantFrom<PlannedQuery["intent"]>(null, "failure"),
        (docs, requester, clauses, intent) => {
          const index = new LessonIndex();
          docs.forEach((d, docId) => {
            index.upsert({
              docId,
              lessonId: `les_${docId}`,
              unitId: "unit_a",
              organisationId: "org_a",
              status: "published",
              visibility: "public",
              published: true,
              language: "en",
              stage: "pilot",
              evidence: d.evidence,
              outcomeDirection: d.direction,
              publishedAt: NOW - d.ageDays * DAY,
              termIds: d.termIds,
              adaptations: { worked: docId % 3, partly: 0, didNotWork: docId % 2 },
            });
          });
          const planned = clauses.map(
            (c, i) =>
              ({
                text: `w${i}`,
                kind: "word",
                words: [],
                termIds: [],
                tagged: new Bitset(0),
                matched: new Bitset(0),
                quality: Float32Array.from(c.qualities),
                typoVariants: [],
                lessons: 1,
                weight: c.weight,
                common: false,
              }) satisfies PlannedClause,
          );
          const query: PlannedQuery = {
            clauses: planned,
            noise: [],
            intent,
            required: planned.filter((_, i) => clauses[i]!.required),
          };
          const similarity = contextSimilarity(requester, { vocabulary, ranking: DEFAULT_RANKING });
          const scorer = createScorer({
            query: clauses.length > 0 ? query : null,
            context: { similarity, scores: similarity.over(index.published, index) },
            index,
            ranking: DEFAULT_RANKING,
            asOf: NOW,
          });
          const parts: ScoreParts & TextCoverage = {
            text: 0,
            context: 0,
            evidence: 0,
            adaptations: 0,
            recency: 0,
            coverage: 0,
            complete: false,
          };
          for (let docId = 0; docId < docs.length; docId++)
            expect(scorer.rank(docId)).toBe(scorer.score(docId, parts));
        },
      ),
      { numRuns: 300 },
    );
  });
});
