// Filter step 1, plan: resolve the request's terms (every unknown one reported at once), turn its
// filters into facet constraints, read `q` into clauses, find each clause's lessons and weigh it by
// how much information it carries, and decide which lessons match under the request's `match` mode.
import type { ColumnWeights } from "../../db/text-index.js";
import { LANGUAGES, stem } from "../../search/analyze.js";
import { Bitset } from "../../search/bitset.js";
import { type FacetConstraint, FIELD_FACETS } from "../../search/facets.js";
import { phraseExpression, wordExpression, wordTerms } from "../../search/fts-query.js";
import { type QueryClause, type QueryIntent, readQuery } from "../../search/query.js";
import { DAY_MS, type RankingConfig } from "../../search/rank.js";
import type { SearchIndex } from "../search-index.js";
import type { UnitService } from "../units.js";
import type { VocabularyService } from "../vocabulary.js";
import { DEFAULT_MATCH, type FilterRequest, type MatchMode } from "./types.js";

/** A match in a frequent word's text (not scored by bm25) outside the title and summary counts this much. */
const HEADING_MISS_RELEVANCE = 0.5;
/** A clause matched in a lesson's text counts at least this much of a best match (bm25 adds the rest). */
export const TEXT_MATCH_FLOOR = 0.5;
/** Text relevance is computed exactly for a clause's best matches; lower ones share the last score. */
const SCORED_TEXT_MATCHES = 500;

export type PlannedClause = QueryClause & {
  /** Lessons tagged with a term the clause names (or one below it). */
  tagged: Bitset;
  /** Lessons matching the clause: its text, or the tags. */
  matched: Bitset;
  /**
   * Per doc id, how well the lesson matches the clause, 0..1 (0: not at all): a text match counts
   * TEXT_MATCH_FLOOR plus its bm25 relative to the best match; a tag counts `vocabularyMatch`.
   */
  quality: Float32Array;
  /** Indexed stems tried for a misspelt word. */
  typoVariants: string[];
  /** Published lessons matching it. */
  lessons: number;
  /** Its information, from how rare it is (bm25's idf), more for a concept, less when common. */
  weight: number;
  /** In so many lessons that it says little: it never makes a lesson match on its own. */
  common: boolean;
};

export type PlannedQuery = {
  clauses: PlannedClause[];
  noise: string[];
  intent: QueryIntent | null;
  /** The clauses a lesson must all match to come first (every informative one). */
  required: PlannedClause[];
};

export type Plan = {
  requester: string[];
  constraints: FacetConstraint[];
  query: PlannedQuery | null;
  match: MatchMode;
  /** Visible published lessons matching the text (every one without `q`), before constraints. */
  base: Bitset;
  /** …and every constraint: the result set. */
  matching: Bitset;
};

export type PlanDeps = {
  search: Pick<SearchIndex, "lessons" | "text" | "typos" | "wordSets">;
  vocabulary: VocabularyService;
  units: Pick<UnitService, "find" | "get">;
  ranking: RankingConfig;
};

