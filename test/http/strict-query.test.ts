// Unknown query parameters are 400 naming them, on every route, instead of being ignored.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "../helpers/app.js";

describe("unknown query parameters", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it.each([
    ["GET", "/v1/lessons?unit=u_x", "unit"],
    ["GET", "/v1/lessons/les_nowhere?fields=all", "fields"],
    ["GET", "/v1/vocabularies?facet=mechanism", "facet"],
    ["GET", "/v1/suggest?q=til&lmit=3", "lmit"],
    ["POST", "/v1/filter?debug=1", "debug"],
    ["GET", "/health?verbose=1", "verbose"],
    ["GET", "/v1/maps/evidence?rows=mechanism&cols=outcome&filter.__proto__=x", "filter.__proto__"],
    ["GET", "/v1/maps/evidence?rows=mechanism&cols=outcome&colums=x", "colums"],
  ] as const)("%s %s → 400 naming %s", async (method, url, name) => {
    const problem = expectProblem(
      await app.inject({ method, url, payload: method === "POST" ? {} : undefined }),
      400,
    );
    expect(JSON.stringify(problem.errors ?? problem.detail)).toContain(name);
  });

  it("still takes the parameters a route knows", async () => {
    expect((await app.inject({ method: "GET", url: "/v1/lessons?limit=5" })).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/v1/suggest?q=til&limit=3" })).statusCode).toBe(200);
    expect(
      (
        await app.inject({
          method: "GET",
          url: "/v1/maps/evidence?rows=mechanism&cols=outcome&filter.serviceArea=home_care",
        })
      ).statusCode,
    ).toBe(200);
  });
});
