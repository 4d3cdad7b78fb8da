// Who may write what, over HTTP, as a table: each write (lessons, adaptations, units, initiatives,
// organisations, terms) by each role and place, with the status it answers. A write the key may not
// see the target of answers 404; one it sees but may not make answers 403.
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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

const WHO = [
  "staff of home care",
  "staff of the night shift",
  "manager of home care",
  "manager of the organisation",
  "manager of another organisation",
  "integration (lessons:write)",
  "integration (lessons:read)",
  "admin",
] as const;
type Who = (typeof WHO)[number];

/** The expected status per key, in WHO's order. */
type Row = {
  write: string;
  prepare: (n: number) => Promise<InjectOptions>;
  expected: Record<Who, number>;
};
const row = (statuses: number[]): Record<Who, number> =>
  Object.fromEntries(WHO.map((who, i) => [who, statuses[i]!])) as Record<Who, number>;

describe("write access by role and place", () => {
  let app: FastifyInstance;
  let fx: Fixtures; // Testby: home care (the night shift below it) and the job centre
  let other: Fixtures; // Andenby
  let nightShift: string;
  const keys = {} as Record<Who, string>;

  beforeAll(async () => {
    app = await buildTestApp();
    fx = await createFixtures(app);
    other = await createFixtures(app, "Andenby Kommune");
    nightShift = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId: fx.organisationId, name: "Nattevagten", parentId: fx.homeCareUnitId },
      }),
      201,
    ).id;
    const issue = async (body: Parameters<typeof issueKey>[1]) => (await issueKey(app, body)).key;
    keys["staff of home care"] = await issue({ role: "staff", unitId: fx.homeCareUnitId });
    keys["staff of the night shift"] = await issue({ role: "staff", unitId: nightShift });
    keys["manager of home care"] = await issue({ role: "manager", unitId: fx.homeCareUnitId });
    keys["manager of the organisation"] = await issue({ role: "manager", organisationId: fx.organisationId });
    keys["manager of another organisation"] = await issue({
      role: "manager",
      organisationId: other.organisationId,
    });
    keys["integration (lessons:write)"] = await issue({
      role: "integration",
      organisationId: fx.organisationId,
      scopes: ["lessons:read", "lessons:write"],
    });
    keys["integration (lessons:read)"] = await issue({
      role: "integration",
      organisationId: fx.organisationId,
      scopes: ["lessons:read"],
    });
    keys.admin = TEST_ADMIN_KEY;
  });
  afterAll(() => app.close());

  /** A published, organisation-wide lesson of `unitId`, made by the admin. */
  async function publishedLesson(unitId: string): Promise<string> {
    return expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(unitId) }),
      201,
    ).id;
  }

  const ROWS: Row[] = [
    {
      write: "logs a draft for the night shift",
      prepare: async () => ({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(nightShift, { status: "draft" }),
      }),
      expected: row([201, 201, 201, 201, 403, 201, 403, 201]),
    },
    {
      write: "logs a draft for the job centre",
      prepare: async () => ({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(fx.jobCentreUnitId, { status: "draft" }),
      }),
      expected: row([403, 403, 403, 201, 403, 201, 403, 201]),
    },
    {
      write: "updates a published lesson of the job centre",
      prepare: async () => ({
        method: "PATCH",
        url: `/v1/lessons/${await publishedLesson(fx.jobCentreUnitId)}`,
        headers: { "if-match": '"1"' },
        payload: { title: "Edited by someone with the right" },
      }),
      expected: row([403, 403, 403, 200, 404, 200, 403, 200]),
    },
    {
      write: "archives a published lesson of another organisation",
      prepare: async () => ({
        method: "DELETE",
        url: `/v1/lessons/${await publishedLesson(other.homeCareUnitId)}`,
      }),
      expected: row([404, 404, 404, 404, 200, 404, 403, 200]),
    },
    {
      write: "reports the night shift's adaptation of a job-centre lesson",
      prepare: async () => ({
        method: "POST",
        url: `/v1/lessons/${await publishedLesson(fx.jobCentreUnitId)}/adaptations`,
        payload: { unitId: nightShift, result: "worked" },
      }),
      expected: row([201, 201, 201, 201, 404, 201, 403, 201]),
    },
    {
      write: "creates a unit below home care",
      prepare: async (n) => ({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId: fx.organisationId, name: `Team ${n}`, parentId: fx.homeCareUnitId },
      }),
      expected: row([403, 403, 201, 201, 403, 403, 403, 201]),
    },
    {
      write: "creates a top-level unit",
      prepare: async (n) => ({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId: fx.organisationId, name: `Forvaltning ${n}` },
      }),
      expected: row([403, 403, 403, 201, 403, 403, 403, 201]),
    },
    {
      write: "changes home care's context profile",
      prepare: async () => ({
        method: "PATCH",
        url: `/v1/units/${fx.homeCareUnitId}`,
        payload: { context: { serviceArea: ["home_care"], setting: ["rural"] } },
      }),
      expected: row([403, 403, 200, 200, 403, 403, 403, 200]),
    },
    {
      write: "starts an initiative led by home care",
      prepare: async (n) => ({
        method: "POST",
        url: "/v1/initiatives",
        payload: {
          title: `Pilot ${n}`,
          description: "Citizens plan their own visits.",
          stage: "pilot",
          status: "active",
          leadUnitId: fx.homeCareUnitId,
        },
      }),
      expected: row([403, 403, 201, 201, 403, 403, 403, 201]),
    },
    {
      write: "creates an organisation",
      prepare: async (n) => ({ method: "POST", url: "/v1/organisations", payload: { name: `Nyby ${n}` } }),
      expected: row([403, 403, 403, 403, 403, 403, 403, 201]),
    },
    {
      write: "adds a vocabulary term",
      prepare: async (n) => ({
        method: "POST",
        url: "/v1/vocabularies/mechanism/terms",
        payload: { slug: `being_heard_${n}`, labels: { en: `Being heard ${n}` } },
      }),
      expected: row([403, 403, 403, 403, 403, 403, 403, 201]),
    },
  ];

  let n = 0;
  for (const { write, prepare, expected } of ROWS) {
    for (const who of WHO) {
      it(`${who} ${write}: ${expected[who]}`, async () => {
        const request = await prepare(++n);
        const reply = await app.inject({
          ...request,
          headers: { ...(request.headers ?? {}), ...asKey(keys[who]) },
        });
        if (expected[who] >= 400) expectProblem(reply, expected[who]);
        else expectStatus(reply, expected[who]);
      });
    }
  }

  it("records the key as the author of lessons and adaptations", async () => {
    const staffKey = await issueKey(app, { role: "staff", unitId: nightShift, name: "Nattevagten – Ole" });
    const lesson = expectStatus<{ author: unknown; externalAuthorRef: unknown }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        headers: asKey(staffKey.key),
        payload: lessonBody(nightShift, { status: "draft" }),
      }),
      201,
    );
    expect(lesson).toMatchObject({
      author: { keyId: staffKey.id, name: "Nattevagten – Ole" },
      externalAuthorRef: null,
    });
    const adaptation = expectStatus<{ author: unknown }>(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${await publishedLesson(fx.jobCentreUnitId)}/adaptations`,
        headers: asKey(staffKey.key),
        payload: { unitId: nightShift, result: "worked" },
      }),
      201,
    );
    expect(adaptation.author).toEqual({ keyId: staffKey.id, name: "Nattevagten – Ole" });
  });

  it("refuses the free-text authorId with a 400 naming the field", async () => {
    const problem = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(nightShift, { authorId: "staff-nord-07" }),
      }),
      400,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/authorId", code: "unknown_field" }),
    ]);
  });

  it("takes an external author reference from an integration, and from no other key", async () => {
    const fromIntegration = expectStatus<{ author: { keyId: string } | null; externalAuthorRef: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        headers: asKey(keys["integration (lessons:write)"]),
        payload: lessonBody(nightShift, { status: "draft", externalAuthorRef: "sbsys:user/4711" }),
      }),
      201,
    );
    expect(fromIntegration.externalAuthorRef).toBe("sbsys:user/4711");
    expect(fromIntegration.author?.keyId).toEqual(expect.any(String));
    const refused = expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        headers: asKey(keys["staff of the night shift"]),
        payload: lessonBody(nightShift, { status: "draft", externalAuthorRef: "me" }),
      }),
      403,
    );
    expect(refused.detail).toMatch(/externalAuthorRef/);
  });
});