export function createPlanner(deps: PlanDeps) {
  const { search, vocabulary, ranking } = deps;
  const columnWeights: ColumnWeights = [
    ranking.columns.title,
    ranking.columns.summary,
    ranking.columns.why,
    ranking.columns.narrative,
  ];
  const empty = new Bitset(0);

  // a parent term's lessons (its own and its descendants'), kept while neither the lessons' sets nor
  // the terms change: facet counts ask for every parent term on every request
  const unions = new Map<string, Bitset>();
  let unionsOf = { index: search.lessons, version: -1, revision: -1 };

  /** The lessons tagged with a term or any term below it. Read-only: it may be the index's own set. */
  function termWithDescendants(termId: string): Bitset {
    const ids = vocabulary.withDescendants(termId);
    if (ids.length === 1) return search.lessons.termSet(termId) ?? empty;
    const index = search.lessons;
    if (
      unionsOf.index !== index ||
      unionsOf.version !== index.version ||
      unionsOf.revision !== vocabulary.revision
    ) {
      unions.clear();
      unionsOf = { index, version: index.version, revision: vocabulary.revision };
    }
    let set = unions.get(termId);
    if (!set) {
      set = new Bitset(index.capacity);
      for (const id of ids) {
        const own = index.termSet(id);
        if (own) set.or(own);
      }
      unions.set(termId, set);
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
    if (request.publishedFrom && request.publishedTo && request.publishedFrom > request.publishedTo)
      check.problem({
        pointer: "/publishedTo",
        code: "invalid_range",
        message: `publishedTo (${request.publishedTo}) is before publishedFrom (${request.publishedFrom}).`,
      });
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

  /** The FTS5 expression of a clause: a word (with its typo variants) or a phrase in each language. */
  function expressionOf(clause: QueryClause, typoVariants: string[]): string {
    if (clause.words.length === 1) return wordExpression(clause.words[0]!, typoVariants);
    return phraseExpression(LANGUAGES.map((language) => clause.words.map((w) => stem(w.text, language))));
  }

  /**
   * Writes into `quality` how well each of `docIds` (the text matches of `expression`) matches it:
   * TEXT_MATCH_FLOOR plus the rest scaled by bm25 relative to the best match — or, for a `frequent`
   * word whose bm25 would cost too much, by whether its title or summary has it.
   */
  function textQuality(expression: string, docIds: Int32Array, quality: Float32Array) {
    const inText = (docId: number, relevance: number) => {
      quality[docId] = TEXT_MATCH_FLOOR + (1 - TEXT_MATCH_FLOOR) * relevance;
    };
    // bm25 for the best matches; the rest share the lowest of those scores (their upper bound)
    const hits = search.text.search(expression, columnWeights, SCORED_TEXT_MATCHES);
    const best = hits.scores[0] ?? 0;
    const floor = docIds.length > hits.docIds.length ? (hits.scores.at(-1) ?? 0) : 0;
    for (const docId of docIds) inText(docId, best > 0 ? floor / best : 1);
    for (let k = 0; k < hits.docIds.length; k++)
      inText(hits.docIds[k]!, best > 0 ? hits.scores[k]! / best : 1);
  }

  /**
   * A clause's lessons and how well each matches it (0..1). bm25 is computed for a clause matching
   * at most `bm25MatchLimit` lessons; a more frequent word (its bm25 costs 5–20 ms at 100,000
   * lessons) counts fully where its title or summary has it and HEADING_MISS_RELEVANCE elsewhere.
   */
  function matchClause(
    read: QueryClause,
    published: Bitset,
    publishedCount: number,
    match: MatchMode,
  ): PlannedClause {
    // "coming" is not a misspelt "coping" when lessons use "coming"
    const clause: QueryClause =
      read.fuzzy && search.text.estimateMatches(read.words.flatMap((w) => w.stems)) > 0
        ? { text: read.text, kind: "word", words: read.words, termIds: [] }
        : read;
    const tagged = new Bitset(search.lessons.capacity);
    for (const termId of clause.termIds) tagged.or(termWithDescendants(termId));
    // a word that names a term is spelt right: it gets no typo variants
    const typoVariants =
      clause.kind === "word" && clause.words.length === 1 ? search.typos.variants(clause.words[0]!) : [];
    const quality = new Float32Array(search.lessons.capacity);
    const matched = tagged.clone();
    const frequent =
      clause.words.length === 1 &&
      search.text.estimateMatches([...clause.words.flatMap((w) => w.stems), ...typoVariants]) >
        ranking.bm25MatchLimit;
    if (frequent) {
      // a frequent word's lessons, from the kept stem sets: full marks where its title or summary has it
      const { stems, prefixes } = wordTerms(clause.words[0]!, typoVariants);
      const sets = search.wordSets(stems, prefixes);
      const elsewhere = TEXT_MATCH_FLOOR + (1 - TEXT_MATCH_FLOOR) * HEADING_MISS_RELEVANCE;
      sets.all.forEach((docId) => {
        quality[docId] = elsewhere;
      });
      sets.headings.forEach((docId) => {
        quality[docId] = 1;
      });
      matched.or(sets.all);
    } else {
      const expression = expressionOf(clause, typoVariants);
      const docIds = search.text.matching(expression);
      textQuality(expression, docIds, quality);
      for (const docId of docIds) matched.add(docId);
    }
    tagged.forEach((docId) => {
      if (quality[docId]! < ranking.vocabularyMatch) quality[docId] = ranking.vocabularyMatch;
    });
    const lessons = matched.intersectionCount(published);
    // a concept was named on purpose: only a plain word can be too common to count
    const common =
      clause.kind === "word" &&
      lessons >= ranking.commonQueryWordMinLessons &&
      lessons > ranking.commonQueryWordShare * publishedCount;
    // bm25's idf: a clause in no lesson carries the most information, one in every lesson almost none
    const idf = Math.log(1 + (publishedCount - lessons + 0.5) / (lessons + 0.5));
    const weight =
      idf * (clause.kind === "word" ? 1 : ranking.conceptWeight) * (common ? ranking.commonWordWeight : 1);
    // (not for the strict reading: there a word in no lesson finds nothing)
    if (lessons === 0 && clause.kind === "word" && match !== "all") {
      // a word no lesson uses, but the vocabulary does inside a longer name, points at that term
      const termIds = vocabulary.index.termsWithNameWord(clause.words[0]!);
      if (termIds.length > 0) {
        const concept = matchClause(
          { ...clause, kind: "concept", termIds, partOfName: true },
          published,
          publishedCount,
          match,
        );
        // the word still carries the information of a word no lesson uses
        return { ...concept, weight: Math.max(concept.weight, weight) };
      }
    }
    return { ...clause, tagged, matched, quality, typoVariants, lessons, weight, common };
  }

  /** The lessons matching the planned query under a match mode (within the published ones). */
  function textMatches(query: PlannedQuery, match: MatchMode, published: Bitset): Bitset {
    const { clauses, required } = query;
    if (match === "all") {
      const set = published.clone();
      for (const c of clauses) set.and(c.matched);
      return set;
    }
    // "any": every clause may match on its own; "most": only the informative ones may
    const sufficient = match === "any" ? clauses : required;
    const set = new Bitset(search.lessons.capacity);
    for (const c of sufficient) set.or(c.matched);
    return set.and(published);
  }

  return {
    termWithDescendants,

    /**
     * `published`: the published lessons the requester may see (VisibilityService.publishedSet), the
     * only ones it matches, counts and weighs words by — as if the others were not there.
     */
    plan(request: FilterRequest, published: Bitset): Plan {
      const { requester, filters } = resolve(request);
      const constraints = constraintsOf(request, filters);
      const match = request.match ?? DEFAULT_MATCH;
      const read = request.q ? readQuery(request.q, (words) => vocabulary.index.namedSpans(words)) : null;
      let query: PlannedQuery | null = null;
      let base = published.clone();
      if (read && read.clauses.length > 0) {
        const publishedCount = published.count();
        const clauses = read.clauses.map((c) => matchClause(c, published, publishedCount, match));
        const informative = clauses.filter((c) => !c.common);
        // only common words asked: they are all there is to go by
        const required = informative.length > 0 ? informative : clauses;
        query = { clauses, noise: read.noise, intent: read.intent, required };
        base = textMatches(query, match, published);
      } else if (read) {
        // nothing but stop words: the question carries no content to match
        query = { clauses: [], noise: read.noise, intent: read.intent, required: [] };
      }
      const matching = base.clone();
      for (const c of constraints) matching.and(c.allowed);
      return { requester, constraints, query, match, base, matching };
    },
  };
}

export type Planner = ReturnType<typeof createPlanner>;
