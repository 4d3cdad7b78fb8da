// Unit tests of the relevance metrics used by `npm run eval` (bench/relevance/metrics.ts).
import { describe, expect, it } from "vitest";
import { dcg, mean, ndcgAt, precisionAt, recallAt } from "../../bench/relevance/metrics.js";

const judgments = { a: 3, b: 2, c: 1, d: 0, e: 2 };

describe("nDCG@k", () => {
  it("is 1 for the ideal ranking", () => {
    expect(ndcgAt(["a", "b", "e", "c"], judgments, 10)).toBeCloseTo(1, 12);
    expect(ndcgAt(["a", "e", "b", "c", "d", "x"], judgments, 10)).toBeCloseTo(1, 12);
  });

  it("is below 1 for the reversed ranking, and above 0", () => {
    const reversed = ndcgAt(["d", "c", "e", "b", "a"], judgments, 10);
    expect(reversed).toBeLessThan(1);
    expect(reversed).toBeGreaterThan(0);
  });

  it("matches a value computed by hand", () => {
    // ranking b, x, a: DCG = (2²−1)/log2(2) + 0 + (2³−1)/log2(4) = 3 + 3.5 = 6.5
    // ideal a, b, e (k = 3): 7/1 + 3/log2(3) + 3/2 = 8.5 + 1.892789…
    const ideal = 7 + 3 / Math.log2(3) + 1.5;
    expect(dcg([2, 0, 3])).toBeCloseTo(6.5, 12);
    expect(ndcgAt(["b", "x", "a"], judgments, 3)).toBeCloseTo(6.5 / ideal, 12);
    expect(ndcgAt(["b", "x", "a"], judgments, 3)).toBeCloseTo(0.62543, 4);
  });

  it("only looks at the first k ranks, and counts a repeated id once", () => {
    expect(ndcgAt(["d", "a"], judgments, 1)).toBe(0);
    expect(ndcgAt(["a", "a", "b"], judgments, 2)).toBeCloseTo(ndcgAt(["a", "b"], judgments, 2), 12);
  });

  it("is 0 for an empty ranking or when nothing is relevant", () => {
    expect(ndcgAt([], judgments, 10)).toBe(0);
    expect(ndcgAt(["a"], { a: 0 }, 10)).toBe(0);
  });
});

describe("P@k", () => {
  it("counts grade ≥ 2 in the first k ranks, empty ranks as misses", () => {
    expect(precisionAt(["a", "c", "b", "d", "e", "x"], judgments, 5)).toBeCloseTo(3 / 5, 12);
    expect(precisionAt(["a", "b"], judgments, 5)).toBeCloseTo(2 / 5, 12);
    expect(precisionAt(["c", "d"], judgments, 5)).toBe(0);
  });
});

describe("R@k", () => {
  it("is the share of the grade ≥ 2 lessons found in the first k ranks", () => {
    expect(recallAt(["a", "c", "x"], judgments, 10)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(["e", "a", "b"], judgments, 10)).toBe(1);
    expect(recallAt(["c", "d", "e", "a"], judgments, 3)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(["a"], { a: 1 }, 10)).toBe(0);
  });
});

describe("mean", () => {
  it("averages, and is 0 for nothing", () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBe(0);
  });
});
