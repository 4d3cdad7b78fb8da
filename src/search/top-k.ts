// Selecting the best k of many scored lessons without sorting them all.

/** Keeps the k best (score desc, docId asc) of a stream in a binary heap whose root is the worst. */
export class TopK {
  private readonly heap: { score: number; docId: number }[] = [];
  constructor(private readonly k: number) {
    if (k < 1) throw new RangeError("TopK needs k ≥ 1");
  }

  private worse(a: { score: number; docId: number }, b: { score: number; docId: number }): boolean {
    return a.score < b.score || (a.score === b.score && a.docId > b.docId);
  }

  offer(score: number, docId: number): void {
    const heap = this.heap;
    if (heap.length >= this.k) {
      // most offers lose against the current worst: decide before allocating anything
      const worst = heap[0]!;
      if (score < worst.score || (score === worst.score && docId > worst.docId)) return;
    }
    const item = { score, docId };
    if (heap.length < this.k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
      return;
    }
    heap[0] = item;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && this.worse(heap[left]!, heap[worst]!)) worst = left;
      if (right < heap.length && this.worse(heap[right]!, heap[worst]!)) worst = right;
      if (worst === i) break;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  }

  sorted(): { score: number; docId: number }[] {
    return [...this.heap].sort((a, b) => b.score - a.score || a.docId - b.docId);
  }
}
