// Ranking for the requester's context: text relevance, context similarity per dimension, evidence
// strength, adaptation results and recency, combined with configurable weights.
import { z } from "zod";

import { EVIDENCE_KINDS, type EvidenceKind } from "../words.js";

export { EVIDENCE_KINDS, type EvidenceKind };

const weight = z.number().min(0).max(100);

/** The ranking configuration: every weight of the score lives here (RANKING_WEIGHTS overrides it). */
export const RankingConfig = z.strictObject({
  /** Weights of the score's parts when the request has a text query. */
  withQuery: z.strictObject({
    text: weight,
    context: weight,
    evidence: weight,
    adaptations: weight,
    recency: weight,
  }),
  /** …and without one: context similarity and evidence alone. */
  withoutQuery: z.strictObject({ context: weight, evidence: weight }),
  /** Importance of each context dimension; a dimension not named gets `otherDimension`. */
  dimensions: z.record(z.string(), weight),
  otherDimension: weight,
  /** A parent or child of the requester's term counts this much of an exact match. */
  relatedTermMatch: z.number().min(0).max(1),
  /** How a query word naming a controlled term the lesson is tagged with counts, against the best text match (1). */
  vocabularyMatch: z.number().min(0).max(1),
  /** Strength of each evidence kind, 0..1. */
  evidence: z.strictObject({
    anecdote: weight,
    observation: weight,
    local_evaluation: weight,
    external_evaluation: weight,
    research: weight,
  }),
  /** Recency halves every this many days. */
  recencyHalfLifeDays: z.number().min(1).max(100_000),
  /**
   * bm25 is computed for a word found in at most this many lessons (it costs 5–20 ms over 2,000–
   * 10,000 matches at 100,000 lessons); a more frequent word counts fully where a lesson's title or
   * summary has it, and half elsewhere.
   */
  bm25MatchLimit: z.number().int().min(0).max(1_000_000),
  /**
   * In a question, a word found in more than this share of the lessons is "common": it
   * weighs `commonWordWeight` of its rarity and never makes a lesson match on its own.
   */
  commonQueryWordShare: z.number().min(0).max(1),
  /** …and in at least this many lessons: in a small collection no word is common. */
  commonQueryWordMinLessons: z.number().int().min(0),
  commonWordWeight: z.number().min(0).max(1),
  /** A concept (a word or phrase naming a controlled term) or a quoted phrase weighs this many times a word as rare. */
  conceptWeight: weight,
  /** For a question about what went wrong: weight of being a counter-example (negative or mixed), against the score's 1. */
  failureIntent: weight,
  /** bm25 weights of the text columns. */
  columns: z.strictObject({ title: weight, summary: weight, why: weight, narrative: weight }),
});
export type RankingConfig = z.infer<typeof RankingConfig>;

export const DEFAULT_RANKING: RankingConfig = {
  // a question says what the reader wants to know: its words outweigh the reader's context
  withQuery: { text: 0.6, context: 0.25, evidence: 0.07, adaptations: 0.05, recency: 0.03 },
  withoutQuery: { context: 0.75, evidence: 0.25 },
  // the service area and the user group say most about whether a lesson travels
  dimensions: { serviceArea: 3, userGroup: 2, setting: 1, organisationForm: 1, scale: 0.5 },
  otherDimension: 1,
  relatedTermMatch: 0.5,
  vocabularyMatch: 0.8,
  evidence: { anecdote: 0.2, observation: 0.4, local_evaluation: 0.6, external_evaluation: 0.8, research: 1 },
  recencyHalfLifeDays: 730,
  bm25MatchLimit: 2000,
  commonQueryWordShare: 0.25,
  commonQueryWordMinLessons: 20,
  commonWordWeight: 0.5,
  // a named concept matches tagged lessons in every language: it says more than one word does
  conceptWeight: 1.5,
  // strong enough to put counter-examples first among equally matching lessons, not above far better ones
  failureIntent: 0.5,
  columns: { title: 4, summary: 3, why: 2, narrative: 1 },
};

export type AdaptationCounts = { worked: number; partly: number; didNotWork: number };

/** Adaptation counts from (result, count) rows as the database groups them; `planned` ones found nothing yet. */
export function adaptationCounts(rows: Iterable<{ result: string; n: number }>): AdaptationCounts {
  const counts: AdaptationCounts = { worked: 0, partly: 0, didNotWork: 0 };
  for (const row of rows) {
    if (row.result === "worked") counts.worked = row.n;
    else if (row.result === "partly") counts.partly = row.n;
    else if (row.result === "did_not_work") counts.didNotWork = row.n;
  }
  return counts;
}

/** From -1 (every adaptation failed) to 1 (every one worked); a lesson nobody tried scores 0. */
export function adaptationScore(counts: AdaptationCounts): number {
  const total = counts.worked + counts.partly + counts.didNotWork;
  return total === 0 ? 0 : (counts.worked + 0.5 * counts.partly - counts.didNotWork) / (total + 1);
}

export const DAY_MS = 86_400_000;

/** 1 for today, halving every half-life. */
export function recency(ageMs: number, halfLifeDays: number): number {
  return 0.5 ** (Math.max(ageMs, 0) / (halfLifeDays * DAY_MS));
}

export type ScoreParts = {
  text: number;
  context: number;
  evidence: number;
  adaptations: number;
  recency: number;
};

/** The final score of one lesson from its parts (each 0..1, adaptations -1..1). */
export function combine(parts: ScoreParts, hasQuery: boolean, config: RankingConfig): number {
  if (!hasQuery) return combineWithoutQuery(parts.context, parts.evidence, config);
  const w = config.withQuery;
  const total = w.text + w.context + w.evidence + w.adaptations + w.recency || 1;
  return (
    (w.text * parts.text +
      w.context * parts.context +
      w.evidence * parts.evidence +
      w.adaptations * parts.adaptations +
      w.recency * parts.recency) /
    total
  );
}

/** combine() for a request without text: context similarity and evidence alone. */
export function combineWithoutQuery(context: number, evidence: number, config: RankingConfig): number {
  const w = config.withoutQuery;
  return (w.context * context + w.evidence * evidence) / (w.context + w.evidence || 1);
}

export function dimensionWeight(dimension: string, config: RankingConfig): number {
  return config.dimensions[dimension] ?? config.otherDimension;
}
