// Routines as records: create, read, list, change and delete, each checked against the routine rules
// (access.ts) and logged in the audit log in the write's own transaction. A routine a key may not read
// is not there for it (404); one it may read but not run is 403.
import type { Db, Tx } from "../../db/database.js";
import {
  audienceOf,
  deleteRoutine,
  detachEscalations,
  insertRoutine,
  listRoutines,
  type RoutinePlaces,
  type RoutineRow,
  routinePlacesCondition,
  routineRow,
  updateRoutine,
} from "../../db/queries/routines.js";
import { unitTree } from "../../db/queries/unit-tree.js";
import { routines } from "../../db/schema.js";
import { type Principal, readerOf, type UnitPath } from "../access.js";
import type { Actor, AuditLog } from "../audit.js";
import { addCadence, nextDueAfter } from "../cadence.js";
import type { Clock } from "../clock.js";
import { type CursorCodec, requestScope } from "../cursors.js";
import { NotFound } from "../errors.js";
import type { FilterService } from "../filter/index.js";
import { newId } from "../ids.js";
import type { CreateOptions } from "../organisations.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { definedFields } from "../patch.js";
import type { UnitService } from "../units.js";
import { checkVersion } from "../versioning.js";
import { requireRight } from "../write-access.js";
import { mayReadRoutine, mayRunRoutine, type RoutinePlace, readsRoutinesOf } from "./access.js";
import type { Routine, RoutineFilter, RoutineInput, RoutinePatch } from "./types.js";
import { filterProblems, throwIfAny, unitProblems } from "./validate.js";

export type RoutineRecords = ReturnType<typeof createRoutineRecords>;

/** A routine as read for work: the row and its audience. */
export type StoredRoutine = { row: RoutineRow; audience: string[] };

