// Bitset against a Set<number> oracle, disjunctive facet counts against brute force, the overall
// direction rules, the lesson index's bitsets, and TopK against a full sort.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bitset } from "../../src/search/bitset.js";
import {
  type Direction,
  disjunctiveCounts,
  type FacetConstraint,
  type IndexedLesson,
  LessonIndex,
  overallDirection,
} from "../../src/search/facets.js";
import { TopK } from "../../src/search/top-k.js";

const toBitset = (values: Iterable<number>, capacity = 0) => {
  const set = new Bitset(capacity);
  for (const v of values) set.add(v);
  return set;
};
const members = (set: Bitset) => {
  const out: number[] = [];
  set.forEach((bit) => {
    out.push(bit);
  });
  return out;
};
const sorted = (values: Iterable<number>) => [...values].sort((a, b) => a - b);

/** Bits mostly small (dense words, word edges 31/32/63/64) and sometimes far past the capacity. */
const bit = fc.oneof(
  { arbitrary: fc.nat({ max: 130 }), weight: 6 },
  { arbitrary: fc.constantFrom(0, 31, 32, 63, 64, 1023, 1024, 1055), weight: 2 },
  { arbitrary: fc.nat({ max: 5000 }), weight: 1 },
);
const capacity = fc.constantFrom(0, 1, 32, 33, 64, 100, 1024);

type Op = { kind: "add" | "delete"; bit: number };
const ops = fc.array(fc.record({ kind: fc.constantFrom<Op["kind"]>("add", "add", "delete"), bit }), {
  maxLength: 80,
});

function build(capacityBits: number, operations: Op[]): { bits: Bitset; oracle: Set<number> } {
  const bits = new Bitset(capacityBits);
  const oracle = new Set<number>();
  for (const op of operations) {
    if (op.kind === "add") {
      bits.add(op.bit);
      oracle.add(op.bit);
    } else {
      bits.delete(op.bit);
      oracle.delete(op.bit);
    }
  }
  return { bits, oracle };
}

function expectSame(bits: Bitset, oracle: Set<number>, probes: readonly number[]) {
  expect(members(bits)).toEqual(sorted(oracle));
  expect(bits.count()).toBe(oracle.size);
  for (const p of probes) expect(bits.has(p)).toBe(oracle.has(p));
}

