// Units: departments, services and teams inside an organisation, nested by parentId, each with a
// context profile ({ dimension: [term slug] }) that lessons default to and filtering ranks by.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/database.js";
import { unitContextRows } from "../db/queries/unit-context.js";
import { unitContext, units } from "../db/schema.js";
import type { Actor, AuditLog } from "./audit.js";
import type { Clock } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { Conflict, NotFound, Unprocessable } from "./errors.js";
import { newId } from "./ids.js";
import { type CreateOptions, type OrganisationService, sameName } from "./organisations.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import { appendTo } from "./patch.js";
import { checkVersion } from "./versioning.js";
import type { VocabularyService } from "./vocabulary.js";
import { mayManage, requireRight } from "./write-access.js";

export type ContextTags = Record<string, string[]>;
type UnitRow = typeof units.$inferSelect;

export type Unit = UnitRow & { context: ContextTags };

export type UnitInput = {
  organisationId: string;
  name: string;
  parentId?: string | null | undefined;
  description?: string | null | undefined;
  context?: ContextTags | undefined;
};
export type UnitPatch = Partial<Omit<UnitInput, "organisationId">>;
export type UnitFilter = PageRequest & { organisationId?: string | undefined; parentId?: string | undefined };

export type UnitService = ReturnType<typeof createUnitService>;

