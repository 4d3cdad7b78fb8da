// The vocabulary index: MiniSearch over every term's slug, labels and synonyms in all languages.
// It answers "which controlled terms does this word name?" with typo tolerance and prefix matching:
// used for unknown-term suggestions now, and for query understanding and autosuggest in search.
import { distance as editDistance } from "fastest-levenshtein";
import MiniSearch from "minisearch";
import { analyze, LANGUAGES, type Language, normalizeText, type QueryWord, words } from "./analyze.js";

/** The longest label or synonym, in words, that a run of query words is compared with. */
const MAX_NAME_WORDS = 4;
/** A word of a longer name points at its terms only from this length… */
const MIN_NAME_WORD_LENGTH = 5;
/** …and when it is in the names of at most this many terms. */
const MAX_TERMS_PER_NAME_WORD = 3;

export type { Language };

export type IndexedTerm = {
  id: string;
  facet: string;
  slug: string;
  labels: Partial<Record<Language, string>>;
  synonyms: Partial<Record<Language, string[]>>;
  status: string;
};

export type TermMatch = {
  termId: string;
  facet: string;
  slug: string;
  score: number;
  /** What the query matched: e.g. { field: "synonym", language: "da", text: "tiltro" }. */
  matchedOn: { field: "slug" | "label" | "synonym"; language?: Language; text: string };
};

/** Query words start..end (inclusive) name these terms; `fuzzy`: only as a misspelling of their name. */
export type NamedSpan = { start: number; end: number; termIds: string[]; fuzzy?: boolean };

type Doc = { id: string; facet: string; status: string; slug: string } & Record<string, string>;

const FIELD_BOOST: Record<string, number> = { slug: 3, label_en: 2, label_da: 2, label_nb: 2 };
const TEXT_FIELDS = ["slug", ...LANGUAGES.flatMap((l) => [`label_${l}`, `synonym_${l}`])];

function toDoc(term: IndexedTerm): Doc {
  const doc: Doc = {
    id: term.id,
    facet: term.facet,
    status: term.status,
    slug: term.slug.replace(/_/g, " "),
  };
  for (const language of LANGUAGES) {
    doc[`label_${language}`] = term.labels[language] ?? "";
    doc[`synonym_${language}`] = (term.synonyms[language] ?? []).join(" | ");
  }
  return doc;
}

export class VocabularyIndex {
  private readonly search = new MiniSearch<Doc>({
    fields: TEXT_FIELDS,
    storeFields: ["facet", "status"],
    processTerm: (term) => normalizeText(term),
  });
  private readonly terms = new Map<string, IndexedTerm>();
  /** Analysed names (stems joined by spaces, stop words dropped) → the terms they name. */
  private readonly termsByName = new Map<string, Set<string>>();
  private readonly stemsByTerm = new Map<string, string[]>();
  /** Each word (stem) of a name of two or more words → the terms with such a name. */
  private readonly termsByNameWord = new Map<string, Set<string>>();

  constructor(terms: Iterable<IndexedTerm> = []) {
    for (const term of terms) this.add(term);
  }

  get size(): number {
    return this.terms.size;
  }

  add(term: IndexedTerm): void {
    this.terms.set(term.id, term);
    this.search.add(toDoc(term));
    this.indexNames(term);
  }

  private indexNames(term: IndexedTerm): void {
    const stems = new Set<string>();
    const named = (text: string, language: Language, isSlug = false) => {
      const analysed = analyze(text.replace(/_/g, " "), language);
      if (analysed.length === 0) return;
      // only a one-word name marks words in highlights: "system trust" must not mark every "system"
      if (analysed.length === 1) stems.add(analysed[0]!);
      add(this.termsByName, analysed.join(" "));
      // the words of labels and synonyms, not of slugs (identifiers, not names people use)
      if (analysed.length > 1 && !isSlug) for (const word of analysed) add(this.termsByNameWord, word);
    };
    const add = (map: Map<string, Set<string>>, key: string) => {
      let set = map.get(key);
      if (!set) {
        set = new Set();
        map.set(key, set);
      }
      set.add(term.id);
    };
    named(term.slug, "en", true);
    for (const language of LANGUAGES) {
      const label = term.labels[language];
      if (label) named(label, language);
      for (const synonym of term.synonyms[language] ?? []) named(synonym, language);
    }
    this.stemsByTerm.set(term.id, [...stems]);
  }

