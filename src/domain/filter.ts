// Filtering: condensed lessons ranked for the requester's context. Free text (FTS5, stemmed in every
// language, with query words that name a controlled term matching lessons tagged with it) and facet
// filters restrict; the requester's context, evidence, adaptations and recency rank. Replies carry
// the per-result explanation, highlights, and disjunctive facet counts.
import { createHash } from "node:crypto";
import type { ColumnWeights } from "../db/text-index.js";
import { analyzeQuery, LANGUAGES, type Language, type QueryWord } from "../search/analyze.js";
import { Bitset } from "../search/bitset.js";
import {
  type Direction,
  disjunctiveCounts,
  type FacetConstraint,
  FIELD_FACETS,
  type FieldFacet,
  type IndexedLesson,
} from "../search/facets.js";
import { wordExpression } from "../search/fts-query.js";
import { type HighlightQuery, highlight } from "../search/highlight.js";
import {
  combine,
  dimensionWeight,
  EVIDENCE_KINDS,
  type EvidenceKind,
  type RankingConfig,
  recency,
  type ScoreParts,
} from "../search/rank.js";
import { TopK } from "../search/top-k.js";
import type { Clock } from "./clock.js";
import { Unprocessable } from "./errors.js";
import { STAGES, type Stage } from "./initiatives.js";
import { DIRECTIONS, type Lesson, type LessonService } from "./lessons.js";
import { pageSize } from "./pagination.js";
import { appendTo } from "./patch.js";
import type { SearchIndex } from "./search-index.js";
import type { ContextTags, UnitService } from "./units.js";
import { labelIn, type VocabularyService } from "./vocabulary.js";

export type FilterRequest = {
  unitId?: string | undefined;
  context?: ContextTags | undefined;
  q?: string | undefined;
  filters?: Record<string, string[]> | undefined;
  outcomeDirection?: Direction[] | undefined;
  evidence?: EvidenceKind[] | undefined;
  stage?: Stage[] | undefined;
  language?: Language[] | undefined;
  publishedFrom?: string | undefined;
  publishedTo?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
};

type Labelled = { slug: string; label: string };

export type FilterResult = {
  id: string;
  title: string;
  summary: string;
  unitId: string;
  language: Language;
  stage: string;
  publishedAt: string | null;
  mechanisms: Labelled[];
  outcomes: (Labelled & { direction: Direction })[];
  context: Record<string, Labelled[]>;
  score: number;
  relevance: {
    context: { matched: Record<string, string[]>; related: Record<string, string[]>; score: number };
    text: {
      matchedTerms: string[];
      vocabularyTerms: { facet: string; slug: string; word: string }[];
      score: number;
    } | null;
    evidence: EvidenceKind;
    evidenceScore: number;
    adaptations: { worked: number; partly: number; didNotWork: number };
    recency: number;
  };
  highlights: { summary?: string; why?: string };
};

export type FilterReply = {
  total: number;
  results: FilterResult[];
  facets: Record<string, Record<string, number>>;
  facetLabels: Record<string, { label: string; terms: Record<string, string> }>;
  query: {
    words: { word: string; stems: string[]; terms: { facet: string; slug: string; label: string }[] }[];
  } | null;
  nextCursor: string | null;
};

export type SuggestReply = {
  terms: { facet: string; slug: string; label: string; matchedOn: string }[];
  lessons: { id: string; title: string }[];
};

const DAY_MS = 86_400_000;
const EMPTY = new Bitset(0);
/** bm25 over this many matches costs a few milliseconds: below it, every word's text is scored. */
const ALWAYS_SCORED_MATCHES = 2000;
/** Text relevance is computed exactly for a word's best matches; lower ones share the last score. */
const SCORED_TEXT_MATCHES = 500;
const FIELD_VALUES: Record<FieldFacet, readonly string[]> = {
  outcomeDirection: DIRECTIONS,
  evidence: EVIDENCE_KINDS,
  stage: STAGES,
  language: LANGUAGES,
};

type Cursor = { h: string; t: number; s: number; d: number };

export type FilterService = ReturnType<typeof createFilterService>;

