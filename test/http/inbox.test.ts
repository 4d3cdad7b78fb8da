// Inboxes: an escalation shows up where it must be answered, its answer where it was raised; a unit also
// hears of adaptations of its lessons by other units (planned ones marked) and of lessons returned in
// review. Nothing about a lesson the reader may not see appears.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

type Section<T> = { count: number; items: T[]; nextCursor: string | null };
type Escalation = { id: string; lessonId: string; status: string; responses: { decision: string }[] };
type UnitInbox = {
  unitId: string;
  toAnswer?: Section<Escalation>;
  answersReceived?: Section<{
    escalation: Escalation;
    response: { id: string; decision: string; reason: string };
  }>;
  adaptations?: Section<{ id: string; lessonId: string; unitId: string; result: string; planned: boolean }>;
  returned?: Section<{ lessonId: string; note: string; returnedBy: { keyId: string } | null }>;
};
type OrganisationInbox = {
  organisationId: string;
  toAnswer?: Section<Escalation>;
  answered?: Section<Escalation>;
};

describe("inboxes", () => {
  let app: FastifyInstance;
  let fx: Fixtures;
  let other: Fixtures;
  let nightShiftUnitId: string; // below home care
  let nightStaff: IssuedTestKey;
  let homeStaff: IssuedTestKey;
  let homeManager: IssuedTestKey;
  let jobStaff: IssuedTestKey;
  let jobManager: IssuedTestKey;
  let orgManager: IssuedTestKey;
  let otherManager: IssuedTestKey;
  let integration: IssuedTestKey;
  let lessonId: string; // night shift, organisation-wide
  let unitOnlyLessonId: string; // night shift, unit-only: home care's staff do not see it
  let toHomeCare: Escalation;
  let toOrganisation: Escalation;
  let hiddenFromHomeStaff: Escalation;

  const ask = "Can the district count what the citizen decided?";
  const as = (key: IssuedTestKey) => asKey(key.key);
  const unitInbox = async (key: IssuedTestKey | null, unitId: string, query = "") =>
    app.inject({ url: `/v1/units/${unitId}/inbox${query}`, ...(key ? { headers: as(key) } : {}) });
  const organisationInbox = async (key: IssuedTestKey | null, organisationId: string, query = "") =>
    app.inject({
      url: `/v1/organisations/${organisationId}/inbox${query}`,
      ...(key ? { headers: as(key) } : {}),
    });
  const raise = async (key: IssuedTestKey, id: string, to: Record<string, string>) =>
    expectStatus<Escalation>(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${id}/escalations`,
        headers: as(key),
        payload: { to, ask },
      }),
      201,
    );
  const respond = async (key: IssuedTestKey, id: string, decision: string, reason: string) =>
    expectStatus<Escalation>(
      await app.inject({
        method: "POST",
        url: `/v1/escalations/${id}/response`,
        headers: as(key),
        payload: { decision, reason },
      }),
      201,
    );

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
    nightStaff = await issueKey(app, { role: "staff", unitId: nightShiftUnitId });
    homeStaff = await issueKey(app, { role: "staff", unitId: fx.homeCareUnitId });
    homeManager = await issueKey(app, { role: "manager", unitId: fx.homeCareUnitId });
    jobStaff = await issueKey(app, { role: "staff", unitId: fx.jobCentreUnitId });
    jobManager = await issueKey(app, { role: "manager", unitId: fx.jobCentreUnitId });
    orgManager = await issueKey(app, { role: "manager", organisationId: fx.organisationId });
    otherManager = await issueKey(app, { role: "manager", organisationId: other.organisationId });
    integration = await issueKey(app, {
      role: "integration",
      organisationId: fx.organisationId,
      scopes: ["lessons:read", "lessons:write"],
    });
    const lesson = async (visibility: string) =>
      expectStatus<{ id: string }>(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: lessonBody(nightShiftUnitId, { visibility }),
        }),
        201,
      ).id;
    lessonId = await lesson("organisation");
    unitOnlyLessonId = await lesson("unit");
    toHomeCare = await raise(nightStaff, lessonId, { unitId: fx.homeCareUnitId });
    toOrganisation = await raise(nightStaff, lessonId, { organisationId: fx.organisationId });
    hiddenFromHomeStaff = await raise(nightStaff, unitOnlyLessonId, { unitId: fx.homeCareUnitId });
  });
  afterAll(() => app.close());

  it("shows an escalation to a unit in that unit's inbox to answer, and its answer in the raising unit's inbox", async () => {
    const before = expectStatus<UnitInbox>(await unitInbox(homeManager, fx.homeCareUnitId), 200);
    expect(before.toAnswer?.items.map((e) => e.id)).toContain(toHomeCare.id);
    expect(before.toAnswer?.items.map((e) => e.id)).not.toContain(toOrganisation.id);
    const raiser = expectStatus<UnitInbox>(await unitInbox(nightStaff, nightShiftUnitId), 200);
    expect(raiser.answersReceived?.items.map((a) => a.escalation.id)).not.toContain(toHomeCare.id);
    expect(raiser.toAnswer?.count).toBe(0);

    await respond(homeManager, toHomeCare.id, "adapt", "We try it on two routes first.");
    const after = expectStatus<UnitInbox>(await unitInbox(homeManager, fx.homeCareUnitId), 200);
    expect(after.toAnswer?.items.map((e) => e.id)).not.toContain(toHomeCare.id);
    const answered = expectStatus<UnitInbox>(await unitInbox(nightStaff, nightShiftUnitId), 200);
    const received = answered.answersReceived?.items.find((a) => a.escalation.id === toHomeCare.id);
    expect(received).toMatchObject({
      escalation: { status: "answered" },
      response: { decision: "adapt", reason: "We try it on two routes first." },
    });
  });

  it("shows an escalation to the organisation in its managers' inbox, and the answer back in the unit's", async () => {
    const inbox = expectStatus<OrganisationInbox>(
      await organisationInbox(orgManager, fx.organisationId),
      200,
    );
    expect(inbox.toAnswer?.items.map((e) => e.id)).toEqual([toOrganisation.id]);
    expect(inbox.toAnswer?.count).toBe(1);
    expect(inbox.answered).toMatchObject({ count: 0, items: [] });
    // not in a unit's inbox to answer
    const home = expectStatus<UnitInbox>(await unitInbox(homeManager, fx.homeCareUnitId), 200);
    expect(home.toAnswer?.items.map((e) => e.id)).not.toContain(toOrganisation.id);

    await respond(orgManager, toOrganisation.id, "park", "Back in the budget round.");
    const parked = expectStatus<OrganisationInbox>(
      await organisationInbox(orgManager, fx.organisationId),
      200,
    );
    expect(parked.toAnswer?.items).toMatchObject([{ id: toOrganisation.id, status: "parked" }]);
    await respond(orgManager, toOrganisation.id, "decline", "The KPI is set nationally.");
    const settled = expectStatus<OrganisationInbox>(
      await organisationInbox(orgManager, fx.organisationId),
      200,
    );
    expect(settled.toAnswer?.count).toBe(0);
    expect(settled.answered?.items.map((e) => e.id)).toEqual([toOrganisation.id]);

    const unit = expectStatus<UnitInbox>(
      await unitInbox(nightStaff, nightShiftUnitId, "?section=answersReceived"),
      200,
    );
    expect(
      unit.answersReceived?.items
        .filter((a) => a.escalation.id === toOrganisation.id)
        .map((a) => a.response.decision),
    ).toEqual(["decline", "park"]); // newest first
    expect(Object.keys(unit).sort()).toEqual(["answersReceived", "unitId"]);
  });

  it("lets the unit's staff, managers above it and admins read a unit's inbox; others 403", async () => {
    expectStatus(await unitInbox(nightStaff, nightShiftUnitId), 200);
    expectStatus(await unitInbox(homeManager, nightShiftUnitId), 200);
    expectStatus(await unitInbox(orgManager, nightShiftUnitId), 200);
    expectStatus(await unitInbox(null, nightShiftUnitId), 200); // the admin
    expectProblem(await unitInbox(homeStaff, nightShiftUnitId), 403); // staff of the unit above
    expectProblem(await unitInbox(nightStaff, fx.homeCareUnitId), 403); // staff of the unit below
    expectProblem(await unitInbox(jobManager, nightShiftUnitId), 403);
    expectProblem(await unitInbox(otherManager, nightShiftUnitId), 403);
    expectProblem(await unitInbox(integration, nightShiftUnitId), 403);
    expectProblem(await unitInbox(null, "unit_nope"), 404);
    expectProblem(
      await app.inject({ url: `/v1/units/${nightShiftUnitId}/inbox`, headers: { authorization: "" } }),
      401,
    );
  });

  it("lets only the organisation's managers and admins read its inbox", async () => {
    expectStatus(await organisationInbox(orgManager, fx.organisationId), 200);
    expectStatus(await organisationInbox(null, fx.organisationId), 200);
    expectProblem(await organisationInbox(homeManager, fx.organisationId), 403);
    expectProblem(await organisationInbox(jobStaff, fx.organisationId), 403);
    expectProblem(await organisationInbox(otherManager, fx.organisationId), 403);
    expectProblem(await organisationInbox(integration, fx.organisationId), 403);
    expectProblem(await organisationInbox(null, "org_nope"), 404);
  });

  it("never shows an escalation about a lesson the reader may not see", async () => {
    const manager = expectStatus<UnitInbox>(await unitInbox(homeManager, fx.homeCareUnitId), 200);
    expect(manager.toAnswer?.items.map((e) => e.id)).toContain(hiddenFromHomeStaff.id);
    const staff = expectStatus<UnitInbox>(await unitInbox(homeStaff, fx.homeCareUnitId), 200);
    expect(staff.toAnswer?.items.map((e) => e.id)).not.toContain(hiddenFromHomeStaff.id);
    // counted alike: the count says nothing about the hidden one either
    expect(staff.toAnswer?.count).toBe((manager.toAnswer?.count ?? 0) - 1);
  });

  it("shows adaptations of the unit's lessons by other units, planned ones marked", async () => {
    const worked = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${lessonId}/adaptations`,
        headers: as(jobStaff),
        payload: { unitId: fx.jobCentreUnitId, result: "worked", notes: "Worked with job seekers too." },
      }),
      201,
    );
    // a routine's meeting decides to try a lesson: a planned adaptation (made in process here)
    const planned = app.services.adaptations.create(lessonId, {
      unitId: other.jobCentreUnitId,
      result: "planned",
      notes: "Decided at the Monday meeting to try it.",
    });
    const inbox = expectStatus<UnitInbox>(
      await unitInbox(nightStaff, nightShiftUnitId, "?section=adaptations"),
      200,
    );
    expect(inbox.adaptations?.count).toBe(2);
    expect(inbox.adaptations?.items).toMatchObject([
      { id: planned.id, result: "planned", planned: true, unitId: other.jobCentreUnitId },
      { id: worked.id, result: "worked", planned: false, unitId: fx.jobCentreUnitId, lessonId },
    ]);
    // the adapting unit's own inbox does not list them: they are not its lessons
    const job = expectStatus<UnitInbox>(await unitInbox(jobStaff, fx.jobCentreUnitId), 200);
    expect(job.adaptations?.count).toBe(0);
  });

  it("shows the unit's lessons returned in review until they are submitted again", async () => {
    const submitted = expectStatus<{ id: string; version: number }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        headers: as(nightStaff),
        payload: lessonBody(nightShiftUnitId, { status: "submitted" }),
      }),
      201,
    );
    const returned = expectStatus<{ id: string; version: number }>(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${submitted.id}/review`,
        headers: as(homeManager),
        payload: { decision: "return", note: "Say what the citizens decided, not what staff did." },
      }),
      200,
    );
    const inbox = expectStatus<UnitInbox>(
      await unitInbox(nightStaff, nightShiftUnitId, "?section=returned"),
      200,
    );
    expect(inbox.returned?.items).toMatchObject([
      {
        lessonId: submitted.id,
        note: "Say what the citizens decided, not what staff did.",
        returnedBy: { keyId: homeManager.id },
      },
    ]);
    // the unit above's inbox is about its own lessons
    const home = expectStatus<UnitInbox>(
      await unitInbox(homeManager, fx.homeCareUnitId, "?section=returned"),
      200,
    );
    expect(home.returned?.count).toBe(0);
    // submitted again: no longer waiting in the inbox
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${submitted.id}`,
        headers: { ...as(nightStaff), "if-match": `"${returned.version}"` },
        payload: { status: "submitted" },
      }),
      200,
    );
    const after = expectStatus<UnitInbox>(
      await unitInbox(nightStaff, nightShiftUnitId, "?section=returned"),
      200,
    );
    expect(after.returned?.count).toBe(0);
  });

  it("bounds each section and pages on through one section with its cursor", async () => {
    for (let i = 0; i < 3; i++) await raise(nightStaff, lessonId, { unitId: fx.homeCareUnitId });
    const all = expectStatus<UnitInbox>(await unitInbox(homeManager, fx.homeCareUnitId, "?limit=100"), 200);
    const ids = all.toAnswer!.items.map((e) => e.id);
    expect(ids.length).toBe(all.toAnswer!.count);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const first = expectStatus<UnitInbox>(await unitInbox(homeManager, fx.homeCareUnitId, "?limit=2"), 200);
    expect(first.toAnswer).toMatchObject({ count: ids.length, items: [{ id: ids[0] }, { id: ids[1] }] });
    const cursor = encodeURIComponent(first.toAnswer!.nextCursor!);
    const second = expectStatus<UnitInbox>(
      await unitInbox(homeManager, fx.homeCareUnitId, `?limit=2&section=toAnswer&cursor=${cursor}`),
      200,
    );
    expect(second.toAnswer?.items.map((e) => e.id)).toEqual(ids.slice(2, 4));
    // a cursor without its section, or sent by another key, is refused
    expectProblem(await unitInbox(homeManager, fx.homeCareUnitId, `?limit=2&cursor=${cursor}`), 422);
    expectProblem(
      await unitInbox(null, fx.homeCareUnitId, `?limit=2&section=toAnswer&cursor=${cursor}`),
      422,
    );
  });
});
