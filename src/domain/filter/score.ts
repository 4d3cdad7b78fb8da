// Filter step 2, score: every matching lesson's score from its parts — how much of the question's
// information it covers, context similarity, evidence, adaptations, recency, and (for a question
// about what went wrong) whether it is a counter-example. A lesson matching every informative clause
// of the question scores above every lesson that does not.
import { Bitset } from "../../search/bitset.js";
import type { LessonIndex } from "../../search/facets.js";
import {
  combine,
  combineWithoutQuery,
  DAY_MS,
  EVIDENCE_KINDS,
  type RankingConfig,
  recency,
  type ScoreParts,
} from "../../search/rank.js";
import type { ContextSimilarity } from "../context-similarity.js";
import type { PlannedQuery } from "./plan.js";

/** Overall directions that make a lesson a counter-example for a question about failure. */
const COUNTER_EXAMPLE = ["negative", "mixed"] as const;

export type TextCoverage = {
  /** Σ weight × match quality of the clauses the lesson matches, over Σ weight: 0..1. */
  coverage: number;
  /** Matches every clause the question requires (its informative ones). */
  complete: boolean;
};

export type Scorer = {
  /** Fills `parts` for one lesson and returns its score (parts are reused: this runs for every match). */
  score(docId: number, parts: ScoreParts & TextCoverage): number;
  /** The same score without its parts: what ranking every match needs, as cheaply as it can be had. */
  rank(docId: number): number;
};

export function createScorer(input: {
  query: PlannedQuery | null;
  context: { similarity: ContextSimilarity; scores: Float32Array };
  index: LessonIndex;
  ranking: RankingConfig;
  asOf: number;
}): Scorer {
  const { query, index, ranking, asOf } = input;
  const clauses = query?.clauses ?? [];
  const hasQuery = clauses.length > 0;
  const totalWeight = clauses.reduce((sum, c) => sum + c.weight, 0) || 1;
  // plain arrays for the loop that runs for every match
  const qualities = clauses.map((c) => c.quality);
  const weights = clauses.map((c) => c.weight);
  const required = clauses.map((c) => query?.required.includes(c) ?? false);
  // the counter-examples as one set, for a question about failure
  let counterExamples: Bitset | undefined;
  if (query?.intent === "failure") {
    counterExamples = new Bitset(index.capacity);
    for (const direction of COUNTER_EXAMPLE) {
      const set = index.fieldSet("outcomeDirection", direction);
      if (set) counterExamples.or(set);
    }
  }
  const evidenceStrength = EVIDENCE_KINDS.map((kind) => ranking.evidence[kind]);
  const contextScores = input.context.similarity.hasContext ? input.context.scores : undefined;
  // recency at day resolution, computed once per distinct age (ages in days index the array)
  const recencyByAge: number[] = [];
  const recencyOf = (publishedAt: number) => {
    const days = Math.max(0, Math.floor((asOf - publishedAt) / DAY_MS));
    let value = recencyByAge[days];
    if (value === undefined) {
      value = recency(days * DAY_MS, ranking.recencyHalfLifeDays);
      recencyByAge[days] = value;
    }
    return value;
  };

  const score = (docId: number, parts: ScoreParts & TextCoverage): number => {
    let covered = 0;
    let complete = true;
    for (let c = 0; c < qualities.length; c++) {
      const quality = qualities[c]![docId]!;
      covered += weights[c]! * quality;
      if (quality === 0 && required[c]) complete = false;
    }
    parts.coverage = covered / totalWeight;
    parts.complete = hasQuery && complete;
    parts.text = hasQuery ? parts.coverage : 0;
    parts.context = contextScores ? contextScores[docId]! : 0;
    parts.evidence = evidenceStrength[index.evidenceCode[docId]!]!;
    parts.adaptations = hasQuery ? index.adaptation[docId]! : 0;
    parts.recency = hasQuery ? recencyOf(index.publishedAt[docId]!) : 0;
    if (!hasQuery) return combine(parts, false, ranking);
    let base = combine(parts, true, ranking);
    if (counterExamples) {
      const counter = counterExamples.has(docId) ? 1 : 0;
      base = (base + ranking.failureIntent * counter) / (1 + ranking.failureIntent);
    }
    // complete matches in the upper half of the scale, the rest in the lower half
    const clamped = Math.min(1, Math.max(0, base));
    return (parts.complete ? 1 + clamped : clamped) / 2;
  };
  const scratch: ScoreParts & TextCoverage = {
    text: 0,
    context: 0,
    evidence: 0,
    adaptations: 0,
    recency: 0,
    coverage: 0,
    complete: false,
  };
  // without text, context and evidence are all there is: read straight from their columns (a
  // context-only request ranks every visible lesson)
  const rank = hasQuery
    ? (docId: number) => score(docId, scratch)
    : (docId: number) =>
        combineWithoutQuery(
          contextScores ? contextScores[docId]! : 0,
          evidenceStrength[index.evidenceCode[docId]!]!,
          ranking,
        );
  return { score, rank };
}
