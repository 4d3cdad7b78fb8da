// What a meeting's body may say, checked before anything is written (meeting-book.ts writes it): the day
// is not in the future, each lesson once, a lesson the key may see and that is published, no plan to try
// the unit's own lesson, escalation fields only on `escalate` and its ask in `note` — every problem at
// once, by pointer; a lesson decided at an earlier meeting is 409.
import type { LessonPlace, Principal, UnitPath } from "../access.js";
import { Conflict, type FieldProblem, Unprocessable } from "../errors.js";
import type { MeetingInput } from "./types.js";

/** The day (YYYY-MM-DD, UTC) of `now`. */
export const dayOf = (now: Date) => now.toISOString().slice(0, 10);

type LessonLookup = {
  exists: (lessonId: string) => LessonPlace | undefined;
  canSee: (principal: Principal, lesson: LessonPlace) => boolean;
};

type Context = { principal: Principal; ownerUnitId: string; today: string; unitPath: UnitPath };

/** Every problem of a meeting's body that needs no transaction: the day, and each decision on its own. */
export function meetingProblems(
  input: MeetingInput,
  context: Context,
  lessons: LessonLookup,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.heldOn > context.today)
    problems.push({
      pointer: "/heldOn",
      code: "in_the_future",
      message: `A meeting is recorded once held: ${input.heldOn} is after today (${context.today}).`,
    });
  const first = new Map<string, number>();
  input.decisions.forEach((decision, i) => {
    const earlier = first.get(decision.lessonId);
    if (earlier !== undefined) {
      problems.push({
        pointer: `/decisions/${i}/lessonId`,
        code: "duplicate",
        message: `Lesson '${decision.lessonId}' is decided twice in this meeting (also at /decisions/${earlier}).`,
      });
      return;
    }
    first.set(decision.lessonId, i);
    problems.push(...decisionProblems(decision, i, context, lessons));
  });
  return problems;
}

/** The problems of decision `i` on its own: its lesson, and the fields that go with its kind. */
function decisionProblems(
  decision: MeetingInput["decisions"][number],
  i: number,
  context: Context,
  lessons: LessonLookup,
): FieldProblem[] {
  const at = (field: string) => `/decisions/${i}/${field}`;
  const lesson = lessons.exists(decision.lessonId);
  // a lesson the key may not see is not there for it, as everywhere
  if (!lesson || !lessons.canSee(context.principal, lesson)) {
    return [
      {
        pointer: at("lessonId"),
        code: "unknown_reference",
        message: `No lesson with id '${decision.lessonId}'.`,
      },
    ];
  }
  const problems: FieldProblem[] = [];
  if (lesson.status !== "published")
    problems.push({
      pointer: at("lessonId"),
      code: "not_published",
      message: `Only published lessons are decided on; this one is ${lesson.status}.`,
    });
  const own = context.unitPath(lesson.unitId).includes(context.ownerUnitId);
  if (own && (decision.decision === "try" || decision.decision === "adapt"))
    problems.push({
      pointer: at("lessonId"),
      code: "own_lesson",
      message: "The lesson is the owner unit's own: there is nothing to try from another unit.",
    });
  if (decision.escalateTo !== undefined && decision.decision !== "escalate")
    problems.push({
      pointer: at("escalateTo"),
      code: "not_escalated",
      message: "`escalateTo` goes with the decision `escalate` only.",
    });
  if (decision.dueBy !== undefined && decision.decision !== "escalate")
    problems.push({
      pointer: at("dueBy"),
      code: "not_escalated",
      message: "`dueBy` goes with the decision `escalate` only.",
    });
  if (decision.decision === "escalate" && !decision.note)
    problems.push({
      pointer: at("note"),
      code: "ask_required",
      message: "An escalation needs its ask: say in `note` what the place it goes to should act on.",
    });
  return problems;
}

/** 409 for the first lesson of the body that a meeting of this routine decided before. */
export function refuseDecidedBefore(input: MeetingInput, earlier: ReadonlyMap<string, string>): void {
  const i = input.decisions.findIndex((decision) => earlier.has(decision.lessonId));
  if (i < 0) return;
  const lessonId = input.decisions[i]!.lessonId;
  throw new Conflict(
    `Lesson '${lessonId}' was decided at this routine's meeting '${earlier.get(lessonId)}'; a lesson is decided once per routine.`,
    `/decisions/${i}/lessonId`,
  );
}

/**
 * A problem an escalation raised for decision `i` reports about its own body (`/to…`, `/ask`, `/dueBy`),
 * pointed at the decision's field instead.
 */
export function pointAtDecision(error: unknown, i: number): unknown {
  if (!(error instanceof Unprocessable)) return error;
  const fields: [string, string][] = [
    ["/to", "escalateTo"],
    ["/ask", "note"],
    ["/dueBy", "dueBy"],
  ];
  const problems = error.problems.map((problem) => {
    const match = fields.find(
      ([prefix]) => problem.pointer === prefix || problem.pointer.startsWith(`${prefix}/`),
    );
    if (!match) return { ...problem, pointer: `/decisions/${i}${problem.pointer}` };
    return { ...problem, pointer: `/decisions/${i}/${match[1]}${problem.pointer.slice(match[0].length)}` };
  });
  return new Unprocessable(problems);
}
