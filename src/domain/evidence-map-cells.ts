// The counting rule of an evidence map, pure: which lessons fall in which row × column pair (a
// broader term's row counts the lessons of the terms below it, each lesson once), which direction a
// lesson counts with there (the outcome's own when outcomes are an axis), and which pairs are gaps.
import { type Direction, EVIDENCE_KINDS, type EvidenceKind, overallDirection } from "../words.js";
import type { EvidenceCell, EvidenceGap } from "./evidence-map-reply.js";

/** A row or column: its slug and the term ids whose lessons it counts (itself, and when rolled up, its descendants). */
export type AxisMembers = { slug: string; members: readonly string[] };

export type MapLesson = {
  lessonId: string;
  evidence: EvidenceKind;
  /** The lesson's overall direction, counted when no axis is the outcome facet. */
  direction: Direction;
  termIds: readonly string[];
  /** The direction recorded per outcome term (only needed when outcomes are an axis). */
  outcomes?: readonly { termId: string; direction: Direction }[];
};

/** Which axis holds the outcomes, whose cells count each outcome's own direction. */
export type OutcomeAxis = "rows" | "cols" | null;

type Entry = { lesson: MapLesson; direction: Direction };

/** term id → the positions on the axis that count it. */
function positionsByTerm(axis: readonly AxisMembers[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  axis.forEach((term, position) => {
    for (const id of term.members) index.set(id, [...(index.get(id) ?? []), position]);
  });
  return index;
}

/** The axis positions a lesson counts under, each once (a lesson tagged with a parent and its child counts once under the parent). */
function positionsOf(termIds: readonly string[], index: Map<string, number[]>): Set<number> {
  const positions = new Set<number>();
  for (const id of termIds) for (const p of index.get(id) ?? []) positions.add(p);
  return positions;
}

/** Per outcome position, the lesson's direction for it: the overall direction of its outcomes counted there. */
function directionsByPosition(lesson: MapLesson, index: Map<string, number[]>): Map<number, Direction> {
  const collected = new Map<number, Direction[]>();
  for (const { termId, direction } of lesson.outcomes ?? [])
    for (const p of index.get(termId) ?? []) collected.set(p, [...(collected.get(p) ?? []), direction]);
  return new Map([...collected].map(([p, directions]) => [p, overallDirection(directions)]));
}

/** Cells (pairs with lessons) and gaps (pairs without, or with anecdotes only), row by row. */
export function crossTabulate(
  rows: readonly AxisMembers[],
  cols: readonly AxisMembers[],
  lessons: readonly MapLesson[],
  outcomeAxis: OutcomeAxis,
): { cells: EvidenceCell[]; gaps: EvidenceGap[] } {
  const rowIndex = positionsByTerm(rows);
  const colIndex = positionsByTerm(cols);
  const grid: Entry[][] = Array.from({ length: rows.length * cols.length }, () => []);
  for (const lesson of lessons) {
    const lessonRows = positionsOf(lesson.termIds, rowIndex);
    if (lessonRows.size === 0) continue;
    const lessonCols = positionsOf(lesson.termIds, colIndex);
    const perOutcome =
      outcomeAxis && directionsByPosition(lesson, outcomeAxis === "rows" ? rowIndex : colIndex);
    for (const r of lessonRows)
      for (const c of lessonCols) {
        const direction = perOutcome
          ? (perOutcome.get(outcomeAxis === "rows" ? r : c) ?? "none")
          : lesson.direction;
        grid[r * cols.length + c]!.push({ lesson, direction });
      }
  }

  const cells: EvidenceCell[] = [];
  const gaps: EvidenceGap[] = [];
  grid.forEach((entries, i) => {
    const row = rows[Math.floor(i / cols.length)]!.slug;
    const col = cols[i % cols.length]!.slug;
    if (entries.length === 0) {
      gaps.push({ row, col, reason: "empty" });
      return;
    }
    const cell = summarise(row, col, entries);
    cells.push(cell);
    if (cell.strongestEvidence === "anecdote") gaps.push({ row, col, reason: "anecdote_only" });
  });
  return { cells, gaps };
}

function summarise(row: string, col: string, entries: readonly Entry[]): EvidenceCell {
  const split: Record<Direction, number> = { positive: 0, negative: 0, mixed: 0, none: 0 };
  let strongest = 0;
  for (const { lesson, direction } of entries) {
    split[direction]++;
    strongest = Math.max(strongest, EVIDENCE_KINDS.indexOf(lesson.evidence));
  }
  return {
    row,
    col,
    count: entries.length,
    ...split,
    strongestEvidence: EVIDENCE_KINDS[strongest]!,
    lessonIds: entries.map((e) => e.lesson.lessonId),
  };
}
