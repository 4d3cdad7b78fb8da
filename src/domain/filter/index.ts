// Filtering: condensed lessons ranked for the requester's context, as four steps — plan (resolve terms,
// read the question, find what matches), score (coverage of the question, context, evidence, …),
// page (the best lessons after the cursor) and present (labels, explanations, highlights, facets).
import type { Language } from "../../search/analyze.js";
import type { Bitset } from "../../search/bitset.js";
import type { IndexedLesson, LessonIndex } from "../../search/facets.js";
import type { RankingConfig, ScoreParts } from "../../search/rank.js";
import { type Principal, readerOf } from "../access.js";
import type { Clock } from "../clock.js";
import { contextSimilarity } from "../context-similarity.js";
import type { CursorCodec } from "../cursors.js";
import type { LessonService } from "../lessons.js";
import { pageSize } from "../pagination.js";
import type { SearchIndex } from "../search-index.js";
import type { UnitService } from "../units.js";
import type { VisibilityService } from "../visibility.js";
import type { VocabularyService } from "../vocabulary.js";
import { createPager } from "./page.js";
import { createPlanner } from "./plan.js";
import { createPresenter } from "./present.js";
import { createScorer, type TextCoverage } from "./score.js";
import { createSuggester } from "./suggest.js";
import type { FilterReply, FilterRequest } from "./types.js";

export type { FilterReply, FilterRequest, FilterResult, MatchMode, SuggestReply } from "./types.js";

export type FilterService = ReturnType<typeof createFilterService>;

export function createFilterService(deps: {
  search: Pick<SearchIndex, "lessons" | "text" | "typos" | "wordSets">;
  visibility: Pick<VisibilityService, "publishedSet">;
  vocabulary: VocabularyService;
  units: Pick<UnitService, "find" | "get">;
  lessons: Pick<LessonService, "getMany" | "cards">;
  cursors: CursorCodec;
  ranking: RankingConfig;
  clock: Clock;
}) {
  const { search, vocabulary, ranking } = deps;
  const planner = createPlanner(deps);
  const pager = createPager(deps.cursors);
  const presenter = createPresenter({
    vocabulary,
    termWithDescendants: planner.termWithDescendants,
    fieldSet: (facet, value) => search.lessons.fieldSet(facet, value),
  });
  const suggester = createSuggester({ ...deps, termWithDescendants: planner.termWithDescendants });
  const newParts = (): ScoreParts & TextCoverage => ({
    text: 0,
    context: 0,
    evidence: 0,
    adaptations: 0,
    recency: 0,
    coverage: 0,
    complete: false,
  });

  return {
    /**
     * The lessons a filter request of `principal` matches (the same set `filter` ranks and counts:
     * only lessons it may see), with the requester's context terms: for digests and evidence maps.
     */
    matchingLessons(
      principal: Principal,
      request: FilterRequest,
    ): {
      lessons: IndexedLesson[];
      requesterTermIds: string[];
      /** The same lessons as a set of doc ids, and the index they are of (for bitset work). */
      matching: Bitset;
      index: LessonIndex;
    } {
      const { requester, matching } = planner.plan(request, deps.visibility.publishedSet(principal));
      const lessons: IndexedLesson[] = [];
      matching.forEach((docId) => {
        lessons.push(search.lessons.get(docId)!);
      });
      return { lessons, requesterTermIds: requester, matching, index: search.lessons };
    },

    /** Terms, and titles of lessons `principal` may see, for text being typed. */
    suggest(principal: Principal, q: string, limit: number, language: Language) {
      return suggester.suggest(q, limit, language, deps.visibility.publishedSet(principal));
    },

    /** Ranked lessons and facet counts, over the lessons `principal` may see only. */
    filter(
      principal: Principal,
      request: FilterRequest,
      options: { labels?: Language | undefined } = {},
    ): FilterReply {
      const limit = pageSize(request.limit);
      const { scope, after } = pager.start(request, readerOf(principal));
      const asOf = after?.t ?? deps.clock.now().getTime();

      const plan = planner.plan(request, deps.visibility.publishedSet(principal));
      const similarity = contextSimilarity(plan.requester, deps);
      const scorer = createScorer({
        query: plan.query,
        context: { similarity, scores: similarity.over(plan.matching, search.lessons) },
        index: search.lessons,
        ranking,
        asOf,
      });
      const { page, nextCursor } = pager.page({
        matching: plan.matching,
        score: scorer.rank,
        limit,
        asOf,
        scope,
        after,
      });

      const cards = new Map(
        deps.lessons.cards(page.map((p) => search.lessons.get(p.docId)!.lessonId)).map((l) => [l.id, l]),
      );
      const hasText = (plan.query?.clauses.length ?? 0) > 0;
      const marks = hasText && plan.query ? presenter.highlightQuery(plan.query) : undefined;
      const results = page.map(({ score, docId }) => {
        const doc = search.lessons.get(docId)!;
        const parts = newParts();
        scorer.score(docId, parts);
        return presenter.result(cards.get(doc.lessonId)!, doc, score, parts, plan, marks, options.labels);
      });
      const { facets, facetLabels } = presenter.facetsOf(plan, options.labels);
      return {
        total: plan.matching.count(),
        results,
        facets,
        facetLabels,
        query: presenter.queryReading(plan, options.labels),
        nextCursor,
      };
    },
  };
}
