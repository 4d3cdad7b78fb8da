// Evidence maps: two facets crossed (mechanism × outcome, mechanism × pitfall, mechanism × a context dimension…) over the
// lessons a filter request matches, counting per pair how many lessons carry both terms, how they came
// out and how strong their evidence is — and where evidence is missing or rests on anecdotes alone.
// The counting rule is in evidence-map-cells.ts; the reply's shape in evidence-map-reply.ts.
import { distance as editDistance } from "fastest-levenshtein";
import type { Db } from "../db/database.js";
import { outcomeDirections } from "../db/queries/outcome-directions.js";
import type { Direction, EvidenceKind, Language, Stage } from "../words.js";
import type { Principal } from "./access.js";
import { Unprocessable } from "./errors.js";
import { type AxisMembers, crossTabulate, type MapLesson, type OutcomeAxis } from "./evidence-map-cells.js";
import type { EvidenceMap, EvidenceMapTerm } from "./evidence-map-reply.js";
import type { FilterRequest, FilterService } from "./filter/index.js";
import type { UnitService } from "./units.js";
import { labelIn, type VocabularyService } from "./vocabulary.js";

export type { EvidenceCell, EvidenceGap, EvidenceMap, GapReason } from "./evidence-map-reply.js";

export type EvidenceMapRequest = {
  /** The facet whose terms are the rows (e.g. `mechanism`). */
  rows: string;
  /** The facet whose terms are the columns (e.g. `outcome`); not the same as `rows`. */
  cols: string;
  /** Broader terms count the lessons of the terms below them (default); false: exact terms only. */
  rollup?: boolean | undefined;
  /** Who asks and what restricts: matched exactly as POST /v1/filter matches (limit and cursor unused). */
  filter: FilterRequest;
};

/** What a map was drawn over, in labels of the asked language, for a page's introduction. */
export type EvidenceMapScope = {
  /** The requesting unit's name (it ranks in POST /v1/filter and restricts nothing here). */
  unit: string | null;
  q: string | null;
  filters: { facet: string; terms: string[] }[];
  outcomeDirection: Direction[];
  evidence: EvidenceKind[];
  stage: Stage[];
  language: Language[];
  publishedFrom: string | null;
  publishedTo: string | null;
};

/** Facets offered as "did you mean" for an unknown one. */
const FACET_SUGGESTIONS = 3;

export type EvidenceMapService = ReturnType<typeof createEvidenceMapService>;

