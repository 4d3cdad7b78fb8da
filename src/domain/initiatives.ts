// Initiatives: co-production activities on the maturity ladder, with their participating units,
// approaches, the program they belong to and the pilots or projects they grew from (buildsOn).
import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/database.js";
import { initiativeApproaches, initiativeLineage, initiatives, initiativeUnits } from "../db/schema.js";
import type { Actor, AuditLog } from "./audit.js";
import type { Clock } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { NotFound } from "./errors.js";
import { newId } from "./ids.js";
import type { CreateOptions } from "./organisations.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import { definedFields } from "./patch.js";
import type { UnitService } from "./units.js";
import { checkVersion } from "./versioning.js";
import type { VocabularyService } from "./vocabulary.js";
import { mayManage, requireRight } from "./write-access.js";

type InitiativeRow = typeof initiatives.$inferSelect;
export type Stage = InitiativeRow["stage"];
export type InitiativeStatus = InitiativeRow["status"];
export { INITIATIVE_STATUSES, STAGES } from "../words.js";

export type Initiative = InitiativeRow & { unitIds: string[]; approaches: string[]; buildsOn: string[] };

export type InitiativeInput = {
  title: string;
  description: string;
  stage: Stage;
  status: InitiativeStatus;
  leadUnitId: string;
  unitIds?: string[] | undefined;
  approaches?: string[] | undefined;
  programId?: string | null | undefined;
  buildsOn?: string[] | undefined;
  startedOn?: string | null | undefined;
  endedOn?: string | null | undefined;
};
export type InitiativePatch = Partial<InitiativeInput>;
export type InitiativeFilter = PageRequest & {
  organisationId?: string | undefined;
  unitId?: string | undefined;
  stage?: Stage | undefined;
  status?: InitiativeStatus | undefined;
  programId?: string | undefined;
};

export type InitiativeService = ReturnType<typeof createInitiativeService>;

