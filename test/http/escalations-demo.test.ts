// The demo's feed-forward and feedback with the published demo keys: what SEED=demo shows in the inboxes
// and in maturity, and the round trip the README describes (a lesson raised to Fjordby, answered by its
// managers, the answer back in Hjemmeplejen Nord's inbox).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MaturityReport } from "../../src/domain/maturity.js";
import { asKey, buildTestApp, expectProblem, expectStatus } from "../helpers/app.js";

type Escalation = {
  id: string;
  status: string;
  to: Record<string, string>;
  responses: { decision: string }[];
};
type Section<T> = { count: number; items: T[] };
type UnitInbox = {
  toAnswer: Section<Escalation>;
  answersReceived: Section<{ escalation: Escalation; response: { decision: string } }>;
};
type OrganisationInbox = { toAnswer: Section<Escalation>; answered: Section<Escalation> };

const STAFF_NORTH = asKey("smk_demo_staff_fjordby_homecare_north");
const MANAGER_FJORDBY = asKey("smk_demo_manager_fjordby");
const MANAGER_ELDER = asKey("smk_demo_manager_fjordby_elder_care");
const MANAGER_NORDVIK = asKey("smk_demo_manager_nordvik");

describe("escalations in the demo", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  const get = async <T>(url: string, headers: Record<string, string>) =>
    expectStatus<T>(await app.inject({ url, headers }), 200);

  it("shows the escalation raised to Fjordby in its managers' inbox, not to Nordvik's", async () => {
    const inbox = await get<OrganisationInbox>("/v1/organisations/org_fjordby/inbox", MANAGER_FJORDBY);
    expect(inbox.toAnswer.items.map((e) => e.id)).toContain("esc_fj_route_kpi");
    expectProblem(
      await app.inject({ url: "/v1/organisations/org_fjordby/inbox", headers: MANAGER_NORDVIK }),
      403,
    );
    expectProblem(
      await app.inject({ url: "/v1/escalations/esc_fj_route_kpi", headers: MANAGER_NORDVIK }),
      404,
    );
  });

  it("shows Ældre og Sundhed's answer in Hjemmeplejen Nord's inbox, and the escalation still waiting in its own", async () => {
    const north = await get<UnitInbox>("/v1/units/u_fj_homecare_north/inbox", STAFF_NORTH);
    expect(north.answersReceived.items).toMatchObject([
      { escalation: { id: "esc_fj_fridge_agreement", status: "answered" }, response: { decision: "adapt" } },
    ]);
    const elder = await get<UnitInbox>("/v1/units/u_fj_elder/inbox", MANAGER_ELDER);
    expect(elder.toAnswer.items.map((e) => e.id)).toEqual(["esc_fj_bikva_drawer"]);
  });

  it("names the escalation unanswered for more than 60 days in Fjordby's maturity", async () => {
    const report = await get<MaturityReport>("/v1/organisations/org_fjordby/maturity", MANAGER_FJORDBY);
    const indicator = report.rung.indicators.find((i) => i.code === "escalations_answered")!;
    expect(indicator).toMatchObject({ met: false, observed: 1, escalationIds: ["esc_fj_bikva_drawer"] });
    expect(report.rung.contradictions.map((c) => c.code)).toContain(
      "program_claim_with_unanswered_escalations",
    );
  });

  it("carries a lesson raised by Hjemmeplejen Nord to the organisation's inbox and the answer back", async () => {
    const raised = expectStatus<Escalation>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons/les_fj_06/escalations",
        headers: STAFF_NORTH,
        payload: {
          to: { organisationId: "org_fjordby" },
          ask: "Kan visitationen genbesøge aftalen om morgenbesøget hver sæson?",
        },
      }),
      201,
    );
    const before = await get<OrganisationInbox>("/v1/organisations/org_fjordby/inbox", MANAGER_FJORDBY);
    expect(before.toAnswer.items.map((e) => e.id)).toContain(raised.id);
    expectStatus(
      await app.inject({
        method: "POST",
        url: `/v1/escalations/${raised.id}/response`,
        headers: MANAGER_FJORDBY,
        payload: {
          decision: "adopt",
          reason: "Visitationen tager aftalen op ved hvert sæsonskifte fra i år.",
        },
      }),
      201,
    );
    const north = await get<UnitInbox>("/v1/units/u_fj_homecare_north/inbox", STAFF_NORTH);
    expect(north.answersReceived.items[0]).toMatchObject({
      escalation: { id: raised.id, status: "answered" },
      response: { decision: "adopt" },
    });
  });
});
