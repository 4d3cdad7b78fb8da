// The audit log as stored: append one entry (inside the write's transaction), read entries newest first
// with optional filters, and the names of the keys that wrote something. Nothing here updates or deletes
// an entry; the table's triggers refuse both (migration 0008).
import { and, desc, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../database.js";
import { apiKeys, auditLog } from "../schema.js";

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = Omit<AuditRow, "seq">;

export function appendAuditEntry(db: Tx, entry: NewAuditRow): void {
  db.insert(auditLog).values(entry).run();
}

export type AuditQuery = {
  resourceId?: string | undefined;
  actorKeyId?: string | undefined;
  /** Entries at or after this ISO timestamp. */
  since?: string | undefined;
  /** Only this organisation's entries (a manager's view); undefined: every entry. */
  organisationId?: string | undefined;
  /** Entries before this sequence number (the previous page's last). */
  beforeSeq?: number | undefined;
  limit: number;
};

/** Entries newest first (by sequence number, which follows commit order). */
export function listAuditEntries(db: Tx, query: AuditQuery): AuditRow[] {
  const conditions: (SQL | undefined)[] = [
    query.resourceId === undefined ? undefined : eq(auditLog.resourceId, query.resourceId),
    query.actorKeyId === undefined ? undefined : eq(auditLog.actorKeyId, query.actorKeyId),
    query.since === undefined ? undefined : gte(auditLog.at, query.since),
    query.organisationId === undefined ? undefined : eq(auditLog.organisationId, query.organisationId),
    query.beforeSeq === undefined ? undefined : lt(auditLog.seq, query.beforeSeq),
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(query.limit)
    .all();
}

/**
 * The name of each key id: from api_keys, or for a key that has no row there (the master key) the name
 * it wrote its audit entries under. Ids with neither are absent.
 */
export function keyNames(db: Tx, keyIds: readonly string[]): Map<string, string> {
  const wanted = [...new Set(keyIds)];
  const names = new Map<string, string>();
  if (wanted.length === 0) return names;
  const idList = sql`(SELECT value FROM json_each(${JSON.stringify(wanted)}))`;
  for (const row of db
    .select({ id: apiKeys.id, name: apiKeys.name })
    .from(apiKeys)
    .where(inArray(apiKeys.id, idList))
    .all())
    names.set(row.id, row.name);
  const rest = wanted.filter((id) => !names.has(id));
  if (rest.length > 0) {
    const restList = sql`(SELECT value FROM json_each(${JSON.stringify(rest)}))`;
    for (const row of db
      .select({ id: auditLog.actorKeyId, name: sql<string>`max(${auditLog.actorName})` })
      .from(auditLog)
      .where(inArray(auditLog.actorKeyId, restList))
      .groupBy(auditLog.actorKeyId)
      .all())
      names.set(row.id, row.name);
  }
  return names;
}
