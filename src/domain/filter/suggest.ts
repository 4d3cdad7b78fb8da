// Autosuggest while typing: controlled terms whose names start like the text (typos forgiven), and
// published lessons whose title or summary holds its words (the last one as a prefix), then lessons
// tagged with the best suggested term ("hjemmepl" → lessons about home care, whatever their wording).
import { analyzeQuery, type Language } from "../../search/analyze.js";
import type { Bitset } from "../../search/bitset.js";
import { wordExpression } from "../../search/fts-query.js";
import type { LessonService } from "../lessons.js";
import type { SearchIndex } from "../search-index.js";
import type { VocabularyService } from "../vocabulary.js";
import type { SuggestReply } from "./types.js";

export function createSuggester(deps: {
  search: Pick<SearchIndex, "lessons" | "text">;
  vocabulary: Pick<VocabularyService, "suggestTerms" | "findTerm">;
  lessons: Pick<LessonService, "getMany">;
  termWithDescendants: (termId: string) => Bitset;
}) {
  const { search } = deps;

  /** Published lessons tagged with a term (or one below it), newest first. */
  function taggedWith(facet: string, slug: string, limit: number, skip: ReadonlySet<number>): number[] {
    const term = deps.vocabulary.findTerm(facet, slug);
    if (!term) return [];
    const docIds: number[] = [];
    deps
      .termWithDescendants(term.id)
      .clone()
      .and(search.lessons.published)
      .forEach((docId) => {
        if (!skip.has(docId)) docIds.push(docId);
      });
    return docIds
      .sort((a, b) => search.lessons.publishedAt[b]! - search.lessons.publishedAt[a]! || a - b)
      .slice(0, limit);
  }

  return {
    suggest(q: string, limit: number, language: Language): SuggestReply {
      const terms = deps.vocabulary.suggestTerms("", q, limit, language);
      const words = analyzeQuery(q);
      const last = words.at(-1);
      const docIds: number[] = [];
      if (last) {
        const match = words
          .map((w) => (w === last ? `(${wordExpression({ ...w, prefix: true })})` : wordExpression(w)))
          .join(" AND ");
        for (const hit of search.text.searchHeadings(match, limit * 4))
          if (docIds.length < limit && search.lessons.published.has(hit.docId)) docIds.push(hit.docId);
      }
      // one word being typed may be a concept's name; more words are a title or summary being recalled
      const best = words.length === 1 ? terms[0] : undefined;
      if (best && docIds.length < limit)
        docIds.push(...taggedWith(best.facet, best.slug, limit - docIds.length, new Set(docIds)));
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
