// Routines over HTTP: who may run and read them, what their agenda holds "since the last meeting", and
// how a meeting's decisions become planned adaptations (completed later) or escalations — all or nothing.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANONYMOUS_HEADERS,
  asKey,
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  issueKey,
  lessonBody,
  uniqueWord,
} from "../helpers/app.js";

const DAY = 86_400_000;
let now = Date.parse("2026-03-02T09:00:00.000Z");
const clock = { now: () => new Date(now) };
const today = () => new Date(now).toISOString().slice(0, 10);

let app: FastifyInstance;
let fx: Fixtures;
let siblingUnitId: string;
let otherOrgUnitId: string;
const keys: Record<string, string> = {};
let routineId: string;
const lessonIds: Record<string, string> = {};

type Agenda = {
  since: string;
  lastMeeting: { id: string; heldOn: string } | null;
  total: number;
  items: {
    lessonId: string;
    title: string;
    why: string;
    direction: string;
    unit: { id: string; name: string | null };
    adaptations: {
      worked: number;
      partly: number;
      reports: { unitId: string; result: string; notes: string | null }[];
    };
  }[];
  escalations: { id: string; lessonId: string; ask: string; fromUnitName: string; toName: string }[];
  language: string;
};

async function unit(organisationId: string, name: string, context: Record<string, string[]>) {
  return expectStatus<{ id: string }>(
    await app.inject({ method: "POST", url: "/v1/units", payload: { organisationId, name, context } }),
    201,
  ).id;
}

async function publish(unitId: string, overrides: Record<string, unknown> = {}) {
  return expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/lessons",
      payload: lessonBody(unitId, { title: `Lesson ${uniqueWord()} about visits`, ...overrides }),
    }),
    201,
  ).id;
}

async function agenda(key: string, query = "") {
  return expectStatus<Agenda>(
    await app.inject({ url: `/v1/routines/${routineId}/agenda${query}`, headers: asKey(key) }),
    200,
  );
}

const count = (sql: string) => (app.database.sqlite.prepare(sql).get() as { n: number }).n;
const outboxCount = () => count("SELECT count(*) AS n FROM outbox");
const auditCount = () => count("SELECT count(*) AS n FROM audit_log");

const meeting = (key: string, body: Record<string, unknown>, id = routineId) =>
  app.inject({ method: "POST", url: `/v1/routines/${id}/meetings`, headers: asKey(key), payload: body });

beforeAll(async () => {
  app = await buildTestApp({ clock });
  fx = await createFixtures(app);
  siblingUnitId = await unit(fx.organisationId, "Hjemmeplejen Øst", {
    serviceArea: ["home_care"],
    userGroup: ["older_adults"],
  });
  const other = expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/organisations",
      payload: { name: `Andenby ${uniqueWord()}`, kind: "municipality" },
    }),
    201,
  );
  otherOrgUnitId = await unit(other.id, "Hjemmeplejen Andenby", { serviceArea: ["home_care"] });
  const issue = async (name: string, body: Parameters<typeof issueKey>[1]) => {
    keys[name] = (await issueKey(app, body)).key;
  };
  await issue("manager", { role: "manager", unitId: fx.homeCareUnitId });
  await issue("staff", { role: "staff", unitId: fx.homeCareUnitId });
  await issue("siblingStaff", { role: "staff", unitId: siblingUnitId });
  await issue("jobStaff", { role: "staff", unitId: fx.jobCentreUnitId });
  await issue("jobManager", { role: "manager", unitId: fx.jobCentreUnitId });
  await issue("integration", {
    role: "integration",
    organisationId: fx.organisationId,
    scopes: ["lessons:read"],
  });
  await issue("otherStaff", { role: "staff", unitId: otherOrgUnitId });
  await issue("otherManager", { role: "manager", organisationId: other.id });

  // published before the routine exists: never on its agenda
  lessonIds.before = await publish(siblingUnitId);
  now += DAY;
  const created = expectStatus<{ id: string; nextAgendaAt: string; version: number }>(
    await app.inject({
      method: "POST",
      url: "/v1/routines",
      headers: asKey(keys.manager!),
      payload: {
        name: "Monday meeting",
        ownerUnitId: fx.homeCareUnitId,
        audienceUnitIds: [siblingUnitId],
        filter: { filters: { serviceArea: ["home_care"] } },
        cadence: "weekly",
        forum: "Mandagsmøde",
      },
    }),
    201,
  );
  routineId = created.id;
  expect(created.nextAgendaAt).toBe(new Date(now + 7 * DAY).toISOString());
  now += DAY;
  lessonIds.shared = await publish(siblingUnitId, {
    why: "Because the citizen chose the order, trust grew quickly.",
  });
  lessonIds.unitOnly = await publish(siblingUnitId, { visibility: "unit" });
  lessonIds.own = await publish(fx.homeCareUnitId);
  lessonIds.elsewhere = await publish(fx.jobCentreUnitId);
  lessonIds.otherOrg = await publish(otherOrgUnitId, { visibility: "network" });
  // what another unit found when it tried the shared lesson
  expectStatus(
    await app.inject({
      method: "POST",
      url: `/v1/lessons/${lessonIds.shared}/adaptations`,
      payload: { unitId: fx.jobCentreUnitId, result: "partly", notes: "Worked for the morning visits only." },
    }),
    201,
  );
});

