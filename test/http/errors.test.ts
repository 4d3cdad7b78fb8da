import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  lessonBody,
  uniqueWord,
} from "../helpers/app.js";

const PROBLEM = "urn:samskab:problem:";

describe("problem replies", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const orgName = () => `Errorby ${uniqueWord()}`;
  async function organisation(): Promise<{ id: string; name: string }> {
    return expectStatus<{ id: string; name: string }>(
      await app.inject({ method: "POST", url: "/v1/organisations", payload: { name: orgName() } }),
      201,
    );
  }

  it("refuses a body over 1 MiB with 413 problem+json", async () => {
    const { homeCareUnitId } = await createFixtures(app, orgName());
    const payload = JSON.stringify(lessonBody(homeCareUnitId, { coping: "x".repeat(1024 * 1024) }));
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        headers: { "content-type": "application/json" },
        payload,
      }),
      413,
    );
    expect(problem.type).toBe(`${PROBLEM}body-too-large`);
    expect(problem.detail).toContain("1048576");
    expect(problem.requestId).toEqual(expect.any(String));
  });

  it("refuses text/plain on POST with 415 problem+json", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/organisations",
        headers: { "content-type": "text/plain" },
        payload: JSON.stringify({ name: orgName() }),
      }),
      415,
    );
    expect(problem.type).toBe(`${PROBLEM}unsupported-media-type`);
    expect(problem.detail).toContain("text/plain");
  });

  it("refuses application/xml on POST with 415 problem+json", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/organisations",
        headers: { "content-type": "application/xml" },
        payload: "<organisation><name>Xmlby</name></organisation>",
      }),
      415,
    );
    expect(problem.type).toBe(`${PROBLEM}unsupported-media-type`);
    expect(problem.detail).toContain("application/xml");
  });

  it("refuses malformed JSON with 400 problem+json", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/organisations",
        headers: { "content-type": "application/json" },
        payload: '{"name": "Broken",',
      }),
      400,
    );
    expect(problem.type).toBe(`${PROBLEM}malformed-body`);
  });

  it("answers an unknown route with a 404 problem naming the path as instance", async () => {
    const problem = expectProblem(await app.inject({ method: "GET", url: "/v1/nothing-here?x=1" }), 404);
    expect(problem).toMatchObject({ type: `${PROBLEM}route-not-found`, instance: "/v1/nothing-here" });
    expect(problem.detail).toContain("GET /v1/nothing-here");
  });

  it("gives every kind of problem a type, title, status, detail and requestId", async () => {
    const replies = [
      await app.inject({ method: "GET", url: "/nope" }),
      await app.inject({ method: "GET", url: "/v1/organisations/org_missing" }),
      await app.inject({ method: "POST", url: "/v1/organisations", payload: { kind: "county" } }),
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId: "org_missing", name: "Lost" },
      }),
    ];
    const statuses: number[] = [];
    for (const reply of replies) {
      const problem = expectProblem(reply, reply.statusCode);
      statuses.push(problem.status);
      expect(problem.type).toMatch(/^urn:samskab:problem:[a-z-]+$/);
      expect(problem.title.length).toBeGreaterThan(0);
      expect(problem.detail.length).toBeGreaterThan(0);
      expect(problem.requestId).toEqual(expect.any(String));
      expect(problem.requestId).toBe(reply.headers["x-request-id"]);
    }
    expect(statuses).toEqual([404, 404, 400, 422]);
  });

  it("echoes a client-sent x-request-id in the header and the problem", async () => {
    const requestId = `client-${randomUUID()}`;
    const reply = await app.inject({
      method: "GET",
      url: "/v1/organisations/org_missing",
      headers: { "x-request-id": requestId },
    });
    const problem = expectProblem(reply, 404);
    expect(reply.headers["x-request-id"]).toBe(requestId);
    expect(problem.requestId).toBe(requestId);
  });

  it("echoes a client-sent x-request-id on a successful reply too", async () => {
    const requestId = `client-${randomUUID()}`;
    const reply = await app.inject({ method: "GET", url: "/health", headers: { "x-request-id": requestId } });
    expectStatus(reply, 200);
    expect(reply.headers["x-request-id"]).toBe(requestId);
  });

  it("generates a distinct request id when the client sends none", async () => {
    const a = await app.inject({ method: "GET", url: "/nope" });
    const b = await app.inject({ method: "GET", url: "/nope" });
    const idA = expectProblem(a, 404).requestId;
    const idB = expectProblem(b, 404).requestId;
    expect(idA).toMatch(/^[0-9a-f-]{36}$/);
    expect(idA).not.toBe(idB);
  });

  it("lists every failing body field with in and pointer", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/initiatives",
        payload: { title: "", stage: "experiment", status: "active", leadUnitId: "unit_x", extra: true },
      }),
      400,
    );
    expect(problem.type).toBe(`${PROBLEM}validation`);
    const fields = (problem.errors ?? []).map((e) => `${e.in} ${e.pointer}`).sort();
    expect(fields).toEqual(["body /description", "body /extra", "body /stage", "body /title"]);
    for (const error of problem.errors ?? []) expect(error.message.length).toBeGreaterThan(0);
  });

  it("names the querystring field of an invalid list limit", async () => {
    const problem = expectProblem(await app.inject({ method: "GET", url: "/v1/organisations?limit=0" }), 400);
    expect(problem.errors).toEqual([expect.objectContaining({ in: "querystring", pointer: "/limit" })]);
    expect(problem.detail).toContain("querystring /limit");
  });

  it("refuses a limit over the maximum and a non-numeric one", async () => {
    for (const limit of ["101", "ten"]) {
      const problem = expectProblem(
        await app.inject({ method: "GET", url: `/v1/units?limit=${limit}` }),
        400,
      );
      expect(problem.errors).toEqual([expect.objectContaining({ in: "querystring", pointer: "/limit" })]);
    }
  });

  it("refuses a cursor it did not issue with 422 naming /cursor", async () => {
    const problem = expectProblem(
      await app.inject({ method: "GET", url: "/v1/organisations?cursor=not-a-cursor" }),
      422,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/cursor", code: "invalid_cursor" })]);
  });

  it("refuses an If-Match header that is not an ETag with 400", async () => {
    const created = await organisation();
    const problem = expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${created.id}`,
        headers: { "if-match": "banana" },
        payload: { kind: "region" },
      }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ in: "headers", pointer: "/if-match" })]);
    const read = expectStatus<{ kind: string; version: number }>(
      await app.inject({ method: "GET", url: `/v1/organisations/${created.id}` }),
      200,
    );
    expect(read).toMatchObject({ kind: "municipality", version: 1 });
  });

  it("accepts If-Match: * and a weak ETag", async () => {
    const created = await organisation();
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${created.id}`,
        headers: { "if-match": "*" },
        payload: { kind: "region" },
      }),
      200,
    );
    const updated = expectStatus<{ version: number }>(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${created.id}`,
        headers: { "if-match": 'W/"2"' },
        payload: { kind: "other" },
      }),
      200,
    );
    expect(updated.version).toBe(3);
  });

  it("accepts application/merge-patch+json on PATCH", async () => {
    const created = await organisation();
    const reply = await app.inject({
      method: "PATCH",
      url: `/v1/organisations/${created.id}`,
      headers: { "content-type": "application/merge-patch+json", "if-match": '"1"' },
      payload: JSON.stringify({ kind: "third_sector" }),
    });
    expect(expectStatus(reply, 200)).toMatchObject({ id: created.id, kind: "third_sector", version: 2 });
  });

  it("refuses malformed merge-patch JSON with 400 problem+json", async () => {
    const created = await organisation();
    const problem = expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${created.id}`,
        headers: { "content-type": "application/merge-patch+json" },
        payload: "{kind:",
      }),
      400,
    );
    expect(problem.type).toBe(`${PROBLEM}malformed-body`);
  });
});
