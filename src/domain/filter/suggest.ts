// Autosuggest while typing: controlled terms whose names start like the text (typos forgiven), and
// published lessons whose title or summary holds its words (the last one as a prefix), then lessons
// tagged with the best suggested term ("hjemmepl" → lessons about home care, whatever their wording).
import { analyzeQuery, type Language, PREFIX_MIN_LENGTH } from "../../search/analyze.js";
import type { Bitset } from "../../search/bitset.js";
import { wordExpression } from "../../search/fts-query.js";
import { TopK } from "../../search/top-k.js";
import type { LessonService } from "../lessons.js";
import type { SearchIndex } from "../search-index.js";
import type { VocabularyService } from "../vocabulary.js";
import type { SuggestReply } from "./types.js";

/** How deep the title and summary search looks, in multiples of `limit`, until enough visible lessons are found. */
const HEADING_DEPTHS = [4, 40, 400];

export function createSuggester(deps: {
  search: Pick<SearchIndex, "lessons" | "text">;
  vocabulary: Pick<VocabularyService, "suggestTerms" | "findTerm">;
  lessons: Pick<LessonService, "getMany">;
  termWithDescendants: (termId: string) => Bitset;
}) {
  const { search } = deps;

  /** Visible lessons tagged with a term (or one below it), newest first. */
  function taggedWith(
    facet: string,
    slug: string,
    limit: number,
    skip: ReadonlySet<number>,
    visible: Bitset,
  ): number[] {
    const term = deps.vocabulary.findTerm(facet, slug);
    if (!term) return [];
    // newest first without sorting every tagged lesson: a term can tag tens of thousands
    const top = new TopK(limit);
    deps
      .termWithDescendants(term.id)
      .clone()
      .and(visible)
      .forEach((docId) => {
        if (!skip.has(docId)) top.offer(search.lessons.publishedAt[docId]!, docId);
      });
    return top.sorted().map((hit) => hit.docId);
  }

  return {
    /** `visible`: the published lessons the requester may see; no other lesson's title is suggested. */
    suggest(q: string, limit: number, language: Language, visible: Bitset): SuggestReply {
      const terms = deps.vocabulary.suggestTerms("", q, limit, language);
      const words = analyzeQuery(q);
      const last = words.at(-1);
      const docIds: number[] = [];
      if (last) {
        const match = words
          // the last word is being typed: a prefix from PREFIX_MIN_LENGTH letters (the prefix index's sizes)
          .map((w) =>
            w === last && w.text.length >= PREFIX_MIN_LENGTH
              ? `(${wordExpression({ ...w, prefix: true })})`
              : wordExpression(w),
          )
          .join(" AND ");
        // lessons the requester may not see must not crowd out those it may: look deeper while too few
        for (const depth of HEADING_DEPTHS) {
          docIds.length = 0;
          const hits = search.text.searchHeadings(match, limit * depth);
          for (const hit of hits) if (docIds.length < limit && visible.has(hit.docId)) docIds.push(hit.docId);
          if (docIds.length >= limit || hits.length < limit * depth) break;
        }
      }
      // one word being typed may be a concept's name; more words are a title or summary being recalled
      const best = words.length === 1 ? terms[0] : undefined;
      if (best && docIds.length < limit)
        docIds.push(...taggedWith(best.facet, best.slug, limit - docIds.length, new Set(docIds), visible));
      const byId = new Map(
        deps.lessons
          .getMany(docIds.map((docId) => search.lessons.get(docId)!.lessonId))
          .map((lesson) => [lesson.id, lesson]),
      );
      const lessons = docIds.flatMap((docId) => {
        const lesson = byId.get(search.lessons.get(docId)!.lessonId);
        return lesson ? [{ id: lesson.id, title: lesson.title }] : [];
      });
      return {
        terms: terms.map((t) => ({
          facet: t.facet,
          slug: t.slug,
          label: t.label,
          matchedOn: t.matchedOn ?? "slug",
        })),
        lessons,
      };
    },
  };
}
