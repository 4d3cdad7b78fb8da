// Ranking metrics for the relevance evaluation (bench/eval.ts): nDCG@k, precision@k and recall@k over
// graded judgments. Pure functions: a ranking is a list of lesson ids, judgments map ids to grades 0–3.

/** Lesson id → grade (0–3); an id that is not listed counts 0. */
export type Judgments = Readonly<Record<string, number>>;

/** A lesson counts as relevant for precision and recall from this grade on. */
export const RELEVANT_GRADE = 2;

const gradeOf = (judgments: Judgments, id: string): number => judgments[id] ?? 0;

/** Discounted cumulative gain of grades in rank order: Σ (2^g − 1) / log2(rank + 1). */
export function dcg(grades: readonly number[]): number {
  let sum = 0;
  grades.forEach((grade, i) => {
    sum += (2 ** grade - 1) / Math.log2(i + 2);
  });
  return sum;
}

/**
 * nDCG@k: the ranking's DCG over its first k ids, divided by the DCG of the best possible ranking of
 * the judged lessons. 0 when nothing is judged relevant. A repeated id counts once (at its first rank).
 */
export function ndcgAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const ideal = dcg(
    Object.values(judgments)
      .filter((grade) => grade > 0)
      .sort((a, b) => b - a)
      .slice(0, k),
  );
  if (ideal === 0) return 0;
  return (
    dcg(
      unique(ranking)
        .slice(0, k)
        .map((id) => gradeOf(judgments, id)),
    ) / ideal
  );
}

/** P@k: the share of the first k ranks that hold a relevant lesson (an empty rank counts as not relevant). */
export function precisionAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const hits = unique(ranking)
    .slice(0, k)
    .filter((id) => gradeOf(judgments, id) >= RELEVANT_GRADE).length;
  return hits / k;
}

/** R@k: the share of the relevant lessons found in the first k ranks; 0 when none is relevant. */
export function recallAt(ranking: readonly string[], judgments: Judgments, k: number): number {
  const relevant = Object.keys(judgments).filter((id) => gradeOf(judgments, id) >= RELEVANT_GRADE);
  if (relevant.length === 0) return 0;
  const top = new Set(unique(ranking).slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** The arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function unique(ranking: readonly string[]): string[] {
  return [...new Set(ranking)];
}
