// Who may do what with a routine, over HTTP, as a table: each key (staff and managers of a unit, of the
// unit above it and of a sibling unit in the audience; the organisation's manager; another organisation's
// manager; integration keys with and without lessons:read; admin; anonymous) × each routine route. The
// expectations are written from DESIGN.md's "Access" as lists, independent of the service's rules: the
// forum's people read (staff of the owner or audience units, managers of or above them, the organisation's
// integration keys with lessons:read), the owner unit's managers run it, everyone else gets 404 (or the
// route's 401/403 for a key that could never call it).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANONYMOUS_HEADERS,
  asKey,
  buildTestApp,
  expectStatus,
  issueKey,
  TEST_ADMIN_KEY,
} from "../helpers/app.js";

const WHO = [
  "staffUpper",
  "staffOwner",
  "staffAudience",
  "managerUpper",
  "managerOwner",
  "managerAudience",
  "managerOrganisation",
  "managerOther",
  "integration",
  "integrationWithoutRead",
  "admin",
  "anonymous",
] as const;
type Who = (typeof WHO)[number];

/** Read the routine, its agenda, meetings and feeds: the forum's people. */
const READERS: readonly Who[] = [
  "staffOwner",
  "staffAudience",
  "managerUpper",
  "managerOwner",
  "managerAudience",
  "managerOrganisation",
  "integration",
  "admin",
];
/** Run it (change, delete, record meetings; create one for the owner unit): the owner unit's managers. */
const RUNNERS: readonly Who[] = ["managerUpper", "managerOwner", "managerOrganisation", "admin"];
const STAFF: readonly Who[] = ["staffUpper", "staffOwner", "staffAudience"];

function readStatus(who: Who): number {
  if (who === "anonymous") return 401;
  if (who === "integrationWithoutRead") return 403;
  return READERS.includes(who) ? 200 : 404;
}

function runStatus(who: Who, success: number): number {
  if (who === "anonymous") return 401;
  if (STAFF.includes(who) || who.startsWith("integration")) return 403;
  if (RUNNERS.includes(who)) return success;
  // a manager who may read it is refused; one who may not does not know it
  return READERS.includes(who) ? 403 : 404;
}

function createStatus(who: Who): number {
  if (who === "anonymous") return 401;
  return RUNNERS.includes(who) ? 201 : 403;
}

let app: FastifyInstance;
const keys = {} as Record<Who, string | null>;
let ownerUnitId: string;
let audienceUnitId: string;
let routineId: string;

const headersOf = (who: Who) => (keys[who] === null ? ANONYMOUS_HEADERS : asKey(keys[who]!));

async function newRoutine(): Promise<string> {
  return expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/routines",
      payload: {
        name: "Team meeting",
        ownerUnitId,
        audienceUnitIds: [audienceUnitId],
        filter: {},
        cadence: "fortnightly",
      },
    }),
    201,
  ).id;
}

beforeAll(async () => {
  app = await buildTestApp();
  const organisation = async (name: string) =>
    expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url: "/v1/organisations", payload: { name, kind: "municipality" } }),
      201,
    ).id;
  const unit = async (organisationId: string, name: string, parentId?: string) =>
    expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: {
          organisationId,
          name,
          ...(parentId ? { parentId } : {}),
          context: { serviceArea: ["home_care"] },
        },
      }),
      201,
    ).id;
  const own = await organisation("Egenby Kommune");
  const other = await organisation("Fremmedby Kommune");
  const upper = await unit(own, "Ældre og Sundhed");
  ownerUnitId = await unit(own, "Hjemmeplejen Nord", upper);
  const audience = await unit(own, "Træning");
  audienceUnitId = audience;
  const issue = async (body: Parameters<typeof issueKey>[1]) => (await issueKey(app, body)).key;
  keys.staffUpper = await issue({ role: "staff", unitId: upper });
  keys.staffOwner = await issue({ role: "staff", unitId: ownerUnitId });
  keys.staffAudience = await issue({ role: "staff", unitId: audience });
  keys.managerUpper = await issue({ role: "manager", unitId: upper });
  keys.managerOwner = await issue({ role: "manager", unitId: ownerUnitId });
  keys.managerAudience = await issue({ role: "manager", unitId: audience });
  keys.managerOrganisation = await issue({ role: "manager", organisationId: own });
  keys.managerOther = await issue({ role: "manager", organisationId: other });
  keys.integration = await issue({ role: "integration", organisationId: own, scopes: ["lessons:read"] });
  keys.integrationWithoutRead = await issue({
    role: "integration",
    organisationId: own,
    scopes: ["webhooks"],
  });
  keys.admin = TEST_ADMIN_KEY;
  keys.anonymous = null;
  routineId = expectStatus<{ id: string }>(
    await app.inject({
      method: "POST",
      url: "/v1/routines",
      payload: {
        name: "Mandagsmøde",
        ownerUnitId,
        audienceUnitIds: [audience],
        filter: {},
        cadence: "weekly",
      },
    }),
    201,
  ).id;
});

afterAll(async () => {
  await app.close();
});

describe.each(WHO)("as %s", (who) => {
  it("reads the routine, its agenda, meetings and feeds only as one of its forum", async () => {
    const expected = readStatus(who);
    for (const path of ["", "/agenda", "/agenda?format=html", "/meetings", "/feed.atom", "/feed.json"]) {
      const response = await app.inject({ url: `/v1/routines/${routineId}${path}`, headers: headersOf(who) });
      expect(response.statusCode, `GET ${path || "/"}`).toBe(expected);
    }
  });

  it("lists the routine only as one of its forum", async () => {
    const response = await app.inject({ url: "/v1/routines", headers: headersOf(who) });
    const expected = readStatus(who);
    if (expected === 401 || expected === 403) return expect(response.statusCode).toBe(expected);
    const ids = expectStatus<{ items: { id: string }[] }>(response, 200).items.map((r) => r.id);
    expect(ids.includes(routineId)).toBe(expected === 200);
  });

  it("creates, changes, records meetings and deletes only as a manager of the owner unit", async () => {
    const created = await app.inject({
      method: "POST",
      url: "/v1/routines",
      headers: headersOf(who),
      payload: { name: "Another", ownerUnitId, filter: {}, cadence: "monthly" },
    });
    expect(created.statusCode, "POST /v1/routines").toBe(createStatus(who));
    const patched = await app.inject({
      method: "PATCH",
      url: `/v1/routines/${routineId}`,
      headers: headersOf(who),
      payload: { forum: "Mandagsmøde" },
    });
    expect(patched.statusCode, "PATCH").toBe(runStatus(who, 200));
    const meeting = await app.inject({
      method: "POST",
      url: `/v1/routines/${routineId}/meetings`,
      headers: headersOf(who),
      payload: { heldOn: "2026-01-05", decisions: [] },
    });
    expect(meeting.statusCode, "POST meetings").toBe(runStatus(who, 201));
    const doomed = await newRoutine();
    const deleted = await app.inject({
      method: "DELETE",
      url: `/v1/routines/${doomed}`,
      headers: headersOf(who),
    });
    expect(deleted.statusCode, "DELETE").toBe(runStatus(who, 204));
  });
});