export function createRoutineRecords(deps: {
  db: Db;
  clock: Clock;
  units: Pick<UnitService, "find">;
  unitPath: UnitPath;
  filter: Pick<FilterService, "matchingLessons">;
  audit: Pick<AuditLog, "append" | "keyNames">;
  cursors: CursorCodec;
}) {
  const { db, clock, unitPath } = deps;

  const placeOf = ({ row, audience }: StoredRoutine): RoutinePlace => ({
    organisationId: row.organisationId,
    ownerUnitId: row.ownerUnitId,
    unitIds: [row.ownerUnitId, ...audience],
  });

  function present(stored: StoredRoutine[]): Routine[] {
    const names = deps.audit.keyNames(stored.flatMap(({ row }) => row.authorKeyId ?? []));
    return stored.map(({ row, audience }) => {
      const { authorKeyId, filter, ...rest } = row;
      return {
        ...rest,
        filter,
        audienceUnitIds: audience,
        author: authorKeyId ? { keyId: authorKeyId, name: names.get(authorKeyId) ?? authorKeyId } : null,
      };
    });
  }

  function load(id: string): StoredRoutine | undefined {
    const row = routineRow(db, id);
    return row && { row, audience: audienceOf(db, [id]).get(id) ?? [] };
  }

  /** The routine, if `principal` may read it (404 otherwise, also when it exists). */
  function readable(principal: Principal, id: string): StoredRoutine {
    const stored = load(id);
    if (!stored || !mayReadRoutine(principal, placeOf(stored), unitPath)) throw new NotFound("routine", id);
    return stored;
  }

  /** The routine, if `actor` may run it: 404 when it may not read it, 403 when it may only read it. */
  function runnable(actor: Actor, id: string): StoredRoutine {
    const stored = readable(actor.principal, id);
    requireRight(
      mayRunRoutine(actor.principal, placeOf(stored), unitPath),
      `Routine '${id}' is run by the managers of its owner unit '${stored.row.ownerUnitId}' (of it, a unit above it or its organisation) and by admins.`,
    );
    return stored;
  }

  /** Where `principal`'s list of routines looks (see RoutinePlaces). */
  function placesOf(principal: Principal): RoutinePlaces | undefined | "nothing" {
    if (principal.kind === "anonymous") return "nothing";
    if (principal.role === "admin") return undefined;
    const organisationId = principal.organisationId;
    if (organisationId === null) return "nothing";
    const unitsOf = unitTree(db).filter((unit) => unit.organisationId === organisationId);
    const unitIds = unitsOf
      .filter((unit) => readsRoutinesOf(principal, organisationId, unit.id, unitPath))
      .map((unit) => unit.id);
    return { organisationId, unitIds: unitIds.length === unitsOf.length ? "all" : unitIds };
  }

  function logChange(
    tx: Tx,
    actor: Actor,
    action: "routine.create" | "routine.update" | "routine.delete",
    row: RoutineRow,
    versionBefore: number | null,
  ): void {
    deps.audit.append(tx, {
      actor,
      action,
      resourceType: "routine",
      resourceId: row.id,
      organisationId: row.organisationId,
      versionBefore,
      versionAfter: action === "routine.delete" ? null : row.version,
    });
  }

  function checkFilter(saved: RoutineFilter | undefined, ownerUnitId: string) {
    return saved === undefined ? [] : filterProblems(deps.filter, saved, ownerUnitId);
  }

  return {
    placeOf,
    readable,
    runnable,
    present: (stored: StoredRoutine) => present([stored])[0]!,

    /** Is there a routine with this id (whoever may read it)? For loaders. */
    exists: (id: string) => routineRow(db, id) !== undefined,

    get(principal: Principal, id: string): Routine {
      return present([readable(principal, id)])[0]!;
    },

    /** The routines `principal` may read, newest first; cursors are bound to the reader. */
    list(principal: Principal, request: PageRequest): Page<Routine> {
      const limit = pageSize(request.limit);
      const signed = {
        codec: deps.cursors,
        scope: requestScope("routines", { ...request, reader: readerOf(principal) }),
      };
      const { after, orderBy } = keyset(routines, request.cursor, signed);
      const places = placesOf(principal);
      if (places === "nothing") return { items: [], nextCursor: null };
      const rows = listRoutines(db, {
        where: [after, routinePlacesCondition(places)],
        orderBy,
        limit: limit + 1,
      });
      const page = toPage(rows, limit, signed, (row) => row);
      const audiences = audienceOf(
        db,
        page.items.map((row) => row.id),
      );
      return {
        items: present(page.items.map((row) => ({ row, audience: audiences.get(row.id) ?? [] }))),
        nextCursor: page.nextCursor,
      };
    },

    /** With an `actor` (every request) the right is checked and the audit log written; the seed passes none. */
    create(input: RoutineInput, actor: Actor | undefined, options: CreateOptions = {}): Routine {
      const owner = deps.units.find(input.ownerUnitId);
      const audience = input.audienceUnitIds ?? [];
      const units = () =>
        unitProblems(
          deps.units,
          { id: input.ownerUnitId, organisationId: owner?.organisationId },
          audience,
          true,
        );
      // without an owner unit there is no one to authorise against: the body's problems come first
      if (!owner) throwIfAny(units());
      const place = { organisationId: owner!.organisationId, ownerUnitId: input.ownerUnitId, unitIds: [] };
      requireRight(
        !actor || mayRunRoutine(actor.principal, place, unitPath),
        `Routines of unit '${input.ownerUnitId}' are made by the managers of that unit (of it, a unit above it or its organisation) and by admins.`,
      );
      throwIfAny([...units(), ...checkFilter(input.filter, input.ownerUnitId)]);
      const now = options.createdAt ? new Date(options.createdAt) : clock.now();
      const row: RoutineRow = {
        id: options.id ?? newId("rtn"),
        name: input.name,
        ownerUnitId: input.ownerUnitId,
        organisationId: owner!.organisationId,
        filter: input.filter as Record<string, unknown>,
        cadence: input.cadence,
        forum: input.forum ?? null,
        language: input.language ?? null,
        nextAgendaAt: addCadence(now, input.cadence).toISOString(),
        authorKeyId: actor?.principal.kind === "key" ? actor.principal.keyId : null,
        version: 1,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      db.transaction(
        (tx) => {
          insertRoutine(tx, row, audience);
          if (actor) logChange(tx, actor, "routine.create", row, null);
        },
        { behavior: "immediate" },
      );
      return present([{ row, audience }])[0]!;
    },

    update(id: string, patch: RoutinePatch, expectedVersion: number | undefined, actor: Actor): Routine {
      const updated = db.transaction(
        (tx) => {
          const current = runnable(actor, id);
          checkVersion(current.row.version, expectedVersion);
          const { audienceUnitIds, ...fields } = definedFields(patch);
          const owner = { id: current.row.ownerUnitId, organisationId: current.row.organisationId };
          throwIfAny([
            ...unitProblems(deps.units, owner, audienceUnitIds, false),
            ...checkFilter(fields.filter, current.row.ownerUnitId),
          ]);
          const now = clock.now();
          const cadence = fields.cadence ?? current.row.cadence;
          const row: RoutineRow = {
            ...current.row,
            ...fields,
            filter: (fields.filter ?? current.row.filter) as Record<string, unknown>,
            // a new cadence keeps the schedule's anchor (the routine's creation): its next due time after now
            nextAgendaAt:
              cadence === current.row.cadence
                ? current.row.nextAgendaAt
                : nextDueAfter(
                    addCadence(new Date(current.row.createdAt), cadence),
                    cadence,
                    now,
                  ).toISOString(),
            version: current.row.version + 1,
            updatedAt: now.toISOString(),
          };
          updateRoutine(tx, row, audienceUnitIds);
          logChange(tx, actor, "routine.update", row, current.row.version);
          return { row, audience: audienceUnitIds ?? current.audience };
        },
        { behavior: "immediate" },
      );
      return present([updated])[0]!;
    },

    /**
     * Deletes a routine with its meetings and their decisions. What the meetings set going stays: the
     * planned adaptations are the unit's, and escalations they raised keep their ask and answers (only
     * their link to the deleted meeting goes).
     */
    delete(id: string, expectedVersion: number | undefined, actor: Actor): void {
      db.transaction(
        (tx) => {
          const current = runnable(actor, id);
          checkVersion(current.row.version, expectedVersion);
          detachEscalations(tx, id);
          deleteRoutine(tx, id);
          logChange(tx, actor, "routine.delete", current.row, current.row.version);
        },
        { behavior: "immediate" },
      );
    },
  };
}
