// Evidence maps: two facets crossed (mechanism × outcome, mechanism × pitfall, mechanism × a context dimension…) over the
// lessons a filter request matches, counting per pair how many lessons carry both terms, how they came
// out and how strong their evidence is — and where evidence is missing or rests on anecdotes alone.
import { distance as editDistance } from "fastest-levenshtein";
import type { Language } from "../search/analyze.js";
import type { IndexedLesson } from "../search/facets.js";
import { EVIDENCE_KINDS, type EvidenceKind } from "../search/rank.js";
import { Unprocessable } from "./errors.js";
import type { FilterRequest, FilterService } from "./filter/index.js";
import { labelIn, type VocabularyService } from "./vocabulary.js";

type Labelled = { slug: string; label: string };

export type EvidenceMapRequest = {
  /** The facet whose terms are the rows (e.g. `mechanism`). */
  rows: string;
  /** The facet whose terms are the columns (e.g. `outcome`); not the same as `rows`. */
  cols: string;
  /** Who asks and what restricts: matched exactly as POST /v1/filter matches (limit and cursor unused). */
  filter: FilterRequest;
};

export type EvidenceCell = {
  row: string;
  col: string;
  /** Matching lessons tagged with both the row term and the column term (exact terms, not children). */
  count: number;
  /** …of which the lesson's overall direction is positive (every outcome positive), */
  positive: number;
  /** …negative (only negative or no-effect outcomes), */
  negative: number;
  /** …mixed, */
  mixed: number;
  /** …or none (no outcome had an effect): positive + negative + mixed + none = count. */
  none: number;
  strongestEvidence: EvidenceKind;
  lessonIds: string[];
};

export type GapReason = "empty" | "anecdote_only";
export type EvidenceGap = { row: string; col: string; reason: GapReason };

export type EvidenceMap = {
  rowFacet: Labelled;
  colFacet: Labelled;
  labelLanguage: Language;
  /** Matching lessons, whether or not they carry a term of both facets. */
  total: number;
  rows: Labelled[];
  cols: Labelled[];
  /** One per pair with at least one lesson, row by row in the order of `rows` and `cols`. */
  cells: EvidenceCell[];
  /** Every pair without lessons, or whose lessons are all anecdotes, in the same order. */
  gaps: EvidenceGap[];
};

/** Facets offered as "did you mean" for an unknown one. */
const FACET_SUGGESTIONS = 3;

export type EvidenceMapService = ReturnType<typeof createEvidenceMapService>;

export function createEvidenceMapService(deps: {
  filter: Pick<FilterService, "matchingLessons">;
  vocabulary: Pick<VocabularyService, "facetKind" | "listFacets" | "findTerm">;
}) {
  const { vocabulary } = deps;

  /** Both facets must exist and differ; every problem is reported at once. */
  function checkFacets(rows: string, cols: string): void {
    const problems = [
      ...facetProblem("rows", rows),
      ...facetProblem("cols", cols),
      ...(rows === cols
        ? [
            {
              pointer: "/cols",
              code: "same_facet",
              message: `rows and cols are both '${rows}': a map crosses two different facets.`,
            },
          ]
        : []),
    ];
    if (problems.length > 0) throw new Unprocessable(problems);
  }

  function facetProblem(parameter: "rows" | "cols", facet: string) {
    if (vocabulary.facetKind(facet)) return [];
    const wanted = facet.toLowerCase();
    const byDistance = vocabulary
      .listFacets()
      .map((f) => ({ slug: f.slug, distance: editDistance(f.slug.toLowerCase(), wanted) }))
      .sort((a, b) => a.distance - b.distance);
    const close = byDistance.filter((f) => f.distance <= Math.max(2, Math.floor(f.slug.length / 3)));
    const quoted = (list: { slug: string }[]) => list.map((f) => `'${f.slug}'`);
    return [
      {
        pointer: `/${parameter}`,
        code: "unknown_facet",
        message: `Unknown facet '${facet}'.${
          close.length ? ` Did you mean ${quoted(close.slice(0, FACET_SUGGESTIONS)).join(" or ")}?` : ""
        } The facets: ${quoted(byDistance).join(", ")}.`,
      },
    ];
  }

  /** The facet's active terms in vocabulary order, with their ids. */
  function axis(facetSlug: string, language: Language) {
    const facet = vocabulary.listFacets().find((f) => f.slug === facetSlug)!;
    const terms = facet.terms
      .filter((t) => t.status === "active")
      .map((t) => ({
        id: vocabulary.findTerm(facetSlug, t.slug)!.id,
        slug: t.slug,
        label: labelIn(t.labels, language),
      }));
    return { facet: { slug: facet.slug, label: labelIn(facet.labels, language) }, terms };
  }

  return {
    build(request: EvidenceMapRequest, options: { labels: Language }): EvidenceMap {
      checkFacets(request.rows, request.cols);
      const { lessons } = deps.filter.matchingLessons(request.filter);
      const rows = axis(request.rows, options.labels);
      const cols = axis(request.cols, options.labels);
      const rowIndex = new Map(rows.terms.map((t, i) => [t.id, i]));
      const colIndex = new Map(cols.terms.map((t, i) => [t.id, i]));

      // one slot per pair, row-major; filled by walking each lesson's own tags once
      const grid: IndexedLesson[][] = Array.from({ length: rows.terms.length * cols.terms.length }, () => []);
      for (const lesson of lessons) {
        const lessonRows = lesson.termIds.flatMap((id) => rowIndex.get(id) ?? []);
        if (lessonRows.length === 0) continue;
        const lessonCols = lesson.termIds.flatMap((id) => colIndex.get(id) ?? []);
        for (const r of lessonRows) for (const c of lessonCols) grid[r * cols.terms.length + c]!.push(lesson);
      }

      const cells: EvidenceCell[] = [];
      const gaps: EvidenceGap[] = [];
      grid.forEach((pairLessons, i) => {
        const row = rows.terms[Math.floor(i / cols.terms.length)]!.slug;
        const col = cols.terms[i % cols.terms.length]!.slug;
        if (pairLessons.length === 0) {
          gaps.push({ row, col, reason: "empty" });
          return;
        }
        const cell = summarise(row, col, pairLessons);
        cells.push(cell);
        if (cell.strongestEvidence === "anecdote") gaps.push({ row, col, reason: "anecdote_only" });
      });

      return {
        rowFacet: rows.facet,
        colFacet: cols.facet,
        labelLanguage: options.labels,
        total: lessons.length,
        rows: rows.terms.map(({ slug, label }) => ({ slug, label })),
        cols: cols.terms.map(({ slug, label }) => ({ slug, label })),
        cells,
        gaps,
      };
    },
  };
}

function summarise(row: string, col: string, lessons: IndexedLesson[]): EvidenceCell {
  const cell: EvidenceCell = {
    row,
    col,
    count: lessons.length,
    positive: 0,
    negative: 0,
    mixed: 0,
    none: 0,
    strongestEvidence: "anecdote",
    lessonIds: [],
  };
  let strongest = 0;
  for (const lesson of lessons) {
    cell[lesson.outcomeDirection]++;
    strongest = Math.max(strongest, EVIDENCE_KINDS.indexOf(lesson.evidence));
    cell.lessonIds.push(lesson.lessonId);
  }
  cell.strongestEvidence = EVIDENCE_KINDS[strongest]!;
  return cell;
}