export function createEvidenceMapService(deps: {
  db: Db;
  filter: Pick<FilterService, "matchingLessons">;
  vocabulary: Pick<VocabularyService, "facetKind" | "listFacets" | "findTerm" | "withDescendants">;
  units: Pick<UnitService, "get">;
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

  /**
   * The facet's active terms, each narrower term right after its broader one (vocabulary order among
   * siblings), with the term ids each counts: itself, and when rolling up, every term below it.
   */
  function axis(facetSlug: string, language: Language, rollup: boolean) {
    const facet = vocabulary.listFacets().find((f) => f.slug === facetSlug)!;
    const active = facet.terms.filter((t) => t.status === "active");
    const onAxis = new Set(active.map((t) => t.slug));
    const childrenOf = new Map<string | null, typeof active>();
    for (const term of active) {
      const parent = term.parent && onAxis.has(term.parent) ? term.parent : null;
      childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), term]);
    }
    const terms: (EvidenceMapTerm & AxisMembers)[] = [];
    const visit = (parent: string | null) => {
      for (const term of childrenOf.get(parent) ?? []) {
        const id = vocabulary.findTerm(facetSlug, term.slug)!.id;
        const below = vocabulary.withDescendants(id);
        terms.push({
          slug: term.slug,
          label: labelIn(term.labels, language),
          ...(parent ? { parent } : {}),
          ...(rollup && below.length > 1 ? { rollup: true as const } : {}),
          members: rollup ? below : [id],
        });
        visit(term.slug);
      }
    };
    visit(null);
    return { facet: { slug: facet.slug, label: labelIn(facet.labels, language) }, terms };
  }

  /** The lessons as the counting rule sees them, with their per-outcome directions when outcomes are an axis. */
  function mapLessons(
    lessons: ReturnType<FilterService["matchingLessons"]>["lessons"],
    outcomeTerms: readonly AxisMembers[] | null,
  ): MapLesson[] {
    const byLesson = new Map<string, { termId: string; direction: Direction }[]>();
    if (outcomeTerms) {
      const links = outcomeDirections(deps.db, {
        lessonIds: lessons.map((l) => l.lessonId),
        termIds: [...new Set(outcomeTerms.flatMap((t) => t.members))],
      });
      for (const { lessonId, termId, direction } of links)
        byLesson.set(lessonId, [...(byLesson.get(lessonId) ?? []), { termId, direction }]);
    }
    return lessons.map((lesson) => ({
      lessonId: lesson.lessonId,
      evidence: lesson.evidence,
      direction: lesson.outcomeDirection,
      termIds: lesson.termIds,
      ...(outcomeTerms ? { outcomes: byLesson.get(lesson.lessonId) ?? [] } : {}),
    }));
  }

  const publicTerm = ({ members: _, ...term }: EvidenceMapTerm & AxisMembers): EvidenceMapTerm => term;

  return {
    /** The map over the lessons `request.filter` matches for `principal`: only lessons it may see. */
    build(principal: Principal, request: EvidenceMapRequest, options: { labels: Language }): EvidenceMap {
      checkFacets(request.rows, request.cols);
      const rollup = request.rollup ?? true;
      const { lessons } = deps.filter.matchingLessons(principal, request.filter);
      const rows = axis(request.rows, options.labels, rollup);
      const cols = axis(request.cols, options.labels, rollup);
      const outcomeAxis: OutcomeAxis =
        vocabulary.facetKind(request.rows) === "outcome"
          ? "rows"
          : vocabulary.facetKind(request.cols) === "outcome"
            ? "cols"
            : null;
      const outcomeTerms = outcomeAxis === "rows" ? rows.terms : outcomeAxis === "cols" ? cols.terms : null;
      const { cells, gaps } = crossTabulate(
        rows.terms,
        cols.terms,
        mapLessons(lessons, outcomeTerms),
        outcomeAxis,
      );
      return {
        rowFacet: rows.facet,
        colFacet: cols.facet,
        labelLanguage: options.labels,
        total: lessons.length,
        rollup,
        cellDirection: outcomeAxis ? "per_outcome" : "overall",
        rows: rows.terms.map(publicTerm),
        cols: cols.terms.map(publicTerm),
        cells,
        gaps,
      };
    },

    /** The request in words of `language`: its unit's name, its filters' facet and term labels. */
    scope(request: FilterRequest, language: Language): EvidenceMapScope {
      const facets = new Map(vocabulary.listFacets().map((f) => [f.slug, f]));
      const termLabel = (facet: string, slug: string) => {
        const term = facets.get(facet)?.terms.find((t) => t.slug === slug);
        return term ? labelIn(term.labels, language) : slug;
      };
      return {
        unit: request.unitId ? deps.units.get(request.unitId).name : null,
        q: request.q ?? null,
        filters: Object.entries(request.filters ?? {}).map(([facet, slugs]) => ({
          facet: labelIn(facets.get(facet)!.labels, language),
          terms: slugs.map((slug) => termLabel(facet, slug)),
        })),
        outcomeDirection: request.outcomeDirection ?? [],
        evidence: request.evidence ?? [],
        stage: request.stage ?? [],
        language: request.language ?? [],
        publishedFrom: request.publishedFrom ?? null,
        publishedTo: request.publishedTo ?? null,
      };
    },
  };
}
