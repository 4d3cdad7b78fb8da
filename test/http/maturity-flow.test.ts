// Maturity's view of how knowledge flows: routines that keep meeting (within two cadences) and escalations
// that get an answer (none waiting more than 60 days), with the contradictions and next steps that name
// them — on constructed data, with a clock the test sets.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routineMeetings, routines } from "../../src/db/schema.js";
import type { MaturityReport } from "../../src/domain/maturity.js";
import {
  asKey,
  buildTestApp,
  expectStatus,
  type IssuedTestKey,
  issueKey,
  lessonBody,
} from "../helpers/app.js";

const DAY_MS = 86_400_000;
const NOW = new Date("2026-03-01T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

describe("maturity: routines running and escalations answered", () => {
  let app: FastifyInstance;
  let current = NOW;
  const clock = { now: () => current };
  let organisationId: string;
  let elderCareUnitId: string; // the parent
  let homeCareUnitId: string; // below elder care
  let homeStaff: IssuedTestKey;
  let orgManager: IssuedTestKey;
  let integration: IssuedTestKey;
  let lessonId: string;
  let unitOnlyLessonId: string;
  let waiting: { id: string };
  let waitingUnitOnly: { id: string };
  let fresh: { id: string };

  const post = async (url: string, payload: Record<string, unknown>, key?: IssuedTestKey) =>
    expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url, payload, ...(key ? { headers: asKey(key.key) } : {}) }),
      201,
    );
  const maturity = async (key?: IssuedTestKey) =>
    expectStatus<MaturityReport>(
      await app.inject({
        url: `/v1/organisations/${organisationId}/maturity`,
        ...(key ? { headers: asKey(key.key) } : {}),
      }),
      200,
    );
  const indicator = (report: MaturityReport, code: string) =>
    report.rung.indicators.find((i) => i.code === code)!;
  const addRoutine = (name: string, cadence: "weekly" | "monthly", createdAt: Date, meetings: Date[]) => {
    const { db } = app.database;
    const id = `rtn_${name.replace(/\W/g, "").toLowerCase()}`;
    db.insert(routines)
      .values({
        id,
        name,
        ownerUnitId: homeCareUnitId,
        organisationId,
        filter: {},
        cadence,
        nextAgendaAt: NOW.toISOString(),
        createdAt: createdAt.toISOString(),
        updatedAt: createdAt.toISOString(),
      })
      .run();
    for (const [i, heldOn] of meetings.entries())
      db.insert(routineMeetings)
        .values({ id: `${id}_m${i}`, routineId: id, heldOn: dayOf(heldOn), createdAt: heldOn.toISOString() })
        .run();
    return id;
  };

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    current = daysAgo(120);
    organisationId = (await post("/v1/organisations", { name: "Flowby Kommune", kind: "municipality" })).id;
    elderCareUnitId = (await post("/v1/units", { organisationId, name: "Ældre" })).id;
    homeCareUnitId = (
      await post("/v1/units", { organisationId, name: "Hjemmeplejen", parentId: elderCareUnitId })
    ).id;
    homeStaff = await issueKey(app, { role: "staff", unitId: homeCareUnitId });
    orgManager = await issueKey(app, { role: "manager", organisationId });
    integration = await issueKey(app, { role: "integration", organisationId, scopes: ["lessons:read"] });
    await post("/v1/initiatives", {
      title: "Ældreprogrammet",
      description: "A program of co-production projects in elder care.",
      stage: "program",
      status: "active",
      leadUnitId: elderCareUnitId,
    });
    lessonId = (
      await post("/v1/lessons", lessonBody(homeCareUnitId, { title: "Visits planned around the citizen" }))
    ).id;
    unitOnlyLessonId = (await post("/v1/lessons", lessonBody(homeCareUnitId, { visibility: "unit" }))).id;
    current = daysAgo(90);
    waiting = await post(
      `/v1/lessons/${lessonId}/escalations`,
      { to: { organisationId }, ask: "Count what the citizen decided." },
      homeStaff,
    );
    waitingUnitOnly = await post(
      `/v1/lessons/${unitOnlyLessonId}/escalations`,
      { to: { unitId: elderCareUnitId }, ask: "Can the elder-care budget cover a second visit?" },
      homeStaff,
    );
    current = daysAgo(10);
    fresh = await post(
      `/v1/lessons/${lessonId}/escalations`,
      { to: { unitId: elderCareUnitId }, ask: "Share the route plan with the night shift." },
      homeStaff,
    );
    current = NOW;
  });
  afterAll(() => app.close());

  it("counts escalations unanswered for more than 60 days, naming them and their lessons", async () => {
    const report = await maturity(orgManager);
    expect(indicator(report, "escalations_answered")).toMatchObject({
      rung: "culture",
      met: false,
      observed: 2,
      atMost: 0,
      escalationIds: [waiting.id, waitingUnitOnly.id],
      lessonIds: [lessonId, unitOnlyLessonId],
    });
    expect(indicator(report, "escalations_answered").escalationIds).not.toContain(fresh.id);
    expect(indicator(report, "escalations_answered").detail).toBe(
      "Escalations raised by or to these units that have waited more than 60 days for an answer: 2; answered: 0 of 3 (allowed: at most 0 waiting).",
    );
  });

  it("names them as a contradiction of the program claim, with a step to answer them", async () => {
    const report = await maturity(orgManager);
    const contradiction = report.rung.contradictions.find(
      (c) => c.code === "program_claim_with_unanswered_escalations",
    );
    expect(contradiction).toMatchObject({
      escalationIds: [waiting.id, waitingUnitOnly.id],
      lessonIds: [lessonId, unitOnlyLessonId],
    });
    expect(contradiction?.detail).toMatch(
      /^The records claim program, but 2 escalations from the units have waited more than 60 days for an answer, about “Visits planned around the citizen”/,
    );
    const step = report.guidance.nextSteps.find(
      (s) => s.contradiction === "program_claim_with_unanswered_escalations",
    );
    expect(step).toMatchObject({ kind: "revisit_claim", escalationIds: [waiting.id, waitingUnitOnly.id] });
    const danish = expectStatus<MaturityReport>(
      await app.inject({
        url: `/v1/organisations/${organisationId}/maturity?lang=da`,
        headers: asKey(orgManager.key),
      }),
      200,
    );
    expect(
      danish.rung.contradictions.find((c) => c.code === "program_claim_with_unanswered_escalations")?.detail,
    ).toMatch(/har ventet mere end 60 dage på svar/);
  });

  it("does not count an escalation about a lesson the key may not see", async () => {
    // integration keys do not see unit-only lessons
    const report = await maturity(integration);
    expect(indicator(report, "escalations_answered")).toMatchObject({
      observed: 1,
      escalationIds: [waiting.id],
      lessonIds: [lessonId],
    });
    expect(JSON.stringify(report)).not.toContain(waitingUnitOnly.id);
    expect(JSON.stringify(report)).not.toContain(unitOnlyLessonId);
  });

  it("counts routines that met within two cadences and names those that stopped", async () => {
    const stopped = addRoutine("Tuesday huddle", "weekly", daysAgo(100), [daysAgo(60), daysAgo(30)]);
    const before = await maturity(orgManager);
    expect(indicator(before, "routines_running")).toMatchObject({
      met: false,
      observed: 0,
      atLeast: 1,
      routineIds: [stopped],
    });
    expect(indicator(before, "routines_running").detail).toBe(
      "Knowledge-sharing routines of these units that met within two of their cadences: 0 of 1 (needed: at least 1).",
    );
    const contradiction = before.rung.contradictions.find(
      (c) => c.code === "program_claim_with_stalled_routines",
    );
    expect(contradiction).toMatchObject({ routineIds: [stopped], lessonIds: [] });
    expect(contradiction?.detail).toBe(
      "The records claim program, but the knowledge-sharing routine “Tuesday huddle” has not met for two of its cadences: lessons have no standing place to travel.",
    );

    const running = addRoutine("Monday meeting", "monthly", daysAgo(100), [daysAgo(40)]);
    addRoutine("New network forum", "monthly", daysAgo(5), []); // new: neither running nor stopped
    const after = await maturity(orgManager);
    expect(indicator(after, "routines_running")).toMatchObject({
      met: true,
      observed: 1,
      routineIds: [stopped],
    });
    expect(indicator(after, "routines_running").routineIds).not.toContain(running);
  });

  it("counts an escalation as answered once its addressed place has answered it, not when parked", async () => {
    await post(
      `/v1/escalations/${waiting.id}/response`,
      { decision: "park", reason: "In the May budget round." },
      orgManager,
    );
    expect(indicator(await maturity(orgManager), "escalations_answered").escalationIds).toContain(waiting.id);
    await post(
      `/v1/escalations/${waiting.id}/response`,
      { decision: "adopt", reason: "We count it from May." },
      orgManager,
    );
    await post(
      `/v1/escalations/${waitingUnitOnly.id}/response`,
      { decision: "decline", reason: "No budget for a second visit." },
      orgManager,
    );
    const report = await maturity(orgManager);
    expect(indicator(report, "escalations_answered")).toMatchObject({
      met: true,
      observed: 0,
      escalationIds: [],
    });
    expect(indicator(report, "escalations_answered").detail).toContain("answered: 2 of 3");
    expect(report.rung.contradictions.map((c) => c.code)).not.toContain(
      "program_claim_with_unanswered_escalations",
    );
  });
});
