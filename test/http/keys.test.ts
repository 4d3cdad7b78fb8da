// /v1/keys: issuing (shown once, only the hash stored), the place each role needs, listing without
// secrets in signed pages, revoking at once, expiry, the logs, the command line and the demo keys.
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keysCommand } from "../../src/cli/keys.js";
import {
  ANONYMOUS_HEADERS,
  asKey,
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  issueKey,
} from "../helpers/app.js";

let app: FastifyInstance;
let fixtures: Fixtures;
const now = { at: new Date("2026-03-01T08:00:00.000Z") };

beforeAll(async () => {
  app = await buildTestApp({ clock: { now: () => now.at } });
  fixtures = await createFixtures(app);
});
afterAll(() => app.close());

type Issued = {
  id: string;
  key: string;
  prefix: string;
  role: string;
  organisationId: string | null;
  unitId: string | null;
  scopes: string[];
  expiresAt: string | null;
  createdAt: string;
};

const issue = (payload: Record<string, unknown>) => app.inject({ method: "POST", url: "/v1/keys", payload });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("POST /v1/keys", () => {
  it("issues a staff key for a unit, shown once, with the unit's organisation derived", async () => {
    const response = await issue({ name: "Planner", role: "staff", unitId: fixtures.homeCareUnitId });
    const key = expectStatus<Issued>(response, 201);
    expect(key).toMatchObject({
      name: "Planner",
      role: "staff",
      unitId: fixtures.homeCareUnitId,
      organisationId: fixtures.organisationId,
      scopes: [],
      expiresAt: null,
      createdAt: now.at.toISOString(),
    });
    expect(key.key).toMatch(/^smk_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(key.key.slice(0, 12));
    expect(response.headers.location).toBe(`/v1/keys/${key.id}`);
    expect(response.headers["cache-control"]).toBe("no-store");
    // the key works at once, and is never shown again
    expectStatus(await app.inject({ url: "/v1/lessons", headers: asKey(key.key) }), 200);
    const read = expectStatus<Record<string, unknown>>(await app.inject(`/v1/keys/${key.id}`), 200);
    expect(read).not.toHaveProperty("key");
    expect(JSON.stringify(read)).not.toContain(key.key);
  });

  it("issues different random keys each time", async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 5; i++) keys.add((await issueKey(app, { role: "admin" })).key);
    expect(keys.size).toBe(5);
  });

  it.each([
    ["a staff key without a unit", { role: "staff", organisationId: "ORG" }, "/unitId", "required"],
    ["a manager key without a place", { role: "manager" }, "/unitId", "required"],
    [
      "an integration key without scopes",
      { role: "integration", organisationId: "ORG" },
      "/scopes",
      "required",
    ],
    [
      "an integration key for a unit",
      { role: "integration", unitId: "UNIT", scopes: ["lessons:read"] },
      "/unitId",
      "not_allowed",
    ],
    [
      "an admin key with an organisation",
      { role: "admin", organisationId: "ORG" },
      "/organisationId",
      "not_allowed",
    ],
    [
      "a staff key with scopes",
      { role: "staff", unitId: "UNIT", scopes: ["lessons:read"] },
      "/scopes",
      "not_allowed",
    ],
    ["an unknown unit", { role: "staff", unitId: "u_nowhere" }, "/unitId", "unknown_reference"],
    [
      "an unknown organisation",
      { role: "manager", organisationId: "org_nowhere" },
      "/organisationId",
      "unknown_reference",
    ],
    [
      "a unit of another organisation",
      { role: "manager", unitId: "UNIT", organisationId: "OTHER" },
      "/organisationId",
      "mismatch",
    ],
    [
      "an expiry in the past",
      { role: "admin", expiresAt: "2026-02-01T00:00:00Z" },
      "/expiresAt",
      "in_the_past",
    ],
  ])("answers 422 naming the field for %s", async (label, body, pointer, code) => {
    const other = expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url: "/v1/organisations", payload: { name: `Other: ${label}` } }),
      201,
    ).id;
    const payload = JSON.parse(
      JSON.stringify({ name: "k", ...body })
        .replaceAll('"ORG"', JSON.stringify(fixtures.organisationId))
        .replaceAll('"UNIT"', JSON.stringify(fixtures.homeCareUnitId))
        .replaceAll('"OTHER"', JSON.stringify(other)),
    );
    const problem = expectProblem(await issue(payload), 422);
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer, code })]));
  });

  it("answers 400 for an unknown role or scope, and stores nothing", async () => {
    const before = (await allKeys()).length;
    expectProblem(await issue({ name: "k", role: "root" }), 400);
    expectProblem(
      await issue({
        name: "k",
        role: "integration",
        organisationId: fixtures.organisationId,
        scopes: ["everything"],
      }),
      400,
    );
    expect((await allKeys()).length).toBe(before);
  });

  it("issues a manager key for an organisation and an integration key with scopes", async () => {
    const manager = expectStatus<Issued>(
      await issue({ name: "Director", role: "manager", organisationId: fixtures.organisationId }),
      201,
    );
    expect(manager).toMatchObject({ organisationId: fixtures.organisationId, unitId: null });
    const integration = expectStatus<Issued>(
      await issue({
        name: "Intranet",
        role: "integration",
        organisationId: fixtures.organisationId,
        scopes: ["lessons:read", "lessons:write"],
      }),
      201,
    );
    expect(integration.scopes).toEqual(["lessons:read", "lessons:write"]);
  });

  it("is for admins only", async () => {
    const manager = await issueKey(app, { role: "manager", organisationId: fixtures.organisationId });
    expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/keys",
        headers: asKey(manager.key),
        payload: { name: "x", role: "admin" },
      }),
      403,
    );
    expectProblem(await app.inject({ url: "/v1/keys", headers: ANONYMOUS_HEADERS }), 401);
  });
});

