// The demo's routine (issue 11's "done means"): Hjemmeplejen Nord's Monday meeting shows, with the
// demo keys, a Danish agenda of new relevant lessons from other units with what their adopters found;
// after the meeting records "try" for one, that lesson is a planned adaptation of Hjemmeplejen Nord.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asKey, buildTestApp, expectStatus } from "../helpers/app.js";

const ROUTINE = "rtn_fj_homecare_north_monday";
const STAFF = "smk_demo_staff_fjordby_homecare_north";
const MANAGER = "smk_demo_manager_fjordby";
const NORDVIK_STAFF = "smk_demo_staff_nordvik_homecare_island";

type Agenda = {
  language: string;
  total: number;
  items: {
    lessonId: string;
    unit: { id: string };
    adaptations: { reports: { unitId: string; result: string; notes: string | null }[] };
  }[];
};

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildTestApp({ seed: "demo" });
});

afterAll(async () => {
  await app.close();
});

describe("the demo's Monday meeting", () => {
  it("shows Hjemmeplejen Nord's staff a Danish agenda of other units' lessons with what adopters found", async () => {
    const agenda = expectStatus<Agenda>(
      await app.inject({ url: `/v1/routines/${ROUTINE}/agenda`, headers: asKey(STAFF) }),
      200,
    );
    expect(agenda.language).toBe("da");
    expect(agenda.items.length).toBe(5);
    expect(agenda.total).toBeGreaterThan(5);
    expect(agenda.items.every((item) => item.unit.id !== "u_fj_homecare_north")).toBe(true);
    const reports = agenda.items.flatMap((item) => item.adaptations.reports);
    expect(reports.some((report) => report.unitId !== "u_fj_homecare_north" && report.notes)).toBe(true);
    const page = await app.inject({
      url: `/v1/routines/${ROUTINE}/agenda?format=html`,
      headers: asKey(STAFF),
    });
    expect(page.body).toContain("Dagsorden: Mandagsmøde");
    // a key of another organisation does not know the routine
    expect(
      (await app.inject({ url: `/v1/routines/${ROUTINE}`, headers: asKey(NORDVIK_STAFF) })).statusCode,
    ).toBe(404);
  });

  it("turns a 'try' at the meeting into a planned adaptation of the lesson", async () => {
    const first = expectStatus<Agenda>(
      await app.inject({ url: `/v1/routines/${ROUTINE}/agenda`, headers: asKey(MANAGER) }),
      200,
    ).items[0]!;
    const today = new Date().toISOString().slice(0, 10);
    const meeting = expectStatus<{ decisions: { adaptationId: string }[] }>(
      await app.inject({
        method: "POST",
        url: `/v1/routines/${ROUTINE}/meetings`,
        headers: asKey(MANAGER),
        payload: {
          heldOn: today,
          decisions: [{ lessonId: first.lessonId, decision: "try", note: "Vi prøver det i team 2." }],
        },
      }),
      201,
    );
    const adaptations = expectStatus<{ items: { id: string; unitId: string; result: string }[] }>(
      await app.inject({ url: `/v1/lessons/${first.lessonId}/adaptations`, headers: asKey(STAFF) }),
      200,
    );
    expect(adaptations.items).toContainEqual(
      expect.objectContaining({
        id: meeting.decisions[0]!.adaptationId,
        unitId: "u_fj_homecare_north",
        result: "planned",
      }),
    );
    const after = expectStatus<Agenda>(
      await app.inject({ url: `/v1/routines/${ROUTINE}/agenda`, headers: asKey(STAFF) }),
      200,
    );
    expect(after.items.map((item) => item.lessonId)).not.toContain(first.lessonId);
  });
});
