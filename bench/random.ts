// A small seeded PRNG (mulberry32) with the sampling helpers the corpus and the query mix need.
// Everything in bench/ that must be reproducible draws from here, never from Math.random.

export type Weighted<T> = readonly (readonly [T, number])[];

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(entries: Weighted<T>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** `k` distinct values drawn by weight (without replacement). */
  sample<T>(entries: Weighted<T>, k: number): T[] {
    const left = [...entries];
    const out: T[] = [];
    while (out.length < k && left.length > 0) {
      const value = this.weighted(left);
      out.push(value);
      left.splice(
        left.findIndex(([v]) => v === value),
        1,
      );
    }
    return out;
  }

  /** A derived generator, so independent streams stay stable when one of them changes. */
  fork(salt: number): Random {
    return new Random(Math.imul(this.state ^ salt, 0x9e3779b1) ^ (salt << 7));
  }
}

/** Zipf-like weights (1 / rank^s) for an ordered list, most frequent first. */
export function zipf<T>(items: readonly T[], s = 1): Weighted<T> {
  return items.map((item, i) => [item, 1 / (i + 1) ** s] as const);
}
