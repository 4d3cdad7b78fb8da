// Feed-forward and feedback: raising a lesson to a place that can act on it, answering it, and what that
// writes (audit entries, outbox events in the same transaction, nothing for a refused write).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTALLATION } from "../../src/domain/access.js";
import {
  asKey,
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  type IssuedTestKey,
  issueKey,
  lessonBody,
} from "../helpers/app.js";

type Escalation = {
  id: string;
  lessonId: string;
  lessonTitle: string;
  fromUnitId: string;
  organisationId: string;
  to: { unitId: string } | { organisationId: string };
  ask: string;
  dueBy: string | null;
  status: string;
  answeredAt: string | null;
  author: { keyId: string; name: string } | null;
  responses: {
    id: string;
    decision: string;
    reason: string;
    actions: string[];
    author: { keyId: string } | null;
  }[];
  version: number;
};

describe("escalations", () => {
  let app: FastifyInstance;
  let fx: Fixtures;
  let other: Fixtures;
  let nightShiftUnitId: string; // below home care
  let nightStaff: IssuedTestKey;
  let homeStaff: IssuedTestKey;
  let homeManager: IssuedTestKey;
  let jobManager: IssuedTestKey;
  let jobStaff: IssuedTestKey;
  let orgManager: IssuedTestKey;
  let otherManager: IssuedTestKey;
  let integration: IssuedTestKey;
  let lessonId: string; // night shift, published, visible to the organisation
  let unitOnlyLessonId: string; // night shift, published, visible to its unit (and managers above)

  beforeAll(async () => {
    app = await buildTestApp();
    fx = await createFixtures(app);
    other = await createFixtures(app, "Andenby Kommune");
    nightShiftUnitId = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId: fx.organisationId, name: "Nattevagten", parentId: fx.homeCareUnitId },
      }),
      201,
    ).id;
    nightStaff = await issueKey(app, { role: "staff", unitId: nightShiftUnitId, name: "Nattevagten – Ida" });
    homeStaff = await issueKey(app, { role: "staff", unitId: fx.homeCareUnitId });
    homeManager = await issueKey(app, {
      role: "manager",
      unitId: fx.homeCareUnitId,
      name: "Hjemmeplejen – leder",
    });
    jobManager = await issueKey(app, { role: "manager", unitId: fx.jobCentreUnitId });
    jobStaff = await issueKey(app, { role: "staff", unitId: fx.jobCentreUnitId });
    orgManager = await issueKey(app, {
      role: "manager",
      organisationId: fx.organisationId,
      name: "Direktionen",
    });
    otherManager = await issueKey(app, { role: "manager", organisationId: other.organisationId });
    integration = await issueKey(app, {
      role: "integration",
      organisationId: fx.organisationId,
      scopes: ["lessons:read", "lessons:write"],
    });
    const lesson = (visibility: string) =>
      app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(nightShiftUnitId, { visibility }),
      });
    lessonId = expectStatus<{ id: string }>(await lesson("organisation"), 201).id;
    unitOnlyLessonId = expectStatus<{ id: string }>(await lesson("unit"), 201).id;
  });
  afterAll(() => app.close());

  const raise = (key: IssuedTestKey | null, id: string, payload: Record<string, unknown>) =>
    app.inject({
      method: "POST",
      url: `/v1/lessons/${id}/escalations`,
      ...(key ? { headers: asKey(key.key) } : {}),
      payload,
    });
  const respond = (key: IssuedTestKey | null, id: string, payload: Record<string, unknown>) =>
    app.inject({
      method: "POST",
      url: `/v1/escalations/${id}/response`,
      ...(key ? { headers: asKey(key.key) } : {}),
      payload,
    });
  const ask =
    "Our KPI counts visits, not citizen influence: can the district count what the citizen decided?";
  const outboxRows = () =>
    app.database.sqlite
      .prepare(
        "SELECT type, data, lesson_id AS lessonId, organisation_id AS organisationId FROM outbox ORDER BY seq",
      )
      .all() as { type: string; data: string; lessonId: string | null; organisationId: string | null }[];
  const count = (table: string) =>
    (app.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it("raises a lesson to a unit above, with the raising key's unit, an audit entry and an escalation.created event", async () => {
    const before = outboxRows().length;
    const response = await raise(nightStaff, lessonId, {
      to: { unitId: fx.homeCareUnitId },
      ask,
      dueBy: "2030-01-31",
    });
    const escalation = expectStatus<Escalation>(response, 201);
    expect(response.headers.location).toBe(`/v1/escalations/${escalation.id}`);
    expect(escalation).toMatchObject({
      lessonId,
      fromUnitId: nightShiftUnitId,
      organisationId: fx.organisationId,
      to: { unitId: fx.homeCareUnitId },
      ask,
      dueBy: "2030-01-31",
      status: "open",
      responses: [],
      author: { keyId: nightStaff.id, name: "Nattevagten – Ida" },
    });
    const events = outboxRows().slice(before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "escalation.created",
      lessonId,
      organisationId: fx.organisationId,
    });
    expect(JSON.parse(events[0]!.data)).toEqual({
      escalationId: escalation.id,
      lessonId,
      fromUnitId: nightShiftUnitId,
      to: { unitId: fx.homeCareUnitId },
      ask,
      dueBy: "2030-01-31",
      url: `/v1/escalations/${escalation.id}`,
    });
    const audit = expectStatus<{ items: { action: string; actor: { keyId: string } }[] }>(
      await app.inject({ url: `/v1/audit?resourceId=${escalation.id}` }),
      200,
    );
    expect(audit.items).toMatchObject([{ action: "escalation.create", actor: { keyId: nightStaff.id } }]);
  });

  it("raises a lesson to the organisation; keys without a unit raise for the lesson's unit", async () => {
    const byStaff = expectStatus<Escalation>(
      await raise(nightStaff, lessonId, { to: { organisationId: fx.organisationId }, ask }),
      201,
    );
    expect(byStaff).toMatchObject({ to: { organisationId: fx.organisationId }, dueBy: null });
    const byIntegration = expectStatus<Escalation>(
      await raise(integration, lessonId, { to: { organisationId: fx.organisationId }, ask }),
      201,
    );
    expect(byIntegration.fromUnitId).toBe(nightShiftUnitId);
  });

  it("answers 422 naming /to when both or neither target is given", async () => {
    for (const to of [{}, { unitId: fx.homeCareUnitId, organisationId: fx.organisationId }]) {
      const problem = expectProblem(await raise(nightStaff, lessonId, { to, ask }), 422);
      expect(problem.errors).toMatchObject([{ pointer: "/to", code: "one_target" }]);
    }
  });

  it("answers 422 naming /to/unitId for an unknown unit, one not above the raising unit, or one of another organisation", async () => {
    const cases: [string, string][] = [
      ["unit_nope", "unknown_reference"],
      [fx.jobCentreUnitId, "not_above"],
      [nightShiftUnitId, "not_above"],
      [other.homeCareUnitId, "other_organisation"],
    ];
    for (const [unitId, code] of cases) {
      const problem = expectProblem(await raise(nightStaff, lessonId, { to: { unitId }, ask }), 422);
      expect(problem.errors, unitId).toMatchObject([{ pointer: "/to/unitId", code }]);
    }
  });

  it("answers 422 naming /to/organisationId for an unknown or another organisation", async () => {
    for (const [organisationId, code] of [
      ["org_nope", "unknown_reference"],
      [other.organisationId, "other_organisation"],
    ] as const) {
      const problem = expectProblem(await raise(nightStaff, lessonId, { to: { organisationId }, ask }), 422);
      expect(problem.errors).toMatchObject([{ pointer: "/to/organisationId", code }]);
    }
  });

  it("leaves no escalation, audit entry or outbox row behind a refused raise", async () => {
    const before = { escalations: count("escalations"), outbox: count("outbox"), audit: count("audit_log") };
    await raise(nightStaff, lessonId, { to: { unitId: fx.jobCentreUnitId }, ask }); // 422
    await raise(jobStaff, unitOnlyLessonId, { to: { organisationId: fx.organisationId }, ask }); // 404
    await raise(otherManager, lessonId, { to: { organisationId: other.organisationId }, ask }); // 404
    expect({ escalations: count("escalations"), outbox: count("outbox"), audit: count("audit_log") }).toEqual(
      before,
    );
  });

  it("answers 404 for a lesson the key may not see, and 409 for a lesson not published", async () => {
    expectProblem(
      await raise(jobStaff, unitOnlyLessonId, { to: { organisationId: fx.organisationId }, ask }),
      404,
    );
    expectProblem(await raise(null, "les_nope", { to: { organisationId: fx.organisationId }, ask }), 404);
    const draft = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        headers: asKey(nightStaff.key),
        payload: lessonBody(nightShiftUnitId, { status: "draft" }),
      }),
      201,
    );
    expectProblem(await raise(nightStaff, draft.id, { to: { organisationId: fx.organisationId }, ask }), 409);
  });

  it("answers 422 naming /dueBy for a date that has passed, with the target's problem too", async () => {
    const problem = expectProblem(
      await raise(nightStaff, lessonId, { to: { unitId: fx.jobCentreUnitId }, ask, dueBy: "2001-01-01" }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/to/unitId", "/dueBy"]);
  });

  it("refuses personal data in the ask (422)", async () => {
    const problem = expectProblem(
      await raise(nightStaff, lessonId, {
        to: { organisationId: fx.organisationId },
        ask: "Ring til ida@example.dk",
      }),
      422,
    );
    expect(problem.errors?.[0]?.pointer).toBe("/ask");
  });

  describe("answering", () => {
    let toHomeCare: Escalation;
    let toOrganisation: Escalation;

    beforeAll(async () => {
      toHomeCare = expectStatus<Escalation>(
        await raise(nightStaff, lessonId, { to: { unitId: fx.homeCareUnitId }, ask }),
        201,
      );
      toOrganisation = expectStatus<Escalation>(
        await raise(nightStaff, lessonId, { to: { organisationId: fx.organisationId }, ask }),
        201,
      );
    });

    const answer = { decision: "adopt", reason: "The district will count what citizens decided from March." };

    it("is refused to keys that are not managers of the addressed place (403), and to those who cannot see it (404)", async () => {
      expectProblem(await respond(jobManager, toHomeCare.id, answer), 403);
      expectProblem(await respond(nightStaff, toHomeCare.id, answer), 403); // staff: not a manager
      expectProblem(await respond(homeManager, toOrganisation.id, answer), 403); // a unit's manager, not the organisation's
      expectProblem(await respond(otherManager, toHomeCare.id, answer), 404);
      const refreshed = expectStatus<Escalation>(
        await app.inject({ url: `/v1/escalations/${toHomeCare.id}` }),
        200,
      );
      expect(refreshed).toMatchObject({ status: "open", responses: [] });
    });

    it("is answered by a manager of the addressed unit; a second answer is 409 and writes nothing", async () => {
      const before = count("outbox");
      const answered = expectStatus<Escalation>(
        await respond(homeManager, toHomeCare.id, {
          ...answer,
          actions: ["Add the count to the monthly report"],
        }),
        201,
      );
      expect(answered).toMatchObject({
        status: "answered",
        answeredAt: expect.any(String),
        responses: [
          {
            decision: "adopt",
            reason: answer.reason,
            actions: ["Add the count to the monthly report"],
            author: { keyId: homeManager.id },
          },
        ],
        version: 2,
      });
      const events = outboxRows().slice(before);
      expect(events.map((e) => e.type)).toEqual(["escalation.answered"]);
      expect(JSON.parse(events[0]!.data)).toMatchObject({
        escalationId: toHomeCare.id,
        decision: "adopt",
        reason: answer.reason,
        url: `/v1/escalations/${toHomeCare.id}`,
      });
      const audit = expectStatus<{
        items: { action: string; versionBefore: number; versionAfter: number }[];
      }>(await app.inject({ url: `/v1/audit?resourceId=${toHomeCare.id}` }), 200);
      expect(audit.items[0]).toMatchObject({
        action: "escalation.answer",
        versionBefore: 1,
        versionAfter: 2,
      });

      const afterAnswer = { outbox: count("outbox"), responses: count("escalation_responses") };
      expectProblem(await respond(homeManager, toHomeCare.id, answer), 409);
      expect({ outbox: count("outbox"), responses: count("escalation_responses") }).toEqual(afterAnswer);
    });

    it("parks an escalation to the organisation, which its manager answers again later", async () => {
      const parked = expectStatus<Escalation>(
        await respond(orgManager, toOrganisation.id, {
          decision: "park",
          reason: "Back in the budget round in May.",
        }),
        201,
      );
      expect(parked).toMatchObject({ status: "parked", answeredAt: null });
      const settled = expectStatus<Escalation>(
        await respond(orgManager, toOrganisation.id, {
          decision: "decline",
          reason: "The KPI is set nationally.",
        }),
        201,
      );
      expect(settled.status).toBe("answered");
      expect(settled.responses.map((r) => r.decision)).toEqual(["park", "decline"]);
    });

    it("answers 400 for an unknown decision", async () => {
      expectProblem(await respond(homeManager, toHomeCare.id, { decision: "maybe", reason: "x" }), 400);
    });
  });

  describe("reading", () => {
    let aboutUnitOnly: Escalation;

    beforeAll(async () => {
      aboutUnitOnly = expectStatus<Escalation>(
        await raise(nightStaff, unitOnlyLessonId, { to: { unitId: fx.homeCareUnitId }, ask }),
        201,
      );
    });

    it("shows an escalation only to keys of its organisation that may see its lesson", async () => {
      const get = (key: IssuedTestKey) =>
        app.inject({ url: `/v1/escalations/${aboutUnitOnly.id}`, headers: asKey(key.key) });
      expectStatus(await get(homeManager), 200);
      expectStatus(await get(nightStaff), 200);
      expectStatus(await get(orgManager), 200);
      expectProblem(await get(homeStaff), 404); // staff of a unit above do not see a unit-only lesson
      expectProblem(await get(jobStaff), 404);
      expectProblem(await get(otherManager), 404);
      expectProblem(await respond(homeStaff, aboutUnitOnly.id, { decision: "adopt", reason: "x" }), 403);
    });

    it("lists a lesson's escalations newest first, page by page, and 404 for a lesson the key cannot see", async () => {
      const first = expectStatus<{ items: Escalation[]; nextCursor: string | null }>(
        await app.inject({
          url: `/v1/lessons/${lessonId}/escalations?limit=2`,
          headers: asKey(homeManager.key),
        }),
        200,
      );
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).not.toBeNull();
      const all = expectStatus<{ items: Escalation[] }>(
        await app.inject({ url: `/v1/lessons/${lessonId}/escalations?limit=100` }),
        200,
      );
      expect(all.items.every((e) => e.lessonId === lessonId)).toBe(true);
      const second = expectStatus<{ items: Escalation[] }>(
        await app.inject({
          url: `/v1/lessons/${lessonId}/escalations?limit=2&cursor=${first.nextCursor}`,
          headers: asKey(homeManager.key),
        }),
        200,
      );
      expect(second.items.map((e) => e.id)).toEqual(all.items.slice(2, 4).map((e) => e.id));
      expectProblem(
        await app.inject({
          url: `/v1/lessons/${unitOnlyLessonId}/escalations`,
          headers: asKey(jobStaff.key),
        }),
        404,
      );
      // another organisation's keys see the lesson only if it is shared with them; this one is not
      expectProblem(
        await app.inject({ url: `/v1/lessons/${lessonId}/escalations`, headers: asKey(otherManager.key) }),
        404,
      );
    });

    it("answers 404 for an unknown escalation and 401 without a key", async () => {
      expectProblem(await app.inject({ url: "/v1/escalations/esc_nope" }), 404);
      expectProblem(
        await app.inject({ url: `/v1/escalations/${aboutUnitOnly.id}`, headers: { authorization: "" } }),
        401,
      );
    });
  });

  describe("raised inside a caller's transaction (a routine's meeting)", () => {
    it("is rolled back with the caller's transaction, events and all", () => {
      const { db } = app.database;
      const before = { escalations: count("escalations"), outbox: count("outbox") };
      expect(() =>
        db.transaction(() => {
          app.services.escalations.raise(
            lessonId,
            { to: { organisationId: fx.organisationId }, ask },
            { principal: INSTALLATION },
            { fromUnitId: nightShiftUnitId },
          );
          throw new Error("the meeting failed after raising");
        }),
      ).toThrow("the meeting failed");
      expect({ escalations: count("escalations"), outbox: count("outbox") }).toEqual(before);
    });

    it("refuses an empty ask from an in-process caller, naming /ask", () => {
      expect(() =>
        app.services.escalations.raise(
          lessonId,
          { to: { organisationId: fx.organisationId }, ask: "  " },
          { principal: INSTALLATION },
          { fromUnitId: nightShiftUnitId },
        ),
      ).toThrow(
        expect.objectContaining({ status: 422, problems: [expect.objectContaining({ pointer: "/ask" })] }),
      );
    });

    it("commits with the caller's transaction", () => {
      const { db } = app.database;
      const before = count("escalations");
      const raised = db.transaction(() =>
        app.services.escalations.raise(
          lessonId,
          { to: { unitId: fx.homeCareUnitId }, ask },
          { principal: INSTALLATION },
          { fromUnitId: nightShiftUnitId },
        ),
      );
      expect(count("escalations")).toBe(before + 1);
      expect(app.services.escalations.get(INSTALLATION, raised.id).fromUnitId).toBe(nightShiftUnitId);
    });
  });
});
