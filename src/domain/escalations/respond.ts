// Answering an escalation, step by step: the escalation the key may read (404) and answer (403: a
// manager of the addressed place, or an admin), not settled already (409); then the answer and the
// escalation's new status written with its audit entry and event in one transaction.
import {
  type EscalationResponseRow,
  type EscalationRow,
  type EscalationWithTitle,
  escalationById,
  insertEscalationResponse,
  updateEscalationStatus,
} from "../../db/queries/escalations.js";
import type { Principal } from "../access.js";
import type { Actor } from "../audit.js";
import { Conflict, NotFound } from "../errors.js";
import { mayAnswer, mayReadEscalation } from "../escalation-rules.js";
import { newId } from "../ids.js";
import { requireRight } from "../write-access.js";
import { eventData, recordChange } from "./record.js";
import type { EscalationDeps, ResponseInput } from "./types.js";

/** An escalation `principal` may read: it sees the lesson and is of the escalation's organisation (404 otherwise). */
export function readableEscalation(
  deps: EscalationDeps,
  principal: Principal,
  id: string,
): EscalationWithTitle {
  const row = escalationById(deps.db, id);
  const lesson = row && deps.lessons.exists(row.lessonId);
  const seesLesson = lesson !== undefined && deps.visibility.canSee(principal, lesson);
  if (!row || !mayReadEscalation(principal, row, seesLesson)) throw new NotFound("escalation", id);
  return row;
}

/** The escalation, once `actor` may answer it and it is not settled (no actor: loading history). */
export function answerable(deps: EscalationDeps, id: string, actor: Actor | null): EscalationWithTitle {
  const current = actor ? readableEscalation(deps, actor.principal, id) : escalationById(deps.db, id);
  if (!current) throw new NotFound("escalation", id);
  if (actor) {
    requireRight(
      mayAnswer(actor.principal, current, (unitId) => deps.units.path(unitId)),
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
  return current;
}

/** The answer and the escalation after it: `park` leaves it to be answered again, any other decision settles it. */
export function planAnswer(
  current: EscalationWithTitle,
  input: ResponseInput,
  actor: Actor | null,
  now: string,
): { response: EscalationResponseRow; row: EscalationRow } {
  const response: EscalationResponseRow = {
    id: newId("esr"),
    escalationId: current.id,
    decision: input.decision,
    reason: input.reason,
    actions: input.actions ?? [],
    authorKeyId: actor?.principal.kind === "key" ? actor.principal.keyId : null,
    createdAt: now,
  };
  const settled = input.decision !== "park";
  const { lessonTitle: _title, ...stored } = current;
  const row: EscalationRow = {
    ...stored,
    status: settled ? "answered" : "parked",
    answeredAt: settled ? now : null,
    version: current.version + 1,
    updatedAt: now,
  };
  return { response, row };
}

/** Writes the answer and the new status, with the audit entry and event, then wakes the worker. */
export function writeAnswer(
  deps: EscalationDeps,
  planned: { response: EscalationResponseRow; row: EscalationRow },
  input: ResponseInput,
  actor: Actor | null,
  versionBefore: number,
): void {
  const { response, row } = planned;
  deps.db.transaction(
    (tx) => {
      insertEscalationResponse(tx, response);
      updateEscalationStatus(tx, row.id, row);
      if (actor) {
        recordChange(deps, tx, actor, row, versionBefore, {
          type: "escalation.answered",
          data: { ...eventData(row), decision: input.decision, reason: input.reason },
        });
      }
    },
    { behavior: "immediate" },
  );
  if (actor) deps.events.committed();
}