  private forgetNames(termId: string): void {
    for (const set of this.termsByName.values()) set.delete(termId);
    for (const set of this.termsByNameWord.values()) set.delete(termId);
    this.stemsByTerm.delete(termId);
  }

  /** The stems of a term's slug, labels and synonyms. */
  nameStems(termId: string): string[] {
    return this.stemsByTerm.get(termId) ?? [];
  }

  /**
   * A misspelt name: the active terms with a one-word name closest to a word of five letters or
   * more, within one edit (two from nine letters).
   */
  private typoTerms(word: QueryWord): string[] {
    if (word.text.length < 5) return [];
    const maxEdits = word.text.length >= 9 ? 2 : 1;
    let closest = maxEdits + 1;
    const found = new Set<string>();
    for (const hit of this.match(word.text, { limit: 10 })) {
      const term = this.terms.get(hit.termId)!;
      for (const name of this.names(term)) {
        const nameWords = words(name.text.replace(/_/g, " "));
        if (nameWords.length !== 1) continue;
        const edits = editDistance(nameWords[0]!, word.text);
        if (edits < closest) {
          closest = edits;
          found.clear();
        }
        if (edits === closest) found.add(term.id);
      }
    }
    return [...found];
  }

  /**
   * The active terms with a name of several words one of which is this word ("consultation" →
   * symbolic involvement through "consultation without influence", consultation fatigue): what a word
   * that no lesson uses most likely points at.
   */
  termsWithNameWord(word: QueryWord): string[] {
    // a short word, or one in many names, says too little about which term is meant
    if (word.text.length < MIN_NAME_WORD_LENGTH) return [];
    const found = new Set<string>();
    for (const stem of new Set([...word.stems, word.text]))
      for (const termId of this.termsByNameWord.get(stem) ?? [])
        if (this.terms.get(termId)?.status !== "retired") found.add(termId);
    return found.size <= MAX_TERMS_PER_NAME_WORD ? [...found] : [];
  }

  /** Every run of up to MAX_NAME_WORDS query words that is a name (stemmed or as typed) of active terms. */
  private exactSpans(queryWords: readonly QueryWord[]): NamedSpan[] {
    const spans: NamedSpan[] = [];
    for (let start = 0; start < queryWords.length; start++) {
      let keys = [""];
      for (let end = start; end < Math.min(queryWords.length, start + MAX_NAME_WORDS); end++) {
        const word = queryWords[end]!;
        keys = keys.flatMap((k) =>
          [...new Set([...word.stems, word.text])].map((s) => (k ? `${k} ${s}` : s)),
        );
        const termIds = new Set<string>();
        for (const key of keys)
          for (const termId of this.termsByName.get(key) ?? [])
            if (this.terms.get(termId)?.status !== "retired") termIds.add(termId);
        if (termIds.size > 0) spans.push({ start, end, termIds: [...termIds] });
      }
    }
    return spans;
  }

  /**
   * The runs of query words that name controlled terms, longest first and without overlaps: "user
   * involvement" is one concept, not "user" and "involvement". A word of five letters or more that
   * names nothing falls back to the closest one-word name within a typo or two (typoTerms).
   */
  namedSpans(queryWords: readonly QueryWord[]): NamedSpan[] {
    const candidates = this.exactSpans(queryWords);
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    const taken = queryWords.map(() => false);
    const spans: NamedSpan[] = [];
    for (const span of candidates) {
      let free = true;
      for (let i = span.start; i <= span.end; i++) free &&= !taken[i];
      if (!free) continue;
      for (let i = span.start; i <= span.end; i++) taken[i] = true;
      spans.push(span);
    }
    queryWords.forEach((word, i) => {
      if (taken[i]) return;
      const named = this.typoTerms(word);
      if (named.length > 0) spans.push({ start: i, end: i, termIds: named, fuzzy: true });
    });
    return spans.sort((a, b) => a.start - b.start);
  }

