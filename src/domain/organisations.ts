// Organisations: municipalities, regions and third-sector bodies that own units and lessons.
import { eq } from "drizzle-orm";
import type { Db, Tx } from "../db/database.js";
import { organisations } from "../db/schema.js";
import type { Actor, AuditLog } from "./audit.js";
import type { Clock } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { Conflict, NotFound } from "./errors.js";
import { newId } from "./ids.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import { nameKey } from "./text-hygiene.js";
import { checkVersion } from "./versioning.js";
import { mayAdminister, requireRight } from "./write-access.js";

export type Organisation = typeof organisations.$inferSelect;
export type OrganisationKind = Organisation["kind"];
export type OrganisationInput = {
  name: string;
  kind?: OrganisationKind | undefined;
  /** May staff publish their lessons without a manager's review? Off by default. */
  allowSelfPublish?: boolean | undefined;
};
export type CreateOptions = { id?: string | undefined; createdAt?: string | undefined };

/** Names compare without regard to case (in every script) or Unicode form. */
/** Two names are the same under one key: case, full-width forms, invisible characters and spacing folded. */
export const sameName = nameKey;

export type OrganisationService = ReturnType<typeof createOrganisationService>;

export function createOrganisationService({
  db,
  clock,
  cursors,
  audit,
}: {
  db: Db;
  clock: Clock;
  cursors: CursorCodec;
  audit: Pick<AuditLog, "append">;
}) {
  /** Organisations are the installation's: only admins create or change them. */
  function authorise(actor: Actor | undefined): void {
    if (actor)
      requireRight(mayAdminister(actor.principal), "Only an admin key creates or changes organisations.");
  }

  function logChange(tx: Tx, actor: Actor | undefined, row: Organisation, versionBefore: number | null) {
    if (!actor) return;
    audit.append(tx, {
      actor,
      action: versionBefore === null ? "organisation.create" : "organisation.update",
      resourceType: "organisation",
      resourceId: row.id,
      organisationId: row.id,
      versionBefore,
      versionAfter: row.version,
    });
  }

  function assertNameFree(name: string, exceptId?: string) {
    // SQLite's lower() folds ASCII only: compare in JavaScript so "ÆLDRE" and "ældre" clash too
    const wanted = sameName(name);
    const clash = db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .all()
      .find((row) => sameName(row.name) === wanted);
    if (clash && clash.id !== exceptId) {
      throw new Conflict(`An organisation named '${name}' already exists (${clash.id}).`, "/name");
    }
  }

  return {
    get(id: string): Organisation {
      const row = db.select().from(organisations).where(eq(organisations.id, id)).get();
      if (!row) throw new NotFound("organisation", id);
      return row;
    },

    exists(id: string): boolean {
      return (
        db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, id)).get() !==
        undefined
      );
    },

    list(request: PageRequest): Page<Organisation> {
      const limit = pageSize(request.limit);
      const signed = { codec: cursors, scope: requestScope("organisations", request) };
      const { after, orderBy } = keyset(organisations, request.cursor, signed);
      const rows = db
        .select()
        .from(organisations)
        .where(after)
        .orderBy(...orderBy)
        .limit(limit + 1)
        .all();
      return toPage(rows, limit, signed, (row) => row);
    },

    /** With an `actor` (every request) the key must be an admin's, and the change is logged. */
    create(input: OrganisationInput, options: CreateOptions = {}, actor?: Actor): Organisation {
      authorise(actor);
      return db.transaction(
        (tx) => {
          assertNameFree(input.name);
          const now = options.createdAt ?? clock.now().toISOString();
          const row: Organisation = {
            id: options.id ?? newId("org"),
            name: input.name,
            kind: input.kind ?? "municipality",
            allowSelfPublish: input.allowSelfPublish ?? false,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          tx.insert(organisations).values(row).run();
          logChange(tx, actor, row, null);
          return row;
        },
        { behavior: "immediate" },
      );
    },

    update(
      id: string,
      patch: Partial<OrganisationInput>,
      expectedVersion?: number,
      actor?: Actor,
    ): Organisation {
      authorise(actor);
      return db.transaction(
        (tx) => {
          const current = this.get(id);
          checkVersion(current.version, expectedVersion);
          if (patch.name !== undefined) assertNameFree(patch.name, id);
          const row: Organisation = {
            ...current,
            name: patch.name ?? current.name,
            kind: patch.kind ?? current.kind,
            allowSelfPublish: patch.allowSelfPublish ?? current.allowSelfPublish,
            version: current.version + 1,
            updatedAt: clock.now().toISOString(),
          };
          tx.update(organisations).set(row).where(eq(organisations.id, id)).run();
          logChange(tx, actor, row, current.version);
          return row;
        },
        { behavior: "immediate" },
      );
    },
  };
}
