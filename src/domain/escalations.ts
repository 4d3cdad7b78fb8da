// Feed-forward and feedback (DESIGN.md, "Knowledge-sharing routines"): a unit raises a lesson to a unit
// above it or to its organisation with an ask (an escalation); a manager of the addressed place answers
// it — adopt, adapt, decline or park, with the reason — and the answer comes back to the raising unit's
// inbox (domain/inbox.ts). Parked escalations may be answered again; answered ones are settled.
import type { Db, Tx } from "../db/database.js";
import {
  type EscalationResponseRow,
  type EscalationRow,
  type EscalationWithTitle,
  escalationById,
  escalationsOfLesson,
  insertEscalation,
  insertEscalationResponse,
  openEscalationsConcerning,
  responsesOf,
  updateEscalationStatus,
} from "../db/queries/escalations.js";
import { escalations } from "../db/schema.js";
import type { EscalationDecision } from "../words.js";
import { INSTALLATION, type Principal, readerOf } from "./access.js";
import type { Actor, AuditLog } from "./audit.js";
import type { Clock } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { Conflict, type FieldProblem, NotFound, Unprocessable } from "./errors.js";
import {
  addressedManagers,
  checkTarget,
  type EscalationTarget,
  mayAnswer,
  mayReadEscalation,
  raisingUnit,
  targetOf,
} from "./escalation-rules.js";
import type { EventLog } from "./events.js";
import { newId } from "./ids.js";
import type { KeyRef, LessonService } from "./lessons.js";
import type { OrganisationService } from "./organisations.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import type { UnitService } from "./units.js";
import type { VisibilityService } from "./visibility.js";
import { mayWriteLessons, requireRight } from "./write-access.js";

export { ESCALATION_DECISIONS } from "../words.js";

export type { EscalationTarget } from "./escalation-rules.js";

export type EscalationResponse = {
  id: string;
  decision: EscalationDecision;
  reason: string;
  actions: string[];
  author: KeyRef | null;
  createdAt: string;
};

