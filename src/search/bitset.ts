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
    const grown = new Uint32Array(Math.max(needed, this.words.length * 2));
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
    if (other.words.length > this.words.length) this.ensure(other.words.length * 32 - 1);
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
    let total = 0;
    for (const word of this.words) total += popcount(word);
    return total;
  }

  /** |this ∩ other| without allocating. */
  intersectionCount(other: Bitset): number {
    const w = this.words;
    const o = other.words;
    const n = Math.min(w.length, o.length);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const both = w[i]! & o[i]!;
      if (both !== 0) total += popcount(both);
    }
    return total;
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

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
