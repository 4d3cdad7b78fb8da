// The routines' pure rules: who reads and runs a routine, where an agenda starts and what it asks the
// filter, and what a meeting's body may say — without HTTP or a database.
import { describe, expect, it } from "vitest";
import type { Principal } from "../../src/domain/access.js";
import { Unprocessable } from "../../src/domain/errors.js";
import { mayReadRoutine, mayRunRoutine } from "../../src/domain/routines/access.js";
import { agendaRequest, agendaStart } from "../../src/domain/routines/candidates.js";
import { meetingProblems, pointAtDecision } from "../../src/domain/routines/meetings.js";

// org_a: upper > owner, and audience beside them; org_b: elsewhere
const PARENTS: Record<string, string | undefined> = { owner: "upper", upper: undefined, audience: undefined };
const unitPath = (unitId: string) => {
  const path: string[] = [];
  for (let at: string | undefined = unitId; at; at = PARENTS[at]) path.push(at);
  return path;
};
const key = (
  role: "staff" | "manager" | "integration" | "admin",
  unitId: string | null,
  organisationId: string | null = "org_a",
): Principal => ({
  kind: "key",
  keyId: `${role}-${unitId}`,
  name: role,
  role,
  organisationId,
  unitId,
  scopes: role === "integration" ? ["lessons:read"] : [],
});
const routine = { organisationId: "org_a", ownerUnitId: "owner", unitIds: ["owner", "audience"] };

describe("who reads and runs a routine", () => {
  it("lets the forum's people read it: the units' staff and managers, managers above, the organisation", () => {
    expect(mayReadRoutine(key("staff", "owner"), routine, unitPath)).toBe(true);
    expect(mayReadRoutine(key("staff", "audience"), routine, unitPath)).toBe(true);
    expect(mayReadRoutine(key("staff", "upper"), routine, unitPath)).toBe(false);
    expect(mayReadRoutine(key("manager", "upper"), routine, unitPath)).toBe(true);
    expect(mayReadRoutine(key("manager", null), routine, unitPath)).toBe(true);
    expect(mayReadRoutine(key("integration", null), routine, unitPath)).toBe(true);
    expect(mayReadRoutine(key("manager", null, "org_b"), routine, unitPath)).toBe(false);
    expect(mayReadRoutine({ kind: "anonymous" }, routine, unitPath)).toBe(false);
    expect(mayReadRoutine(key("admin", null, null), routine, unitPath)).toBe(true);
  });

  it("lets only the owner unit's managers (and admins) run it", () => {
    expect(mayRunRoutine(key("manager", "owner"), routine, unitPath)).toBe(true);
    expect(mayRunRoutine(key("manager", "upper"), routine, unitPath)).toBe(true);
    expect(mayRunRoutine(key("manager", "audience"), routine, unitPath)).toBe(false);
    expect(mayRunRoutine(key("staff", "owner"), routine, unitPath)).toBe(false);
    expect(mayRunRoutine(key("manager", null, "org_b"), routine, unitPath)).toBe(false);
    expect(mayRunRoutine(key("admin", null, null), routine, unitPath)).toBe(true);
  });
});

describe("where an agenda starts", () => {
  it("starts at the routine's creation, then from the last meeting's day", () => {
    expect(agendaStart("2026-01-05T10:00:00.000Z", undefined)).toEqual({
      since: "2026-01-05T10:00:00.000Z",
      lastMeeting: null,
    });
    expect(agendaStart("2026-01-05T10:00:00.000Z", { id: "m1", heldOn: "2026-02-02" }).since).toBe(
      "2026-02-02T00:00:00.000Z",
    );
    // a meeting dated before the routine existed does not reach back before it
    expect(agendaStart("2026-01-05T10:00:00.000Z", { id: "m0", heldOn: "2026-01-02" }).since).toBe(
      "2026-01-05T10:00:00.000Z",
    );
  });

  it("asks the saved filter for the owner unit from the later of its own start and the agenda's", () => {
    expect(agendaRequest({ q: "visits" }, "owner", "2026-02-02T00:00:00.000Z")).toEqual({
      q: "visits",
      unitId: "owner",
      publishedFrom: "2026-02-02",
    });
    expect(
      agendaRequest({ publishedFrom: "2026-03-01" }, "owner", "2026-02-02T00:00:00.000Z").publishedFrom,
    ).toBe("2026-03-01");
  });
});

describe("a meeting's body", () => {
  const lessons = {
    exists: (id: string) =>
      id === "missing"
        ? undefined
        : {
            unitId: id === "own" ? "owner" : "audience",
            organisationId: "org_a",
            status: id === "draft" ? ("draft" as const) : ("published" as const),
            visibility: "organisation" as const,
          },
    canSee: () => true,
  };
  const context = { principal: key("manager", "owner"), ownerUnitId: "owner", today: "2026-03-02", unitPath };

  it("names every problem at once, by pointer", () => {
    const problems = meetingProblems(
      {
        heldOn: "2026-03-03",
        decisions: [
          { lessonId: "a", decision: "try" },
          { lessonId: "a", decision: "pass" },
          { lessonId: "missing", decision: "pass" },
          { lessonId: "draft", decision: "pass" },
          { lessonId: "own", decision: "try" },
          { lessonId: "b", decision: "pass", escalateTo: { organisationId: "org_a" } },
          { lessonId: "c", decision: "escalate" },
        ],
      },
      context,
      lessons,
    );
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ["/heldOn", "in_the_future"],
      ["/decisions/1/lessonId", "duplicate"],
      ["/decisions/2/lessonId", "unknown_reference"],
      ["/decisions/3/lessonId", "not_published"],
      ["/decisions/4/lessonId", "own_lesson"],
      ["/decisions/5/escalateTo", "not_escalated"],
      ["/decisions/6/note", "ask_required"],
    ]);
  });

  it("accepts a meeting held today that passes on its own lesson", () => {
    expect(
      meetingProblems(
        { heldOn: "2026-03-02", decisions: [{ lessonId: "own", decision: "pass" }] },
        context,
        lessons,
      ),
    ).toEqual([]);
  });

  it("points an escalation's problems at the decision's own fields", () => {
    const error = pointAtDecision(
      new Unprocessable([
        { pointer: "/to/unitId", message: "not above" },
        { pointer: "/ask", message: "empty" },
      ]),
      3,
    ) as Unprocessable;
    expect(error.problems.map((p) => p.pointer)).toEqual([
      "/decisions/3/escalateTo/unitId",
      "/decisions/3/note",
    ]);
    const other = new Error("boom");
    expect(pointAtDecision(other, 0)).toBe(other);
  });
});
