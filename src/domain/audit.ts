// The audit log: who changed what, when, from which version to which, in which request. Every write made
// for a request appends one entry inside its own transaction (`append`), so a refused or failed write
// leaves none; admins read every entry, managers their organisation's (`list`).
import type { Db, Tx } from "../db/database.js";
import { type AuditRow, appendAuditEntry, keyNames, listAuditEntries } from "../db/queries/audit.js";
import type { Principal } from "./access.js";
import type { Clock } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { Forbidden } from "./errors.js";
import { newId } from "./ids.js";
import { type Page, type PageRequest, pageSize } from "./pagination.js";

/** Who writes, and in which request: what a write service needs to check the right and log the change. */
export type Actor = { principal: Principal; requestId?: string | null | undefined };

export const AUDIT_ACTIONS = [
  "lesson.create",
  "lesson.update",
  "lesson.submit",
  "lesson.publish",
  "lesson.return",
  "lesson.archive",
  "adaptation.create",
  "adaptation.update",
  "organisation.create",
  "organisation.update",
  "unit.create",
  "unit.update",
  "initiative.create",
  "initiative.update",
  "facet.create",
  "term.create",
  "term.update",
  "term.retire",
  "key.issue",
  "key.revoke",
  "webhook.create",
  "webhook.update",
  "webhook.delete",
  "escalation.create",
  "escalation.answer",
  "routine.create",
  "routine.update",
  "routine.delete",
  "routine.meeting",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a write tells the log; the time and the entry's id are added by `append`. */
export type AuditEntryInput = {
  actor: Actor;
  action: AuditAction;
  /** e.g. "lesson", "adaptation", "term", "key". */
  resourceType: string;
  resourceId: string;
  /** The organisation the resource belongs to; null for the installation's (vocabularies, admin keys). */
  organisationId: string | null;
  /** null on creation. */
  versionBefore?: number | null | undefined;
  /** null for resources without versions (keys, facets). */
  versionAfter?: number | null | undefined;
};

export type AuditEntry = {
  id: string;
  at: string;
  actor: { keyId: string; name: string; role: AuditRow["actorRole"] };
  action: string;
  resource: { type: string; id: string };
  organisationId: string | null;
  versionBefore: number | null;
  versionAfter: number | null;
  requestId: string | null;
};

export type AuditFilter = PageRequest & {
  resourceId?: string | undefined;
  /** A key id: what this key did. */
  actor?: string | undefined;
  /** ISO timestamp: entries at or after it. */
  since?: string | undefined;
};

export type AuditLog = ReturnType<typeof createAuditLog>;

const isSeqCursor = (value: unknown): value is [number] =>
  Array.isArray(value) && value.length === 1 && Number.isSafeInteger(value[0]);

export function createAuditLog({ db, clock, cursors }: { db: Db; clock: Clock; cursors: CursorCodec }) {
  return {
    /** Appends one entry; call inside the write's transaction (`tx`), after the write itself. */
    append(tx: Tx, entry: AuditEntryInput): void {
      const { principal, requestId } = entry.actor;
      if (principal.kind !== "key") throw new Error("Only a key's writes are logged: no key made this one.");
      appendAuditEntry(tx, {
        id: newId("aud"),
        at: clock.now().toISOString(),
        actorKeyId: principal.keyId,
        actorName: principal.name,
        actorRole: principal.role,
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId,
        organisationId: entry.organisationId,
        versionBefore: entry.versionBefore ?? null,
        versionAfter: entry.versionAfter ?? null,
        requestId: requestId ?? null,
      });
    },

    /** Entries newest first: every entry for an admin, the organisation's own for a manager. */
    list(principal: Principal, filter: AuditFilter): Page<AuditEntry> {
      const organisationId = readableOrganisation(principal);
      const limit = pageSize(filter.limit);
      const scope = requestScope("audit", { ...filter, readableOrganisation: organisationId ?? null });
      const beforeSeq = filter.cursor ? cursors.decode(scope, filter.cursor, isSeqCursor)[0] : undefined;
      const rows = listAuditEntries(db, {
        resourceId: filter.resourceId,
        actorKeyId: filter.actor,
        // stored times are UTC ISO strings, compared as text: the bound is normalised the same way
        since: filter.since === undefined ? undefined : new Date(filter.since).toISOString(),
        organisationId,
        beforeSeq,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toEntry),
        nextCursor: rows.length > limit && last ? cursors.encode(scope, [last.seq]) : null,
      };
    },

    /** The names of keys by id (api_keys, or the name a key without a row wrote under). */
    keyNames: (keyIds: readonly string[]) => keyNames(db, keyIds),
  };
}

/** undefined: every entry (admin); an organisation id: only its entries (a manager). */
function readableOrganisation(principal: Principal): string | undefined {
  if (principal.kind === "key" && principal.role === "admin") return undefined;
  if (principal.kind === "key" && principal.role === "manager" && principal.organisationId !== null)
    return principal.organisationId;
  throw new Forbidden("The audit log is read by admins, and by managers for their own organisation.");
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: { keyId: row.actorKeyId, name: row.actorName, role: row.actorRole },
    action: row.action,
    resource: { type: row.resourceType, id: row.resourceId },
    organisationId: row.organisationId,
    versionBefore: row.versionBefore,
    versionAfter: row.versionAfter,
    requestId: row.requestId,
  };
}