describe("the audit log", () => {
  it("has one entry for an issued key and one for its revocation, by the admin, and none for a refusal", async () => {
    const entries = (id: string) =>
      app.database.sqlite
        .prepare(
          "select action, actor_key_id as actor, resource_type as type from audit_log where resource_id = ? order by seq",
        )
        .all(id);
    const { id } = await issueKey(app, { role: "staff", unitId: fixtures.homeCareUnitId });
    expect(entries(id)).toEqual([{ action: "key.issue", actor: "key_admin", type: "key" }]);
    await app.inject({ method: "DELETE", url: `/v1/keys/${id}` });
    await app.inject({ method: "DELETE", url: `/v1/keys/${id}` });
    expect(entries(id)).toEqual([
      { action: "key.issue", actor: "key_admin", type: "key" },
      { action: "key.revoke", actor: "key_admin", type: "key" },
    ]);
    const count = () =>
      (app.database.sqlite.prepare("select count(*) as n from audit_log").get() as { n: number }).n;
    const before = count();
    expectProblem(await issue({ name: "k", role: "staff" }), 422);
    expect(count()).toBe(before);
  });
});

describe("stored: the hash, never the key", () => {
  it("keeps the SHA-256 of the key in api_keys and the key nowhere in the database", async () => {
    const { id, key } = await issueKey(app, { role: "staff", unitId: fixtures.homeCareUnitId });
    const row = app.database.sqlite.prepare("select * from api_keys where id = ?").get(id) as Record<
      string,
      unknown
    >;
    expect(row.hash).toBe(sha256(key));
    const everything = JSON.stringify(app.database.sqlite.prepare("select * from api_keys").all());
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(key.slice(12));
  });
});