  replace(term: IndexedTerm): void {
    if (!this.terms.has(term.id)) {
      this.add(term);
      return;
    }
    this.terms.set(term.id, term);
    this.search.replace(toDoc(term));
    this.forgetNames(term.id);
    this.indexNames(term);
  }

  /**
   * The terms a piece of text most likely names, best first. An exact label or synonym match always
   * outranks fuzzy ones; `facet` restricts to one facet, retired terms are never proposed.
   */
  match(text: string, options: { facet?: string; limit?: number; fuzzy?: boolean } = {}): TermMatch[] {
    const query = words(text).join(" ");
    if (!query) return [];
    const hits = this.search.search(query, {
      fuzzy: options.fuzzy === false ? false : (term) => (term.length >= 5 ? 0.25 : term.length >= 3 ? 1 : 0),
      prefix: (term) => term.length >= 3,
      combineWith: "OR",
      boost: FIELD_BOOST,
      filter: (hit) => hit.status !== "retired" && (!options.facet || hit.facet === options.facet),
    });
    const wanted = normalizeText(text.trim().replace(/_/g, " "));
    const results: TermMatch[] = [];
    for (const hit of hits) {
      const term = this.terms.get(String(hit.id));
      if (!term) continue;
      const matchedOn = this.describeMatch(term, wanted, hit.match);
      const exact = this.isExact(term, wanted);
      results.push({
        termId: term.id,
        facet: term.facet,
        slug: term.slug,
        score: hit.score * (exact ? 10 : 1),
        matchedOn,
      });
    }
    results.sort((a, b) => b.score - a.score);
    return results.slice(0, options.limit ?? 5);
  }

  /** The one term that a label, synonym or slug names exactly in a facet (case- and accent-insensitive). */
  exact(facet: string, text: string): IndexedTerm | undefined {
    const wanted = normalizeText(text.trim().replace(/_/g, " "));
    for (const term of this.terms.values()) {
      if (term.facet === facet && term.status !== "retired" && this.isExact(term, wanted)) return term;
    }
    return undefined;
  }

  private isExact(term: IndexedTerm, wanted: string): boolean {
    return this.names(term).some((name) => normalizeText(name.text.replace(/_/g, " ")) === wanted);
  }

  private names(term: IndexedTerm): TermMatch["matchedOn"][] {
    const names: TermMatch["matchedOn"][] = [{ field: "slug", text: term.slug }];
    for (const language of LANGUAGES) {
      const label = term.labels[language];
      if (label) names.push({ field: "label", language, text: label });
      for (const synonym of term.synonyms[language] ?? [])
        names.push({ field: "synonym", language, text: synonym });
    }
    return names;
  }

  /**
   * The name the query actually matched, for telling the user why a term was suggested: among the
   * names containing a word MiniSearch matched (`matched`: index word → fields), the one closest to
   * what was asked.
   */
  private describeMatch(
    term: IndexedTerm,
    wanted: string,
    matched: Record<string, string[]>,
  ): TermMatch["matchedOn"] {
    const matchedWords = new Set(Object.keys(matched));
    const candidates = this.names(term).filter((name) => words(name.text).some((w) => matchedWords.has(w)));
    let best = { name: candidates[0] ?? this.names(term)[0]!, distance: Number.POSITIVE_INFINITY };
    for (const name of candidates) {
      const distance = editDistance(normalizeText(name.text.replace(/_/g, " ")), wanted);
      if (distance < best.distance) best = { name, distance };
    }
    return best.name;
  }
}
