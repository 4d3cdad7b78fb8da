// Context similarity: how close a lesson's context is to the requester's, 0..1 — the one rule the
// filter ranks by and the digest weighs by. Per requester term, a lesson earns the term's share in
// full when it carries the term, `relatedTermMatch` of it when it carries the term's parent or a
// child; each context dimension weighs as the ranking configuration says, shared by its terms.
import { Bitset } from "../search/bitset.js";
import type { IndexedLesson, LessonIndex } from "../search/facets.js";
import { dimensionWeight, type RankingConfig } from "../search/rank.js";
import type { VocabularyService } from "./vocabulary.js";

export type ContextSimilarity = {
  /** False when the requester names no context: nothing to be similar to. */
  readonly hasContext: boolean;
  /** One lesson's similarity (for a few thousand lessons, as the digest needs). */
  of(doc: Pick<IndexedLesson, "termIds">): number;
  /** Every lesson of `scope` at once through the terms' bitsets (for the filter's every match). */
  over(scope: Bitset, index: Pick<LessonIndex, "termSet" | "capacity">): Float32Array;
};

type Entry = { share: number; exact: string; related: string[] };

export function contextSimilarity(
  requesterTermIds: readonly string[],
  deps: { vocabulary: Pick<VocabularyService, "termById" | "relatedTerms">; ranking: RankingConfig },
): ContextSimilarity {
  const byDimension = new Map<string, string[]>();
  for (const id of requesterTermIds) {
    const term = deps.vocabulary.termById(id);
    if (term) byDimension.set(term.facet, [...(byDimension.get(term.facet) ?? []), id]);
  }
  let total = 0;
  for (const dimension of byDimension.keys()) total += dimensionWeight(dimension, deps.ranking);
  const entries: Entry[] = [];
  for (const [dimension, ids] of byDimension)
    for (const id of ids)
      entries.push({
        share: total > 0 ? dimensionWeight(dimension, deps.ranking) / ids.length / total : 0,
        exact: id,
        related: deps.vocabulary.relatedTerms(id),
      });
  const partial = deps.ranking.relatedTermMatch;

  // per lesson term: which entries it earns credit in, and how much (the better credit wins)
  const credits = new Map<string, { entry: number; credit: number }[]>();
  const credit = (termId: string, entry: number, value: number) => {
    const list = credits.get(termId) ?? [];
    list.push({ entry, credit: value });
    credits.set(termId, list);
  };
  entries.forEach((e, i) => {
    credit(e.exact, i, 1);
    for (const related of e.related) credit(related, i, partial);
  });
  const best = new Float64Array(entries.length);

  return {
    hasContext: total > 0,
    of(doc) {
      best.fill(0);
      for (const termId of doc.termIds) {
        const list = credits.get(termId);
        if (list) for (const { entry, credit } of list) if (credit > best[entry]!) best[entry] = credit;
      }
      let score = 0;
      for (let i = 0; i < entries.length; i++) score += entries[i]!.share * best[i]!;
      return score;
    },
    over(scope, index) {
      const scores = new Float32Array(index.capacity);
      for (const { share, exact, related } of entries) {
        const exactSet = index.termSet(exact);
        const relatedSet = new Bitset(index.capacity);
        for (const id of related) {
          const set = index.termSet(id);
          if (set) relatedSet.or(set);
        }
        if (exactSet) {
          scope.forEachAnd(exactSet, (docId) => {
            scores[docId]! += share;
          });
          relatedSet.andNot(exactSet);
        }
        const partialShare = share * partial;
        relatedSet.forEachAnd(scope, (docId) => {
          scores[docId]! += partialShare;
        });
      }
      return scores;
    },
  };
}
