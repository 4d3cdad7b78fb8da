// Issue 11 probed as a key holder would: nothing about a lesson a key may not see reaches it through
// a routine's meetings, an escalation's webhook events or a webhook whose key may not read lessons; an
// escalation is raised only to a place whose managers may read the lesson they are asked about.
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
import { type Receiver, startReceiver, waitFor } from "../helpers/receiver.js";

type Decision = { lessonId: string; decision: string; note: string | null; escalationId: string | null };
type Meeting = { id: string; decisions: Decision[] };
type Escalation = { id: string; lessonId: string; lessonTitle: string; to: Record<string, string> };
type Delivery = { type: string; eventId: string };

let app: FastifyInstance;
let receiver: Receiver;
let fx: Fixtures;
let other: Fixtures;
// fx's tree: Ældre og Sundhed above Distrikt Syd above Hjemmeplejen Syd; Aktivitet also below Ældre og Sundhed
let upperUnitId: string;
let districtUnitId: string;
let ownerUnitId: string;
let activityUnitId: string;
const keys: Record<string, IssuedTestKey> = {};

const as = (name: string) => asKey(keys[name]!.key);

async function unit(organisationId: string, name: string, parentId?: string) {
  return expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/units",
      payload: { organisationId, name, ...(parentId ? { parentId } : {}) },
    }),
    201,
  ).id;
}

async function publish(unitId: string, overrides: Record<string, unknown> = {}) {
  return expectStatus<{ id: string; title: string }>(
    await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(unitId, overrides) }),
    201,
  );
}

async function routine(key: string, owner: string, audienceUnitIds: string[]) {
  return expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/routines",
      headers: as(key),
      payload: { name: "Monday meeting", ownerUnitId: owner, audienceUnitIds, filter: {}, cadence: "weekly" },
    }),
    201,
  ).id;
}

const meeting = (key: string, routineId: string, decisions: Record<string, unknown>[]) =>
  app.inject({
    method: "POST",
    url: `/v1/routines/${routineId}/meetings`,
    headers: as(key),
    payload: { heldOn: new Date().toISOString().slice(0, 10), decisions },
  });

const registerHook = async (key: string | null, path: string, events: string[]) =>
  expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/webhooks",
      ...(key ? { headers: as(key) } : {}),
      payload: { url: receiver.url(path), events, description: path },
    }),
    201,
  );

/** The deliveries fan-out made for a webhook (read as the admin): written with the event's dispatch. */
const deliveriesOf = async (hookId: string) =>
  expectStatus<{ items: Delivery[] }>(await app.inject({ url: `/v1/webhooks/${hookId}/deliveries` }), 200)
    .items;

const bodies = (path: string) =>
  receiver.received
    .filter((r) => r.path === path)
    .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });

beforeAll(async () => {
  app = await buildTestApp({ webhooks: { allowPrivate: true } });
  receiver = await startReceiver();
  fx = await createFixtures(app);
  other = await createFixtures(app, "Andenby Kommune");
  upperUnitId = await unit(fx.organisationId, "Ældre og Sundhed");
  districtUnitId = await unit(fx.organisationId, "Distrikt Syd", upperUnitId);
  ownerUnitId = await unit(fx.organisationId, "Hjemmeplejen Syd", districtUnitId);
  activityUnitId = await unit(fx.organisationId, "Aktivitet", upperUnitId);
  const issue = async (name: string, body: Parameters<typeof issueKey>[1]) => {
    keys[name] = await issueKey(app, body);
  };
  await issue("homeManager", { role: "manager", unitId: fx.homeCareUnitId });
  await issue("jobStaff", { role: "staff", unitId: fx.jobCentreUnitId });
  await issue("homeStaff", { role: "staff", unitId: fx.homeCareUnitId });
  await issue("integration", {
    role: "integration",
    organisationId: fx.organisationId,
    scopes: ["lessons:read", "webhooks"],
  });
  await issue("hooksOnly", { role: "integration", organisationId: fx.organisationId, scopes: ["webhooks"] });
  await issue("otherIntegration", {
    role: "integration",
    organisationId: other.organisationId,
    scopes: ["lessons:read", "webhooks"],
  });
  await issue("upperManager", { role: "manager", unitId: upperUnitId });
  await issue("districtManager", { role: "manager", unitId: districtUnitId });
  await issue("ownerStaff", { role: "staff", unitId: ownerUnitId });
  await issue("orgManager", { role: "manager", organisationId: fx.organisationId });
});

