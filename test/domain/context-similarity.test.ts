// Context similarity has one rule and two ways to evaluate it: per lesson (the digest) and over a
// bitset of lessons at once (the filter). They must agree for any requester and any lessons.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextSimilarity } from "../../src/domain/context-similarity.js";
import { Bitset } from "../../src/search/bitset.js";
import { LessonIndex } from "../../src/search/facets.js";
import { DEFAULT_RANKING } from "../../src/search/rank.js";

// two dimensions; b is a child of a, e of d (parents and children count partly)
const TERMS: Record<string, { facet: string; parent?: string }> = {
  a: { facet: "serviceArea" },
  b: { facet: "serviceArea", parent: "a" },
  c: { facet: "serviceArea" },
  d: { facet: "userGroup" },
  e: { facet: "userGroup", parent: "d" },
  f: { facet: "setting" },
};
const vocabulary = {
  termById: (id: string) => (TERMS[id] ? { facet: TERMS[id].facet } : undefined),
  relatedTerms: (id: string) =>
    Object.keys(TERMS).filter((other) => TERMS[other]!.parent === id || TERMS[id]?.parent === other),
} as unknown as Parameters<typeof contextSimilarity>[1]["vocabulary"];
const ids = Object.keys(TERMS);

function indexOf(lessons: string[][]): LessonIndex {
  const index = new LessonIndex();
  for (const [docId, termIds] of lessons.entries())
    index.upsert({
      docId,
      lessonId: `l${docId}`,
      unitId: "u",
      organisationId: "o",
      status: "published",
      visibility: "organisation",
      published: true,
      language: "en",
      stage: "pilot",
      evidence: "anecdote",
      outcomeDirection: "positive",
      publishedAt: 0,
      termIds,
      adaptations: { worked: 0, partly: 0, didNotWork: 0 },
    });
  return index;
}

describe("contextSimilarity", () => {
  it("gives the same similarity per lesson as over a set of lessons", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 }),
        fc.array(fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        (requester, lessons) => {
          const similarity = contextSimilarity(requester, { vocabulary, ranking: DEFAULT_RANKING });
          const index = indexOf(lessons);
          const scope = new Bitset(index.capacity);
          for (let docId = 0; docId < lessons.length; docId++) scope.add(docId);
          const over = similarity.over(scope, index);
          lessons.forEach((termIds, docId) => {
            expect(over[docId]).toBeCloseTo(similarity.of({ termIds }), 5);
          });
          expect(similarity.hasContext).toBe(requester.length > 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("weighs an exact term fully, a parent or child partly, and dimensions by their weight", () => {
    const similarity = contextSimilarity(["a", "d"], { vocabulary, ranking: DEFAULT_RANKING });
    const area = DEFAULT_RANKING.dimensions.serviceArea!;
    const group = DEFAULT_RANKING.dimensions.userGroup!;
    expect(similarity.of({ termIds: ["a", "d"] })).toBeCloseTo(1, 10);
    expect(similarity.of({ termIds: ["a"] })).toBeCloseTo(area / (area + group), 10);
    expect(similarity.of({ termIds: ["b"] })).toBeCloseTo(
      (DEFAULT_RANKING.relatedTermMatch * area) / (area + group),
      10,
    );
    expect(similarity.of({ termIds: ["c", "f"] })).toBe(0);
  });
});
