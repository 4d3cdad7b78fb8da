// The WebAssembly SIMD count of |a ∩ b| against counting bits one by one, for words of any length
// (not only whole 16-byte blocks), operands of different lengths, a span shorter than the words, the
// memory growing past its first page, and reloading.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { andCounter } from "../../src/search/and-count.js";

const word = fc.oneof(fc.constant(0), fc.constant(0xffffffff), fc.nat({ max: 0xffffffff }));
const words = (maxLength: number) => fc.array(word, { maxLength }).map((w) => Uint32Array.from(w));

function slowCount(a: Uint32Array, b: Uint32Array, end: number): number {
  let total = 0;
  for (let i = 0; i < Math.min(end, a.length, b.length); i++)
    for (let bit = 0; bit < 32; bit++) if ((a[i]! >>> bit) & (b[i]! >>> bit) & 1) total++;
  return total;
}

describe("andCounter", () => {
  const counter = andCounter();

  it("exists on Node 20 (WebAssembly SIMD), so the facet counts use it", () => {
    expect(counter).toBeDefined();
  });

  it("property: counts |a ∩ b| over a's first `end` words, for several b after one load", () => {
    fc.assert(
      fc.property(
        words(70),
        fc.array(words(80), { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 80 }),
        (a, bs, end) => {
          counter!.load(a, end);
          for (const b of bs) expect(counter!.count(b)).toBe(slowCount(a, b, end));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("grows its memory for sets larger than its first page, and counts them exactly", () => {
    const size = 40_000; // 160 KB per operand
    const a = new Uint32Array(size).map((_, i) => (i * 2654435761) >>> 0);
    const b = new Uint32Array(size).map((_, i) => (i * 40503 + 12345) >>> 0);
    counter!.load(a, size);
    expect(counter!.count(b)).toBe(slowCount(a, b, size));
    // and a smaller one after it: nothing of the larger pair is left in the count
    const small = Uint32Array.of(0xff, 0xf0f0f0f0, 1);
    counter!.load(small, 3);
    expect(counter!.count(b)).toBe(slowCount(small, b, 3));
  });
});
