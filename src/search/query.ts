// Reading a question the way people write it: quoted phrases, runs of words that name a controlled
// term (concepts), the remaining content words, the words that only carry grammar (noise), and
// whether the question asks what went wrong (its phrases are data: data/failure-intent.json).

import {
  contentPositions,
  LANGUAGES,
  type Language,
  MAX_QUERY_WORDS,
  type QueryWord,
  queryWord,
  words,
} from "./analyze.js";
import failurePhrases from "./data/failure-intent.json" with { type: "json" };
import type { NamedSpan } from "./vocabulary-index.js";

export type ClauseKind = "word" | "concept" | "phrase";

/** One unit of a question's information: a word, a concept named by one or more words, or a quoted phrase. */
export type QueryClause = {
  /** As shown to the user: the normalised word, or the words of the phrase joined by spaces. */
  text: string;
  kind: ClauseKind;
  /** Its content words, in order. */
  words: QueryWord[];
  /** The controlled terms it names (concepts, and quoted phrases that name one). */
  termIds: string[];
  /** Names them only as a misspelling: a word found as typed in the lessons is that word instead. */
  fuzzy?: boolean;
  /** A word in no lesson that is one word of the terms' longer names: it points at them. */
  partOfName?: boolean;
};

export type QueryIntent = "failure";

export type ReadQuery = {
  clauses: QueryClause[];
  /** Words read as grammar or as the question's intent, not as content. */
  noise: string[];
  intent: QueryIntent | null;
};

/** Finds the runs of query words that name controlled terms (VocabularyIndex.namedSpans). */
export type ConceptFinder = (words: readonly QueryWord[]) => NamedSpan[];

/** A query of more content words than this is a question: its last word is complete, not a prefix. */
export const MAX_WORDS_WITH_PREFIX = 3;

const QUOTED = /["“”«»„]([^"“”«»„]+)["“”«»„]/g;

type IntentPhrase = { intent: QueryIntent; words: string[] };
const INTENT_PHRASES: IntentPhrase[] = LANGUAGES.flatMap((language: Language) =>
  ((failurePhrases as Record<string, unknown>)[language] as string[]).map((phrase) => ({
    intent: "failure" as const,
    words: words(phrase),
  })),
)
  .filter((p) => p.words.length > 0)
  // longest first, so "what went wrong" takes its three words before "wrong" could
  .sort((a, b) => b.words.length - a.words.length);

/**
 * Words of an intent phrase may stand this far apart: Danish and Norwegian put the subject between
 * verb and negation ("hvorfor virkede borgerpanelet ikke", "fungerte det ikke").
 */
const MAX_INTENT_GAP = 2;

/** The positions of `all` that belong to an intent phrase (its words in order), and the intent found. */
export function findIntent(all: readonly string[]): { intent: QueryIntent | null; positions: Set<number> } {
  const positions = new Set<number>();
  let intent: QueryIntent | null = null;
  for (const phrase of INTENT_PHRASES) {
    for (let start = 0; start < all.length; start++) {
      if (all[start] !== phrase.words[0] || positions.has(start)) continue;
      const at = [start];
      for (let k = 1; k < phrase.words.length; k++) {
        const previous = at[k - 1]!;
        let next = -1;
        for (let i = previous + 1; i <= previous + 1 + MAX_INTENT_GAP && i < all.length; i++)
          if (all[i] === phrase.words[k] && !positions.has(i)) {
            next = i;
            break;
          }
        if (next < 0) break;
        at.push(next);
      }
      if (at.length < phrase.words.length) continue;
      intent = phrase.intent;
      // a phrase's words are grammar; a single word ("failed", "mislyktes") is content too
      if (at.length > 1) for (const i of at) positions.add(i);
    }
  }
  return { intent, positions };
}

/** A quoted phrase's content words (stop words dropped as the index drops them). */
function phraseClause(phrase: string, findConcepts: ConceptFinder): QueryClause | undefined {
  const all = words(phrase);
  const content = contentPositions(all);
  const kept = all.filter((_, i) => content[i]).map((w) => queryWord(w, false));
  if (kept.length === 0) return undefined;
  const whole = findConcepts(kept).find((span) => span.start === 0 && span.end === kept.length - 1);
  return {
    text: kept.map((w) => w.text).join(" "),
    kind: whole ? "concept" : kept.length === 1 ? "word" : "phrase",
    words: kept,
    termIds: whole?.termIds ?? [],
  };
}

/**
 * Reads `q`: quoted phrases first, then the failure intent, noise, concepts and plain words of the
 * rest. Each clause appears once; at most MAX_QUERY_WORDS content words are read.
 */
export function readQuery(q: string, findConcepts: ConceptFinder): ReadQuery {
  const clauses: QueryClause[] = [];
  const seen = new Set<string>();
  const add = (clause: QueryClause) => {
    if (seen.has(clause.text)) return;
    seen.add(clause.text);
    clauses.push(clause);
  };
  for (const match of q.matchAll(QUOTED)) {
    const clause = phraseClause(match[1]!, findConcepts);
    if (clause) add(clause);
  }
  const rest = q.replace(QUOTED, " ");
  const all = words(rest);
  const { intent, positions } = findIntent(all);
  const open = all.map((_, i) => !positions.has(i));
  const candidates = all.filter((_, i) => open[i]);
  const contentOfOpen = contentPositions(candidates);
  const noise: string[] = [];
  const content: { word: string; i: number }[] = [];
  let k = 0;
  all.forEach((word, i) => {
    if (!open[i]) noise.push(word);
    else if (contentOfOpen[k++]) content.push({ word, i });
    else noise.push(word);
  });
  // a word typed twice counts once; the last word is also a prefix while it is being typed
  const firstAt = new Map<string, number>();
  for (const { word, i } of content) if (!firstAt.has(word)) firstAt.set(word, i);
  const unique = content
    .filter(({ word, i }) => firstAt.get(word) === i)
    .slice(0, Math.max(0, MAX_QUERY_WORDS - clauses.reduce((n, c) => n + c.words.length, 0)));
  // the last word may still be being typed — in a few words, not at the end of a question
  const lastIndex = unique.length <= MAX_WORDS_WITH_PREFIX && !/\s$/.test(rest) ? all.length - 1 : -1;
  const qWords = unique.map(({ word, i }) => queryWord(word, i === lastIndex));

  const spans = findConcepts(qWords);
  const spanAt = new Map(spans.map((span) => [span.start, span]));
  for (let i = 0; i < qWords.length; i++) {
    const span = spanAt.get(i);
    if (span) {
      const spanWords = qWords.slice(span.start, span.end + 1);
      add({
        text: spanWords.map((w) => w.text).join(" "),
        kind: "concept",
        words: spanWords,
        termIds: span.termIds,
        ...(span.fuzzy ? { fuzzy: true } : {}),
      });
      i = span.end;
    } else add({ text: qWords[i]!.text, kind: "word", words: [qWords[i]!], termIds: [] });
  }
  return { clauses, noise: [...new Set(noise)], intent };
}
