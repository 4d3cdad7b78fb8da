// A routine's meetings: listing them with their decisions, and recording one. Its body is checked at
// once (meetings.ts: 422 naming each failing decision), then one transaction checks no lesson was decided
// before (409), writes the meeting, a planned adaptation for each `try`/`adapt` (the owner unit's existing
// adaptation of the lesson is linked instead: one report per unit and lesson), an escalation for each
// `escalate` (by default to the organisation, the note as its ask), the decisions and an audit entry.
// A failure anywhere stores nothing, and announces nothing.
import type { Db, Tx } from "../../db/database.js";
import {
  type DecisionRow,
  decisionsOf,
  earlierDecisions,
  insertDecisions,
  insertMeeting,
  listMeetings,
  type MeetingRow,
} from "../../db/queries/routines.js";
import { routineMeetings } from "../../db/schema.js";
import { type Principal, readerOf, type UnitPath } from "../access.js";
import type { AdaptationService } from "../adaptations.js";
import type { Actor, AuditLog } from "../audit.js";
import type { Clock } from "../clock.js";
import { type CursorCodec, requestScope } from "../cursors.js";
import type { EventLog } from "../events.js";
import { newId } from "../ids.js";
import type { LessonService } from "../lessons.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import type { VisibilityService } from "../visibility.js";
import { dayOf, meetingProblems, pointAtDecision, refuseDecidedBefore } from "./meetings.js";
import type { RoutineRecords, StoredRoutine } from "./routines.js";
import type { Meeting, MeetingInput } from "./types.js";
import { throwIfAny } from "./validate.js";

/** What a meeting needs of escalations: raising one for an `escalate` decision, inside its transaction. */
export type EscalationRaiser = {
  raise(
    lessonId: string,
    input: { to: { unitId?: string; organisationId?: string }; ask: string; dueBy?: string | null },
    actor: Actor,
    options: { meetingId: string; fromUnitId: string },
  ): { id: string };
};