describe("Bitset", () => {
  it("add / delete / has / count / forEach on concrete bits", () => {
    const set = new Bitset(32);
    for (const b of [0, 5, 31, 32, 63, 64, 100]) set.add(b);
    set.add(5);
    expect(set.count()).toBe(7);
    expect(members(set)).toEqual([0, 5, 31, 32, 63, 64, 100]);
    set.delete(31);
    set.delete(31);
    set.delete(99_999);
    expect(set.has(31)).toBe(false);
    expect(set.has(32)).toBe(true);
    expect(set.has(99_999)).toBe(false);
    expect(set.count()).toBe(6);
  });

  it("grows past its capacity, keeping what it held", () => {
    const set = new Bitset(32);
    expect(set.words.length).toBe(1);
    set.add(3);
    set.add(10_000);
    expect(set.words.length).toBeGreaterThanOrEqual(Math.ceil(10_001 / 32));
    expect(members(set)).toEqual([3, 10_000]);
    expect(new Bitset(0).words.length).toBe(1);
    expect(new Bitset(100).words.length).toBe(4);
  });

  it("and / or / andNot / intersectionCount on concrete sets of different sizes", () => {
    const small = toBitset([1, 2, 3, 40], 32);
    const large = toBitset([2, 3, 4, 2000], 32);
    expect(small.intersectionCount(large)).toBe(2);
    expect(large.intersectionCount(small)).toBe(2);
    expect(members(small.clone().and(large))).toEqual([2, 3]);
    expect(members(large.clone().and(small))).toEqual([2, 3]);
    expect(members(small.clone().or(large))).toEqual([1, 2, 3, 4, 40, 2000]);
    expect(members(large.clone().or(small))).toEqual([1, 2, 3, 4, 40, 2000]);
    expect(members(small.clone().andNot(large))).toEqual([1, 40]);
    expect(members(large.clone().andNot(small))).toEqual([4, 2000]);
  });

  it("property: a sequence of adds and deletes matches a Set<number>", () => {
    fc.assert(
      fc.property(capacity, ops, fc.array(bit, { maxLength: 20 }), (cap, operations, probes) => {
        const { bits, oracle } = build(cap, operations);
        expectSame(bits, oracle, [...probes, ...operations.map((o) => o.bit)]);
      }),
      { numRuns: 300 },
    );
  });

  it("property: and / or / andNot / intersectionCount match set algebra, without touching the argument", () => {
    fc.assert(
      fc.property(capacity, ops, capacity, ops, (capA, opsA, capB, opsB) => {
        const a = build(capA, opsA);
        const b = build(capB, opsB);
        const probes = [...opsA, ...opsB].map((o) => o.bit);
        const inter = new Set([...a.oracle].filter((x) => b.oracle.has(x)));
        const union = new Set([...a.oracle, ...b.oracle]);
        const diff = new Set([...a.oracle].filter((x) => !b.oracle.has(x)));

        expect(a.bits.intersectionCount(b.bits)).toBe(inter.size);
        expect(b.bits.intersectionCount(a.bits)).toBe(inter.size);
        const highest = Math.max(-1, ...[...a.oracle].filter((x) => x < a.bits.words.length * 32));
        expect(a.bits.span()).toBe(highest < 0 ? 0 : (highest >>> 5) + 1);
        expect(a.bits.intersectionCount(b.bits, a.bits.span())).toBe(inter.size);
        const visited: number[] = [];
        a.bits.forEachAnd(b.bits, (x) => {
          visited.push(x);
        });
        expect(visited).toEqual(sorted(inter));
        // counting over the occupied words only gives the same, whenever the set is sparse enough
        const occupied = a.bits.occupiedWords(1);
        expect(occupied && [...occupied]).toEqual(
          sorted(new Set([...a.oracle].filter((x) => x < a.bits.words.length * 32).map((x) => x >>> 5))),
        );
        expect(a.bits.intersectionCountAt(b.bits, occupied!)).toBe(inter.size);
        const half = a.bits.occupiedWords();
        if (half) expect(a.bits.intersectionCountAt(b.bits, half)).toBe(inter.size);
        else expect(occupied!.length).toBeGreaterThan(a.bits.words.length / 2);
        expectSame(a.bits.clone().and(b.bits), inter, probes);
        expectSame(a.bits.clone().or(b.bits), union, probes);
        expectSame(a.bits.clone().andNot(b.bits), diff, probes);
        // clones are independent and the operands unchanged
        expectSame(a.bits, a.oracle, probes);
        expectSame(b.bits, b.oracle, probes);
        // and chaining works in place
        const chained = a.bits.clone().or(b.bits).andNot(a.bits);
        expectSame(chained, new Set([...b.oracle].filter((x) => !a.oracle.has(x))), probes);
      }),
      { numRuns: 300 },
    );
  });

  it("property: a set of the capacity of another behaves like a fresh set", () => {
    fc.assert(
      fc.property(capacity, ops, ops, (cap, opsA, opsB) => {
        const a = build(cap, opsA);
        const fresh = Bitset.ofCapacityOf(a.bits);
        expect(fresh.words.length).toBe(a.bits.words.length);
        expect(fresh.count()).toBe(0);
        const oracle = new Set<number>();
        for (const op of opsB) {
          if (op.kind === "add") {
            fresh.add(op.bit);
            oracle.add(op.bit);
          } else {
            fresh.delete(op.bit);
            oracle.delete(op.bit);
          }
        }
        expectSame(
          fresh,
          oracle,
          opsB.map((o) => o.bit),
        );
        expectSame(
          a.bits,
          a.oracle,
          opsA.map((o) => o.bit),
        );
      }),
      { numRuns: 150 },
    );
  });
});