describe("revoking", () => {
  it("stops the key on the very next request, with 401 and a Bearer challenge", async () => {
    const { id, key } = await issueKey(app, { role: "staff", unitId: fixtures.homeCareUnitId });
    expectStatus(await app.inject({ url: "/v1/lessons", headers: asKey(key) }), 200);
    const revoked = expectStatus<{ revokedAt: string }>(
      await app.inject({ method: "DELETE", url: `/v1/keys/${id}` }),
      200,
    );
    expect(revoked.revokedAt).toBe(now.at.toISOString());
    const response = await app.inject({ url: "/v1/lessons", headers: asKey(key) });
    expect(expectProblem(response, 401).detail).toBe("The key has been revoked.");
    expect(response.headers["www-authenticate"]).toBe('Bearer realm="samskab", error="invalid_token"');
  });

  it("keeps the first revocation when revoked again, and answers 404 for an unknown key", async () => {
    const { id } = await issueKey(app, { role: "admin" });
    const first = expectStatus<{ revokedAt: string }>(
      await app.inject({ method: "DELETE", url: `/v1/keys/${id}` }),
      200,
    );
    now.at = new Date(now.at.getTime() + 60_000);
    const second = expectStatus<{ revokedAt: string }>(
      await app.inject({ method: "DELETE", url: `/v1/keys/${id}` }),
      200,
    );
    expect(second.revokedAt).toBe(first.revokedAt);
    expectProblem(await app.inject({ method: "DELETE", url: "/v1/keys/key_nope" }), 404);
  });
});

describe("expiry", () => {
  it("refuses a key from the moment it expires, with 401", async () => {
    const expiresAt = new Date(now.at.getTime() + 3_600_000).toISOString();
    const { key } = await issueKey(app, { role: "staff", unitId: fixtures.homeCareUnitId, expiresAt });
    expectStatus(await app.inject({ url: "/v1/lessons", headers: asKey(key) }), 200);
    const before = now.at;
    now.at = new Date(expiresAt);
    try {
      const response = await app.inject({ url: "/v1/lessons", headers: asKey(key) });
      expect(expectProblem(response, 401).detail).toBe("The key has expired.");
      expect(response.headers["www-authenticate"]).toContain('error="invalid_token"');
    } finally {
      now.at = before;
    }
  });
});

type KeyPage = { items: Record<string, unknown>[]; nextCursor: string | null };

