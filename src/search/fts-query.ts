// FTS5 MATCH expressions from analysed query words. Only stems from analyze.ts reach here, so a
// token never needs more quoting than its double quotes.
import { analyzeQuery, type QueryWord } from "./analyze.js";

/** A token as an FTS5 string. */
export const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

/**
 * What one query word matches: any of its stems (and typo variants) as they are, and — the last word of
 * a query, still being typed — any indexed stem beginning with the word or one of its stems.
 */
export function wordTerms(
  word: QueryWord,
  typoVariants: readonly string[] = [],
): { stems: string[]; prefixes: string[] } {
  return {
    stems: [...new Set([...word.stems, ...typoVariants])],
    prefixes: word.prefix ? [word.text, ...word.stems.filter((s) => s !== word.text)] : [],
  };
}

/** The expression for one query word (wordTerms): its stems, then its prefixes. */
export function wordExpression(word: QueryWord, typoVariants: readonly string[] = []): string {
  const { stems, prefixes } = wordTerms(word, typoVariants);
  const parts = [...stems.map(quote), ...prefixes.map((p) => `${quote(p)}*`)];
  return parts.length === 1 ? parts[0]! : `(${[...new Set(parts)].join(" OR ")})`;
}

/** A phrase of stems in any of several languages' stemmings: `("a b" OR "c d")`, each spelling once. */
export function phraseExpression(stemmings: readonly (readonly string[])[]): string {
  const phrases = [...new Set(stemmings.map((stems) => quote(stems.join(" "))))];
  return phrases.length === 1 ? phrases[0]! : `(${phrases.join(" OR ")})`;
}

/** Any of the query's words (OR): the plain "search box" reading of `q`, used as a baseline. */
export function buildAnyWordExpression(q: string): string | undefined {
  return joinWords(q, " OR ");
}

/** Every content word of a free-text query, AND-ed: the plain full-text reading of `q` (no vocabulary). */
export function buildMatchExpression(q: string): string | undefined {
  return joinWords(q, " AND ");
}

function joinWords(q: string, operator: string): string | undefined {
  const expressions = analyzeQuery(q).map((word) => wordExpression(word));
  return expressions.length === 0 ? undefined : expressions.join(operator);
}
