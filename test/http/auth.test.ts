// Authentication and per-route access: request.principal from `Authorization: Bearer <key>`, 401 and 403
// problem documents with their Bearer challenge, the master key, routes that fail closed, and the bearer
// scheme in the OpenAPI document.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import type { Principal } from "../../src/domain/access.js";
import { type Access, describeAccess, refusalOf } from "../../src/http/auth.js";
import {
  ANONYMOUS_HEADERS,
  asKey,
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  issueKey,
  lessonBody,
  TEST_ADMIN_KEY,
} from "../helpers/app.js";

let app: FastifyInstance;
let fixtures: Fixtures;

beforeAll(async () => {
  app = await buildTestApp();
  fixtures = await createFixtures(app);
});
afterAll(() => app.close());

const MANAGER_ONLY = "/v1/maps/evidence?rows=mechanism&cols=outcome";

describe("401: no key, or a key that does not work", () => {
  it("answers a protected route without a key with 401, a problem document and a Bearer challenge", async () => {
    const response = await app.inject({ url: MANAGER_ONLY, headers: ANONYMOUS_HEADERS });
    const problem = expectProblem(response, 401);
    expect(problem.type).toBe("urn:samskab:problem:unauthenticated");
    expect(problem.detail).toMatch(/Authorization: Bearer/);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="samskab"');
  });

  it('answers an unknown key with 401 and error="invalid_token", on protected and on open routes alike', async () => {
    for (const url of [MANAGER_ONLY, "/v1/lessons"]) {
      const response = await app.inject({ url, headers: asKey("smk_not-a-key-anyone-issued") });
      expect(expectProblem(response, 401).detail).toBe("The key is not known to this installation.");
      expect(response.headers["www-authenticate"]).toBe('Bearer realm="samskab", error="invalid_token"');
    }
  });

  it('answers an Authorization header that is not `Bearer <key>` with 401 and error="invalid_request"', async () => {
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer two words"]) {
      const response = await app.inject({ url: MANAGER_ONLY, headers: { authorization } });
      expectProblem(response, 401);
      expect(response.headers["www-authenticate"]).toBe('Bearer realm="samskab", error="invalid_request"');
    }
  });

  it("refuses a write without a key before reading its body, and stores nothing", async () => {
    const before = expectStatus<{ items: unknown[] }>(await app.inject("/v1/lessons?limit=100"), 200).items
      .length;
    const response = await app.inject({
      method: "POST",
      url: "/v1/lessons",
      headers: ANONYMOUS_HEADERS,
      payload: lessonBody(fixtures.homeCareUnitId),
    });
    expectProblem(response, 401);
    const after = expectStatus<{ items: unknown[] }>(await app.inject("/v1/lessons?limit=100"), 200).items
      .length;
    expect(after).toBe(before);
  });
});

describe("the master key (ADMIN_KEY)", () => {
  it("is an admin: it may call an admin-only route", async () => {
    expectStatus(await app.inject({ url: "/v1/keys", headers: asKey(TEST_ADMIN_KEY) }), 200);
  });

  it("works with the scheme in any case and is refused when one character differs", async () => {
    expectStatus(
      await app.inject({ url: "/v1/keys", headers: { authorization: `bearer ${TEST_ADMIN_KEY}` } }),
      200,
    );
    const wrong = `${TEST_ADMIN_KEY.slice(0, -1)}!`;
    expectProblem(await app.inject({ url: "/v1/keys", headers: asKey(wrong) }), 401);
  });

  it("does not exist when ADMIN_KEY is not configured", async () => {
    const bare = await buildTestApp({ adminKey: null });
    try {
      expectProblem(await bare.inject({ url: "/v1/keys", headers: asKey(TEST_ADMIN_KEY) }), 401);
    } finally {
      await bare.close();
    }
  });
});

describe("routes open to anyone", () => {
  it("serves /health, /ready, /openapi.json and /docs without a key, and ignores a bad key there", async () => {
    for (const url of ["/health", "/ready", "/openapi.json", "/docs", "/docs/static/index.html"]) {
      for (const headers of [ANONYMOUS_HEADERS, asKey("smk_unknown")]) {
        const response = await app.inject({ url, headers });
        expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBeLessThan(400);
      }
    }
  });

  it("answers reads of lessons, the filter, suggest and vocabularies without a key", async () => {
    for (const request of [
      { url: "/v1/lessons" },
      { url: `/v1/lessons/les_nope` },
      { url: "/v1/vocabularies" },
      { url: "/v1/suggest?q=tru" },
      { method: "POST" as const, url: "/v1/filter", payload: {} },
    ]) {
      const response = await app.inject({ ...request, headers: ANONYMOUS_HEADERS });
      expect([200, 404], `${request.url}: ${response.body.slice(0, 200)}`).toContain(response.statusCode);
    }
  });

  it("keeps HEAD of a protected GET protected", async () => {
    const response = await app.inject({ method: "HEAD", url: MANAGER_ONLY, headers: ANONYMOUS_HEADERS });
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="samskab"');
  });
});

