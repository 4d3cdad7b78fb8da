// Typo tolerance for free text: a word of five letters or more that no lesson contains is matched
// through the indexed stems closest to it (one edit, two from nine letters up).
import { distance } from "fastest-levenshtein";
import type { QueryWord } from "./analyze.js";

const MIN_LENGTH = 5;
const MAX_VARIANTS = 5;

export class TypoDictionary {
  private byFirstLetter: Map<string, Set<string>> | undefined;

  /** `load` lists every indexed stem; it is called on the first query that needs it. */
  constructor(private readonly load: () => Iterable<string>) {}

  private dictionary(): Map<string, Set<string>> {
    if (!this.byFirstLetter) {
      this.byFirstLetter = new Map();
      this.addAll(this.load());
    }
    return this.byFirstLetter;
  }

  /** Remembers newly indexed stems (a no-op until the dictionary is first needed). */
  addAll(stems: Iterable<string>): void {
    const byFirst = this.byFirstLetter;
    if (!byFirst) return;
    for (const stem of stems) {
      const first = stem[0];
      if (!first) continue;
      let bucket = byFirst.get(first);
      if (!bucket) {
        bucket = new Set();
        byFirst.set(first, bucket);
      }
      bucket.add(stem);
    }
  }

  /** Every indexed stem that begins with `prefix` (what FTS5 matches for `"prefix"*`). */
  withPrefix(prefix: string): string[] {
    const bucket = prefix ? this.dictionary().get(prefix[0]!) : undefined;
    if (!bucket) return [];
    const found: string[] = [];
    for (const stem of bucket) if (stem.startsWith(prefix)) found.push(stem);
    return found;
  }

  /** Indexed stems to try instead of a misspelt word; empty when the word is found as it is. */
  variants(word: QueryWord): string[] {
    if (word.text.length < MIN_LENGTH) return [];
    const bucket = this.dictionary().get(word.text[0]!);
    if (!bucket || word.stems.some((stem) => bucket.has(stem))) return [];
    const maxEdits = word.text.length >= 9 ? 2 : 1;
    const found: { stem: string; edits: number }[] = [];
    for (const candidate of bucket) {
      if (Math.abs(candidate.length - word.text.length) > maxEdits + 2) continue;
      const edits = Math.min(
        ...word.stems.map((stem) => distance(stem, candidate)),
        distance(word.text, candidate),
      );
      if (edits <= maxEdits) found.push({ stem: candidate, edits });
    }
    return found
      .sort((a, b) => a.edits - b.edits || a.stem.localeCompare(b.stem))
      .slice(0, MAX_VARIANTS)
      .map((f) => f.stem);
  }
}