async function allKeys(query = "", limit = 100): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const url = `/v1/keys?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page: KeyPage = expectStatus<KeyPage>(await app.inject(url), 200);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe("GET /v1/keys", () => {
  it("pages through every key once, newest first, without secrets or hashes", async () => {
    const issued = [];
    for (let i = 0; i < 5; i++)
      issued.push(await issueKey(app, { role: "manager", unitId: fixtures.jobCentreUnitId }));
    const paged = await allKeys("", 2);
    const whole = await allKeys();
    expect(paged.map((k) => k.id)).toEqual(whole.map((k) => k.id));
    expect(new Set(paged.map((k) => k.id)).size).toBe(paged.length);
    for (const { id } of issued) expect(paged.map((k) => k.id)).toContain(id);
    const text = JSON.stringify(paged);
    for (const { key } of issued) expect(text).not.toContain(key);
    for (const item of paged) {
      expect(item).not.toHaveProperty("key");
      expect(item).not.toHaveProperty("hash");
    }
  });

  it("filters by role and organisation, and refuses a cursor made for another filter", async () => {
    const integrations = await allKeys("&role=integration");
    expect(integrations.length).toBeGreaterThan(0);
    expect(integrations.every((k) => k.role === "integration")).toBe(true);
    const first = expectStatus<KeyPage>(await app.inject("/v1/keys?limit=1&role=manager"), 200);
    const problem = expectProblem(
      await app.inject(`/v1/keys?limit=1&role=staff&cursor=${encodeURIComponent(first.nextCursor!)}`),
      422,
    );
    expect(problem.errors?.[0]?.pointer).toBe("/cursor");
  });
});

describe("the logs", () => {
  it("carry the key's id but never the key, nor the Authorization header", async () => {
    const lines: string[] = [];
    const logged = await buildTestApp({ logStream: { write: (line) => void lines.push(line) } });
    try {
      const { id, key } = await issueKey(logged, { role: "admin" });
      lines.length = 0;
      expectStatus(await logged.inject({ url: "/v1/keys", headers: asKey(key) }), 200);
      expectProblem(await logged.inject({ url: "/v1/keys", headers: asKey(`${key}x`) }), 401);
      const text = lines.join("");
      expect(text).toContain(id);
      expect(text).not.toContain(key.slice(4));
      expect(text.toLowerCase()).not.toContain("bearer");
    } finally {
      await logged.close();
    }
  });

  it("warn, naming ADMIN_KEY and how to set it, when there is no way to administer", async () => {
    const lines: string[] = [];
    const bare = await buildTestApp({
      adminKey: null,
      logStream: { write: (line) => void lines.push(line) },
    });
    try {
      const warning = lines
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .find((l) => l.level === 40);
      expect(warning?.msg).toMatch(/ADMIN_KEY is not set/);
      expect(warning?.msg).toMatch(/npm run keys -- create --role admin/);
      // it still serves public reads
      expectStatus(await bare.inject({ url: "/v1/lessons" }), 200);
      expectStatus(await bare.inject({ url: "/health" }), 200);
    } finally {
      await bare.close();
    }
  });
});

describe("npm run keys", () => {
  const run = (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = keysCommand(argv, app.services.keys, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it("creates an admin key that works, printing it once", async () => {
    const { code, out } = run(["create", "--role", "admin", "--name", "ops"]);
    expect(code).toBe(0);
    const key = /^key (smk_\S+)$/.exec(out[0]!)?.[1];
    expect(key).toBeDefined();
    expectStatus(await app.inject({ url: "/v1/keys", headers: asKey(key!) }), 200);
    const listed = run(["list", "--role", "admin"]);
    expect(listed.code).toBe(0);
    expect(listed.out.some((line) => line.includes(" ops") && line.includes(key!.slice(0, 12)))).toBe(true);
    expect(listed.out.join("\n")).not.toContain(key);
  });

  it("creates a staff key for a unit, and refuses what a rule refuses", () => {
    expect(run(["create", "--role", "staff", "--name", "x", "--unit", fixtures.homeCareUnitId]).code).toBe(0);
    const refused = run(["create", "--role", "staff", "--name", "x"]);
    expect(refused.code).toBe(1);
    expect(refused.err[0]).toMatch(/\/unitId/);
    expect(run(["create", "--role", "root", "--name", "x"]).code).toBe(2);
    expect(run(["destroy"]).code).toBe(2);
  });
});

describe("demo keys", () => {
  it("come with SEED=demo and work as documented; SEED=vocabulary and none create no key", async () => {
    const demo = await buildTestApp({ seed: "demo", adminKey: null });
    try {
      const rows = demo.database.sqlite.prepare("select id, role from api_keys").all();
      expect(rows.length).toBe(8);
      expectStatus(await demo.inject({ url: "/v1/keys", headers: asKey("smk_demo_admin") }), 200);
      expectProblem(
        await demo.inject({ url: "/v1/keys", headers: asKey("smk_demo_staff_fjordby_homecare_north") }),
        403,
      );
      expectStatus(
        await demo.inject({
          url: "/v1/maps/evidence?rows=mechanism&cols=outcome",
          headers: asKey("smk_demo_integration_fjordby_read"),
        }),
        200,
      );
      expectStatus(
        await demo.inject({ url: "/v1/webhooks", headers: asKey("smk_demo_integration_fjordby_webhooks") }),
        200,
      );
      expectProblem(
        await demo.inject({ url: "/v1/webhooks", headers: asKey("smk_demo_integration_fjordby_read") }),
        403,
      );
    } finally {
      await demo.close();
    }
    for (const seed of ["vocabulary", "none"] as const) {
      const other = await buildTestApp({ seed });
      try {
        expect(other.database.sqlite.prepare("select count(*) as n from api_keys").get()).toEqual({ n: 0 });
      } finally {
        await other.close();
      }
    }
  });
});
