// Text analysis for English, Danish and Norwegian Bokmål: Unicode normalisation that keeps æ/ø/å,
// stop words, and Snowball stemming. Lesson text is analysed in its own language when stored; a
// query is analysed in every language, since a Danish reader may search English lessons.

import { createRequire } from "node:module";
import { stemmer as danishStemmer } from "@orama/stemmers/danish";
import { stemmer as englishStemmer } from "@orama/stemmers/english";
import { stemmer as norwegianStemmer } from "@orama/stemmers/norwegian";

import { LANGUAGES, type Language } from "../words.js";

const stopwordsIso = createRequire(import.meta.url)("stopwords-iso") as Record<string, string[]>;

export { LANGUAGES, type Language };

const ASCII = /^[ -~]*$/; // printable ASCII
const NORDIC = /^[\t\n\r -~æøå]*$/; // printable ASCII and æ, ø, å: all normalise to themselves
const COMBINING_MARKS = /[\u0300-\u0309\u030b-\u036f]/g; // every combining mark except U+030A (the ring of å)

/** Normalises one word or phrase for matching: "Ærø" → "ærø", "Tillíd" → "tillid", "Fähre" → "fæhre". */
export function normalizeText(text: string): string {
  // most words are plain ASCII: nothing to fold but case
  if (ASCII.test(text)) return text.toLowerCase();
  // most of the rest are Danish or Norwegian words: æ, ø and å need no folding either
  const lower = text.toLowerCase();
  if (NORDIC.test(lower)) return lower;
  return foldText(text);
}

/** normalizeText without its shortcuts: every character folded (exported for the test that pins them). */
export function foldText(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/ä/g, "æ")
    .replace(/ö/g, "ø")
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .normalize("NFC");
}

// a word may carry combining marks (an NFD "å" is "a" + U+030A) so positions in raw text stay whole
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/** Splits text into normalised words (letters and digits; "home_care" → ["home", "care"]). */
export function words(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

// stopwords-iso's English list (1,298 words) holds content words such as "work", "group" and "area",
// so English uses the Snowball list, with the indefinite pronouns and adverbs of time that the Danish
// and Norwegian lists drop too ("intet", "noget", "aldrig"); the Danish and Norwegian lists lose the content words they carry.
const ENGLISH_STOP_WORDS =
  "a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves also us may might must shall nothing something anything everything nobody somebody anybody everybody someone anyone everyone never always ever already afterwards afterward".split(
    " ",
  );
const NOT_STOP_WORDS = new Set(
  "arbeid folk makt tid navn verdi start slutt punkt part tilstand bruke lage rett riktig sant lang mand stor store lille god godt bra".split(
    " ",
  ),
);
const stopList = (list: string[]) => new Set(list.map(normalizeText).filter((w) => !NOT_STOP_WORDS.has(w)));
const STOP_WORDS: Record<Language, Set<string>> = {
  en: stopList(ENGLISH_STOP_WORDS),
  da: stopList(stopwordsIso.da ?? []),
  nb: stopList(stopwordsIso.no ?? []),
};

export function isStopWord(word: string, language: Language): boolean {
  return STOP_WORDS[language].has(word);
}

const STEMMERS: Record<Language, (word: string) => string> = {
  en: englishStemmer,
  da: danishStemmer,
  nb: norwegianStemmer,
};
// Words repeat (Zipf): remembering stems makes bulk imports several times faster.
const STEM_CACHE_LIMIT = 200_000;
const stemCache: Record<Language, Map<string, string>> = { en: new Map(), da: new Map(), nb: new Map() };

/** The Snowball stem of a normalised word in `language` ("samarbejdet" → "samarbejd"). */
export function stem(word: string, language: Language): string {
  const cache = stemCache[language];
  let stemmed = cache.get(word);
  if (stemmed === undefined) {
    stemmed = /^\d+$/.test(word) ? word : STEMMERS[language](word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, stemmed);
  }
  return stemmed;
}

/** Index-time analysis: the stems of `text` in its language, stop words dropped, in order. */
export function analyze(text: string, language: Language): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (!STOP_WORDS[language].has(word)) out.push(stem(word, language));
  }
  return out;
}

export type QueryWord = {
  /** The normalised word as typed. */
  text: string;
  /** Its stems in English, Danish and Norwegian, without repeats. */
  stems: string[];
  /** The last word of a query, still being typed: matched as a prefix too. */
  prefix: boolean;
};

/** Minimum length of a last word that is also matched as a prefix. */
export const PREFIX_MIN_LENGTH = 3;

/** Words of a query beyond this many are ignored: each costs a full-text lookup. */
export const MAX_QUERY_WORDS = 16;

/** A query word with its stems in every language. */
export function queryWord(word: string, prefix: boolean): QueryWord {
  return {
    text: word,
    stems: [...new Set(LANGUAGES.map((language) => stem(word, language)))],
    prefix: prefix && word.length >= PREFIX_MIN_LENGTH,
  };
}

/** In how many of the languages a normalised word is a stop word (0 to 3). */
export function stopWordIn(word: string): number {
  return LANGUAGES.filter((language) => STOP_WORDS[language].has(word)).length;
}

/**
 * Which of a query's words carry content: a word that is a stop word in any of the languages is
 * dropped, as the lessons in that language do not index it; when that would leave nothing ("man",
 * "under"), only words that are stop words in every language are dropped.
 */
export function contentPositions(all: readonly string[]): boolean[] {
  const stop = all.map(stopWordIn);
  const keepAny = stop.some((n) => n === 0);
  return stop.map((n) => (keepAny ? n === 0 : n < LANGUAGES.length));
}

/**
 * Query-time analysis: every content word with its stems in all three languages, each word once
 * (see contentPositions); the last word of the query is also matched as a prefix.
 */
export function analyzeQuery(query: string): QueryWord[] {
  const all = words(query);
  const content = contentPositions(all);
  const kept = all.map((word, i) => ({ word, i })).filter(({ i }) => content[i]);
  const last = new Map(kept.map(({ word, i }) => [word, i]));
  return kept
    .filter(({ word, i }) => last.get(word) === i)
    .slice(0, MAX_QUERY_WORDS)
    .map(({ word, i }) => queryWord(word, i === all.length - 1));
}

export type TokenSpan = { start: number; end: number; stem: string; word: string };

/**
 * The words of `text` with their positions in the original string, for highlighting; with
 * `firstLetters`, only the words that begin (once normalised) with one of them — a stem begins with its
 * word's first letter, so words that cannot match are neither normalised nor stemmed.
 */
export function tokenSpans(
  text: string,
  language: Language,
  firstLetters?: ReadonlySet<string>,
): TokenSpan[] {
  const spans: TokenSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    // two code units: a letter with a combining mark, or one outside the BMP, normalises as a whole
    if (firstLetters && !firstLetters.has(normalizeText(match[0].slice(0, 2)).charAt(0))) continue;
    const word = normalizeText(match[0]);
    spans.push({ start: match.index, end: match.index + match[0].length, word, stem: stem(word, language) });
  }
  return spans;
}
