import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem, expectStatus, uniqueWord } from "../helpers/app.js";

type Unit = {
  id: string;
  organisationId: string;
  parentId: string | null;
  name: string;
  description: string | null;
  context: Record<string, string[]>;
  version: number;
};
type Page = { items: Unit[]; nextCursor: string | null };

const unique = (prefix: string) => `${prefix} ${uniqueWord()}`;

describe("units", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  async function organisation(): Promise<string> {
    return expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url: "/v1/organisations", payload: { name: unique("Kommune") } }),
      201,
    ).id;
  }
  const postUnit = (payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/v1/units", payload });
  async function unit(payload: Record<string, unknown>): Promise<Unit> {
    return expectStatus<Unit>(await postUnit({ name: unique("Unit"), ...payload }), 201);
  }
  async function listUnits(query: string): Promise<Page> {
    return expectStatus<Page>(await app.inject({ method: "GET", url: `/v1/units?${query}` }), 200);
  }

  it("creates a unit with a context profile and reads it back", async () => {
    const organisationId = await organisation();
    const context = {
      serviceArea: ["home_care"],
      userGroup: ["older_adults", "people_with_dementia"],
      setting: ["rural"],
    };
    const response = await postUnit({
      organisationId,
      name: "Hjemmeplejen Nord",
      description: "Three teams covering the northern villages.",
      context,
    });
    const created = expectStatus<Unit>(response, 201);
    expect(created).toMatchObject({
      organisationId,
      name: "Hjemmeplejen Nord",
      parentId: null,
      description: "Three teams covering the northern villages.",
      context,
      version: 1,
    });
    expect(response.headers.location).toBe(`/v1/units/${created.id}`);
    expect(response.headers.etag).toBe('"1"');

    const read = await app.inject({ method: "GET", url: `/v1/units/${created.id}` });
    expect(expectStatus<Unit>(read, 200)).toEqual(created);
    expect(read.headers.etag).toBe('"1"');
  });

  it("gives a unit created without context an empty profile", async () => {
    const organisationId = await organisation();
    const created = await unit({ organisationId });
    expect(created.context).toEqual({});
    const read = expectStatus<Unit>(await app.inject({ method: "GET", url: `/v1/units/${created.id}` }), 200);
    expect(read.context).toEqual({});
    expect(read.description).toBeNull();
  });

  it("nests a unit below a parent in the same organisation", async () => {
    const organisationId = await organisation();
    const parent = await unit({ organisationId, name: "Sundhed og Omsorg" });
    const child = await unit({ organisationId, name: "Hjemmeplejen", parentId: parent.id });
    expect(child.parentId).toBe(parent.id);
    const read = expectStatus<Unit>(await app.inject({ method: "GET", url: `/v1/units/${child.id}` }), 200);
    expect(read.parentId).toBe(parent.id);
  });

  it("refuses a parent from another organisation with 422 naming /parentId", async () => {
    const foreignParent = await unit({ organisationId: await organisation() });
    const organisationId = await organisation();
    const problem = expectProblem(
      await postUnit({ organisationId, name: unique("Child"), parentId: foreignParent.id }),
      422,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/parentId", code: "other_organisation" }),
    ]);
  });

  it("refuses an unknown parent with 422 naming /parentId", async () => {
    const organisationId = await organisation();
    const problem = expectProblem(
      await postUnit({ organisationId, name: unique("Orphan"), parentId: "unit_missing" }),
      422,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/parentId", code: "unknown_reference" }),
    ]);
  });

  it("refuses an unknown organisationId with 422 naming /organisationId", async () => {
    const problem = expectProblem(
      await postUnit({ organisationId: "org_missing", name: unique("Lost") }),
      422,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/organisationId", code: "unknown_reference" }),
    ]);
  });

  it("refuses an unknown context term and suggests home_care for the Danish label 'hjemmepleje'", async () => {
    const organisationId = await organisation();
    const problem = expectProblem(
      await postUnit({ organisationId, name: unique("Typo"), context: { serviceArea: ["hjemmepleje"] } }),
      422,
    );
    expect(problem.type).toBe("urn:samskab:problem:unknown-term");
    expect(problem.errors).toHaveLength(1);
    const [error] = problem.errors ?? [];
    expect(error).toMatchObject({ pointer: "/context/serviceArea/0", code: "unknown_term" });
    expect(error?.suggestions?.[0]).toMatchObject({ facet: "serviceArea", slug: "home_care" });
    expect(error?.suggestions?.[0]?.matchedOn).toMatch(/^da label 'Hjemmepleje'$/);
  });

  it("suggests home_care for its Norwegian synonym 'hjemmetjenesten'", async () => {
    const organisationId = await organisation();
    const problem = expectProblem(
      await postUnit({
        organisationId,
        name: unique("Norsk"),
        context: { serviceArea: ["hjemmetjenesten"] },
      }),
      422,
    );
    const [error] = problem.errors ?? [];
    expect(error?.pointer).toBe("/context/serviceArea/0");
    expect(error?.suggestions?.[0]).toMatchObject({
      facet: "serviceArea",
      slug: "home_care",
      matchedOn: "nb synonym 'hjemmetjenesten'",
    });
  });

  it("reports every unknown term of a context at once", async () => {
    const organisationId = await organisation();
    const problem = expectProblem(
      await postUnit({
        organisationId,
        name: unique("Many"),
        context: { serviceArea: ["home_care", "hjemmepleje"], setting: ["landdistrikt"] },
      }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/context/serviceArea/1", "/context/setting/0"]);
    expect(problem.errors?.[1]?.suggestions?.[0]?.slug).toBe("rural");
  });

  it("refuses an unknown context dimension with 422", async () => {
    const organisationId = await organisation();
    const problem = expectProblem(
      await postUnit({ organisationId, name: unique("Dim"), context: { servicArea: ["home_care"] } }),
      422,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/context/servicArea", code: "unknown_dimension" }),
    ]);
    expect(problem.errors?.[0]?.message).toContain("'serviceArea'");
  });

  it("refuses a non-context facet used as a context dimension", async () => {
    const organisationId = await organisation();
    const problem = expectProblem(
      await postUnit({ organisationId, name: unique("Mech"), context: { mechanism: ["trust"] } }),
      422,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/context/mechanism", code: "unknown_dimension" }),
    ]);
  });

  it("refuses a duplicate unit name in the same organisation, in any case, with 409", async () => {
    const organisationId = await organisation();
    const name = unique("Jobcenter");
    await unit({ organisationId, name });
    const problem = expectProblem(await postUnit({ organisationId, name: name.toLowerCase() }), 409);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/name", code: "duplicate" })]);
  });

  it("refuses a unit name that differs only in the case of Danish letters with 409", async () => {
    const organisationId = await organisation();
    const name = unique("Ældreplejen Øst");
    await unit({ organisationId, name });
    const problem = expectProblem(await postUnit({ organisationId, name: name.toLowerCase() }), 409);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/name", code: "duplicate" })]);
  });

  it("allows the same unit name in another organisation", async () => {
    const name = unique("Jobcenter");
    const first = await unit({ organisationId: await organisation(), name });
    const second = await unit({ organisationId: await organisation(), name });
    expect(second.name).toBe(first.name);
    expect(second.id).not.toBe(first.id);
  });

  it("replaces the whole context profile on PATCH", async () => {
    const organisationId = await organisation();
    const created = await unit({
      organisationId,
      context: { serviceArea: ["home_care"], setting: ["rural"] },
    });
    const response = await app.inject({
      method: "PATCH",
      url: `/v1/units/${created.id}`,
      headers: { "if-match": '"1"' },
      payload: { context: { userGroup: ["unemployed"] } },
    });
    const updated = expectStatus<Unit>(response, 200);
    expect(updated.context).toEqual({ userGroup: ["unemployed"] });
    expect(updated.version).toBe(2);
    expect(response.headers.etag).toBe('"2"');
    const read = expectStatus<Unit>(await app.inject({ method: "GET", url: `/v1/units/${created.id}` }), 200);
    expect(read.context).toEqual({ userGroup: ["unemployed"] });
  });

  it("keeps the context when a PATCH leaves it out", async () => {
    const organisationId = await organisation();
    const created = await unit({ organisationId, context: { setting: ["island"] } });
    const updated = expectStatus<Unit>(
      await app.inject({
        method: "PATCH",
        url: `/v1/units/${created.id}`,
        payload: { description: "Ferry-based service." },
      }),
      200,
    );
    expect(updated).toMatchObject({ context: { setting: ["island"] }, description: "Ferry-based service." });
  });

  it("refuses a PATCH with a stale If-Match with 412", async () => {
    const organisationId = await organisation();
    const created = await unit({ organisationId });
    expectStatus(
      await app.inject({ method: "PATCH", url: `/v1/units/${created.id}`, payload: { description: "v2" } }),
      200,
    );
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/units/${created.id}`,
        headers: { "if-match": '"1"' },
        payload: { description: "v3" },
      }),
      412,
    );
  });

  it("refuses moving a unit below its own child with 422 cycle", async () => {
    const organisationId = await organisation();
    const parent = await unit({ organisationId });
    const child = await unit({ organisationId, parentId: parent.id });
    const grandchild = await unit({ organisationId, parentId: child.id });
    for (const target of [child.id, grandchild.id, parent.id]) {
      const problem = expectProblem(
        await app.inject({ method: "PATCH", url: `/v1/units/${parent.id}`, payload: { parentId: target } }),
        422,
      );
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/parentId", code: "cycle" })]);
    }
    const read = expectStatus<Unit>(await app.inject({ method: "GET", url: `/v1/units/${parent.id}` }), 200);
    expect(read).toMatchObject({ parentId: null, version: 1 });
  });

  it("lists the units of one organisation only", async () => {
    const organisationId = await organisation();
    const a = await unit({ organisationId });
    const b = await unit({ organisationId, context: { setting: ["urban"] } });
    await unit({ organisationId: await organisation() });
    const page = await listUnits(`organisationId=${organisationId}`);
    expect(page.items.map((u) => u.id).sort()).toEqual([a.id, b.id].sort());
    expect(page.items.find((u) => u.id === b.id)?.context).toEqual({ setting: ["urban"] });
    expect(page.nextCursor).toBeNull();
  });

  it("lists only the units directly below a parent", async () => {
    const organisationId = await organisation();
    const parent = await unit({ organisationId });
    const child1 = await unit({ organisationId, parentId: parent.id });
    const child2 = await unit({ organisationId, parentId: parent.id });
    await unit({ organisationId, parentId: child1.id });
    const page = await listUnits(`parentId=${parent.id}`);
    expect(page.items.map((u) => u.id).sort()).toEqual([child1.id, child2.id].sort());
  });

  it("stores nothing when a create is rejected", async () => {
    const organisationId = await organisation();
    await unit({ organisationId });
    const before = (await listUnits(`organisationId=${organisationId}`)).items.length;
    expectProblem(
      await postUnit({ organisationId, name: unique("Rejected"), context: { serviceArea: ["nope_term"] } }),
      422,
    );
    expectProblem(
      await postUnit({ organisationId, name: unique("Rejected"), parentId: "unit_missing" }),
      422,
    );
    const after = (await listUnits(`organisationId=${organisationId}`)).items.length;
    expect(before).toBe(1);
    expect(after).toBe(before);
  });

  it("answers 404 for an unknown unit", async () => {
    const problem = expectProblem(await app.inject({ method: "GET", url: "/v1/units/unit_missing" }), 404);
    expect(problem).toMatchObject({ resource: "unit", id: "unit_missing" });
  });

  it("refuses a context slug that is not slug-shaped with 400", async () => {
    const organisationId = await organisation();
    const problem = expectProblem(
      await postUnit({ organisationId, name: unique("Shape"), context: { serviceArea: ["Home Care"] } }),
      400,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ in: "body", pointer: "/context/serviceArea/0" }),
    ]);
  });
});