export function createUnitService(deps: {
  db: Db;
  clock: Clock;
  vocabulary: VocabularyService;
  organisations: Pick<OrganisationService, "exists">;
  audit: Pick<AuditLog, "append">;
  cursors: CursorCodec;
}) {
  const { db, clock, vocabulary } = deps;

  /**
   * Units and their context profiles are managed by the managers of the units concerned (`unitId`; null:
   * the organisation as a whole, for a top-level unit) and by admins.
   */
  function authorise(actor: Actor | undefined, organisationId: string, unitId: string | null): void {
    if (!actor) return;
    requireRight(
      mayManage(actor.principal, { organisationId, unitId }, (id) => service.path(id)),
      unitId === null
        ? `Top-level units of organisation '${organisationId}' are created and moved by its managers (or an admin).`
        : `Unit '${unitId}' and the units below it are managed by a manager of that unit, of a unit above it or of its organisation (or an admin).`,
    );
  }

  function logChange(tx: Tx, actor: Actor | undefined, id: string, organisationId: string, version: number) {
    if (!actor) return;
    deps.audit.append(tx, {
      actor,
      action: version === 1 ? "unit.create" : "unit.update",
      resourceType: "unit",
      resourceId: id,
      organisationId,
      versionBefore: version === 1 ? null : version - 1,
      versionAfter: version,
    });
  }

  /** Term ids grouped as a context profile, in the order they were given. */
  function contextOf(termIds: string[]): ContextTags {
    const context: ContextTags = {};
    for (const id of termIds) {
      const term = vocabulary.termById(id);
      if (!term) continue;
      appendTo(context, term.facet, term.slug);
    }
    return context;
  }

  function contextsFor(unitIds: string[]): Map<string, ContextTags> {
    const byUnit = new Map<string, string[]>();
    for (const row of unitContextRows(db, unitIds))
      byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), row.termId]);
    return new Map(unitIds.map((id) => [id, contextOf(byUnit.get(id) ?? [])]));
  }

  const byId = db
    .select()
    .from(units)
    .where(eq(units.id, sql.placeholder("id")))
    .prepare();
  function row(id: string): UnitRow | undefined {
    return byId.get({ id });
  }

  function assertNameFree(organisationId: string, name: string, exceptId?: string) {
    const wanted = sameName(name);
    const clash = db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(eq(units.organisationId, organisationId))
      .all()
      .find((row) => sameName(row.name) === wanted);
    if (clash && clash.id !== exceptId) {
      throw new Conflict(`The organisation already has a unit named '${name}' (${clash.id}).`, "/name");
    }
  }

  /** Checks parent and context, returning the context's term ids; throws one 422 naming every problem. */
  function validate(organisationId: string, input: UnitPatch, selfId?: string): string[] | undefined {
    const check = vocabulary.resolver();
    if (input.parentId) {
      const parent = row(input.parentId);
      if (!parent)
        check.problem({
          pointer: "/parentId",
          code: "unknown_reference",
          message: `No unit with id '${input.parentId}'.`,
        });
      else if (parent.organisationId !== organisationId) {
        check.problem({
          pointer: "/parentId",
          code: "other_organisation",
          message: "The parent unit belongs to another organisation.",
        });
      } else if (selfId) {
        for (
          let cursor: UnitRow | undefined = parent;
          cursor;
          cursor = cursor.parentId ? row(cursor.parentId) : undefined
        ) {
          if (cursor.id === selfId) {
            check.problem({
              pointer: "/parentId",
              code: "cycle",
              message: "A unit cannot be placed below itself.",
            });
            break;
          }
        }
      }
    }
    const termIds = input.context ? check.context(input.context, "/context") : undefined;
    check.throwIfProblems();
    return termIds;
  }

  function writeContext(tx: Tx, unitId: string, termIds: string[]) {
    tx.delete(unitContext).where(eq(unitContext.unitId, unitId)).run();
    if (termIds.length > 0) {
      tx.insert(unitContext)
        .values(termIds.map((termId, position) => ({ unitId, termId, position })))
        .run();
    }
  }

  const service = {
    get(id: string): Unit {
      const found = row(id);
      if (!found) throw new NotFound("unit", id);
      return { ...found, context: contextsFor([id]).get(id)! };
    },

    /** The unit row without its profile, or undefined; for reference checks. */
    find: row,

    /** The unit and its ancestors, nearest first ([unit, parent, …]); [] for an unknown unit. The access rules' UnitPath. */
    path(unitId: string): string[] {
      const path: string[] = [];
      for (let at = row(unitId); at && !path.includes(at.id); at = at.parentId ? row(at.parentId) : undefined)
        path.push(at.id);
      return path;
    },

    list(filter: UnitFilter): Page<Unit> {
      const limit = pageSize(filter.limit);
      const signed = { codec: deps.cursors, scope: requestScope("units", filter) };
      const { after, orderBy } = keyset(units, filter.cursor, signed);
      const conditions: (SQL | undefined)[] = [after];
      if (filter.organisationId) conditions.push(eq(units.organisationId, filter.organisationId));
      if (filter.parentId) conditions.push(eq(units.parentId, filter.parentId));
      const rows = db
        .select()
        .from(units)
        .where(and(...conditions))
        .orderBy(...orderBy)
        .limit(limit + 1)
        .all();
      const contexts = contextsFor(rows.slice(0, limit).map((r) => r.id));
      return toPage(rows, limit, signed, (r) => ({ ...r, context: contexts.get(r.id) ?? {} }));
    },

    /** With an `actor` (every request) the key must manage the place (the parent, or the organisation), and the change is logged. */
    create(input: UnitInput, options: CreateOptions = {}, actor?: Actor): Unit {
      if (!deps.organisations.exists(input.organisationId)) {
        throw new Unprocessable([
          {
            pointer: "/organisationId",
            code: "unknown_reference",
            message: `No organisation with id '${input.organisationId}'.`,
          },
        ]);
      }
      const termIds = validate(input.organisationId, input) ?? [];
      authorise(actor, input.organisationId, input.parentId ?? null);
      const id = options.id ?? newId("unit");
      db.transaction(
        (tx) => {
          assertNameFree(input.organisationId, input.name);
          const now = options.createdAt ?? clock.now().toISOString();
          tx.insert(units)
            .values({
              id,
              organisationId: input.organisationId,
              parentId: input.parentId ?? null,
              name: input.name,
              description: input.description ?? null,
              version: 1,
              createdAt: now,
              updatedAt: now,
            })
            .run();
          writeContext(tx, id, termIds);
          logChange(tx, actor, id, input.organisationId, 1);
        },
        { behavior: "immediate" },
      );
      return service.get(id);
    },

    update(id: string, patch: UnitPatch, expectedVersion?: number, actor?: Actor): Unit {
      const current = service.get(id);
      authorise(actor, current.organisationId, id);
      const termIds = validate(current.organisationId, patch, id);
      // moving a unit: the key must manage where it goes too
      if (patch.parentId !== undefined && patch.parentId !== current.parentId)
        authorise(actor, current.organisationId, patch.parentId);
      db.transaction(
        (tx) => {
          const fresh = row(id)!;
          checkVersion(fresh.version, expectedVersion);
          if (patch.name !== undefined) assertNameFree(fresh.organisationId, patch.name, id);
          tx.update(units)
            .set({
              name: patch.name ?? fresh.name,
              parentId: patch.parentId === undefined ? fresh.parentId : patch.parentId,
              description: patch.description === undefined ? fresh.description : patch.description,
              version: fresh.version + 1,
              updatedAt: clock.now().toISOString(),
            })
            .where(eq(units.id, id))
            .run();
          if (termIds) writeContext(tx, id, termIds);
          logChange(tx, actor, id, fresh.organisationId, fresh.version + 1);
        },
        { behavior: "immediate" },
      );
      return service.get(id);
    },
  };
  return service;
}