afterAll(async () => {
  await app.close();
  await receiver.close();
});

describe("a routine's meetings", () => {
  it("list a decision only to keys that may see its lesson", async () => {
    const routineId = await routine("homeManager", fx.homeCareUnitId, [fx.jobCentreUnitId]);
    const hidden = await publish(fx.homeCareUnitId, { visibility: "unit", title: "Home care only" });
    const shared = await publish(fx.jobCentreUnitId, { title: "Shared with the organisation" });
    expectStatus(
      await meeting("homeManager", routineId, [
        { lessonId: hidden.id, decision: "pass", note: "Not for the job centre's ears." },
        { lessonId: shared.id, decision: "pass", note: "Not now." },
      ]),
      201,
    );
    // the job centre's staff (the audience) and the organisation's integration key read the routine…
    for (const reader of ["jobStaff", "integration"]) {
      expectProblem(await app.inject({ url: `/v1/lessons/${hidden.id}`, headers: as(reader) }), 404);
      const [held] = expectStatus<{ items: Meeting[] }>(
        await app.inject({ url: `/v1/routines/${routineId}/meetings`, headers: as(reader) }),
        200,
      ).items;
      // …but not the decision on a lesson they may not see
      expect(
        held!.decisions.map((d) => d.lessonId),
        reader,
      ).toEqual([shared.id]);
      expect(JSON.stringify(held)).not.toContain("Not for the job centre's ears.");
    }
    const [asRunner] = expectStatus<{ items: Meeting[] }>(
      await app.inject({ url: `/v1/routines/${routineId}/meetings`, headers: as("homeManager") }),
      200,
    ).items;
    expect(asRunner!.decisions.map((d) => d.lessonId)).toEqual([hidden.id, shared.id]);
  });
});