export type Escalation = {
  id: string;
  lessonId: string;
  lessonTitle: string;
  fromUnitId: string;
  organisationId: string;
  to: EscalationTarget;
  ask: string;
  dueBy: string | null;
  status: EscalationRow["status"];
  meetingId: string | null;
  author: KeyRef | null;
  answeredAt: string | null;
  /** The answers, oldest first (a parked escalation may be answered again). */
  responses: EscalationResponse[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type EscalationInput = {
  /** Exactly one of the two; the HTTP schema lets both through so that the rule answers 422 naming /to. */
  to: { unitId?: string | undefined; organisationId?: string | undefined };
  ask: string;
  dueBy?: string | null | undefined;
};

export type RaiseOptions = {
  /** The meeting whose `escalate` decision raised it. */
  meetingId?: string | undefined;
  /** The raising unit; by default the key's unit, or the lesson's unit for keys without one. */
  fromUnitId?: string | undefined;
  /** For loading history (the demo data): a given id and creation time. */
  id?: string | undefined;
  createdAt?: string | undefined;
};

export type ResponseInput = {
  decision: EscalationDecision;
  reason: string;
  actions?: string[] | undefined;
};

/** How many open escalations `openConcerning` returns at most (an agenda shows a handful). */
export const OPEN_CONCERNING_LIMIT = 50;

export type EscalationService = ReturnType<typeof createEscalationService>;

export function createEscalationService(deps: {
  db: Db;
  clock: Clock;
  lessons: Pick<LessonService, "exists">;
  units: Pick<UnitService, "find" | "path">;
  organisations: Pick<OrganisationService, "exists">;
  visibility: Pick<VisibilityService, "canSee" | "seenPlaces">;
  audit: Pick<AuditLog, "append" | "keyNames">;
  events: Pick<EventLog, "append" | "committed">;
  cursors: CursorCodec;
  /** Is a transaction open on the connection (a caller's, which `raise` then joins)? */
  inTransaction: () => boolean;
}) {
  const { db, clock } = deps;
  const unitPath = (unitId: string) => deps.units.path(unitId);

  /** The rows as the API shows them: target as one object, authors named, responses attached. */
  function present(rows: EscalationWithTitle[]): Escalation[] {
    const responses = responsesOf(
      db,
      rows.map((row) => row.id),
    );
    const authorIds = [
      ...rows.flatMap((row) => row.authorKeyId ?? []),
      ...[...responses.values()].flat().flatMap((r) => r.authorKeyId ?? []),
    ];
    const names = deps.audit.keyNames(authorIds);
    const author = (keyId: string | null): KeyRef | null =>
      keyId ? { keyId, name: names.get(keyId) ?? keyId } : null;
    return rows.map((row) => ({
      id: row.id,
      lessonId: row.lessonId,
      lessonTitle: row.lessonTitle,
      fromUnitId: row.fromUnitId,
      organisationId: row.organisationId,
      to: targetOf(row),
      ask: row.ask,
      dueBy: row.dueBy,
      status: row.status,
      meetingId: row.meetingId,
      author: author(row.authorKeyId),
      answeredAt: row.answeredAt,
      responses: (responses.get(row.id) ?? []).map((r) => ({
        id: r.id,
        decision: r.decision,
        reason: r.reason,
        actions: r.actions,
        author: author(r.authorKeyId),
        createdAt: r.createdAt,
      })),
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }

  function readRow(principal: Principal, id: string): EscalationWithTitle {
    const row = escalationById(db, id);
    const lesson = row && deps.lessons.exists(row.lessonId);
    const seesLesson = lesson !== undefined && deps.visibility.canSee(principal, lesson);
    if (!row || !mayReadEscalation(principal, row, seesLesson)) throw new NotFound("escalation", id);
    return row;
  }

  /** What webhooks hear of an escalation (DESIGN.md event conventions). */
  function eventData(row: EscalationRow) {
    return {
      escalationId: row.id,
      lessonId: row.lessonId,
      fromUnitId: row.fromUnitId,
      to: targetOf(row),
      ask: row.ask,
      dueBy: row.dueBy,
      url: `/v1/escalations/${row.id}`,
    };
  }

  /**
   * Logs a change and announces it (the outbox), inside its transaction. History loaded in process (no
   * actor: the demo data) is neither logged nor announced, like the seed's lessons.
   */
  function record(
    tx: Tx,
    actor: Actor,
    row: EscalationRow,
    versionBefore: number | null,
    event: { type: "escalation.created" | "escalation.answered"; data: Record<string, unknown> },
  ): void {
    deps.events.append(tx, { ...event, lessonId: row.lessonId, organisationId: row.organisationId });
    deps.audit.append(tx, {
      actor,
      action: versionBefore === null ? "escalation.create" : "escalation.answer",
      resourceType: "escalation",
      resourceId: row.id,
      organisationId: row.organisationId,
      versionBefore,
      versionAfter: row.version,
    });
  }

  const service = {
    /**
     * Raises a lesson the key may see (404 otherwise) to a place that can act on it. The raising unit must
     * be one the key may write for (403); the lesson must be published (409). With a null actor (loading
     * history in process) no right is checked and nothing is audited or announced. Inside an outer transaction (a
     * routine's meeting) it becomes part of it.
     */
    raise(
      lessonId: string,
      input: EscalationInput,
      actor: Actor | null,
      options: RaiseOptions = {},
    ): Escalation {
      const lesson = deps.lessons.exists(lessonId);
      if (!lesson || (actor && !deps.visibility.canSee(actor.principal, lesson)))
        throw new NotFound("lesson", lessonId);
      const principal = actor?.principal;
      const fromUnitId = raisingUnit(principal ?? INSTALLATION, lesson.unitId, options.fromUnitId);
      const fromUnit = deps.units.find(fromUnitId);
      if (!fromUnit) throw new NotFound("unit", fromUnitId);
      if (principal) {
        requireRight(
          mayWriteLessons(
            principal,
            { organisationId: fromUnit.organisationId, unitId: fromUnitId },
            unitPath,
          ),
          `This key may not raise lessons for unit '${fromUnitId}': staff raise for their own unit, managers for the units they manage, integration keys with the 'lessons:write' scope for their organisation's units.`,
        );
      }
      if (lesson.status !== "published") {
        throw new Conflict(`Only published lessons are raised; this one is ${lesson.status}.`);
      }
      const checked = checkTarget(
        input.to,
        { unitId: fromUnitId, organisationId: fromUnit.organisationId },
        {
          unitOrganisation: (unitId) => deps.units.find(unitId)?.organisationId,
          organisationExists: (organisationId) => deps.organisations.exists(organisationId),
          unitPath,
        },
      );
      const problems: FieldProblem[] = [...checked.problems];
      const today = clock.now().toISOString().slice(0, 10);
      // an ask already overdue when raised says nothing; history loaded in process may be
      if (actor && input.dueBy && input.dueBy < today) {
        problems.push({
          pointer: "/dueBy",
          code: "in_the_past",
          message: `The date an answer is wanted by (${input.dueBy}) has passed; give today (${today}) or later, or none.`,
        });
      }
      const { target } = checked;
      // the managers asked must be able to read what they are asked about (a meeting may raise for a unit
      // whose place the runner's key sees more from than the unit above it does)
      if (target && !deps.visibility.canSee(addressedManagers(target, fromUnit.organisationId), lesson)) {
        const unitId = "unitId" in target ? target.unitId : undefined;
        problems.push({
          pointer: unitId ? "/to/unitId" : "/to/organisationId",
          code: "not_visible_there",
          message: `The managers of ${unitId ? `unit '${unitId}'` : "the organisation"} may not see this lesson, so they could not read what they are asked: raise it ${unitId ? "to a unit above whose managers see it, or to the organisation" : "where its managers see it"}.`,
        });
      }
      if (!target || problems.length > 0) throw new Unprocessable(problems);
      // the HTTP schema requires it; in-process callers (a meeting's decision) may pass an empty note
      if (input.ask.trim() === "") {
        throw new Unprocessable([
          { pointer: "/ask", code: "ask_required", message: "Say what the addressed place is asked to do." },
        ]);
      }
      const now = options.createdAt ?? clock.now().toISOString();
      const row: EscalationRow = {
        id: options.id ?? newId("esc"),
        lessonId,
        fromUnitId,
        organisationId: fromUnit.organisationId,
        toUnitId: "unitId" in target ? target.unitId : null,
        toOrganisationId: "organisationId" in target ? target.organisationId : null,
        ask: input.ask,
        dueBy: input.dueBy ?? null,
        status: "open",
        meetingId: options.meetingId ?? null,
        authorKeyId: principal?.kind === "key" ? principal.keyId : null,
        answeredAt: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      // nested in a caller's transaction this is a savepoint: all or nothing with the meeting
      db.transaction(
        (tx) => {
          insertEscalation(tx, row);
          if (actor) record(tx, actor, row, null, { type: "escalation.created", data: eventData(row) });
        },
        { behavior: "immediate" },
      );
      // inside a caller's transaction nothing is committed yet: the caller wakes the worker after its commit
      if (actor && !deps.inTransaction()) deps.events.committed();
      return present([{ ...row, lessonTitle: lesson.title }])[0]!;
    },

    exists(id: string): boolean {
      return escalationById(db, id) !== undefined;
    },

    /** An escalation the key may read (404 otherwise, as for a missing one). */
    get(principal: Principal, id: string): Escalation {
      return present([readRow(principal, id)])[0]!;
    },

    /** The escalations of a lesson the key may see (404 otherwise), within its organisation (admins: all). */
    listOfLesson(principal: Principal, lessonId: string, request: PageRequest): Page<Escalation> {
      const lesson = deps.lessons.exists(lessonId);
      if (!lesson || !deps.visibility.canSee(principal, lesson)) throw new NotFound("lesson", lessonId);
      const organisationId =
        principal.kind === "key" && principal.role !== "admin" ? (principal.organisationId ?? "") : undefined;
      const limit = pageSize(request.limit);
      const signed = {
        codec: deps.cursors,
        scope: requestScope("escalations", { ...request, lessonId, reader: readerOf(principal) }),
      };
      const { after, orderBy } = keyset(escalations, request.cursor, signed);
      const rows = escalationsOfLesson(db, { lessonId, organisationId, after, orderBy, limit: limit + 1 });
      const page = toPage(rows, limit, signed, (row) => row);
      return { items: present(page.items), nextCursor: page.nextCursor };
    },

    /**
     * Answers an escalation: a manager of the addressed place (the unit or above it; for an organisation,
     * its organisation's managers) or an admin (403 for others who can read it). `park` leaves it to be
     * answered again; any other decision settles it, and a settled one is not answered again (409).
     */
    respond(
      id: string,
      input: ResponseInput,
      actor: Actor | null,
      options: { createdAt?: string } = {},
    ): Escalation {
      const current = actor ? readRow(actor.principal, id) : escalationById(db, id);
      if (!current) throw new NotFound("escalation", id);
      if (actor) {
        requireRight(
          mayAnswer(actor.principal, current, unitPath),
          current.toUnitId
            ? `Escalation '${id}' is answered by a manager of unit '${current.toUnitId}' or of a unit above it (or an admin).`
            : `Escalation '${id}' is answered by a manager of organisation '${current.toOrganisationId}' (or an admin).`,
        );
      }
      if (current.status === "answered") {
        throw new Conflict(
          `Escalation '${id}' has already been answered (${current.answeredAt}); only a parked escalation is answered again.`,
        );
      }
      const now = options.createdAt ?? clock.now().toISOString();
      const response: EscalationResponseRow = {
        id: newId("esr"),
        escalationId: id,
        decision: input.decision,
        reason: input.reason,
        actions: input.actions ?? [],
        authorKeyId: actor?.principal.kind === "key" ? actor.principal.keyId : null,
        createdAt: now,
      };
      const settled = input.decision !== "park";
      const { lessonTitle, ...stored } = current;
      const row: EscalationRow = {
        ...stored,
        status: settled ? "answered" : "parked",
        answeredAt: settled ? now : null,
        version: current.version + 1,
        updatedAt: now,
      };
      db.transaction(
        (tx) => {
          insertEscalationResponse(tx, response);
          updateEscalationStatus(tx, id, row);
          if (actor) {
            record(tx, actor, row, current.version, {
              type: "escalation.answered",
              data: { ...eventData(row), decision: input.decision, reason: input.reason },
            });
          }
        },
        { behavior: "immediate" },
      );
      if (actor) deps.events.committed();
      return present([{ ...row, lessonTitle }])[0]!;
    },

    /**
     * Open or parked escalations raised by or addressed to any of `unitIds`, or addressed to their
     * organisations, about lessons `principal` may see; newest first, at most `limit` (a routine's agenda).
     */
    openConcerning(principal: Principal, unitIds: string[], limit = OPEN_CONCERNING_LIMIT): Escalation[] {
      const organisationIds = [
        ...new Set(unitIds.flatMap((unitId) => deps.units.find(unitId)?.organisationId ?? [])),
      ];
      const rows = openEscalationsConcerning(db, {
        unitIds,
        organisationIds,
        seen: deps.visibility.seenPlaces(principal),
        limit,
      });
      return present(rows);
    },

    /** For the inbox: rows read with the reader's visibility, presented. */
    present,
  };
  return service;
}
