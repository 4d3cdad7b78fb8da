// Filter step 4, present: the page's lessons with labels in the reader's language, why each is relevant
// (context terms shared, the question's words matched and missing), highlights, the disjunctive facet
// counts, and how the question was read.
import type { Language } from "../../search/analyze.js";
import { LANGUAGES } from "../../search/analyze.js";
import type { Bitset } from "../../search/bitset.js";
import { disjunctiveCounts, FIELD_FACETS, type FieldFacet, type IndexedLesson } from "../../search/facets.js";
import { type HighlightQuery, highlight, withFirstLetters } from "../../search/highlight.js";
import { EVIDENCE_KINDS, type ScoreParts } from "../../search/rank.js";
import { STAGES } from "../initiatives.js";
import { DIRECTIONS, type LessonCard } from "../lessons.js";
import { appendTo } from "../patch.js";
import { labelIn, type VocabularyService } from "../vocabulary.js";
import type { Plan, PlannedQuery } from "./plan.js";
import type { TextCoverage } from "./score.js";
import type { FilterReply, FilterResult, QueryReading } from "./types.js";

type Labelled = { slug: string; label: string };

const FIELD_VALUES: Record<FieldFacet, readonly string[]> = {
  outcomeDirection: DIRECTIONS,
  evidence: EVIDENCE_KINDS,
  stage: STAGES,
  language: LANGUAGES,
};