describe("escalation events", () => {
  it("reach only webhooks whose key may read the escalation (its organisation's), as GET does", async () => {
    const otherHook = await registerHook("otherIntegration", "/other-org", [
      "escalation.created",
      "escalation.answered",
      "lesson.published",
    ]);
    await registerHook("integration", "/own-org", ["escalation.created"]);
    // a network lesson: both organisations' keys see it; its escalation is fx's business
    const lesson = await publish(fx.homeCareUnitId, { visibility: "network", title: "Shared widely" });
    const escalation = expectStatus<Escalation>(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${lesson.id}/escalations`,
        headers: as("homeStaff"),
        payload: { to: { organisationId: fx.organisationId }, ask: "Count what the citizen decided." },
      }),
      201,
    );
    expectProblem(
      await app.inject({ url: `/v1/escalations/${escalation.id}`, headers: as("otherIntegration") }),
      404,
    );
    expectStatus(
      await app.inject({
        method: "POST",
        url: `/v1/escalations/${escalation.id}/response`,
        headers: as("orgManager"),
        payload: { decision: "adopt", reason: "We will count it." },
      }),
      201,
    );
    // a later event: once it is fanned out, the escalation's were decided (commit order)
    const marker = await publish(fx.homeCareUnitId, { visibility: "network", title: "Marker" });
    await waitFor(() => bodies("/other-org").some((b) => b.data.lessonId === marker.id));
    expect((await deliveriesOf(otherHook.id)).map((d) => d.type).sort()).toEqual([
      "lesson.published",
      "lesson.published",
    ]);
    expect(bodies("/other-org").map((b) => b.type)).not.toContain("escalation.created");
    // the escalation's own organisation hears of it
    await waitFor(() => bodies("/own-org").some((b) => b.data.escalationId === escalation.id));
  });
});

describe("a webhook of a key without lessons:read", () => {
  it("receives nothing about lessons, as the key may not read them", async () => {
    expectProblem(await app.inject({ url: "/v1/lessons", headers: as("hooksOnly") }), 403);
    const blind = await registerHook("hooksOnly", "/hooks-only", ["lesson.published"]);
    const witness = await registerHook(null, "/witness", ["lesson.published"]);
    const lesson = await publish(fx.homeCareUnitId, { title: "Organisation news" });
    // one fan-out writes every webhook's delivery of an event: once the witness has it, it was decided
    await waitFor(() => bodies("/witness").some((b) => b.data.lessonId === lesson.id));
    expect(await deliveriesOf(witness.id)).toHaveLength(1);
    expect(await deliveriesOf(blind.id)).toEqual([]);
  });
});

describe("where a meeting escalates", () => {
  it("refuses a unit whose managers may not see the lesson (422 at the decision's escalateTo)", async () => {
    // Ældre og Sundhed's manager runs Hjemmeplejen Syd's routine and sees Aktivitet's unit-only lesson;
    // Distrikt Syd (above the owner unit, not above Aktivitet) may not see it
    const routineId = await routine("upperManager", ownerUnitId, []);
    const hidden = await publish(activityUnitId, { visibility: "unit", title: "Aktivitet only" });
    expectProblem(await app.inject({ url: `/v1/lessons/${hidden.id}`, headers: as("districtManager") }), 404);
    const refused = expectProblem(
      await meeting("upperManager", routineId, [
        {
          lessonId: hidden.id,
          decision: "escalate",
          escalateTo: { unitId: districtUnitId },
          note: "Can the district act on this?",
        },
      ]),
      422,
    );
    expect(refused.errors?.map((e) => e.pointer)).toEqual(["/decisions/0/escalateTo/unitId"]);
    expect(
      expectStatus<{ items: unknown[] }>(
        await app.inject({ url: `/v1/routines/${routineId}/meetings`, headers: as("upperManager") }),
        200,
      ).items,
    ).toEqual([]);
    // raised to Ældre og Sundhed instead, its managers read and answer it
    const recorded = expectStatus<Meeting>(
      await meeting("upperManager", routineId, [
        {
          lessonId: hidden.id,
          decision: "escalate",
          escalateTo: { unitId: upperUnitId },
          note: "Can the area act on this?",
        },
      ]),
      201,
    );
    const escalationId = recorded.decisions[0]!.escalationId!;
    expectStatus(
      await app.inject({ url: `/v1/escalations/${escalationId}`, headers: as("upperManager") }),
      200,
    );
  });

  it("lets the addressed managers read a unit-only lesson raised to them, not the staff of their unit", async () => {
    const hidden = await publish(ownerUnitId, { visibility: "unit", title: "Syd only" });
    const raised = expectStatus<Escalation>(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${hidden.id}/escalations`,
        headers: as("ownerStaff"),
        payload: { to: { unitId: districtUnitId }, ask: "Change the visit count." },
      }),
      201,
    );
    const read = expectStatus<Escalation>(
      await app.inject({ url: `/v1/escalations/${raised.id}`, headers: as("districtManager") }),
      200,
    );
    expect(read.lessonTitle).toBe("Syd only");
    const inbox = expectStatus<{ toAnswer: { count: number; items: Escalation[] } }>(
      await app.inject({ url: `/v1/units/${districtUnitId}/inbox`, headers: as("districtManager") }),
      200,
    );
    expect(inbox.toAnswer.items.map((e) => e.id)).toContain(raised.id);
    // the job centre's staff, of the same organisation, learn nothing of it
    expectProblem(await app.inject({ url: `/v1/escalations/${raised.id}`, headers: as("jobStaff") }), 404);
    expectStatus(
      await app.inject({
        method: "POST",
        url: `/v1/escalations/${raised.id}/response`,
        headers: as("districtManager"),
        payload: { decision: "park", reason: "Next quarter." },
      }),
      201,
    );
  });
});
