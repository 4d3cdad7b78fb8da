// FTS5 MATCH expressions from analysed query words. Only stems from analyze.ts reach here, so a
// token never needs more quoting than its double quotes.
import { analyzeQuery, type QueryWord } from "./analyze.js";

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

/** The expression for one query word: any of its stems (and typo variants), as a prefix if it is the last word. */
export function wordExpression(word: QueryWord, typoVariants: readonly string[] = []): string {
  const tokens = new Set([...word.stems, ...typoVariants]);
  const parts = [...tokens].map(quote);
  if (word.prefix)
    parts.push(
      `${quote(word.text)}*`,
      ...word.stems.filter((s) => s !== word.text).map((s) => `${quote(s)}*`),
    );
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