describe("403: a known key without the right", () => {
  it("refuses a staff key on an admin route and on a manager route", async () => {
    const staff = await issueKey(app, { role: "staff", unitId: fixtures.homeCareUnitId });
    for (const url of ["/v1/keys", MANAGER_ONLY]) {
      const problem = expectProblem(await app.inject({ url, headers: asKey(staff.key) }), 403);
      expect(problem.type).toBe("urn:samskab:problem:forbidden");
      expect(problem.detail).toMatch(/A staff key may not do this/);
    }
  });

  it("lets an integration key with the scope through, and refuses one without it", async () => {
    const reader = await issueKey(app, {
      role: "integration",
      organisationId: fixtures.organisationId,
      scopes: ["lessons:read"],
    });
    const writer = await issueKey(app, {
      role: "integration",
      organisationId: fixtures.organisationId,
      scopes: ["lessons:write"],
    });
    expectStatus(await app.inject({ url: MANAGER_ONLY, headers: asKey(reader.key) }), 200);
    expect(
      expectProblem(await app.inject({ url: MANAGER_ONLY, headers: asKey(writer.key) }), 403).detail,
    ).toMatch(/lacks the scope 'lessons:read'/);
    expectProblem(await app.inject({ url: "/v1/lessons", headers: asKey(writer.key) }), 403);
    expectProblem(await app.inject({ url: "/v1/keys", headers: asKey(reader.key) }), 403);
  });
});

describe("a route that declares no access requirement", () => {
  it("is refused to everyone, the master key included", async () => {
    const bare = await buildApp({
      config: {
        databasePath: ":memory:",
        logLevel: "silent",
        seed: "none",
        bodyLimitBytes: 1024 * 1024,
        adminKey: TEST_ADMIN_KEY,
      },
    });
    bare.get("/throwaway", async () => ({ leaked: true }));
    try {
      await bare.ready();
      for (const headers of [{}, asKey(TEST_ADMIN_KEY)]) {
        const response = await bare.inject({ url: "/throwaway", headers });
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toContain("leaked");
      }
    } finally {
      await bare.close();
    }
  });
});

describe("the access rule, as a table", () => {
  const key = (role: "staff" | "manager" | "integration" | "admin", scopes: string[] = []): Principal => ({
    kind: "key",
    keyId: `key_${role}`,
    name: role,
    role,
    organisationId: role === "admin" ? null : "org_a",
    unitId: role === "staff" ? "u_a" : null,
    scopes,
  });
  const principals: Record<string, Principal> = {
    anonymous: { kind: "anonymous" },
    staff: key("staff"),
    manager: key("manager"),
    "integration(lessons:read)": key("integration", ["lessons:read"]),
    "integration(lessons:write)": key("integration", ["lessons:write"]),
    admin: key("admin"),
  };
  const write: Access = { roles: ["staff", "manager", "admin"], scopes: ["lessons:write"] };
  const managers: Access = { roles: ["manager", "admin"], scopes: ["lessons:read"] };
  const admins: Access = { roles: ["admin"] };
  // 0: allowed, 401, 403
  const expected: [Access | undefined, Record<string, 0 | 401 | 403>][] = [
    [
      "public",
      {
        anonymous: 0,
        staff: 0,
        manager: 0,
        "integration(lessons:read)": 0,
        "integration(lessons:write)": 0,
        admin: 0,
      },
    ],
    [
      "read",
      {
        anonymous: 0,
        staff: 0,
        manager: 0,
        "integration(lessons:read)": 0,
        "integration(lessons:write)": 403,
        admin: 0,
      },
    ],
    [
      write,
      {
        anonymous: 401,
        staff: 0,
        manager: 0,
        "integration(lessons:read)": 403,
        "integration(lessons:write)": 0,
        admin: 0,
      },
    ],
    [
      managers,
      {
        anonymous: 401,
        staff: 403,
        manager: 0,
        "integration(lessons:read)": 0,
        "integration(lessons:write)": 403,
        admin: 0,
      },
    ],
    [
      admins,
      {
        anonymous: 401,
        staff: 403,
        manager: 403,
        "integration(lessons:read)": 403,
        "integration(lessons:write)": 403,
        admin: 0,
      },
    ],
    [
      undefined,
      {
        anonymous: 403,
        staff: 403,
        manager: 403,
        "integration(lessons:read)": 403,
        "integration(lessons:write)": 403,
        admin: 403,
      },
    ],
  ];
  for (const [access, answers] of expected) {
    for (const [who, answer] of Object.entries(answers)) {
      it(`${JSON.stringify(access) ?? "no access"} × ${who} → ${answer || "allowed"}`, () => {
        const refusal = refusalOf(access, principals[who]!);
        expect(refusal?.status ?? 0).toBe(answer);
      });
    }
  }

  it("describes each requirement for the API reference", () => {
    expect(describeAccess(write)).toBe(
      "Needs a key of role `staff`, `manager`, `admin`, or an `integration` key with `lessons:write`.",
    );
    expect(describeAccess(admins)).toBe("Needs a key of role `admin`.");
  });
});

describe("the OpenAPI document", () => {
  type Operation = {
    security?: Record<string, string[]>[];
    description?: string;
    responses: Record<string, unknown>;
  };
  let document: {
    components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    paths: Record<string, Record<string, Operation>>;
  };
  beforeAll(async () => {
    document = expectStatus(await app.inject({ url: "/openapi.json", headers: ANONYMOUS_HEADERS }), 200);
  });

  it("declares the bearer scheme", () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("says per operation who may call it, with optional security where anonymous reads are allowed", () => {
    const list = document.paths["/v1/lessons"]!.get!;
    expect(list.security).toEqual([{}, { bearer: [] }]);
    expect(list.description).toMatch(/\*\*Access:\*\* Open to anyone/);
    const create = document.paths["/v1/lessons"]!.post!;
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(create.description).toMatch(/Needs a key of role `staff`, `manager`, `admin`/);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(["401", "403"]));
    expect(document.paths["/health"]!.get!.security).toBeUndefined();
  });

  it("gives every operation but /health and /ready a requirement", () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (path === "/health" || path === "/ready") continue;
        expect(operation.security, `${method} ${path}`).toBeDefined();
        expect(operation.description, `${method} ${path}`).toMatch(/\*\*Access:\*\*/);
      }
    }
  });
});
