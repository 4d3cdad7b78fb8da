// Feed-forward and feedback (DESIGN.md, "Knowledge-sharing routines"): a unit raises a lesson to a unit
// above it or to its organisation with an ask (an escalation); a manager of the addressed place answers
// it — adopt, adapt, decline or park, with the reason — and the answer comes back to the raising unit's
// inbox (domain/inbox.ts). Parked escalations may be answered again; answered ones are settled. The
// service reads as its steps: raising (raise.ts), answering (respond.ts), what a change logs and
// announces (record.ts), and how escalations are shown (present.ts); the rules are escalation-rules.ts.
import {
  type EscalationWithTitle,
  escalationById,
  escalationsOfLesson,
  openEscalationsConcerning,
} from "../../db/queries/escalations.js";
import { escalations } from "../../db/schema.js";
import { type Principal, readerOf } from "../access.js";
import type { Actor } from "../audit.js";
import { requestScope } from "../cursors.js";
import { NotFound } from "../errors.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { presentEscalations } from "./present.js";
import { checkAsk, checkRaiser, newEscalationRow, writeEscalation } from "./raise.js";
import { answerable, planAnswer, readableEscalation, writeAnswer } from "./respond.js";
import {
  type Escalation,
  type EscalationDeps,
  type EscalationInput,
  OPEN_CONCERNING_LIMIT,
  type RaiseOptions,
  type ResponseInput,
} from "./types.js";

export { ESCALATION_DECISIONS } from "../../words.js";
export * from "./types.js";

export type EscalationService = ReturnType<typeof createEscalationService>;

export function createEscalationService(deps: EscalationDeps) {
  const { db, clock } = deps;

  /** The rows as the API shows them: target as one object, authors named, responses attached. */
  const present = (rows: EscalationWithTitle[]): Escalation[] => presentEscalations(db, deps.audit, rows);

  return {
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
      const { lesson, from } = checkRaiser(deps, lessonId, actor, options.fromUnitId);
      const target = checkAsk(deps, input, lesson, from, actor !== null);
      const row = newEscalationRow(deps, lessonId, input, actor, options, from, target);
      writeEscalation(deps, row, actor);
      return present([{ ...row, lessonTitle: lesson.title }])[0]!;
    },

    exists(id: string): boolean {
      return escalationById(db, id) !== undefined;
    },

    /** An escalation the key may read (404 otherwise, as for a missing one). */
    get(principal: Principal, id: string): Escalation {
      return present([readableEscalation(deps, principal, id)])[0]!;
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
      const current = answerable(deps, id, actor);
      const planned = planAnswer(current, input, actor, options.createdAt ?? clock.now().toISOString());
      writeAnswer(deps, planned, input, actor, current.version);
      return present([{ ...planned.row, lessonTitle: current.lessonTitle }])[0]!;
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
}