describe("disjunctiveCounts", () => {
  const DOCS = 70;
  const dense = fc.uniqueArray(fc.nat({ max: DOCS - 1 }), { maxLength: DOCS });
  // a few lessons spread over many words: counted over the occupied words only
  const sparse = fc.uniqueArray(fc.oneof(fc.nat({ max: DOCS - 1 }), fc.nat({ max: 4000 })), {
    maxLength: 12,
  });
  const FACETS = ["a", "b", "c", "d"];

  const scenarioOf = (subset: fc.Arbitrary<number[]>) =>
    fc.record({
      base: subset,
      constraints: fc.array(fc.record({ facet: fc.constantFrom(...FACETS), allowed: subset }), {
        maxLength: 4,
      }),
      facets: fc.uniqueArray(
        fc.record({
          facet: fc.constantFrom(...FACETS),
          values: fc.uniqueArray(
            fc.record({
              key: fc.constantFrom("x", "y", "z", "w"),
              set: fc.option(subset, { nil: undefined }),
            }),
            { selector: (v) => v.key, maxLength: 4 },
          ),
        }),
        { selector: (f) => f.facet, maxLength: 4 },
      ),
    });

  it.each([
    ["dense", dense],
    ["sparse", sparse],
  ])(
    "property: each facet is counted over every constraint but its own (brute force, %s sets)",
    (_, subset) => {
      fc.assert(
        fc.property(scenarioOf(subset), ({ base, constraints, facets }) => {
          const counts = disjunctiveCounts(
            toBitset(base),
            constraints.map((c): FacetConstraint => ({ facet: c.facet, allowed: toBitset(c.allowed) })),
            facets.map((f) => ({
              facet: f.facet,
              values: f.values.map((v) => ({ key: v.key, set: v.set && toBitset(v.set, 32) })),
            })),
          );
          const expected: Record<string, Record<string, number>> = {};
          for (const f of facets) {
            const scope = base.filter((doc) =>
              constraints.every((c) => c.facet === f.facet || c.allowed.includes(doc)),
            );
            const facetCounts: Record<string, number> = {};
            for (const v of f.values) {
              const n = v.set ? scope.filter((doc) => v.set!.includes(doc)).length : 0;
              if (n > 0) facetCounts[v.key] = n;
            }
            expected[f.facet] = facetCounts;
          }
          expect(counts).toEqual(expected);
        }),
        { numRuns: 300 },
      );
    },
  );

  it("counts a concrete example", () => {
    const base = toBitset([0, 1, 2, 3, 4, 5]);
    const colour = { red: toBitset([0, 1, 2]), blue: toBitset([3, 4, 9]) };
    const size = { small: toBitset([0, 3]), large: toBitset([1, 4, 5]) };
    const counts = disjunctiveCounts(
      base,
      [
        { facet: "colour", allowed: colour.red },
        { facet: "size", allowed: toBitset([1, 4, 5]) },
      ],
      [
        {
          facet: "colour",
          values: [
            { key: "red", set: colour.red },
            { key: "blue", set: colour.blue },
            { key: "green", set: undefined },
          ],
        },
        {
          facet: "size",
          values: [
            { key: "small", set: size.small },
            { key: "large", set: size.large },
          ],
        },
        { facet: "other", values: [{ key: "any", set: toBitset([1, 2, 3]) }] },
      ],
    );
    expect(counts).toEqual({
      colour: { red: 1, blue: 1 },
      size: { small: 1, large: 1 },
      other: { any: 1 },
    });
  });

  it("leaves the base set untouched", () => {
    const base = toBitset([1, 2, 3]);
    disjunctiveCounts(
      base,
      [{ facet: "a", allowed: toBitset([1]) }],
      [{ facet: "b", values: [{ key: "k", set: toBitset([1, 2]) }] }],
    );
    expect(members(base)).toEqual([1, 2, 3]);
  });
});

