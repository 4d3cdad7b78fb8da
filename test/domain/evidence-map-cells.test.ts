// The evidence map's counting rule against a pair-by-pair count, on random axes with broader and
// narrower terms and random lessons (fast-check), plus the cases a reader checks by hand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AxisMembers, crossTabulate, type MapLesson } from "../../src/domain/evidence-map-cells.js";
import { DIRECTIONS, type Direction, EVIDENCE_KINDS, overallDirection } from "../../src/words.js";

const ROW_TERMS = ["r1", "r2", "r3", "r4"];
const COL_TERMS = ["c1", "c2", "c3"];

/** An axis where each term may list some later terms as its members (a broader term and those below). */
const axis = (terms: string[]) =>
  fc
    .tuple(...terms.map((_, i) => fc.subarray(terms.slice(i + 1))))
    .map((below): AxisMembers[] => terms.map((slug, i) => ({ slug, members: [slug, ...below[i]!] })));

const lesson = fc.record({
  lessonId: fc.uuid(),
  evidence: fc.constantFrom(...EVIDENCE_KINDS),
  rowTerms: fc.subarray(ROW_TERMS),
  outcomes: fc.uniqueArray(
    fc.record({ termId: fc.constantFrom(...COL_TERMS), direction: fc.constantFrom(...DIRECTIONS) }),
    { selector: (o) => o.termId, maxLength: 3 },
  ),
});

type GeneratedLesson = typeof lesson extends fc.Arbitrary<infer L> ? L : never;

const toMapLesson = (l: GeneratedLesson): MapLesson => ({
  lessonId: l.lessonId,
  evidence: l.evidence,
  direction: overallDirection(l.outcomes.map((o) => o.direction)),
  termIds: [...l.rowTerms, ...l.outcomes.map((o) => o.termId)],
  outcomes: l.outcomes,
});

/** Each pair on its own: the lessons carrying a member of both, with the direction the rule prescribes. */
function pairByPair(rows: AxisMembers[], cols: AxisMembers[], lessons: MapLesson[], perOutcome: boolean) {
  return rows.flatMap((row) =>
    cols.flatMap((col) => {
      const inCell = lessons.filter(
        (l) =>
          l.termIds.some((t) => row.members.includes(t)) && l.termIds.some((t) => col.members.includes(t)),
      );
      if (inCell.length === 0) return [];
      const direction = (l: MapLesson): Direction =>
        perOutcome
          ? overallDirection(
              (l.outcomes ?? []).filter((o) => col.members.includes(o.termId)).map((o) => o.direction),
            )
          : l.direction;
      const count = (d: Direction) => inCell.filter((l) => direction(l) === d).length;
      return [
        {
          row: row.slug,
          col: col.slug,
          count: inCell.length,
          positive: count("positive"),
          negative: count("negative"),
          mixed: count("mixed"),
          none: count("none"),
          strongestEvidence:
            EVIDENCE_KINDS[Math.max(...inCell.map((l) => EVIDENCE_KINDS.indexOf(l.evidence)))],
          lessonIds: inCell.map((l) => l.lessonId),
        },
      ];
    }),
  );
}

describe("crossTabulate", () => {
  it("equals a pair-by-pair count, per outcome or overall, with every empty and anecdote-only pair a gap", () => {
    fc.assert(
      fc.property(
        axis(ROW_TERMS),
        axis(COL_TERMS),
        fc.array(lesson, { maxLength: 25 }),
        fc.boolean(),
        (rows, cols, generated, perOutcome) => {
          const lessons = generated.map(toMapLesson);
          const { cells, gaps } = crossTabulate(rows, cols, lessons, perOutcome ? "cols" : null);
          expect(cells).toEqual(pairByPair(rows, cols, lessons, perOutcome));
          const withCell = new Set(cells.map((c) => `${c.row}/${c.col}`));
          expect(gaps).toEqual(
            rows.flatMap((r) =>
              cols.flatMap((c) => {
                const cell = cells.find((x) => x.row === r.slug && x.col === c.slug);
                if (!withCell.has(`${r.slug}/${c.slug}`))
                  return [{ row: r.slug, col: c.slug, reason: "empty" }];
                return cell?.strongestEvidence === "anecdote"
                  ? [{ row: r.slug, col: c.slug, reason: "anecdote_only" }]
                  : [];
              }),
            ),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("counts a lesson tagged with a broader and a narrower term once under the broader one", () => {
    const rows = [
      { slug: "trust", members: ["trust", "interpersonal"] },
      { slug: "interpersonal", members: ["interpersonal"] },
    ];
    const cols = [{ slug: "wellbeing", members: ["wellbeing"] }];
    const lessons: MapLesson[] = [
      {
        lessonId: "a",
        evidence: "observation",
        direction: "positive",
        termIds: ["trust", "interpersonal", "wellbeing"],
        outcomes: [{ termId: "wellbeing", direction: "positive" }],
      },
    ];
    const { cells } = crossTabulate(rows, cols, lessons, "cols");
    expect(cells.map((c) => [c.row, c.count, c.lessonIds])).toEqual([
      ["trust", 1, ["a"]],
      ["interpersonal", 1, ["a"]],
    ]);
  });
});
