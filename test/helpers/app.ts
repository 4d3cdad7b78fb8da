// Builds the app on a fresh in-memory database per test file, with the standard vocabulary
// (seed/vocabulary.json) unless told otherwise, and small fixtures created through the API.
//
// Keys: the app is configured with the master key TEST_ADMIN_KEY, and `app.inject` sends it by default,
// so a test acts as an admin unless it says otherwise. To act as another key, send your own header —
// `headers: asKey(key)` (see `issueKey`) — and to act anonymously send `headers: ANONYMOUS_HEADERS`
// (an empty Authorization header, which the service treats as none). A header the test sets always wins.
import { randomUUID } from "node:crypto";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { type BuildOptions, buildApp } from "../../src/app.js";

/** The master key (ADMIN_KEY) of every test app; `app.inject` sends it unless told otherwise. */
export const TEST_ADMIN_KEY = "test-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

/** Headers that make a request with `key`. */
export const asKey = (key: string) => ({ authorization: `Bearer ${key}` });

/** Headers that make a request without a key (overriding the default admin key). */
/**
 * A short random word of letters only, for unique names: random digits could read as a phone number
 * (8 digits), which the personal-data guard refuses in names.
 */
export const uniqueWord = () =>
  randomUUID()
    .replace(/-/g, "")
    .replace(/\d/g, (digit) => "ghijklmnop"[Number(digit)]!)
    .slice(0, 10);

export const ANONYMOUS_HEADERS = { authorization: "" } as const;

export type TestAppOptions = {
  /** PERSONAL_DATA: reject (default) or redact; one policy per process (test file). */
  personalData?: "reject" | "redact";
  seed?: BuildOptions["config"]["seed"];
  databasePath?: string;
  bodyLimitBytes?: number;
  clock?: BuildOptions["clock"];
  /** The master key; TEST_ADMIN_KEY by default, null for an installation without one. */
  adminKey?: string | null;
  /** Log lines go here (at level info) instead of nowhere. */
  logStream?: BuildOptions["logStream"];
  /** WEBHOOK_* settings (e.g. `{ allowPrivate: true }` for receivers on 127.0.0.1; `worker: false`). */
  webhooks?: NonNullable<BuildOptions["config"]["webhooks"]>;
  /** How webhook hosts resolve (a stand-in that opens no connection). */
  resolve?: BuildOptions["resolve"];
};

export async function buildTestApp(options: TestAppOptions = {}): Promise<FastifyInstance> {
  const adminKey = options.adminKey === undefined ? TEST_ADMIN_KEY : options.adminKey;
  const app = await buildApp({
    config: {
      databasePath: options.databasePath ?? ":memory:",
      logLevel: options.logStream ? "info" : "silent",
      seed: options.seed ?? "vocabulary",
      bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
      ...(adminKey === null ? {} : { adminKey }),
      ...(options.personalData ? { personalData: options.personalData } : {}),
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  await app.ready();
  if (adminKey !== null) sendKeyByDefault(app, adminKey);
  return app;
}

/** Wraps `app.inject` so that a request without an Authorization header of its own sends `key`. */
function sendKeyByDefault(app: FastifyInstance, key: string) {
  const inject = app.inject.bind(app) as (options: InjectOptions | string) => Promise<LightMyRequestResponse>;
  const withKey = (options: InjectOptions | string): InjectOptions => {
    const request = typeof options === "string" ? { url: options } : options;
    const headers = { ...(request.headers ?? {}) };
    const named = Object.keys(headers).some((name) => name.toLowerCase() === "authorization");
    return named ? request : { ...request, headers: { ...headers, ...asKey(key) } };
  };
  (app as { inject: unknown }).inject = (options: InjectOptions | string) => inject(withKey(options));
}

export type IssuedTestKey = {
  id: string;
  key: string;
  role: string;
  organisationId: string | null;
  unitId: string | null;
};

/** Issues a key through POST /v1/keys (as the admin) and returns it with its id. */
export async function issueKey(
  app: FastifyInstance,
  body: {
    role: string;
    name?: string;
    unitId?: string;
    organisationId?: string;
    scopes?: string[];
    expiresAt?: string;
  },
): Promise<IssuedTestKey> {
  return expectStatus<IssuedTestKey>(
    await app.inject({
      method: "POST",
      url: "/v1/keys",
      headers: asKey(TEST_ADMIN_KEY),
      payload: { name: `${body.role} test key`, ...body },
    }),
    201,
  );
}

/** Parses a reply's JSON body after checking its status; shows the body when the status is wrong. */
export function expectStatus<T = Record<string, unknown>>(
  response: LightMyRequestResponse,
  status: number,
): T {
  const body = response.body ? (JSON.parse(response.body) as T) : (undefined as T);
  expect(response.statusCode, `status of ${response.body.slice(0, 800)}`).toBe(status);
  return body;
}

/** Checks the reply is an RFC 9457 problem document with the given status, and returns it. */
export function expectProblem(response: LightMyRequestResponse, status: number) {
  const body = expectStatus<{
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: {
      pointer: string;
      in?: string;
      message: string;
      code?: string;
      suggestions?: { slug: string; facet: string; matchedOn?: string }[];
      range?: { start: number; end?: number };
    }[];
    [key: string]: unknown;
  }>(response, status);
  expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
  return body;
}

export type Fixtures = { organisationId: string; homeCareUnitId: string; jobCentreUnitId: string };

/** An organisation with a home-care unit and a job-centre unit, created through the API. */
export async function createFixtures(app: FastifyInstance, name = "Testby Kommune"): Promise<Fixtures> {
  const organisation = expectStatus<{ id: string }>(
    await app.inject({ method: "POST", url: "/v1/organisations", payload: { name, kind: "municipality" } }),
    201,
  );
  const unit = async (unitName: string, context: Record<string, string[]>) =>
    expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId: organisation.id, name: unitName, context },
      }),
      201,
    ).id;
  return {
    organisationId: organisation.id,
    homeCareUnitId: await unit("Hjemmeplejen Vest", {
      serviceArea: ["home_care"],
      userGroup: ["older_adults"],
      setting: ["rural"],
      organisationForm: ["team_based"],
      scale: ["one_team"],
    }),
    jobCentreUnitId: await unit("Jobcenter", {
      serviceArea: ["employment_services"],
      userGroup: ["unemployed"],
      setting: ["urban"],
    }),
  };
}

/** A valid lesson body for `unitId`; override any field. */
export function lessonBody(unitId: string, overrides: Record<string, unknown> = {}) {
  return {
    unitId,
    title: "Morning visits planned around the citizen",
    summary: "Letting citizens set the order of the morning visit built trust faster than any leaflet.",
    language: "en",
    context: { narrative: "Rural home-care district, older adults living alone." },
    mechanisms: ["trust", "recognition"],
    why: "When the citizen decided the order of the visit, staff were seen as guests rather than inspectors, and she began to tell us what actually worried her.",
    outcomes: [{ term: "user_wellbeing", direction: "positive" }],
    outcomeNarrative: "Fewer cancelled visits; citizens asked for the same carers.",
    evidence: { kind: "observation", reference: null },
    pressures: ["time"],
    coping: "The team traded route efficiency for continuity on two routes.",
    status: "published",
    visibility: "organisation",
    ...overrides,
  };
}