export function createMeetingBook(deps: {
  db: Db;
  clock: Clock;
  unitPath: UnitPath;
  records: Pick<RoutineRecords, "readable" | "runnable">;
  lessons: Pick<LessonService, "exists">;
  visibility: Pick<VisibilityService, "canSee">;
  adaptations: Pick<AdaptationService, "plan">;
  escalations: EscalationRaiser;
  audit: Pick<AuditLog, "append" | "keyNames">;
  events: Pick<EventLog, "committed">;
  cursors: CursorCodec;
}) {
  const { db, clock, unitPath, records } = deps;

  function presentMeetings(meetings: MeetingRow[], decisions: ReadonlyMap<string, DecisionRow[]>): Meeting[] {
    const names = deps.audit.keyNames(meetings.flatMap((m) => m.authorKeyId ?? []));
    return meetings.map(({ authorKeyId, ...meeting }) => ({
      ...meeting,
      decisions: (decisions.get(meeting.id) ?? []).map((d) => ({
        lessonId: d.lessonId,
        decision: d.decision,
        note: d.note,
        adaptationId: d.adaptationId,
        escalationId: d.escalationId,
      })),
      author: authorKeyId ? { keyId: authorKeyId, name: names.get(authorKeyId) ?? authorKeyId } : null,
    }));
  }

  /** The decisions on lessons `principal` may see: a forum's reader may not see every lesson its runner decided on. */
  function seenDecisions(
    principal: Principal,
    decisions: ReadonlyMap<string, DecisionRow[]>,
  ): Map<string, DecisionRow[]> {
    const sees = (lessonId: string) => {
      const lesson = deps.lessons.exists(lessonId);
      return lesson !== undefined && deps.visibility.canSee(principal, lesson);
    };
    return new Map(
      [...decisions].map(([meetingId, rows]) => [meetingId, rows.filter((d) => sees(d.lessonId))]),
    );
  }

  /**
   * What decision `position` sets going, inside the meeting's transaction: a planned adaptation for the
   * owner unit (`try`, `adapt`), or an escalation raised for it (`escalate`, by default to the organisation,
   * its problems pointed at the decision); and the decision's row.
   */
  function carryOut(
    tx: Tx,
    stored: StoredRoutine,
    meetingId: string,
    decision: MeetingInput["decisions"][number],
    position: number,
    actor: Actor,
  ): DecisionRow {
    const { ownerUnitId, organisationId } = stored.row;
    let adaptationId: string | null = null;
    let escalationId: string | null = null;
    if (decision.decision === "try" || decision.decision === "adapt")
      adaptationId = deps.adaptations.plan(tx, decision.lessonId, ownerUnitId, actor).id;
    if (decision.decision === "escalate") {
      const to = decision.escalateTo ?? { organisationId };
      try {
        escalationId = deps.escalations.raise(
          decision.lessonId,
          { to, ask: decision.note ?? "", ...(decision.dueBy ? { dueBy: decision.dueBy } : {}) },
          actor,
          { meetingId, fromUnitId: ownerUnitId },
        ).id;
      } catch (error) {
        throw pointAtDecision(error, position);
      }
    }
    return {
      meetingId,
      routineId: stored.row.id,
      lessonId: decision.lessonId,
      decision: decision.decision,
      note: decision.note ?? null,
      adaptationId,
      escalationId,
      position,
    };
  }

  /**
   * Writes a meeting in one transaction: no lesson decided at an earlier meeting (409), the meeting, what
   * each decision sets going, the decisions and the audit entry. A failure anywhere stores nothing.
   */
  function writeMeeting(stored: StoredRoutine, input: MeetingInput, actor: Actor): MeetingRow {
    const id = stored.row.id;
    return db.transaction(
      (tx) => {
        refuseDecidedBefore(
          input,
          earlierDecisions(
            tx,
            id,
            input.decisions.map((d) => d.lessonId),
          ),
        );
        const row: MeetingRow = {
          id: newId("mtg"),
          routineId: id,
          heldOn: input.heldOn,
          authorKeyId: actor.principal.kind === "key" ? actor.principal.keyId : null,
          createdAt: clock.now().toISOString(),
        };
        insertMeeting(tx, row);
        insertDecisions(
          tx,
          input.decisions.map((decision, position) =>
            carryOut(tx, stored, row.id, decision, position, actor),
          ),
        );
        deps.audit.append(tx, {
          actor,
          action: "routine.meeting",
          resourceType: "meeting",
          resourceId: row.id,
          organisationId: stored.row.organisationId,
        });
        return row;
      },
      { behavior: "immediate" },
    );
  }

  return {
    /** The routine's meetings with the decisions on lessons `principal` may see, latest recorded first. */
    list(principal: Principal, id: string, request: PageRequest): Page<Meeting> {
      records.readable(principal, id);
      const limit = pageSize(request.limit);
      const signed = {
        codec: deps.cursors,
        scope: requestScope("meetings", { ...request, routineId: id, reader: readerOf(principal) }),
      };
      const { after, orderBy } = keyset(routineMeetings, request.cursor, signed);
      const { meetings, decisions } = listMeetings(db, { routineId: id, after, orderBy, limit: limit + 1 });
      const page = toPage(meetings, limit, signed, (meeting) => meeting);
      return {
        items: presentMeetings(page.items, seenDecisions(principal, decisions)),
        nextCursor: page.nextCursor,
      };
    },

    /** Records a meeting and what it decided, all or nothing: checked, written, shown. */
    record(id: string, input: MeetingInput, actor: Actor): Meeting {
      const stored = records.runnable(actor, id);
      throwIfAny(
        meetingProblems(
          input,
          {
            principal: actor.principal,
            ownerUnitId: stored.row.ownerUnitId,
            today: dayOf(clock.now()),
            unitPath,
          },
          { exists: (lessonId) => deps.lessons.exists(lessonId), canSee: deps.visibility.canSee },
        ),
      );
      const meeting = writeMeeting(stored, input, actor);
      // planned adaptations and escalations announce themselves once the meeting is committed
      deps.events.committed();
      return presentMeetings([meeting], decisionsOf(db, [meeting.id]))[0]!;
    },
  };
}
