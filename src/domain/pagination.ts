// Keyset pagination: an opaque cursor names the last item of a page by (createdAt, id), newest first,
// so no item is lost or repeated when others are added between page requests.
import { and, type Column, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { Unprocessable } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type Page<T> = { items: T[]; nextCursor: string | null };
export type PageRequest = { cursor?: string | undefined; limit?: number | undefined };

type CursorKey = { createdAt: string; id: string };

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id]), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && value.length === 2) {
      const [createdAt, id] = value;
      if (typeof createdAt === "string" && typeof id === "string") return { createdAt, id };
    }
  } catch {
    // fall through to the problem below
  }
  throw new Unprocessable([
    {
      pointer: "/cursor",
      code: "invalid_cursor",
      message: "Not a cursor this service issued; use nextCursor from a previous page.",
    },
  ]);
}

/** The WHERE clause and ORDER BY for a newest-first page after `cursor`. */
export function keyset(columns: { createdAt: Column; id: Column }, cursor: string | undefined) {
  const orderBy = [desc(columns.createdAt), desc(columns.id)];
  if (!cursor) return { after: undefined as SQL | undefined, orderBy };
  const key = decodeCursor(cursor);
  const after = or(
    lt(columns.createdAt, key.createdAt),
    and(eq(columns.createdAt, key.createdAt), lt(columns.id, key.id)),
  );
  return { after, orderBy };
}

/** Turns `limit + 1` fetched rows into a page and its cursor. */
export function toPage<Row extends CursorKey, T>(rows: Row[], limit: number, map: (row: Row) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { items: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(last) : null };
}

export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
}
