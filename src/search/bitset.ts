// A growable set of small integers (doc ids) as 32-bit words: the building block of facet filtering.
export class Bitset {
  words: Uint32Array;

  constructor(capacity = 1024) {
    this.words = new Uint32Array(Math.ceil(Math.max(capacity, 32) / 32));
  }

  static ofCapacityOf(other: Bitset): Bitset {
    const set = new Bitset(0);
    set.words = new Uint32Array(other.words.length);
    return set;
  }

  private ensure(bit: number): void {
    const needed = (bit >>> 5) + 1;
    if (needed <= this.words.length) return;
    this.growTo(Math.max(needed, this.words.length * 2));
  }

  private growTo(words: number): void {
    const grown = new Uint32Array(words);
    grown.set(this.words);
    this.words = grown;
  }

  add(bit: number): void {
    this.ensure(bit);
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }

  delete(bit: number): void {
    if (bit >>> 5 < this.words.length) this.words[bit >>> 5]! &= ~(1 << (bit & 31));
  }

  has(bit: number): boolean {
    return bit >>> 5 < this.words.length && (this.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  clone(): Bitset {
    const copy = new Bitset(0);
    copy.words = this.words.slice();
    return copy;
  }

  /** this ∩= other */
  and(other: Bitset): this {
    const w = this.words;
    const o = other.words;
    const n = Math.min(w.length, o.length);
    for (let i = 0; i < n; i++) w[i]! &= o[i]!;
    w.fill(0, n);
    return this;
  }

  /** this ∪= other */
  or(other: Bitset): this {
    // as long as the other set, not doubled: every word more is a word more for each later operation
    if (other.words.length > this.words.length) this.growTo(other.words.length);
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < o.length; i++) w[i]! |= o[i]!;
    return this;
  }

  /** this \= other */
  andNot(other: Bitset): this {
    const w = this.words;
    const o = other.words;
    const n = Math.min(w.length, o.length);
    for (let i = 0; i < n; i++) w[i]! &= ~o[i]!;
    return this;
  }

  count(): number {
    const w = this.words;
    let total = 0;
    for (let i = 0; i < w.length; i++) total += BITS[w[i]! & 0xffff]! + BITS[w[i]! >>> 16]!;
    return total;
  }

  /** |this ∩ other| without allocating; `end`: this set holds no bit from word `end` on (see span()). */
  intersectionCount(other: Bitset, end = this.words.length): number {
    const w = this.words;
    const o = other.words;
    const n = Math.min(end, w.length, o.length);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const both = w[i]! & o[i]!;
      total += BITS[both & 0xffff]! + BITS[both >>> 16]!;
    }
    return total;
  }

  /** One past the last word that holds a bit (sets grow by doubling: their last words are often empty). */
  span(): number {
    const w = this.words;
    let end = w.length;
    while (end > 0 && w[end - 1] === 0) end--;
    return end;
  }

  /**
   * The positions of the words that hold any bit, or undefined when more than `share` of them do:
   * counting over a sparse set (a rare word's matches, a narrow filter) visits only those words.
   */
  occupiedWords(share = 0.5): Int32Array | undefined {
    const w = this.words;
    let n = 0;
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) n++;
    if (n > w.length * share) return undefined;
    const positions = new Int32Array(n);
    for (let i = 0, k = 0; i < w.length; i++) if (w[i] !== 0) positions[k++] = i;
    return positions;
  }

  /** |this ∩ other|, visiting only the words at `positions` (this set's occupiedWords()). */
  intersectionCountAt(other: Bitset, positions: Int32Array): number {
    const w = this.words;
    const o = other.words;
    let total = 0;
    for (let k = 0; k < positions.length; k++) {
      const i = positions[k]!;
      if (i >= o.length) break;
      const both = w[i]! & o[i]!;
      total += BITS[both & 0xffff]! + BITS[both >>> 16]!;
    }
    return total;
  }

  /** Visits each bit of this ∩ other, in order, without allocating. */
  forEachAnd(other: Bitset, visit: (bit: number) => void): void {
    const w = this.words;
    const o = other.words;
    const n = Math.min(w.length, o.length);
    for (let i = 0; i < n; i++) {
      let word = w[i]! & o[i]!;
      while (word !== 0) {
        const lowest = word & -word;
        visit((i << 5) + 31 - Math.clz32(lowest));
        word ^= lowest;
      }
    }
  }

  forEach(visit: (bit: number) => void): void {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let word = w[i]!;
      while (word !== 0) {
        const lowest = word & -word;
        visit((i << 5) + 31 - Math.clz32(lowest));
        word ^= lowest;
      }
    }
  }
}

/** Set bits of every 16-bit value: two lookups count a word (faster in V8 than bit tricks on a 32-bit word). */
const BITS = new Uint8Array(1 << 16);
for (let i = 1; i < BITS.length; i++) BITS[i] = (i & 1) + BITS[i >>> 1]!;