describe("overallDirection", () => {
  it.each([
    [[], "none"],
    [["none"], "none"],
    [["none", "none"], "none"],
    [["positive"], "positive"],
    [["positive", "positive"], "positive"],
    [["negative"], "negative"],
    [["negative", "none"], "negative"],
    [["none", "negative", "negative"], "negative"],
    [["positive", "none"], "mixed"],
    [["positive", "negative"], "mixed"],
    [["mixed"], "mixed"],
    [["mixed", "positive"], "mixed"],
    [["none", "mixed"], "mixed"],
  ] as [Direction[], Direction][])("%j → %s", (directions, expected) => {
    expect(overallDirection(directions)).toBe(expected);
  });

  it("property: follows the rules in any order", () => {
    const direction = fc.constantFrom<Direction>("positive", "negative", "mixed", "none");
    fc.assert(
      fc.property(fc.array(direction, { maxLength: 6 }), (directions) => {
        const has = (d: Direction) => directions.includes(d);
        let expected: Direction;
        if (directions.every((d) => d === "none")) expected = "none";
        else if (directions.every((d) => d === "positive")) expected = "positive";
        else if (!has("positive") && !has("mixed")) expected = "negative";
        else expected = "mixed";
        expect(overallDirection(directions)).toBe(expected);
        expect(overallDirection([...directions].reverse())).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("LessonIndex", () => {
  const doc = (docId: number, over: Partial<IndexedLesson> = {}): IndexedLesson => ({
    docId,
    lessonId: `les_${docId}`,
    unitId: "unit_1",
    organisationId: "org_1",
    status: "published",
    visibility: "organisation",
    published: true,
    language: "en",
    stage: "ad_hoc_individual",
    evidence: "anecdote",
    outcomeDirection: "positive",
    publishedAt: 0,
    termIds: [],
    adaptations: { worked: 0, partly: 0, didNotWork: 0 },
    ...over,
  });

  it("property: term and field sets follow upserts and removals", () => {
    const TERMS = ["t1", "t2", "t3", "t4"];
    const change = fc.record({
      docId: fc.nat({ max: 40 }),
      remove: fc.boolean(),
      published: fc.boolean(),
      termIds: fc.uniqueArray(fc.constantFrom(...TERMS), { maxLength: 3 }),
      language: fc.constantFrom("en" as const, "da" as const, "nb" as const),
      evidence: fc.constantFrom("anecdote" as const, "research" as const),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 40 }), (changes) => {
        const index = new LessonIndex();
        const model = new Map<number, IndexedLesson>();
        for (const c of changes) {
          if (c.remove) {
            index.remove(c.docId);
            model.delete(c.docId);
          } else {
            const d = doc(c.docId, c);
            index.upsert(d);
            model.set(c.docId, d);
          }
        }
        const docs = [...model.values()];
        expect(index.size).toBe(model.size);
        expect(members(index.published)).toEqual(sorted(docs.filter((d) => d.published).map((d) => d.docId)));
        for (const term of TERMS) {
          const want = sorted(docs.filter((d) => d.termIds.includes(term)).map((d) => d.docId));
          expect(index.termSet(term) ? members(index.termSet(term)!) : []).toEqual(want);
        }
        for (const language of ["en", "da", "nb"]) {
          const want = sorted(docs.filter((d) => d.language === language).map((d) => d.docId));
          const set = index.fieldSet("language", language);
          expect(set ? members(set) : []).toEqual(want);
        }
        for (const d of docs) {
          expect(index.docIdOf(d.lessonId)).toBe(d.docId);
          expect(index.get(d.docId)).toEqual(d);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("TopK", () => {
  it("keeps the best k by score desc, docId asc (concrete)", () => {
    const top = new TopK(3);
    for (const [score, docId] of [
      [0.5, 7],
      [0.9, 3],
      [0.5, 2],
      [0.1, 1],
      [0.9, 8],
      [0.5, 1],
    ] as const)
      top.offer(score, docId);
    expect(top.sorted()).toEqual([
      { score: 0.9, docId: 3 },
      { score: 0.9, docId: 8 },
      { score: 0.5, docId: 1 },
    ]);
  });

  it("property: returns the same as a full sort", () => {
    const item = fc.record({
      score: fc.constantFrom(0, 0.1, 0.25, 0.5, 0.75, 1, -0.2),
      docId: fc.nat({ max: 500 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(item, { selector: (i) => i.docId, maxLength: 60 }),
        fc.integer({ min: 1, max: 25 }),
        (items, k) => {
          const top = new TopK(k);
          for (const i of items) top.offer(i.score, i.docId);
          const expected = [...items].sort((a, b) => b.score - a.score || a.docId - b.docId).slice(0, k);
          expect(top.sorted()).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("property: also with continuous scores", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 30 }),
        (scores, k) => {
          const top = new TopK(k);
          scores.forEach((score, docId) => {
            top.offer(score, docId);
          });
          const expected = scores
            .map((score, docId) => ({ score, docId }))
            .sort((a, b) => b.score - a.score || a.docId - b.docId)
            .slice(0, k);
          expect(top.sorted()).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
