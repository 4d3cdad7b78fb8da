// The lessons of the most frequent stems as bitsets, kept in memory beside FTS5: listing a stem in tens
// of thousands of lessons costs FTS5 3–12 ms at 100,000 lessons (and as much again for the title and
// summary alone), reading a kept bitset nothing. A stem's sets are listed from FTS5 the first time they
// are asked for and kept true to every committed write after that (update()), so they always hold what
// FTS5 would list; a stem in few lessons is left to FTS5, which lists it quickly. Memory is bounded: past
// `maxBytes`, the sets asked for least recently are dropped and listed again when next needed.
import { Bitset } from "./bitset.js";

export type StemSet = {
  /** Docs whose text has the stem. */
  all: Bitset;
  /** Docs whose title or summary has it. */
  headings: Bitset;
};

export type StemSetSource = {
  /** The docs FTS5 lists for the stem: in any column, and in the title or summary. */
  list(stem: string): { all: Int32Array; headings: Int32Array };
  /** Whether a listing may be kept: not while a write transaction is open (it may be rolled back). */
  canKeep(): boolean;
};

/** A doc's text as FTS5 tokenizes it (unicode61: letters, digits and private-use characters; case-folded). */
export function tokensOf(columnText: string): string[] {
  return columnText
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter(Boolean);
}

export class StemSets {
  /** In order of use, the least recent first (a Map keeps insertion order). */
  private readonly kept = new Map<string, StemSet>();
  private bytes = 0;

  constructor(
    private readonly source: StemSetSource,
    private readonly maxBytes: number,
  ) {}

  /** The stem's sets, listed from FTS5 unless kept. Read-only: they are the kept sets. */
  get(stem: string): StemSet {
    const kept = this.kept.get(stem);
    if (kept) {
      // most recently used: to the end
      this.kept.delete(stem);
      this.kept.set(stem, kept);
      return kept;
    }
    const listed = this.source.list(stem);
    const sets = { all: setOf(listed.all), headings: setOf(listed.headings) };
    if (this.source.canKeep()) {
      this.kept.set(stem, sets);
      this.bytes += sizeOf(sets);
      for (const [oldest, set] of this.kept) {
        if (this.bytes <= this.maxBytes || oldest === stem) break;
        this.kept.delete(oldest);
        this.bytes -= sizeOf(set);
      }
    }
    return sets;
  }

  /**
   * After a doc's text was committed (or its doc written again): every kept stem's sets say whether
   * the doc has it now. `all` and `headings` are the doc's tokens (tokensOf) in all its columns and in
   * its title and summary.
   */
  update(docId: number, all: ReadonlySet<string>, headings: ReadonlySet<string>): void {
    for (const [stem, sets] of this.kept) {
      const grown = sizeOf(sets);
      if (all.has(stem)) sets.all.add(docId);
      else sets.all.delete(docId);
      if (headings.has(stem)) sets.headings.add(docId);
      else sets.headings.delete(docId);
      this.bytes += sizeOf(sets) - grown;
    }
  }

  /** Forgets every kept set (after writes it cannot follow one by one, such as a bulk import). */
  clear(): void {
    this.kept.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.kept.size;
  }
}

function setOf(docIds: Int32Array): Bitset {
  const set = new Bitset(docIds.length > 0 ? docIds[docIds.length - 1]! + 1 : 0);
  for (const docId of docIds) set.add(docId);
  return set;
}

const sizeOf = (sets: StemSet) => (sets.all.words.length + sets.headings.words.length) * 4;
