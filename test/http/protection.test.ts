// Security headers on every reply, CORS only for the origins an installation names (a preflight needs
// no key), and a rate limit per key or address answered with 429 problem+json.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { rateLimitKey } from "../../src/http/protection.js";
import { expectProblem } from "../helpers/app.js";

async function appWith(options: { rateLimitPerMinute?: number; corsOrigins?: string[] }) {
  const app = await buildApp({
    config: {
      databasePath: ":memory:",
      logLevel: "silent",
      seed: "vocabulary",
      bodyLimitBytes: 1 << 20,
      ...options,
    },
  });
  await app.ready();
  return app;
}

describe("protection", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWith({ rateLimitPerMinute: 3, corsOrigins: ["https://intranet.fjordby.dk"] });
  });
  afterAll(() => app.close());

  it("sends the security headers on JSON, problem and HTML replies", async () => {
    for (const url of ["/health", "/v1/nowhere", "/docs/"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.headers["x-content-type-options"], url).toBe("nosniff");
      expect(response.headers["x-frame-options"], url).toBe("SAMEORIGIN");
      expect(response.headers["content-security-policy"], url).toMatch(/default-src 'self'/);
      expect(response.headers["strict-transport-security"], url).toBeDefined();
    }
  });

  it("answers a preflight from a named origin without a key, and says nothing to other origins", async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: "OPTIONS",
        url: "/v1/filter",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      });
    const allowed = await preflight("https://intranet.fjordby.dk");
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://intranet.fjordby.dk");
    expect(String(allowed.headers["access-control-allow-headers"])).toMatch(/authorization/);
    const other = await preflight("https://evil.example");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("limits requests per address: the one over the limit is 429 problem+json with Retry-After", async () => {
    const from = { remoteAddress: "127.0.0.9" };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.inject({ method: "GET", url: "/v1/vocabularies", ...from })).statusCode);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await app.inject({ method: "GET", url: "/v1/vocabularies", ...from });
    const problem = expectProblem(limited, 429);
    expect(problem.type).toBe("urn:samskab:problem:rate-limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.headers["ratelimit-limit"]).toBe("3");
    // another address, and the health probe, are not affected
    expect(
      (await app.inject({ method: "GET", url: "/v1/vocabularies", remoteAddress: "127.0.0.10" })).statusCode,
    ).toBe(200);
    expect((await app.inject({ method: "GET", url: "/health", ...from })).statusCode).toBe(200);
  });

  it("counts a key by its hash, never by the key itself", () => {
    const key = "smk_secret_value_that_must_not_be_kept";
    const counted = rateLimitKey({ headers: { authorization: `Bearer ${key}` }, ip: "127.0.0.1" });
    expect(counted).toMatch(/^key:[0-9a-f]{32}$/);
    expect(counted).not.toContain(key);
    expect(rateLimitKey({ headers: {}, ip: "127.0.0.7" })).toBe("ip:127.0.0.7");
  });

  it("has no CORS and no limit unless configured", async () => {
    const plain = await appWith({});
    try {
      const preflight = await plain.inject({
        method: "OPTIONS",
        url: "/v1/filter",
        headers: { origin: "https://intranet.fjordby.dk", "access-control-request-method": "POST" },
      });
      expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
      for (let i = 0; i < 5; i++)
        expect((await plain.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
    } finally {
      await plain.close();
    }
  });
});