export function createFilterService(deps: {
  search: Pick<SearchIndex, "lessons" | "text" | "typos">;
  vocabulary: VocabularyService;
  units: Pick<UnitService, "find" | "get">;
  lessons: Pick<LessonService, "getMany">;
  ranking: RankingConfig;
  clock: Clock;
}) {
  const { search, vocabulary, ranking } = deps;
  const columnWeights: ColumnWeights = [
    ranking.columns.title,
    ranking.columns.summary,
    ranking.columns.why,
    ranking.columns.narrative,
  ];

  /** The lessons tagged with a term or any term below it. Read-only: it may be the index's own set. */
  function termWithDescendants(termId: string): Bitset {
    const ids = vocabulary.withDescendants(termId);
    if (ids.length === 1) return search.lessons.termSet(termId) ?? EMPTY;
    const set = new Bitset(search.lessons.capacity);
    for (const id of ids) {
      const own = search.lessons.termSet(id);
      if (own) set.or(own);
    }
    return set;
  }

  /** Resolves every slug of the request, reporting all unknown ones at once (422 with suggestions). */
  function resolve(request: FilterRequest) {
    const check = vocabulary.resolver();
    let requester: string[] = [];
    if (request.context) requester = check.context(request.context, "/context");
    else if (request.unitId) {
      const unit = deps.units.find(request.unitId);
      // a profile may hold terms retired since: they no longer rank
      if (unit)
        requester = check.context(vocabulary.withoutRetired(deps.units.get(unit.id).context), "/unitId");
      else
        check.problem({
          pointer: "/unitId",
          code: "unknown_reference",
          message: `No unit with id '${request.unitId}'.`,
        });
    }
    const filters: { facet: string; termIds: string[] }[] = [];
    for (const [facet, slugs] of Object.entries(request.filters ?? {})) {
      if (!vocabulary.facetKind(facet)) {
        check.problem({
          pointer: `/filters/${facet}`,
          code: "unknown_facet",
          message: `Unknown facet '${facet}'. Facets: ${vocabulary
            .listFacets()
            .map((f) => `'${f.slug}'`)
            .join(", ")}.`,
        });
        continue;
      }
      filters.push({ facet, termIds: check.terms(facet, slugs, `/filters/${facet}`) });
    }
    check.throwIfProblems();
    return { requester, filters };
  }

  function constraintsOf(
    request: FilterRequest,
    filters: { facet: string; termIds: string[] }[],
  ): FacetConstraint[] {
    const constraints: FacetConstraint[] = [];
    for (const { facet, termIds } of filters) {
      const allowed = new Bitset(search.lessons.capacity);
      for (const termId of termIds) allowed.or(termWithDescendants(termId));
      constraints.push({ facet, allowed });
    }
    for (const facet of FIELD_FACETS) {
      const values = request[facet];
      if (!values || values.length === 0) continue;
      const allowed = new Bitset(search.lessons.capacity);
      for (const value of values) {
        const set = search.lessons.fieldSet(facet, value);
        if (set) allowed.or(set);
      }
      constraints.push({ facet, allowed });
    }
    if (request.publishedFrom || request.publishedTo) {
      const from = request.publishedFrom ? Date.parse(request.publishedFrom) : Number.NEGATIVE_INFINITY;
      const to = request.publishedTo ? Date.parse(request.publishedTo) + DAY_MS : Number.POSITIVE_INFINITY;
      const allowed = new Bitset(search.lessons.capacity);
      search.lessons.published.forEach((docId) => {
        const at = search.lessons.get(docId)?.publishedAt ?? 0;
        if (at >= from && at < to) allowed.add(docId);
      });
      constraints.push({ facet: "publishedAt", allowed });
    }
    return constraints;
  }

  type WordMatch = {
    word: QueryWord;
    terms: string[];
    /** Indexed stems tried for a misspelt word. */
    typoVariants: string[];
    /** Lessons tagged with a term the word names (or a child of it). */
    tagged: Bitset;
    /** Per doc id, the word's text relevance (bm25 relative to the best match, 0..1). */
    text: Float32Array;
    matched: Bitset;
  };

  /** Each content word's matches: stemmed text in any language, or a controlled term it names. */
  function matchWords(q: string): WordMatch[] {
    const words = analyzeQuery(q);
    const named = vocabulary.index.termsNamedBy(words);
    return words.map((word, i) => {
      const terms = named[i] ?? [];
      const tagged = new Bitset(search.lessons.capacity);
      for (const termId of terms) tagged.or(termWithDescendants(termId));
      // a word that names a term is spelt right: it gets no typo variants
      const typoVariants = terms.length > 0 ? [] : search.typos.variants(word);
      const expression = wordExpression(word, typoVariants);
      const text = new Float32Array(search.lessons.capacity);
      const matched = tagged.clone();
      const docIds = search.text.matching(expression);
      for (const docId of docIds) matched.add(docId);
      const common =
        search.text.estimateMatches([...word.stems, ...typoVariants]) >
        Math.max(ALWAYS_SCORED_MATCHES, ranking.commonWordShare * search.lessons.size);
      if (common) {
        for (const docId of docIds) text[docId] = 1;
      } else {
        // bm25 for the best matches; the rest share the lowest of those scores (their upper bound)
        const hits = search.text.search(expression, columnWeights, SCORED_TEXT_MATCHES);
        const best = hits.scores[0] ?? 0;
        const floor = docIds.length > hits.docIds.length ? (hits.scores.at(-1) ?? 0) : 0;
        for (const docId of docIds) text[docId] = best > 0 ? floor / best : 1;
        hits.docIds.forEach((docId, k) => {
          text[docId] = best > 0 ? hits.scores[k]! / best : 1;
        });
      }
      return { word, terms, typoVariants, tagged, text, matched };
    });
  }

  /** Context similarity per lesson, accumulated through the requester's terms' bitsets. */
  function contextScores(requester: string[], scope: Bitset): { scores: Float32Array; total: number } {
    const scores = new Float32Array(search.lessons.capacity);
    const byDimension = new Map<string, string[]>();
    for (const termId of requester) {
      const term = vocabulary.termById(termId);
      if (term) byDimension.set(term.facet, [...(byDimension.get(term.facet) ?? []), termId]);
    }
    let total = 0;
    for (const [dimension, termIds] of byDimension) {
      const weight = dimensionWeight(dimension, ranking);
      total += weight;
      const share = weight / termIds.length;
      for (const termId of termIds) {
        const exact = search.lessons.termSet(termId);
        const related = new Bitset(search.lessons.capacity);
        for (const relatedId of vocabulary.relatedTerms(termId)) {
          const set = search.lessons.termSet(relatedId);
          if (set) related.or(set);
        }
        if (exact) {
          const hit = scope.clone().and(exact);
          hit.forEach((docId) => {
            scores[docId]! += share;
          });
          related.andNot(exact);
        }
        const partial = share * ranking.relatedTermMatch;
        related.and(scope).forEach((docId) => {
          scores[docId]! += partial;
        });
      }
    }
    if (total > 0) for (let i = 0; i < scores.length; i++) scores[i]! /= total;
    return { scores, total };
  }

  function requestHash(request: FilterRequest): string {
    const { cursor: _cursor, limit: _limit, ...rest } = request;
    return createHash("sha256").update(JSON.stringify(rest)).digest("base64url").slice(0, 16);
  }

  function decodeCursor(cursor: string, hash: string): Cursor {
    try {
      const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Cursor;
      if (value.h === hash && [value.t, value.s, value.d].every((n) => typeof n === "number")) return value;
    } catch {
      // reported below
    }
    throw new Unprocessable([
      {
        pointer: "/cursor",
        code: "invalid_cursor",
        message:
          "Not a cursor issued for this request: send the same request body with nextCursor from its previous page.",
      },
    ]);
  }

  function relevanceOf(
    doc: IndexedLesson,
    parts: ScoreParts,
    requester: string[],
    words: WordMatch[] | undefined,
  ): FilterResult["relevance"] {
    const matched: Record<string, string[]> = {};
    const related: Record<string, string[]> = {};
    const docTerms = new Set(doc.termIds);
    for (const termId of requester) {
      const term = vocabulary.termById(termId)!;
      if (docTerms.has(termId)) appendTo(matched, term.facet, term.slug);
      else {
        const near = vocabulary.relatedTerms(termId).filter((id) => docTerms.has(id));
        for (const id of near) appendTo(related, term.facet, vocabulary.termById(id)!.slug);
      }
    }
    return {
      context: { matched, related, score: round(parts.context) },
      text: words
        ? {
            matchedTerms: words.filter((w) => (w.text[doc.docId] ?? 0) > 0).map((w) => w.word.text),
            vocabularyTerms: words.flatMap((w) =>
              w.terms
                .filter((termId) => vocabulary.withDescendants(termId).some((id) => docTerms.has(id)))
                .map((termId) => ({
                  facet: vocabulary.termById(termId)!.facet,
                  slug: vocabulary.termById(termId)!.slug,
                  word: w.word.text,
                })),
            ),
            score: round(parts.text),
          }
        : null,
      evidence: doc.evidence,
      evidenceScore: round(parts.evidence),
      adaptations: doc.adaptations,
      recency: round(parts.recency),
    };
  }

  function toResult(
    lesson: Lesson,
    score: number,
    relevance: FilterResult["relevance"],
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
      relevance,
      highlights,
    };
  }

  function termLabel(facet: string, slug: string, language: Language | undefined): string {
    const term = vocabulary.findTerm(facet, slug);
    return term ? labelIn(term.labels, language) : slug;
  }

  /** The words to mark: the query's stems in every language, and the names of the terms it named. */
  function highlightQuery(words: WordMatch[]): HighlightQuery {
    const stems = new Set<string>();
    const prefixes: string[] = [];
    for (const w of words) {
      for (const s of [...w.word.stems, ...w.typoVariants]) stems.add(s);
      if (w.word.prefix) prefixes.push(w.word.text);
      for (const termId of w.terms) {
        for (const id of vocabulary.withDescendants(termId))
          for (const s of vocabulary.nameStems(id)) stems.add(s);
      }
    }
    return { stems, prefixes };
  }

  function facetsOf(base: Bitset, constraints: FacetConstraint[], language: Language | undefined) {
    const vocabularyFacets = vocabulary.listFacets();
    const facetList = vocabularyFacets.map((facet) => ({
      facet: facet.slug,
      values: facet.terms
        .filter((t) => t.status !== "retired")
        .map((t) => {
          const term = vocabulary.findTerm(facet.slug, t.slug)!;
          return { key: t.slug, set: termWithDescendants(term.id) };
        }),
    }));
    const fieldList = FIELD_FACETS.map((facet) => ({
      facet,
      values: FIELD_VALUES[facet].map((value) => ({
        key: value,
        set: search.lessons.fieldSet(facet, value),
      })),
    }));
    const facets = disjunctiveCounts(base, constraints, [...facetList, ...fieldList]);
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

  /** What a request restricts to: the published lessons matching its text and every constraint. */
  function select(request: FilterRequest) {
    const { requester, filters } = resolve(request);
    const constraints = constraintsOf(request, filters);
    const base = search.lessons.published.clone();
    const words = request.q ? matchWords(request.q) : [];
    for (const w of words) base.and(w.matched);
    const matching = base.clone();
    for (const c of constraints) matching.and(c.allowed);
    return { requester, constraints, base, words, matching };
  }

  return {
    /**
     * The lessons a filter request matches (the same set `filter` ranks and counts), with the
     * requester's context terms: for digests and evidence maps.
     */
    matchingLessons(request: FilterRequest): { lessons: IndexedLesson[]; requesterTermIds: string[] } {
      const { requester, matching } = select(request);
      const lessons: IndexedLesson[] = [];
      matching.forEach((docId) => {
        lessons.push(search.lessons.get(docId)!);
      });
      return { lessons, requesterTermIds: requester };
    },

    /** Controlled terms whose names start like `q` (typos forgiven), and titles of published lessons. */
    suggest(q: string, limit: number, language: Language): SuggestReply {
      const terms = vocabulary.suggestTerms("", q, limit, language);
      const words = analyzeQuery(q);
      const last = words.at(-1);
      let lessons: SuggestReply["lessons"] = [];
      if (last) {
        const match = words
          .map((w) => (w === last ? `(${wordExpression({ ...w, prefix: true })})` : wordExpression(w)))
          .join(" AND ");
        const docIds = search.text
          .searchTitles(match, limit * 4)
          .map((hit) => hit.docId)
          .filter((docId) => search.lessons.published.has(docId))
          .slice(0, limit);
        lessons = deps.lessons
          .getMany(docIds.map((docId) => search.lessons.get(docId)!.lessonId))
          .map((lesson) => ({ id: lesson.id, title: lesson.title }));
      }
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

    filter(request: FilterRequest, options: { labels?: Language | undefined } = {}): FilterReply {
      const limit = pageSize(request.limit);
      const hash = requestHash(request);
      const cursor = request.cursor ? decodeCursor(request.cursor, hash) : undefined;
      const asOf = cursor?.t ?? deps.clock.now().getTime();
      const { requester, constraints, base, words, matching } = select(request);
      const hasQuery = words.length > 0;
      const total = matching.count();

      const context = contextScores(requester, matching);
      // recency at day resolution, computed once per distinct age
      const recencyByAge = new Map<number, number>();
      const recencyOf = (publishedAt: number) => {
        const days = Math.floor((asOf - publishedAt) / DAY_MS);
        let value = recencyByAge.get(days);
        if (value === undefined) {
          value = recency(days * DAY_MS, ranking.recencyHalfLifeDays);
          recencyByAge.set(days, value);
        }
        return value;
      };
      const index = search.lessons;
      const evidenceStrength = EVIDENCE_KINDS.map((kind) => ranking.evidence[kind]);
      /** Fills `parts` for one lesson (reused across lessons: this runs for every match). */
      const partsOf = (docId: number, parts: ScoreParts): ScoreParts => {
        let text = 0;
        for (const w of words) {
          const fromText = w.text[docId]!;
          text +=
            w.tagged.has(docId) && ranking.vocabularyMatch > fromText ? ranking.vocabularyMatch : fromText;
        }
        parts.text = hasQuery ? text / words.length : 0;
        parts.context = context.total > 0 ? context.scores[docId]! : 0;
        parts.evidence = evidenceStrength[index.evidenceCode[docId]!]!;
        parts.adaptations = hasQuery ? index.adaptation[docId]! : 0;
        parts.recency = hasQuery ? recencyOf(index.publishedAt[docId]!) : 0;
        return parts;
      };
      const scratch: ScoreParts = { text: 0, context: 0, evidence: 0, adaptations: 0, recency: 0 };
      // top-k by (score desc, docId asc) after the cursor, without sorting every match; the bits are
      // walked inline because this loop runs for every matching lesson
      const top = new TopK(limit + 1);
      const bits = matching.words;
      for (let i = 0; i < bits.length; i++) {
        let word = bits[i]!;
        while (word !== 0) {
          const lowest = word & -word;
          const docId = (i << 5) + 31 - Math.clz32(lowest);
          word ^= lowest;
          const score = combine(partsOf(docId, scratch), hasQuery, ranking);
          if (cursor && (score > cursor.s || (score === cursor.s && docId <= cursor.d))) continue;
          top.offer(score, docId);
        }
      }
      const ranked = top.sorted();
      const page = ranked.slice(0, limit);
      const last = page.at(-1);
      const nextCursor =
        ranked.length > limit && last
          ? Buffer.from(
              JSON.stringify({ h: hash, t: asOf, s: last.score, d: last.docId } satisfies Cursor),
            ).toString("base64url")
          : null;

      const lessonsById = new Map(
        deps.lessons.getMany(page.map((p) => search.lessons.get(p.docId)!.lessonId)).map((l) => [l.id, l]),
      );
      const marks = hasQuery ? highlightQuery(words) : undefined;
      const results = page.map(({ score, docId }) => {
        const doc = search.lessons.get(docId)!;
        const parts = partsOf(docId, { ...scratch });
        return toResult(
          lessonsById.get(doc.lessonId)!,
          score,
          relevanceOf(doc, parts, requester, hasQuery ? words : undefined),
          marks,
          options.labels,
        );
      });
      const { facets, facetLabels } = facetsOf(base, constraints, options.labels);
      return {
        total,
        results,
        facets,
        facetLabels,
        query: hasQuery
          ? {
              words: words.map((w) => ({
                word: w.word.text,
                stems: w.word.stems,
                terms: w.terms.map((id) => {
                  const term = vocabulary.termById(id)!;
                  return { facet: term.facet, slug: term.slug, label: labelIn(term.labels, options.labels) };
                }),
              })),
            }
          : null,
        nextCursor,
      };
    },
  };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