export function createInitiativeService(deps: {
  db: Db;
  clock: Clock;
  vocabulary: VocabularyService;
  units: Pick<UnitService, "find" | "path">;
  audit: Pick<AuditLog, "append">;
  cursors: CursorCodec;
}) {
  const { db, clock, vocabulary } = deps;

  /** Initiatives are managed by the managers of their lead unit (or above it, or of its organisation) and by admins. */
  function authorise(actor: Actor | undefined, leadUnitId: string): void {
    const lead = deps.units.find(leadUnitId);
    if (!actor || !lead) return; // an unknown lead unit is reported by validate() (422)
    requireRight(
      mayManage(actor.principal, { organisationId: lead.organisationId, unitId: lead.id }, (id) =>
        deps.units.path(id),
      ),
      `Initiatives led by unit '${leadUnitId}' are created and changed by a manager of that unit, of a unit above it or of its organisation (or an admin).`,
    );
  }

  function logChange(tx: Tx, actor: Actor | undefined, id: string, organisationId: string, version: number) {
    if (!actor) return;
    deps.audit.append(tx, {
      actor,
      action: version === 1 ? "initiative.create" : "initiative.update",
      resourceType: "initiative",
      resourceId: id,
      organisationId,
      versionBefore: version === 1 ? null : version - 1,
      versionAfter: version,
    });
  }

  const byId = db
    .select()
    .from(initiatives)
    .where(eq(initiatives.id, sql.placeholder("id")))
    .prepare();
  function row(id: string): InitiativeRow | undefined {
    return byId.get({ id });
  }

  function withRelations(rows: InitiativeRow[]): Initiative[] {
    const ids = rows.map((r) => r.id);
    const unitIds = new Map<string, string[]>();
    const approaches = new Map<string, string[]>();
    const buildsOn = new Map<string, string[]>();
    if (ids.length > 0) {
      const push = (map: Map<string, string[]>, key: string, value: string) =>
        map.set(key, [...(map.get(key) ?? []), value]);
      for (const r of db
        .select()
        .from(initiativeUnits)
        .where(inArray(initiativeUnits.initiativeId, ids))
        .orderBy(asc(initiativeUnits.position))
        .all()) {
        push(unitIds, r.initiativeId, r.unitId);
      }
      for (const r of db
        .select()
        .from(initiativeApproaches)
        .where(inArray(initiativeApproaches.initiativeId, ids))
        .orderBy(asc(initiativeApproaches.position))
        .all()) {
        const term = vocabulary.termById(r.termId);
        if (term) push(approaches, r.initiativeId, term.slug);
      }
      for (const r of db
        .select()
        .from(initiativeLineage)
        .where(inArray(initiativeLineage.initiativeId, ids))
        .orderBy(asc(initiativeLineage.position))
        .all()) {
        push(buildsOn, r.initiativeId, r.buildsOnId);
      }
    }
    return rows.map((r) => ({
      ...r,
      unitIds: unitIds.get(r.id) ?? [],
      approaches: approaches.get(r.id) ?? [],
      buildsOn: buildsOn.get(r.id) ?? [],
    }));
  }

  /** Everything an initiative builds on, transitively (for cycle checks). */
  function ancestors(id: string): Set<string> {
    const seen = new Set<string>();
    const queue = [id];
    while (queue.length > 0) {
      const next = queue.pop()!;
      for (const r of db
        .select({ id: initiativeLineage.buildsOnId })
        .from(initiativeLineage)
        .where(eq(initiativeLineage.initiativeId, next))
        .all()) {
        if (!seen.has(r.id)) {
          seen.add(r.id);
          queue.push(r.id);
        }
      }
    }
    return seen;
  }

  /** Checks every reference of a full initiative; returns the organisation and approach term ids. */
  function validate(input: InitiativeInput, selfId?: string) {
    const check = vocabulary.resolver();
    const lead = deps.units.find(input.leadUnitId);
    if (!lead)
      check.problem({
        pointer: "/leadUnitId",
        code: "unknown_reference",
        message: `No unit with id '${input.leadUnitId}'.`,
      });
    (input.unitIds ?? []).forEach((unitId, i) => {
      if (!deps.units.find(unitId))
        check.problem({
          pointer: `/unitIds/${i}`,
          code: "unknown_reference",
          message: `No unit with id '${unitId}'.`,
        });
    });
    const approachIds = check.terms("approach", input.approaches ?? [], "/approaches");
    if (input.programId) {
      const program = row(input.programId);
      if (!program)
        check.problem({
          pointer: "/programId",
          code: "unknown_reference",
          message: `No initiative with id '${input.programId}'.`,
        });
      else if (program.stage !== "program" || program.id === selfId) {
        check.problem({
          pointer: "/programId",
          code: "not_a_program",
          message: `Initiative '${input.programId}' is a ${program.stage}, not a program.`,
        });
      }
    }
    (input.buildsOn ?? []).forEach((parentId, i) => {
      const pointer = `/buildsOn/${i}`;
      if (parentId === selfId)
        check.problem({ pointer, code: "cycle", message: "An initiative cannot build on itself." });
      else if (!row(parentId))
        check.problem({
          pointer,
          code: "unknown_reference",
          message: `No initiative with id '${parentId}'.`,
        });
      else if (selfId && ancestors(parentId).has(selfId)) {
        check.problem({
          pointer,
          code: "cycle",
          message: `'${parentId}' already builds on this initiative.`,
        });
      }
    });
    if (input.startedOn && input.endedOn && input.endedOn < input.startedOn) {
      check.problem({
        pointer: "/endedOn",
        code: "before_start",
        message: `endedOn (${input.endedOn}) is before startedOn (${input.startedOn}).`,
      });
    }
    check.throwIfProblems();
    return { organisationId: lead!.organisationId, approachIds };
  }

  function writeRelations(tx: Tx, id: string, input: InitiativeInput, approachIds: string[]) {
    tx.delete(initiativeUnits).where(eq(initiativeUnits.initiativeId, id)).run();
    tx.delete(initiativeApproaches).where(eq(initiativeApproaches.initiativeId, id)).run();
    tx.delete(initiativeLineage).where(eq(initiativeLineage.initiativeId, id)).run();
    const unitIds = [...new Set(input.unitIds ?? [])].filter((u) => u !== input.leadUnitId);
    if (unitIds.length)
      tx.insert(initiativeUnits)
        .values(unitIds.map((unitId, position) => ({ initiativeId: id, unitId, position })))
        .run();
    const termIds = [...new Set(approachIds)];
    if (termIds.length)
      tx.insert(initiativeApproaches)
        .values(termIds.map((termId, position) => ({ initiativeId: id, termId, position })))
        .run();
    const parents = [...new Set(input.buildsOn ?? [])];
    if (parents.length)
      tx.insert(initiativeLineage)
        .values(parents.map((buildsOnId, position) => ({ initiativeId: id, buildsOnId, position })))
        .run();
  }

  const service = {
    get(id: string): Initiative {
      const found = row(id);
      if (!found) throw new NotFound("initiative", id);
      return withRelations([found])[0]!;
    },

    find: row,

    list(filter: InitiativeFilter): Page<Initiative> {
      const limit = pageSize(filter.limit);
      const signed = { codec: deps.cursors, scope: requestScope("initiatives", filter) };
      const { after, orderBy } = keyset(initiatives, filter.cursor, signed);
      const conditions: (SQL | undefined)[] = [after];
      if (filter.organisationId) conditions.push(eq(initiatives.organisationId, filter.organisationId));
      if (filter.stage) conditions.push(eq(initiatives.stage, filter.stage));
      if (filter.status) conditions.push(eq(initiatives.status, filter.status));
      if (filter.programId) conditions.push(eq(initiatives.programId, filter.programId));
      if (filter.unitId) {
        const participating = db
          .select({ id: initiativeUnits.initiativeId })
          .from(initiativeUnits)
          .where(eq(initiativeUnits.unitId, filter.unitId));
        conditions.push(
          or(eq(initiatives.leadUnitId, filter.unitId), inArray(initiatives.id, participating)),
        );
      }
      const rows = db
        .select()
        .from(initiatives)
        .where(and(...conditions))
        .orderBy(...orderBy)
        .limit(limit + 1)
        .all();
      const full = withRelations(rows.slice(0, limit));
      return toPage(rows, limit, signed, (r) => full.find((f) => f.id === r.id)!);
    },

    /** With an `actor` (every request) the key must manage the lead unit, and the change is logged. */
    create(input: InitiativeInput, options: CreateOptions = {}, actor?: Actor): Initiative {
      authorise(actor, input.leadUnitId);
      const { organisationId, approachIds } = validate(input);
      const id = options.id ?? newId("init");
      db.transaction(
        (tx) => {
          const now = options.createdAt ?? clock.now().toISOString();
          tx.insert(initiatives)
            .values({
              id,
              organisationId,
              title: input.title,
              description: input.description,
              stage: input.stage,
              status: input.status,
              leadUnitId: input.leadUnitId,
              programId: input.programId ?? null,
              startedOn: input.startedOn ?? null,
              endedOn: input.endedOn ?? null,
              version: 1,
              createdAt: now,
              updatedAt: now,
            })
            .run();
          writeRelations(tx, id, input, approachIds);
          logChange(tx, actor, id, organisationId, 1);
        },
        { behavior: "immediate" },
      );
      return service.get(id);
    },

    update(id: string, patch: InitiativePatch, expectedVersion?: number, actor?: Actor): Initiative {
      const current = service.get(id);
      authorise(actor, current.leadUnitId);
      // handing the initiative to another lead unit: the key must manage that one too
      if (patch.leadUnitId !== undefined && patch.leadUnitId !== current.leadUnitId)
        authorise(actor, patch.leadUnitId);
      checkVersion(current.version, expectedVersion);
      const merged: InitiativeInput = { ...current, ...definedFields(patch) };
      const { organisationId, approachIds } = validate(merged, id);
      db.transaction(
        (tx) => {
          const fresh = row(id)!;
          checkVersion(fresh.version, expectedVersion ?? current.version);
          tx.update(initiatives)
            .set({
              organisationId,
              title: merged.title,
              description: merged.description,
              stage: merged.stage,
              status: merged.status,
              leadUnitId: merged.leadUnitId,
              programId: merged.programId ?? null,
              startedOn: merged.startedOn ?? null,
              endedOn: merged.endedOn ?? null,
              version: fresh.version + 1,
              updatedAt: clock.now().toISOString(),
            })
            .where(eq(initiatives.id, id))
            .run();
          writeRelations(tx, id, merged, approachIds);
          logChange(tx, actor, id, organisationId, fresh.version + 1);
        },
        { behavior: "immediate" },
      );
      return service.get(id);
    },
  };
  return service;
}
