// Filter step 3, page: the best `limit` lessons after the cursor, by (score desc, doc id asc), without
// sorting every match; the cursor names the last one, signed for this request (cursors.ts).
import type { Bitset } from "../../search/bitset.js";
import { TopK } from "../../search/top-k.js";
import { type CursorCodec, requestScope } from "../cursors.js";
import { DEFAULT_MATCH, type FilterRequest } from "./types.js";

/** A filter cursor: when ranking was computed (recency stays as it was), and the last (score, doc id). */
type Position = { t: number; s: number; d: number };
const isPosition = (value: unknown): value is Position =>
  typeof value === "object" &&
  value !== null &&
  ["t", "s", "d"].every((k) => typeof (value as Record<string, unknown>)[k] === "number");

export type Ranked = { score: number; docId: number };

export function createPager(cursors: CursorCodec) {
  return {
    /** Where the page starts: the request's cursor decoded (422 if it is not one for this request and reader). */
    start(request: FilterRequest, reader: string): { scope: string; after: Position | undefined } {
      // defaults filled in, so that leaving a field out and sending its default are the same request;
      // the reader too: a cursor pages on only for the key it was issued to
      const scope = requestScope("filter", { ...request, match: request.match ?? DEFAULT_MATCH, reader });
      const after = request.cursor ? cursors.decode(scope, request.cursor, isPosition) : undefined;
      return { scope, after };
    },

    /** The page of `limit` best lessons of `matching` after `after`, and the cursor of the next page. */
    page(input: {
      matching: Bitset;
      score: (docId: number) => number;
      limit: number;
      asOf: number;
      scope: string;
      after: Position | undefined;
    }): { page: Ranked[]; nextCursor: string | null } {
      const { matching, score, limit, after } = input;
      const top = new TopK(limit + 1);
      // the bits are walked inline: this loop runs for every matching lesson
      const bits = matching.words;
      for (let i = 0; i < bits.length; i++) {
        let word = bits[i]!;
        while (word !== 0) {
          const lowest = word & -word;
          const docId = (i << 5) + 31 - Math.clz32(lowest);
          word ^= lowest;
          const s = score(docId);
          if (after && (s > after.s || (s === after.s && docId <= after.d))) continue;
          top.offer(s, docId);
        }
      }
      const ranked = top.sorted();
      const page = ranked.slice(0, limit);
      const last = page.at(-1);
      const nextCursor =
        ranked.length > limit && last
          ? cursors.encode(input.scope, { t: input.asOf, s: last.score, d: last.docId } satisfies Position)
          : null;
      return { page, nextCursor };
    },
  };
}
