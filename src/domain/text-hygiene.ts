// Text at the boundary: what a string may contain, how it is normalised before it is stored, and the
// key under which names are compared for uniqueness. One set of rules for every field, applied by the
// HTTP schemas and by the database's unique keys alike, so a clash is a 409, never a 500.

export type TextFault = "lone_surrogate" | "control_character";

// a high surrogate not followed by a low one, or a low one not preceded by a high one
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls (NUL, ESC of ANSI sequences…) and DEL; tab, line feed and carriage return are text
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// format characters (zero-width space and joiners, bidi marks and overrides, soft hyphen…)
const FORMAT = /\p{Cf}/gu;
const SPACES = /[\s\p{Zs}]+/gu;

/** What makes `text` unfit to store, if anything. */
export function textFault(text: string): TextFault | undefined {
  if (LONE_SURROGATE.test(text)) return "lone_surrogate";
  if (CONTROL.test(text)) return "control_character";
  return undefined;
}

/** Free text as stored: NFC. */
export function normalizeFreeText(text: string): string {
  return text.normalize("NFC");
}

/** A name as stored: NFC, trimmed, runs of white space (of any kind) made one space. */
export function normalizeName(text: string): string {
  return text.normalize("NFC").replace(SPACES, " ").trim();
}

/** The characters a reader sees: without white space and invisible format characters. */
export function visibleLength(text: string): number {
  return [...text.replace(FORMAT, "").replace(SPACES, "")].length;
}

/**
 * The key two names are compared by: compatibility forms folded (full-width letters, ligatures),
 * invisible format characters dropped, white space collapsed, case folded (Æ and æ alike).
 */
export function nameKey(text: string): string {
  return text.normalize("NFKC").replace(FORMAT, "").replace(SPACES, " ").trim().toLowerCase();
}
