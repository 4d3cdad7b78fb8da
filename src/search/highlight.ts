// Highlights for the returned page only: the matched words of a text wrapped in <mark>, HTML-escaped,
// and cropped to a snippet around the first match.
import { type Language, tokenSpans } from "./analyze.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export type HighlightQuery = {
  /** Stems to mark (compared with each word's stem in the text's language). */
  stems: ReadonlySet<string>;
  /** Prefixes to mark (the last, unfinished query word). */
  prefixes: readonly string[];
  /** The first letters of the stems and prefixes (see withFirstLetters): other words are skipped unread. */
  firstLetters?: ReadonlySet<string>;
};

/** The query with the first letters of its stems and prefixes: only words beginning so can be marked. */
export function withFirstLetters(query: HighlightQuery): HighlightQuery {
  const firstLetters = new Set<string>();
  for (const stem of query.stems) firstLetters.add(stem.charAt(0));
  for (const prefix of query.prefixes) firstLetters.add(prefix.charAt(0));
  return { ...query, firstLetters };
}

/**
 * `text` with every word whose stem is asked for wrapped in <mark>, cropped to about `maxLength`
 * characters around the first match; undefined when nothing matches.
 */
export function highlight(
  text: string,
  language: Language,
  query: HighlightQuery,
  maxLength = 240,
): string | undefined {
  const marks = tokenSpans(text, language, query.firstLetters).filter(
    (t) =>
      query.stems.has(t.stem) || query.prefixes.some((p) => t.word.startsWith(p) || t.stem.startsWith(p)),
  );
  const first = marks[0];
  if (!first) return undefined;
  let start = 0;
  let end = text.length;
  if (text.length > maxLength) {
    start = Math.max(0, first.start - Math.floor(maxLength / 3));
    end = Math.min(text.length, start + maxLength);
    start = Math.max(0, Math.min(start, end - maxLength));
    // cut at white space, but never past the first match
    if (start > 0) {
      const gap = text.slice(start, first.start).search(/\s/);
      start = gap >= 0 ? start + gap + 1 : first.start;
    }
    if (end < text.length) {
      const tail = text.slice(first.end, end);
      const lastSpace = Math.max(tail.lastIndexOf(" "), tail.lastIndexOf("\n"), tail.lastIndexOf("\t"));
      if (lastSpace >= 0) end = first.end + lastSpace;
    }
  }
  let out = start > 0 ? "…" : "";
  let cursor = start;
  for (const mark of marks) {
    if (mark.start < start || mark.end > end) continue;
    out += `${escapeHtml(text.slice(cursor, mark.start))}<mark>${escapeHtml(text.slice(mark.start, mark.end))}</mark>`;
    cursor = mark.end;
  }
  out += escapeHtml(text.slice(cursor, end));
  return end < text.length ? `${out}…` : out;
}
