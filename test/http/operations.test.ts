import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectStatus } from "../helpers/app.js";

/** The seed's vocabulary, plus the pitfall terms every database is created with (migration 0004). */
const PITFALL_TERMS = 7;
const standardTermCount =
  (
    JSON.parse(readFileSync(new URL("../../seed/vocabulary.json", import.meta.url), "utf8")) as {
      terms: unknown[];
    }
  ).terms.length + PITFALL_TERMS;

describe("operations endpoints", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it("reports liveness on /health", async () => {
    const reply = await app.inject({ method: "GET", url: "/health" });
    expect(expectStatus(reply, 200)).toEqual({ status: "ok" });
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
  });

  it("reports readiness with the database and the loaded vocabulary index", async () => {
    const vocabularies = expectStatus<{ items: { terms: unknown[] }[] }>(
      await app.inject({ method: "GET", url: "/v1/vocabularies" }),
      200,
    );
    const listedTerms = vocabularies.items.reduce((sum, facet) => sum + facet.terms.length, 0);
    const ready = expectStatus<{
      status: string;
      checks: { database: string; vocabularyIndex: { terms: number } };
    }>(await app.inject({ method: "GET", url: "/ready" }), 200);
    expect(ready).toEqual({
      status: "ready",
      checks: { database: "ok", vocabularyIndex: { terms: listedTerms } },
    });
    expect(listedTerms).toBe(standardTermCount);
  });

  it("serves an OpenAPI 3.1.0 document that lists /v1/lessons", async () => {
    const reply = await app.inject({ method: "GET", url: "/openapi.json" });
    const document = expectStatus<{
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, unknown>>;
    }>(reply, 200);
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBe("samskab");
    expect(Object.keys(document.paths)).toContain("/v1/lessons");
    expect(document.paths["/v1/lessons"]).toHaveProperty("post");
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(["/v1/organisations", "/v1/units", "/v1/initiatives", "/v1/vocabularies"]),
    );
  });

  it("documents error replies as application/problem+json", async () => {
    const document = expectStatus<{
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
      >;
    }>(await app.inject({ method: "GET", url: "/openapi.json" }), 200);
    const responses = document.paths["/v1/organisations"]?.post?.responses ?? {};
    expect(Object.keys(responses["409"]?.content ?? {})).toEqual(["application/problem+json"]);
    expect(Object.keys(responses["201"]?.content ?? {})).toEqual(["application/json"]);
  });

  it("answers /docs with an HTML page, following a redirect if there is one", async () => {
    let reply = await app.inject({ method: "GET", url: "/docs" });
    for (let hops = 0; hops < 3 && reply.statusCode >= 300 && reply.statusCode < 400; hops++) {
      const location = reply.headers.location;
      expect(location).toEqual(expect.any(String));
      reply = await app.inject({
        method: "GET",
        url: new URL(String(location), "http://localhost/docs").pathname,
      });
    }
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["content-type"]).toMatch(/^text\/html/);
    expect(reply.body.toLowerCase()).toContain("<html");
  });
});
