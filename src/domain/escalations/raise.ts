// Raising a lesson, step by step: who raises it and may they (404 for a lesson the key may not see, 403
// without the right to write for the raising unit, 409 for a lesson not published), what is asked of
// whom (422, every problem at once), then the row written with its audit entry and event in one
// transaction — a savepoint when a caller's transaction (a routine's meeting) is open.
import { type EscalationRow, insertEscalation } from "../../db/queries/escalations.js";
import { INSTALLATION, type LessonPlace } from "../access.js";
import type { Actor } from "../audit.js";
import { Conflict, type FieldProblem, NotFound, Unprocessable } from "../errors.js";
import { addressedManagers, checkTarget, type EscalationTarget, raisingUnit } from "../escalation-rules.js";
import { newId } from "../ids.js";
import { mayWriteLessons, requireRight } from "../write-access.js";
import { eventData, recordChange } from "./record.js";
import type { EscalationDeps, EscalationInput, RaiseOptions } from "./types.js";

type Lesson = LessonPlace & { title: string };
/** The raising unit and its organisation. */
type From = { unitId: string; organisationId: string };

/** The lesson and the raising unit, once the key may see the one and write for the other. */
export function checkRaiser(
  deps: EscalationDeps,
  lessonId: string,
  actor: Actor | null,
  fromUnitId: string | undefined,
): { lesson: Lesson; from: From } {
  const lesson = deps.lessons.exists(lessonId);
  if (!lesson || (actor && !deps.visibility.canSee(actor.principal, lesson)))
    throw new NotFound("lesson", lessonId);
  const principal = actor?.principal;
  const unitId = raisingUnit(principal ?? INSTALLATION, lesson.unitId, fromUnitId);
  const unit = deps.units.find(unitId);
  if (!unit) throw new NotFound("unit", unitId);
  const from = { unitId, organisationId: unit.organisationId };
  if (principal) {
    requireRight(
      mayWriteLessons(principal, from, (id) => deps.units.path(id)),
      `This key may not raise lessons for unit '${unitId}': staff raise for their own unit, managers for the units they manage, integration keys with the 'lessons:write' scope for their organisation's units.`,
    );
  }
  if (lesson.status !== "published") {
    throw new Conflict(`Only published lessons are raised; this one is ${lesson.status}.`);
  }
  return { lesson, from };
}

/** Where the lesson goes and what is asked: the target, or 422 with every problem of the body. */
export function checkAsk(
  deps: EscalationDeps,
  input: EscalationInput,
  lesson: Lesson,
  from: From,
  withActor: boolean,
): EscalationTarget {
  const checked = checkTarget(input.to, from, {
    unitOrganisation: (unitId) => deps.units.find(unitId)?.organisationId,
    organisationExists: (organisationId) => deps.organisations.exists(organisationId),
    unitPath: (unitId) => deps.units.path(unitId),
  });
  const problems: FieldProblem[] = [...checked.problems];
  const today = deps.clock.now().toISOString().slice(0, 10);
  // an ask already overdue when raised says nothing; history loaded in process may be
  if (withActor && input.dueBy && input.dueBy < today) {
    problems.push({
      pointer: "/dueBy",
      code: "in_the_past",
      message: `The date an answer is wanted by (${input.dueBy}) has passed; give today (${today}) or later, or none.`,
    });
  }
  const { target } = checked;
  // the managers asked must be able to read what they are asked about (a meeting may raise for a unit
  // whose place the runner's key sees more from than the unit above it does)
  if (target && !deps.visibility.canSee(addressedManagers(target, from.organisationId), lesson)) {
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
  return target;
}

/** The new escalation's row. */
export function newEscalationRow(
  deps: EscalationDeps,
  lessonId: string,
  input: EscalationInput,
  actor: Actor | null,
  options: RaiseOptions,
  from: From,
  target: EscalationTarget,
): EscalationRow {
  const now = options.createdAt ?? deps.clock.now().toISOString();
  const principal = actor?.principal;
  return {
    id: options.id ?? newId("esc"),
    lessonId,
    fromUnitId: from.unitId,
    organisationId: from.organisationId,
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
}

/** Writes the row with its audit entry and event; nested in a caller's transaction this is a savepoint. */
export function writeEscalation(deps: EscalationDeps, row: EscalationRow, actor: Actor | null): void {
  deps.db.transaction(
    (tx) => {
      insertEscalation(tx, row);
      if (actor)
        recordChange(deps, tx, actor, row, null, { type: "escalation.created", data: eventData(row) });
    },
    { behavior: "immediate" },
  );
  // inside a caller's transaction nothing is committed yet: the caller wakes the worker after its commit
  if (actor && !deps.inTransaction()) deps.events.committed();
}