afterAll(async () => {
  await app.close();
});

describe("routine records", () => {
  it("answers 422 naming the owner, each audience unit and the saved filter's terms", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/routines",
        payload: {
          name: "Broken",
          ownerUnitId: "unit_missing",
          audienceUnitIds: ["unit_nowhere"],
          filter: {},
          cadence: "weekly",
        },
      }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/ownerUnitId", "/audienceUnitIds/0"]);
    const otherOrganisation = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/routines",
        payload: {
          name: "Across",
          ownerUnitId: fx.homeCareUnitId,
          audienceUnitIds: [siblingUnitId, otherOrgUnitId],
          filter: { filters: { serviceArea: ["home_caer"] } },
          cadence: "monthly",
        },
      }),
      422,
    );
    expect(otherOrganisation.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: "/audienceUnitIds/1", code: "other_organisation" }),
        expect.objectContaining({ pointer: expect.stringMatching(/^\/filter\/filters\/serviceArea/) }),
      ]),
    );
  });

  it("lets only managers of the owner unit (and admins) create, change and delete", async () => {
    const body = { name: "Ours", ownerUnitId: fx.homeCareUnitId, filter: {}, cadence: "weekly" };
    expectProblem(
      await app.inject({ method: "POST", url: "/v1/routines", headers: asKey(keys.staff!), payload: body }),
      403,
    );
    expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/routines",
        headers: asKey(keys.jobManager!),
        payload: body,
      }),
      403,
    );
    expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/routines",
        headers: asKey(keys.otherManager!),
        payload: body,
      }),
      403,
    );
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/routines/${routineId}`,
        headers: asKey(keys.siblingStaff!),
        payload: { name: "x" },
      }),
      403,
    );
    expectProblem(await meeting(keys.staff!, { heldOn: today(), decisions: [] }), 403);
  });

  it("is read by its forum's people and the organisation's integration keys, and is 404 to everyone else", async () => {
    for (const key of ["manager", "staff", "siblingStaff", "integration"]) {
      expectStatus(await app.inject({ url: `/v1/routines/${routineId}`, headers: asKey(keys[key]!) }), 200);
      expectStatus(
        await app.inject({ url: `/v1/routines/${routineId}/agenda`, headers: asKey(keys[key]!) }),
        200,
      );
    }
    for (const key of ["jobStaff", "otherStaff", "otherManager"]) {
      for (const path of ["", "/agenda", "/meetings", "/feed.atom", "/feed.json"])
        expectProblem(
          await app.inject({ url: `/v1/routines/${routineId}${path}`, headers: asKey(keys[key]!) }),
          404,
        );
      expectProblem(
        await app.inject({
          method: "PATCH",
          url: `/v1/routines/${routineId}`,
          headers: asKey(keys.otherManager!),
          payload: { name: "x" },
        }),
        404,
      );
    }
    expectProblem(await app.inject({ url: `/v1/routines/${routineId}`, headers: ANONYMOUS_HEADERS }), 401);
  });

  it("lists only the routines a key may read, with cursors bound to the reader", async () => {
    const ids = (body: { items: { id: string }[] }) => body.items.map((r) => r.id);
    expect(
      ids(expectStatus(await app.inject({ url: "/v1/routines", headers: asKey(keys.staff!) }), 200)),
    ).toContain(routineId);
    expect(
      ids(expectStatus(await app.inject({ url: "/v1/routines", headers: asKey(keys.jobStaff!) }), 200)),
    ).not.toContain(routineId);
    expect(
      ids(expectStatus(await app.inject({ url: "/v1/routines", headers: asKey(keys.otherStaff!) }), 200)),
    ).toEqual([]);
    const extra = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/routines",
        headers: asKey(keys.manager!),
        payload: { name: "Second", ownerUnitId: fx.homeCareUnitId, filter: {}, cadence: "quarterly" },
      }),
      201,
    );
    const first = expectStatus<{ items: { id: string }[]; nextCursor: string }>(
      await app.inject({ url: "/v1/routines?limit=1", headers: asKey(keys.manager!) }),
      200,
    );
    expect(first.items.map((r) => r.id)).toEqual([extra.id]);
    const second = expectStatus<{ items: { id: string }[] }>(
      await app.inject({
        url: `/v1/routines?limit=1&cursor=${first.nextCursor}`,
        headers: asKey(keys.manager!),
      }),
      200,
    );
    expect(second.items.map((r) => r.id)).toEqual([routineId]);
    expectProblem(
      await app.inject({
        url: `/v1/routines?limit=1&cursor=${first.nextCursor}`,
        headers: asKey(keys.staff!),
      }),
      422,
    );
    expectStatus(
      await app.inject({ method: "DELETE", url: `/v1/routines/${extra.id}`, headers: asKey(keys.manager!) }),
      204,
    );
    expectProblem(await app.inject({ url: `/v1/routines/${extra.id}` }), 404);
  });

  it("changes with If-Match: a stale version is 412, the owner unit stays", async () => {
    const read = await app.inject({ url: `/v1/routines/${routineId}`, headers: asKey(keys.manager!) });
    const etag = read.headers.etag as string;
    const changed = expectStatus<{ language: string; version: number }>(
      await app.inject({
        method: "PATCH",
        url: `/v1/routines/${routineId}`,
        headers: { ...asKey(keys.manager!), "if-match": etag },
        payload: { language: "da" },
      }),
      200,
    );
    expect(changed.language).toBe("da");
    const logged = expectStatus<{ items: { action: string; versionAfter: number | null }[] }>(
      await app.inject({ url: `/v1/audit?resourceId=${routineId}` }),
      200,
    );
    expect(logged.items.map((e) => [e.action, e.versionAfter])).toEqual([
      ["routine.update", changed.version],
      ["routine.create", 1],
    ]);
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/routines/${routineId}`,
        headers: { ...asKey(keys.manager!), "if-match": etag },
        payload: { language: "en" },
      }),
      412,
    );
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/routines/${routineId}`,
        payload: { ownerUnitId: siblingUnitId },
      }),
      400,
    );
  });
});

describe("the agenda", () => {
  it("holds what is new and relevant since the routine was made, from other units, as the key may see it", async () => {
    const managerAgenda = await agenda(keys.manager!);
    expect(managerAgenda.lastMeeting).toBeNull();
    expect(managerAgenda.since).toBe(new Date(now - DAY).toISOString());
    const ids = managerAgenda.items.map((item) => item.lessonId);
    // not before the routine, not its own, not outside the filter; the network lesson of another organisation matches
    expect(ids).toContain(lessonIds.shared);
    expect(ids).not.toContain(lessonIds.before);
    expect(ids).not.toContain(lessonIds.own);
    expect(ids).not.toContain(lessonIds.elsewhere);
    // the unit-only lesson of the sibling unit is not the owner's manager's to see
    expect(ids).not.toContain(lessonIds.unitOnly);
    const staffIds = (await agenda(keys.staff!)).items.map((item) => item.lessonId);
    expect(staffIds).not.toContain(lessonIds.unitOnly);
    // its own unit's staff see it on the same routine's agenda
    expect((await agenda(keys.siblingStaff!)).items.map((i) => i.lessonId)).toContain(lessonIds.unitOnly);
    // the admin too
    expect(
      (await agenda("test-admin-key-0123456789abcdefghijklmnopqrstuvwxyz")).items.map((i) => i.lessonId),
    ).toContain(lessonIds.unitOnly);
  });

  it("gives each lesson its why, direction, unit and what adopters found (not planned ones)", async () => {
    const item = (await agenda(keys.manager!)).items.find((i) => i.lessonId === lessonIds.shared)!;
    expect(item.why).toContain("the citizen chose the order");
    expect(item.direction).toBe("positive");
    expect(item.unit).toEqual({ id: siblingUnitId, name: "Hjemmeplejen Øst" });
    expect(item.adaptations.partly).toBe(1);
    expect(item.adaptations.reports).toEqual([
      expect.objectContaining({
        unitId: fx.jobCentreUnitId,
        result: "partly",
        notes: "Worked for the morning visits only.",
      }),
    ]);
  });

  it("limits the items (default 5, at most 20) and counts them all", async () => {
    const limited = await agenda(keys.manager!, "?limit=1");
    expect(limited.items).toHaveLength(1);
    expect(limited.total).toBeGreaterThan(1);
    expectProblem(await app.inject({ url: `/v1/routines/${routineId}/agenda?limit=21` }), 400);
  });

  it("renders Markdown and a printable HTML page in the routine's language", async () => {
    const markdown = await app.inject({
      url: `/v1/routines/${routineId}/agenda`,
      headers: { ...asKey(keys.manager!), accept: "text/markdown" },
    });
    expect(markdown.headers["content-type"]).toMatch(/^text\/markdown/);
    expect(markdown.body).toContain("# Dagsorden: Mandagsmøde — Monday meeting");
    expect(markdown.body).toContain("Hvad andre fandt, da de prøvede det");
    const page = await app.inject({
      url: `/v1/routines/${routineId}/agenda?format=html`,
      headers: { ...asKey(keys.manager!), "accept-language": "en" },
    });
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toContain('<html lang="da">');
    expect(page.body).toContain("@media print");
    expect(page.body).not.toContain("What others found");
    const english = await app.inject({ url: `/v1/routines/${routineId}/agenda?format=markdown&lang=en` });
    expect(english.body).toContain("# Agenda:");
  });
});

describe("meetings", () => {
  it("refuses a body with problems, naming each, and stores nothing", async () => {
    const [events, entries] = [outboxCount(), auditCount()];
    const future = new Date(now + 2 * DAY).toISOString().slice(0, 10);
    const problem = expectProblem(
      await meeting(keys.manager!, {
        heldOn: future,
        decisions: [
          { lessonId: lessonIds.shared, decision: "try" },
          { lessonId: lessonIds.shared, decision: "pass" },
          { lessonId: lessonIds.unitOnly, decision: "pass" },
          { lessonId: lessonIds.own, decision: "adapt" },
          { lessonId: lessonIds.otherOrg, decision: "escalate" },
        ],
      }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual([
      "/heldOn",
      "/decisions/1/lessonId",
      "/decisions/2/lessonId",
      "/decisions/3/lessonId",
      "/decisions/4/note",
    ]);
    // an escalation refused inside the transaction takes the planned adaptation with it
    const refused = expectProblem(
      await meeting(keys.manager!, {
        heldOn: today(),
        decisions: [
          { lessonId: lessonIds.shared, decision: "try" },
          {
            lessonId: lessonIds.otherOrg,
            decision: "escalate",
            note: "Please look",
            escalateTo: { unitId: fx.jobCentreUnitId },
          },
        ],
      }),
      422,
    );
    expect(refused.errors?.[0]?.pointer).toMatch(/^\/decisions\/1\/escalateTo/);
    const adaptations = expectStatus<{ items: { unitId: string }[] }>(
      await app.inject({ url: `/v1/lessons/${lessonIds.shared}/adaptations` }),
      200,
    );
    expect(adaptations.items.map((a) => a.unitId)).not.toContain(fx.homeCareUnitId);
    const meetings = expectStatus<{ items: unknown[] }>(
      await app.inject({ url: `/v1/routines/${routineId}/meetings` }),
      200,
    );
    expect(meetings.items).toEqual([]);
    // no event announced, no audit entry written
    expect([outboxCount(), auditCount()]).toEqual([events, entries]);
  });

  it("records decisions: try plans an adaptation, completed later by PATCH; escalate raises the lesson", async () => {
    now += DAY;
    const recorded = expectStatus<{
      id: string;
      heldOn: string;
      decisions: {
        lessonId: string;
        decision: string;
        adaptationId: string | null;
        escalationId: string | null;
      }[];
    }>(
      await meeting(keys.manager!, {
        heldOn: today(),
        decisions: [
          { lessonId: lessonIds.shared, decision: "try", note: "Team A tries it for a month." },
          {
            lessonId: lessonIds.otherOrg,
            decision: "escalate",
            note: "Our KPI counts visits, not influence.",
          },
        ],
      }),
      201,
    );
    const [tried, escalated] = recorded.decisions;
    // announced in the meeting's transaction: the planned adaptation and the escalation
    const announced = app.database.sqlite
      .prepare("SELECT type, data FROM outbox ORDER BY seq DESC LIMIT 2")
      .all() as { type: string; data: string }[];
    expect(announced.map((e) => e.type).sort()).toEqual(["adaptation.created", "escalation.created"]);
    expect(JSON.parse(announced.find((e) => e.type === "adaptation.created")!.data as string)).toMatchObject({
      result: "planned",
      unitId: fx.homeCareUnitId,
      lessonId: lessonIds.shared,
    });
    const logged = expectStatus<{ items: { action: string }[] }>(
      await app.inject({ url: `/v1/audit?resourceId=${recorded.id}` }),
      200,
    );
    expect(logged.items.map((e) => e.action)).toEqual(["routine.meeting"]);
    expect(tried).toMatchObject({ lessonId: lessonIds.shared, decision: "try", escalationId: null });
    expect(escalated?.escalationId).toEqual(expect.any(String));

    const planned = expectStatus<{ id: string; result: string; unitId: string; version: number }>(
      await app.inject({ url: `/v1/lessons/${lessonIds.shared}/adaptations/${tried!.adaptationId}` }),
      200,
    );
    expect(planned).toMatchObject({ result: "planned", unitId: fx.homeCareUnitId });
    const listed = expectStatus<{ items: { id: string; result: string }[] }>(
      await app.inject({ url: `/v1/lessons/${lessonIds.shared}/adaptations` }),
      200,
    );
    expect(listed.items).toContainEqual(expect.objectContaining({ id: planned.id, result: "planned" }));
    // a plan is no evidence: the lesson's counts and the agenda's reports leave it out
    const lesson = expectStatus<{ adaptations: { worked: number; partly: number; didNotWork: number } }>(
      await app.inject({ url: `/v1/lessons/${lessonIds.shared}` }),
      200,
    );
    expect(lesson.adaptations).toEqual({ worked: 0, partly: 1, didNotWork: 0 });

    // clients cannot set `planned`; the notes rule holds for the real result
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${lessonIds.shared}/adaptations/${planned.id}`,
        headers: asKey(keys.staff!),
        payload: { result: "planned" },
      }),
      400,
    );
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${lessonIds.shared}/adaptations/${planned.id}`,
        headers: asKey(keys.staff!),
        payload: { result: "did_not_work" },
      }),
      422,
    );
    const completed = expectStatus<{ result: string }>(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${lessonIds.shared}/adaptations/${planned.id}`,
        headers: asKey(keys.staff!),
        payload: { result: "worked", notes: "Fewer cancelled visits." },
      }),
      200,
    );
    expect(completed.result).toBe("worked");

    const meetings = expectStatus<{ items: { id: string; decisions: unknown[] }[] }>(
      await app.inject({ url: `/v1/routines/${routineId}/meetings`, headers: asKey(keys.siblingStaff!) }),
      200,
    );
    expect(meetings.items.map((m) => m.id)).toEqual([recorded.id]);
    expect(meetings.items[0]?.decisions).toHaveLength(2);
  });

  it("starts the next agenda at the meeting, and a decided lesson never comes back", async () => {
    const after = await agenda(keys.manager!);
    expect(after.lastMeeting?.heldOn).toBe(today());
    expect(after.since).toBe(`${today()}T00:00:00.000Z`);
    const ids = after.items.map((i) => i.lessonId);
    expect(ids).not.toContain(lessonIds.shared);
    // published before the meeting's day and not decided: the meeting had its chance
    expect(ids).not.toContain(lessonIds.otherOrg);
    now += DAY;
    const fresh = await publish(siblingUnitId);
    expect((await agenda(keys.manager!)).items.map((i) => i.lessonId)).toEqual([fresh]);
    // a lesson decided before is 409, naming it
    const conflict = expectProblem(
      await meeting(keys.manager!, {
        heldOn: today(),
        decisions: [
          { lessonId: fresh, decision: "pass" },
          { lessonId: lessonIds.shared, decision: "pass" },
        ],
      }),
      409,
    );
    expect(conflict.errors?.[0]?.pointer).toBe("/decisions/1/lessonId");
    expectStatus(
      await meeting(keys.manager!, { heldOn: today(), decisions: [{ lessonId: fresh, decision: "pass" }] }),
      201,
    );
    expect((await agenda(keys.manager!)).items).toEqual([]);
  });

  it("links the unit's existing adaptation instead of planning a second one", async () => {
    now += DAY;
    const lesson = await publish(siblingUnitId);
    const reported = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${lesson}/adaptations`,
        payload: { unitId: fx.homeCareUnitId, result: "worked" },
      }),
      201,
    );
    // the unit knows it already: not new on its agenda
    expect((await agenda(keys.manager!)).items.map((i) => i.lessonId)).not.toContain(lesson);
    const recorded = expectStatus<{ decisions: { adaptationId: string }[] }>(
      await meeting(keys.manager!, { heldOn: today(), decisions: [{ lessonId: lesson, decision: "adapt" }] }),
      201,
    );
    expect(recorded.decisions[0]?.adaptationId).toBe(reported.id);
  });

  it("lists the open escalations that concern the forum's units on the agenda", async () => {
    // another unit's escalation to the organisation is not this forum's business
    const elsewhere = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${lessonIds.shared}/escalations`,
        headers: asKey(keys.jobStaff!),
        payload: { to: { organisationId: fx.organisationId }, ask: "Could the job centre try this too?" },
      }),
      201,
    );
    const withEscalations = await agenda(keys.manager!);
    expect(withEscalations.escalations.map((e) => e.id)).not.toContain(elsewhere.id);
    expect(withEscalations.escalations).toContainEqual(
      expect.objectContaining({
        lessonId: lessonIds.otherOrg,
        ask: "Our KPI counts visits, not influence.",
        fromUnitName: "Hjemmeplejen Vest",
        to: { organisationId: fx.organisationId },
        toName: "Testby Kommune",
      }),
    );
  });
});
