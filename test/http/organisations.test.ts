import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem, expectStatus, uniqueWord } from "../helpers/app.js";

type Organisation = {
  id: string;
  name: string;
  kind: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

const uniqueName = (prefix: string) => `${prefix} ${uniqueWord()}`;

describe("organisations", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // every reading of the clock is a second later, so "newest first" is deterministic
    let tick = 0;
    app = await buildTestApp({ clock: { now: () => new Date(Date.UTC(2026, 0, 1) + tick++ * 1000) } });
  });
  afterAll(() => app.close());

  const create = (payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/v1/organisations", payload });

  it("creates an organisation with 201, a Location and an ETag", async () => {
    const name = uniqueName("Fjordby Kommune");
    const response = await create({ name, kind: "region" });
    const created = expectStatus<Organisation>(response, 201);
    expect(created).toMatchObject({ name, kind: "region", version: 1 });
    expect(created.id).toEqual(expect.any(String));
    expect(response.headers.location).toBe(`/v1/organisations/${created.id}`);
    expect(response.headers.etag).toBe('"1"');
  });

  it("defaults the kind to municipality", async () => {
    const created = expectStatus<Organisation>(await create({ name: uniqueName("Default Kind") }), 201);
    expect(created.kind).toBe("municipality");
  });

  it("reads an organisation back with its ETag", async () => {
    const name = uniqueName("Readby");
    const created = expectStatus<Organisation>(await create({ name, kind: "third_sector" }), 201);
    const response = await app.inject({ method: "GET", url: `/v1/organisations/${created.id}` });
    expect(expectStatus<Organisation>(response, 200)).toEqual(created);
    expect(response.headers.etag).toBe('"1"');
  });

  it("lists organisations, newest first, including a new one", async () => {
    const first = expectStatus<Organisation>(await create({ name: uniqueName("List A") }), 201);
    const second = expectStatus<Organisation>(await create({ name: uniqueName("List B") }), 201);
    const page = expectStatus<{ items: Organisation[]; nextCursor: string | null }>(
      await app.inject({ method: "GET", url: "/v1/organisations?limit=100" }),
      200,
    );
    const ids = page.items.map((o) => o.id);
    expect(ids).toContain(first.id);
    expect(ids).toContain(second.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(page.items.find((o) => o.id === first.id)).toEqual(first);
  });

  it("pages through organisations with limit and nextCursor", async () => {
    const a = expectStatus<Organisation>(await create({ name: uniqueName("Page A") }), 201);
    const b = expectStatus<Organisation>(await create({ name: uniqueName("Page B") }), 201);
    const page1 = expectStatus<{ items: Organisation[]; nextCursor: string | null }>(
      await app.inject({ method: "GET", url: "/v1/organisations?limit=1" }),
      200,
    );
    expect(page1.items.map((o) => o.id)).toEqual([b.id]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = expectStatus<{ items: Organisation[]; nextCursor: string | null }>(
      await app.inject({
        method: "GET",
        url: `/v1/organisations?limit=1&cursor=${encodeURIComponent(page1.nextCursor ?? "")}`,
      }),
      200,
    );
    expect(page2.items.map((o) => o.id)).toEqual([a.id]);
  });

  it("updates an organisation with a matching If-Match and bumps the ETag", async () => {
    const created = expectStatus<Organisation>(await create({ name: uniqueName("Before") }), 201);
    const newName = uniqueName("After");
    const response = await app.inject({
      method: "PATCH",
      url: `/v1/organisations/${created.id}`,
      headers: { "if-match": '"1"' },
      payload: { name: newName, kind: "other" },
    });
    expect(expectStatus<Organisation>(response, 200)).toMatchObject({
      id: created.id,
      name: newName,
      kind: "other",
      version: 2,
    });
    expect(response.headers.etag).toBe('"2"');
    const read = expectStatus<Organisation>(
      await app.inject({ method: "GET", url: `/v1/organisations/${created.id}` }),
      200,
    );
    expect(read).toMatchObject({ name: newName, kind: "other", version: 2 });
  });

  it("keeps fields left out of a PATCH", async () => {
    const name = uniqueName("Partial");
    const created = expectStatus<Organisation>(await create({ name, kind: "region" }), 201);
    const updated = expectStatus<Organisation>(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${created.id}`,
        payload: { kind: "third_sector" },
      }),
      200,
    );
    expect(updated).toMatchObject({ name, kind: "third_sector", version: 2 });
  });

  it("refuses an update with a stale If-Match with 412 and leaves the record alone", async () => {
    const name = uniqueName("Stale");
    const created = expectStatus<Organisation>(await create({ name }), 201);
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${created.id}`,
        headers: { "if-match": '"1"' },
        payload: { kind: "region" },
      }),
      200,
    );
    const problem = expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${created.id}`,
        headers: { "if-match": '"1"' },
        payload: { name: uniqueName("Lost update") },
      }),
      412,
    );
    expect(problem.type).toBe("urn:samskab:problem:stale-version");
    expect(problem.currentVersion).toBe(2);
    const read = expectStatus<Organisation>(
      await app.inject({ method: "GET", url: `/v1/organisations/${created.id}` }),
      200,
    );
    expect(read).toMatchObject({ name, kind: "region", version: 2 });
  });

  it("refuses a duplicate name with 409 naming /name", async () => {
    const name = uniqueName("Duplicate");
    expectStatus(await create({ name }), 201);
    const problem = expectProblem(await create({ name }), 409);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/name", code: "duplicate" })]);
  });

  it("refuses a name that differs only in case with 409", async () => {
    const name = uniqueName("Casing Kommune");
    expectStatus(await create({ name }), 201);
    const problem = expectProblem(await create({ name: name.toUpperCase() }), 409);
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/name"]);
  });

  it("refuses a name that differs only in the case of Danish letters with 409", async () => {
    const name = uniqueName("Ærø Kommune");
    expectStatus(await create({ name }), 201);
    const problem = expectProblem(await create({ name: name.toUpperCase() }), 409);
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/name"]);
  });

  it("refuses renaming to another organisation's name with 409", async () => {
    const taken = uniqueName("Taken");
    expectStatus(await create({ name: taken }), 201);
    const other = expectStatus<Organisation>(await create({ name: uniqueName("Other") }), 201);
    const problem = expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${other.id}`,
        payload: { name: taken.toLowerCase() },
      }),
      409,
    );
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/name"]);
  });

  it("allows re-saving an organisation under its own name", async () => {
    const name = uniqueName("Same Name");
    const created = expectStatus<Organisation>(await create({ name }), 201);
    const updated = expectStatus<Organisation>(
      await app.inject({ method: "PATCH", url: `/v1/organisations/${created.id}`, payload: { name } }),
      200,
    );
    expect(updated).toMatchObject({ name, version: 2 });
  });

  it("answers 404 with a problem for an unknown id", async () => {
    const problem = expectProblem(
      await app.inject({ method: "GET", url: "/v1/organisations/org_does_not_exist" }),
      404,
    );
    expect(problem).toMatchObject({
      type: "urn:samskab:problem:not-found",
      resource: "organisation",
      id: "org_does_not_exist",
      instance: "/v1/organisations/org_does_not_exist",
    });
  });

  it("answers 404 when updating an unknown id", async () => {
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: "/v1/organisations/org_missing",
        payload: { kind: "region" },
      }),
      404,
    );
  });

  it("refuses an invalid kind with 400 naming /kind", async () => {
    const problem = expectProblem(await create({ name: uniqueName("Bad Kind"), kind: "county" }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ in: "body", pointer: "/kind" })]);
  });

  it("refuses a missing name and an unknown field, naming both", async () => {
    const problem = expectProblem(await create({ kind: "region", colour: "blue" }), 400);
    const pointers = problem.errors?.map((e) => e.pointer).sort();
    expect(pointers).toEqual(["/colour", "/name"]);
  });
});
