// Keyset pagination: an opaque cursor names the last item of a page by (createdAt, id), newest first,
// so no item is lost or repeated when others are added between page requests. Cursors are signed
// for the list and its filters (domain/cursors.ts).
import { and, type Column, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { CursorCodec } from "./cursors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type Page<T> = { items: T[]; nextCursor: string | null };
export type PageRequest = { cursor?: string | undefined; limit?: number | undefined };

type CursorKey = { createdAt: string; id: string };

/** Where a list's cursors are signed and checked: the codec and the list's scope (see `requestScope`). */
export type ListCursors = { codec: CursorCodec; scope: string };

const isCursorKey = (value: unknown): value is [createdAt: string, id: string] =>
  Array.isArray(value) &&
  value.length === 2 &&
  value.every((part) => typeof part === "string" && part.length > 0);

/** The WHERE clause and ORDER BY for a newest-first page after `cursor`. */
export function keyset(
  columns: { createdAt: Column; id: Column },
  cursor: string | undefined,
  { codec, scope }: ListCursors,
) {
  const orderBy = [desc(columns.createdAt), desc(columns.id)];
  if (!cursor) return { after: undefined as SQL | undefined, orderBy };
  const [createdAt, id] = codec.decode(scope, cursor, isCursorKey);
  const after = or(
    lt(columns.createdAt, createdAt),
    and(eq(columns.createdAt, createdAt), lt(columns.id, id)),
  );
  return { after, orderBy };
}

/** Turns `limit + 1` fetched rows into a page and its signed cursor. */
export function toPage<Row extends CursorKey, T>(
  rows: Row[],
  limit: number,
  { codec, scope }: ListCursors,
  map: (row: Row) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last ? codec.encode(scope, [last.createdAt, last.id]) : null,
  };
}

export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}
