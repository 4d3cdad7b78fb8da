// Text normalisation shared by every index: Unicode NFKC, case folding, and accent folding that
// keeps the Nordic letters æ/ø/å distinct (ä/ö are the Swedish/German spellings of æ/ø).

const COMBINING_MARKS = /[\u0300-\u0309\u030b-\u036f]/g; // every combining mark except U+030A (the ring of å)

/** Normalises one word or phrase for matching: "Ærø" → "ærø", "Tillíd" → "tillid", "Fähre" → "fæhre". */
export function normalizeText(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/ä/g, "æ")
    .replace(/ö/g, "ø")
    .normalize("NFKD")
    .replace(COMBINING_MARKS, "")
    .normalize("NFC");
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Splits text into normalised words (letters and digits; "home_care" → ["home", "care"]). */
export function words(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}