export function createPresenter(deps: {
  vocabulary: VocabularyService;
  termWithDescendants: (termId: string) => Bitset;
  fieldSet: (facet: FieldFacet, value: string) => Bitset | undefined;
}) {
  const { vocabulary } = deps;

  function termLabel(facet: string, slug: string, language: Language | undefined): string {
    const term = vocabulary.findTerm(facet, slug);
    return term ? labelIn(term.labels, language) : slug;
  }

  function textRelevance(
    doc: IndexedLesson,
    parts: ScoreParts & TextCoverage,
    query: PlannedQuery,
  ): NonNullable<FilterResult["relevance"]["text"]> {
    const docTerms = new Set(doc.termIds);
    const matchedTerms: string[] = [];
    const missingWords: string[] = [];
    for (const clause of query.clauses)
      (clause.quality[doc.docId]! > 0 ? matchedTerms : missingWords).push(clause.text);
    return {
      matchedTerms,
      missingWords,
      vocabularyTerms: query.clauses.flatMap((clause) =>
        clause.termIds
          .filter((termId) => vocabulary.withDescendants(termId).some((id) => docTerms.has(id)))
          .map((termId) => {
            const term = vocabulary.termById(termId)!;
            return { facet: term.facet, slug: term.slug, word: clause.text };
          }),
      ),
      coverage: round(parts.coverage),
      allInformative: parts.complete,
      score: round(parts.text),
    };
  }

  function relevanceOf(
    doc: IndexedLesson,
    parts: ScoreParts & TextCoverage,
    plan: Plan,
  ): FilterResult["relevance"] {
    const matched: Record<string, string[]> = {};
    const related: Record<string, string[]> = {};
    const docTerms = new Set(doc.termIds);
    for (const termId of plan.requester) {
      const term = vocabulary.termById(termId)!;
      if (docTerms.has(termId)) appendTo(matched, term.facet, term.slug);
      else {
        const near = vocabulary.relatedTerms(termId).filter((id) => docTerms.has(id));
        for (const id of near) appendTo(related, term.facet, vocabulary.termById(id)!.slug);
      }
    }
    const query = plan.query && plan.query.clauses.length > 0 ? plan.query : null;
    return {
      context: { matched, related, score: round(parts.context) },
      text: query ? textRelevance(doc, parts, query) : null,
      evidence: doc.evidence,
      evidenceScore: round(parts.evidence),
      adaptations: doc.adaptations,
      recency: round(parts.recency),
    };
  }

  /** The words to mark: the query's stems in every language, and the names of the terms it named. */
  function highlightQuery(query: PlannedQuery): HighlightQuery {
    const stems = new Set<string>();
    const prefixes: string[] = [];
    for (const clause of query.clauses) {
      for (const s of clause.typoVariants) stems.add(s);
      for (const w of clause.words) {
        for (const s of w.stems) stems.add(s);
        if (w.prefix) prefixes.push(w.text);
      }
      for (const termId of clause.termIds)
        for (const id of vocabulary.withDescendants(termId))
          for (const s of vocabulary.nameStems(id)) stems.add(s);
    }
    return withFirstLetters({ stems, prefixes });
  }

  function facetsOf(plan: Plan, language: Language | undefined) {
    const vocabularyFacets = vocabulary.listFacets();
    const facetList = vocabularyFacets.map((facet) => ({
      facet: facet.slug,
      values: facet.terms
        .filter((t) => t.status !== "retired")
        .map((t) => ({
          key: t.slug,
          set: deps.termWithDescendants(vocabulary.findTerm(facet.slug, t.slug)!.id),
        })),
    }));
    const fieldList = FIELD_FACETS.map((facet) => ({
      facet,
      values: FIELD_VALUES[facet].map((value) => ({ key: value, set: deps.fieldSet(facet, value) })),
    }));
    const facets = disjunctiveCounts(plan.base, plan.constraints, [...facetList, ...fieldList]);
    const facetLabels: FilterReply["facetLabels"] = {};
    // labels for what the reply counts, not the whole vocabulary: replies stay small
    for (const facet of vocabularyFacets) {
      const counted = facets[facet.slug] ?? {};
      facetLabels[facet.slug] = {
        label: labelIn(facet.labels, language),
        terms: Object.fromEntries(
          facet.terms
            .filter((t) => counted[t.slug] !== undefined)
            .map((t) => [t.slug, labelIn(t.labels, language)]),
        ),
      };
    }
    return { facets, facetLabels };
  }

  function queryReading(plan: Plan, language: Language | undefined): QueryReading | null {
    const query = plan.query;
    if (!query) return null;
    return {
      match: plan.match,
      intent: query.intent,
      words: query.clauses.map((c) => ({
        word: c.text,
        kind: c.kind,
        stems: [...new Set(c.words.flatMap((w) => w.stems))],
        terms: c.termIds.map((id) => {
          const term = vocabulary.termById(id)!;
          return { facet: term.facet, slug: term.slug, label: labelIn(term.labels, language) };
        }),
        ...(c.partOfName ? { partOfName: true } : {}),
        lessons: c.lessons,
        weight: round(c.weight),
        common: c.common,
      })),
      noise: query.noise,
      // a word read through the term names it is part of is still a word no lesson uses
      missingWords: query.clauses.filter((c) => c.lessons === 0 || c.partOfName).map((c) => c.text),
    };
  }

  return {
    highlightQuery,
    facetsOf,
    queryReading,

    result(
      lesson: LessonCard,
      doc: IndexedLesson,
      score: number,
      parts: ScoreParts & TextCoverage,
      plan: Plan,
      marks: HighlightQuery | undefined,
      language: Language | undefined,
    ): FilterResult {
      const labelled = (facet: string, slug: string): Labelled => ({
        slug,
        label: termLabel(facet, slug, language),
      });
      const highlights: FilterResult["highlights"] = {};
      if (marks) {
        const summary = highlight(lesson.summary, lesson.language, marks);
        const why = highlight(lesson.why, lesson.language, marks);
        if (summary) highlights.summary = summary;
        if (why) highlights.why = why;
      }
      return {
        id: lesson.id,
        title: lesson.title,
        summary: lesson.summary,
        unitId: lesson.unitId,
        language: lesson.language,
        stage: lesson.stage,
        publishedAt: lesson.publishedAt,
        mechanisms: lesson.mechanisms.map((slug) => labelled("mechanism", slug)),
        outcomes: lesson.outcomes.map((o) => ({ ...labelled("outcome", o.term), direction: o.direction })),
        context: Object.fromEntries(
          Object.entries(lesson.context.tags).map(([dimension, slugs]) => [
            dimension,
            slugs.map((s) => labelled(dimension, s)),
          ]),
        ),
        score: round(score),
        relevance: relevanceOf(doc, parts, plan),
        highlights,
      };
    },
  };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
