import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, createFixtures, expectProblem, expectStatus, uniqueWord } from "../helpers/app.js";

type Initiative = {
  id: string;
  organisationId: string;
  title: string;
  description: string;
  stage: string;
  status: string;
  leadUnitId: string;
  unitIds: string[];
  approaches: string[];
  programId: string | null;
  buildsOn: string[];
  startedOn: string | null;
  endedOn: string | null;
  version: number;
};
type Page = { items: Initiative[]; nextCursor: string | null };

const unique = (prefix: string) => `${prefix} ${uniqueWord()}`;

describe("initiatives", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const fixtures = () => createFixtures(app, unique("Initiativby Kommune"));

  function body(leadUnitId: string, overrides: Record<string, unknown> = {}) {
    return {
      title: unique("Dream scenarios with residents"),
      description: "Residents and staff imagined the ideal week in the home together.",
      stage: "pilot",
      status: "active",
      leadUnitId,
      ...overrides,
    };
  }
  const post = (payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/v1/initiatives", payload });
  async function create(leadUnitId: string, overrides: Record<string, unknown> = {}): Promise<Initiative> {
    return expectStatus<Initiative>(await post(body(leadUnitId, overrides)), 201);
  }
  const patch = (id: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.inject({ method: "PATCH", url: `/v1/initiatives/${id}`, payload, headers });
  async function list(query: string): Promise<string[]> {
    const page = expectStatus<Page>(
      await app.inject({ method: "GET", url: `/v1/initiatives?limit=100&${query}` }),
      200,
    );
    return page.items.map((i) => i.id).sort();
  }

  it("creates an initiative with units, approaches, lineage and program, and reads it back", async () => {
    const { organisationId, homeCareUnitId, jobCentreUnitId } = await fixtures();
    const program = await create(homeCareUnitId, { stage: "program" });
    const pilot = await create(homeCareUnitId, { stage: "pilot", status: "completed" });
    const response = await post(
      body(homeCareUnitId, {
        stage: "project",
        unitIds: [jobCentreUnitId],
        approaches: ["bikva", "picture_cards"],
        buildsOn: [pilot.id],
        programId: program.id,
        startedOn: "2025-02-01",
        endedOn: "2025-11-30",
      }),
    );
    const created = expectStatus<Initiative>(response, 201);
    expect(created).toMatchObject({
      organisationId,
      stage: "project",
      status: "active",
      leadUnitId: homeCareUnitId,
      unitIds: [jobCentreUnitId],
      approaches: ["bikva", "picture_cards"],
      buildsOn: [pilot.id],
      programId: program.id,
      startedOn: "2025-02-01",
      endedOn: "2025-11-30",
      version: 1,
    });
    expect(response.headers.location).toBe(`/v1/initiatives/${created.id}`);
    expect(response.headers.etag).toBe('"1"');

    const read = await app.inject({ method: "GET", url: `/v1/initiatives/${created.id}` });
    expect(expectStatus<Initiative>(read, 200)).toEqual(created);
    expect(read.headers.etag).toBe('"1"');
  });

  it("defaults the lists to empty and the references to null", async () => {
    const { homeCareUnitId } = await fixtures();
    const created = await create(homeCareUnitId);
    expect(created).toMatchObject({
      unitIds: [],
      approaches: [],
      buildsOn: [],
      programId: null,
      startedOn: null,
      endedOn: null,
    });
  });

  it("refuses a programId that names an initiative which is not a program", async () => {
    const { homeCareUnitId } = await fixtures();
    const pilot = await create(homeCareUnitId, { stage: "pilot" });
    const problem = expectProblem(await post(body(homeCareUnitId, { programId: pilot.id })), 422);
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/programId", code: "not_a_program" }),
    ]);
  });

  it("refuses an unknown programId", async () => {
    const { homeCareUnitId } = await fixtures();
    const problem = expectProblem(await post(body(homeCareUnitId, { programId: "init_missing" })), 422);
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/programId", code: "unknown_reference" }),
    ]);
  });

  it("refuses building on an unknown initiative", async () => {
    const { homeCareUnitId } = await fixtures();
    const known = await create(homeCareUnitId);
    const problem = expectProblem(
      await post(body(homeCareUnitId, { buildsOn: [known.id, "init_missing"] })),
      422,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/buildsOn/1", code: "unknown_reference" }),
    ]);
  });

  it("refuses a buildsOn cycle on PATCH and keeps the stored lineage", async () => {
    const { homeCareUnitId } = await fixtures();
    const b = await create(homeCareUnitId, { stage: "pilot" });
    const a = await create(homeCareUnitId, { stage: "project", buildsOn: [b.id] });
    const problem = expectProblem(await patch(b.id, { buildsOn: [a.id] }), 422);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/buildsOn/0", code: "cycle" })]);
    const read = expectStatus<Initiative>(
      await app.inject({ method: "GET", url: `/v1/initiatives/${b.id}` }),
      200,
    );
    expect(read).toMatchObject({ buildsOn: [], version: 1 });
  });

  it("refuses an indirect buildsOn cycle (A → B → C, then C builds on A)", async () => {
    const { homeCareUnitId } = await fixtures();
    const c = await create(homeCareUnitId);
    const b = await create(homeCareUnitId, { buildsOn: [c.id] });
    const a = await create(homeCareUnitId, { buildsOn: [b.id] });
    const problem = expectProblem(await patch(c.id, { buildsOn: [a.id] }), 422);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/buildsOn/0", code: "cycle" })]);
  });

  it("refuses an initiative building on itself", async () => {
    const { homeCareUnitId } = await fixtures();
    const self = await create(homeCareUnitId);
    const problem = expectProblem(await patch(self.id, { buildsOn: [self.id] }), 422);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/buildsOn/0", code: "cycle" })]);
  });

  it("refuses an endedOn before startedOn with 422 naming /endedOn", async () => {
    const { homeCareUnitId } = await fixtures();
    const problem = expectProblem(
      await post(body(homeCareUnitId, { startedOn: "2025-06-01", endedOn: "2025-05-31" })),
      422,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/endedOn", code: "before_start" })]);
  });

  it("refuses a PATCH that moves endedOn before the stored startedOn", async () => {
    const { homeCareUnitId } = await fixtures();
    const created = await create(homeCareUnitId, { startedOn: "2025-06-01" });
    const problem = expectProblem(await patch(created.id, { endedOn: "2025-01-01" }), 422);
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/endedOn"]);
  });

  it("refuses an unknown stage with 400 naming /stage", async () => {
    const { homeCareUnitId } = await fixtures();
    const problem = expectProblem(await post(body(homeCareUnitId, { stage: "experiment" })), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ in: "body", pointer: "/stage" })]);
  });

  it("refuses an unknown approach and suggests bikva for 'bikwa'", async () => {
    const { homeCareUnitId } = await fixtures();
    const problem = expectProblem(
      await post(body(homeCareUnitId, { approaches: ["picture_cards", "bikwa"] })),
      422,
    );
    expect(problem.type).toBe("urn:samskab:problem:unknown-term");
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors?.[0]).toMatchObject({ pointer: "/approaches/1", code: "unknown_term" });
    expect(problem.errors?.[0]?.suggestions?.[0]).toMatchObject({ facet: "approach", slug: "bikva" });
  });

  it("refuses an unknown lead unit and participating unit", async () => {
    const { homeCareUnitId } = await fixtures();
    const problem = expectProblem(
      await post(body("unit_missing", { unitIds: [homeCareUnitId, "unit_gone"] })),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/leadUnitId", "/unitIds/1"]);
  });

  it("lists initiatives by organisation", async () => {
    const mine = await fixtures();
    const theirs = await fixtures();
    const a = await create(mine.homeCareUnitId);
    const b = await create(mine.jobCentreUnitId);
    await create(theirs.homeCareUnitId);
    expect(await list(`organisationId=${mine.organisationId}`)).toEqual([a.id, b.id].sort());
  });

  it("lists initiatives a unit leads or takes part in", async () => {
    const { homeCareUnitId, jobCentreUnitId } = await fixtures();
    const led = await create(homeCareUnitId);
    const participating = await create(jobCentreUnitId, { unitIds: [homeCareUnitId] });
    const other = await create(jobCentreUnitId);
    const ids = await list(`unitId=${homeCareUnitId}`);
    expect(ids).toEqual([led.id, participating.id].sort());
    expect(ids).not.toContain(other.id);
  });

  it("lists initiatives by stage and by status", async () => {
    const { organisationId, homeCareUnitId } = await fixtures();
    const pilot = await create(homeCareUnitId, { stage: "pilot", status: "active" });
    const project = await create(homeCareUnitId, { stage: "project", status: "completed" });
    const culture = await create(homeCareUnitId, { stage: "culture", status: "institutionalised" });
    expect(await list(`organisationId=${organisationId}&stage=project`)).toEqual([project.id]);
    expect(await list(`organisationId=${organisationId}&stage=pilot`)).toEqual([pilot.id]);
    expect(await list(`organisationId=${organisationId}&status=institutionalised`)).toEqual([culture.id]);
    expect(await list(`organisationId=${organisationId}&status=discarded`)).toEqual([]);
  });

  it("lists the initiatives inside a program", async () => {
    const { homeCareUnitId } = await fixtures();
    const program = await create(homeCareUnitId, { stage: "program" });
    const inside1 = await create(homeCareUnitId, { programId: program.id });
    const inside2 = await create(homeCareUnitId, { stage: "project", programId: program.id });
    await create(homeCareUnitId);
    expect(await list(`programId=${program.id}`)).toEqual([inside1.id, inside2.id].sort());
  });

  it("refuses an unknown stage filter with 400 naming the querystring", async () => {
    const problem = expectProblem(
      await app.inject({ method: "GET", url: "/v1/initiatives?stage=experiment" }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ in: "querystring", pointer: "/stage" })]);
  });

  it("updates an initiative with If-Match; given lists replace the stored ones", async () => {
    const { homeCareUnitId, jobCentreUnitId } = await fixtures();
    const created = await create(homeCareUnitId, { approaches: ["bikva"], unitIds: [jobCentreUnitId] });
    const response = await patch(
      created.id,
      { status: "completed", approaches: ["dream_scenarios"], endedOn: "2025-12-31" },
      { "if-match": '"1"' },
    );
    const updated = expectStatus<Initiative>(response, 200);
    expect(updated).toMatchObject({
      status: "completed",
      approaches: ["dream_scenarios"],
      unitIds: [jobCentreUnitId],
      title: created.title,
      endedOn: "2025-12-31",
      version: 2,
    });
    expect(response.headers.etag).toBe('"2"');
    const read = expectStatus<Initiative>(
      await app.inject({ method: "GET", url: `/v1/initiatives/${created.id}` }),
      200,
    );
    expect(read).toEqual(updated);
  });

  it("refuses an update with a stale If-Match with 412", async () => {
    const { homeCareUnitId } = await fixtures();
    const created = await create(homeCareUnitId);
    expectStatus(await patch(created.id, { status: "completed" }, { "if-match": '"1"' }), 200);
    const problem = expectProblem(
      await patch(created.id, { status: "discarded" }, { "if-match": '"1"' }),
      412,
    );
    expect(problem.currentVersion).toBe(2);
    const read = expectStatus<Initiative>(
      await app.inject({ method: "GET", url: `/v1/initiatives/${created.id}` }),
      200,
    );
    expect(read.status).toBe("completed");
  });

  it("answers 404 for an unknown initiative", async () => {
    const problem = expectProblem(
      await app.inject({ method: "GET", url: "/v1/initiatives/init_missing" }),
      404,
    );
    expect(problem).toMatchObject({ resource: "initiative", id: "init_missing" });
  });
});
