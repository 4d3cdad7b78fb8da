// API keys as stored: only the SHA-256 of a key is ever written or looked up, never the key itself.
import { and, eq, gt, isNull, or, type SQL } from "drizzle-orm";
import type { Tx } from "../database.js";
import { apiKeys } from "../schema.js";

export type StoredKey = typeof apiKeys.$inferSelect;
export type NewKey = typeof apiKeys.$inferInsert;

/** The stored key whose hash is `hash`, revoked and expired ones included (the caller says which it is). */
export function keyByHash(db: Tx, hash: string): StoredKey | undefined {
  return db.select().from(apiKeys).where(eq(apiKeys.hash, hash)).get();
}

export function keyById(db: Tx, id: string): StoredKey | undefined {
  return db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
}

export function insertKey(db: Tx, key: NewKey): void {
  db.insert(apiKeys).values(key).run();
}

/** Marks a key revoked at `at`; a key revoked before keeps its first revocation time. */
export function revokeKey(db: Tx, id: string, at: string): void {
  db.update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .run();
}

export type KeyFilter = { role?: StoredKey["role"] | undefined; organisationId?: string | undefined };

/** A page of keys, newest first, after the keyset condition `after`; `limit + 1` rows to tell if more follow. */
export function keyRows(
  db: Tx,
  {
    after,
    orderBy,
    limit,
    role,
    organisationId,
  }: KeyFilter & { after: SQL | undefined; orderBy: SQL[]; limit: number },
): StoredKey[] {
  return db
    .select()
    .from(apiKeys)
    .where(
      and(
        after,
        role ? eq(apiKeys.role, role) : undefined,
        organisationId ? eq(apiKeys.organisationId, organisationId) : undefined,
      ),
    )
    .orderBy(...orderBy)
    .limit(limit + 1)
    .all();
}

/** Is there an admin key that works at `now` (not revoked, not expired)? */
export function hasUsableAdminKey(db: Tx, now: string): boolean {
  return (
    db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(
        and(
          eq(apiKeys.role, "admin"),
          isNull(apiKeys.revokedAt),
          or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        ),
      )
      .limit(1)
      .get() !== undefined
  );
}
