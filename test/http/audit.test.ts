// The audit log: exactly one entry per successful write and none for a refused one; entries say who,
// what, when, the versions and the request; admins read all, managers their organisation's.
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANONYMOUS_HEADERS,
  asKey,
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  type Fixtures,
  type IssuedTestKey,
  issueKey,
  lessonBody,
} from "../helpers/app.js";

type Entry = {
  id: string;
  at: string;
  actor: { keyId: string; name: string; role: string };
  action: string;
  resource: { type: string; id: string };
  organisationId: string | null;
  versionBefore: number | null;
  versionAfter: number | null;
  requestId: string | null;
};
type EntryPage = { items: Entry[]; nextCursor: string | null };

describe("the audit log", () => {
  let app: FastifyInstance;
  let fx: Fixtures;
  let other: Fixtures;
  let staff: IssuedTestKey;
  let manager: IssuedTestKey;
  let otherManager: IssuedTestKey;

  beforeAll(async () => {
    app = await buildTestApp();
    fx = await createFixtures(app);
    other = await createFixtures(app, "Andenby Kommune");
    staff = await issueKey(app, { role: "staff", unitId: fx.homeCareUnitId, name: "Hjemmeplejen – Ida" });
    manager = await issueKey(app, {
      role: "manager",
      organisationId: fx.organisationId,
      name: "Testby – leder",
    });
    otherManager = await issueKey(app, { role: "manager", organisationId: other.organisationId });
  });
  afterAll(() => app.close());

  const entryCount = () =>
    (app.database.sqlite.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
  const audit = async (query: string, headers: Record<string, string> = {}) =>
    expectStatus<EntryPage>(await app.inject({ method: "GET", url: `/v1/audit${query}`, headers }), 200);

  it("appends exactly one entry per successful write and none for a refused one", async () => {
    const as = (key: IssuedTestKey) => asKey(key.key);
    const state: Record<string, string> = {};
    /** Each step: a request (made from what earlier steps created), and the status it must answer. */
    const steps: [label: string, request: () => InjectOptions, status: number][] = [
      [
        "staff logs a draft",
        () => ({
          method: "POST",
          url: "/v1/lessons",
          headers: as(staff),
          payload: lessonBody(fx.homeCareUnitId, { status: "draft" }),
        }),
        201,
      ],
      [
        "staff logs it as published",
        () => ({
          method: "POST",
          url: "/v1/lessons",
          headers: as(staff),
          payload: lessonBody(fx.homeCareUnitId),
        }),
        403,
      ],
      [
        "an unknown mechanism",
        () => ({
          method: "POST",
          url: "/v1/lessons",
          headers: as(staff),
          payload: lessonBody(fx.homeCareUnitId, { status: "draft", mechanisms: ["trusst"] }),
        }),
        422,
      ],
      [
        "a body that is not a lesson",
        () => ({ method: "POST", url: "/v1/lessons", headers: as(staff), payload: { title: 3 } }),
        400,
      ],
      [
        "an unknown key",
        () => ({
          method: "POST",
          url: "/v1/lessons",
          headers: asKey("smk_unknownunknownunknownunknownunknownunkno"),
          payload: lessonBody(fx.homeCareUnitId),
        }),
        401,
      ],
      [
        "PATCH without If-Match",
        () => ({
          method: "PATCH",
          url: `/v1/lessons/${state.draft}`,
          headers: as(staff),
          payload: { status: "submitted" },
        }),
        428,
      ],
      [
        "a stale If-Match",
        () => ({
          method: "PATCH",
          url: `/v1/lessons/${state.draft}`,
          headers: { ...as(staff), "if-match": '"7"' },
          payload: { status: "submitted" },
        }),
        412,
      ],
      [
        "staff submit",
        () => ({
          method: "PATCH",
          url: `/v1/lessons/${state.draft}`,
          headers: { ...as(staff), "if-match": '"1"' },
          payload: { status: "submitted" },
        }),
        200,
      ],
      [
        "another organisation's manager reviews",
        () => ({
          method: "POST",
          url: `/v1/lessons/${state.draft}/review`,
          headers: as(otherManager),
          payload: { decision: "publish" },
        }),
        404,
      ],
      [
        "a return without a note",
        () => ({
          method: "POST",
          url: `/v1/lessons/${state.draft}/review`,
          headers: as(manager),
          payload: { decision: "return" },
        }),
        422,
      ],
      [
        "the manager returns it",
        () => ({
          method: "POST",
          url: `/v1/lessons/${state.draft}/review`,
          headers: as(manager),
          payload: { decision: "return", note: "Which mechanism?" },
        }),
        200,
      ],
      [
        "a review of a draft",
        () => ({
          method: "POST",
          url: `/v1/lessons/${state.draft}/review`,
          headers: as(manager),
          payload: { decision: "publish" },
        }),
        409,
      ],
      [
        "staff submit again",
        () => ({
          method: "PATCH",
          url: `/v1/lessons/${state.draft}`,
          headers: { ...as(staff), "if-match": '"3"' },
          payload: {
            status: "submitted",
            why: "Trust: when the citizen set the order, we became guests in her home rather than inspectors.",
          },
        }),
        200,
      ],
      [
        "the manager publishes it",
        () => ({
          method: "POST",
          url: `/v1/lessons/${state.draft}/review`,
          headers: as(manager),
          payload: { decision: "publish" },
        }),
        200,
      ],
      [
        "the job centre reports an adaptation",
        () => ({
          method: "POST",
          url: `/v1/lessons/${state.draft}/adaptations`,
          payload: { unitId: fx.jobCentreUnitId, result: "worked" },
        }),
        201,
      ],
      [
        "the same unit reports twice",
        () => ({
          method: "POST",
          url: `/v1/lessons/${state.draft}/adaptations`,
          payload: { unitId: fx.jobCentreUnitId, result: "worked" },
        }),
        409,
      ],
      [
        "the report is updated",
        () => ({
          method: "PATCH",
          url: `/v1/lessons/${state.draft}/adaptations/${state.adaptation}`,
          payload: { translated: "Parents chose the time." },
        }),
        200,
      ],
      [
        "staff archive it",
        () => ({ method: "DELETE", url: `/v1/lessons/${state.draft}`, headers: as(staff) }),
        200,
      ],
      [
        "archiving again changes nothing",
        () => ({ method: "DELETE", url: `/v1/lessons/${state.draft}`, headers: as(staff) }),
        200,
      ],
      [
        "staff add a term",
        () => ({
          method: "POST",
          url: "/v1/vocabularies/mechanism/terms",
          headers: as(staff),
          payload: { slug: "being_heard", labels: { en: "Being heard" } },
        }),
        403,
      ],
      [
        "the admin adds a term",
        () => ({
          method: "POST",
          url: "/v1/vocabularies/mechanism/terms",
          payload: { slug: "being_heard", labels: { en: "Being heard" } },
        }),
        201,
      ],
      [
        "the admin renames it",
        () => ({
          method: "PATCH",
          url: "/v1/vocabularies/mechanism/terms/being_heard",
          payload: { labels: { da: "At blive hørt" } },
        }),
        200,
      ],
      [
        "the admin retires it",
        () => ({
          method: "PATCH",
          url: "/v1/vocabularies/mechanism/terms/being_heard",
          payload: { status: "retired" },
        }),
        200,
      ],
      [
        "the admin adds a context dimension",
        () => ({
          method: "POST",
          url: "/v1/vocabularies",
          payload: { slug: "housingType", labels: { en: "Housing type" } },
        }),
        201,
      ],
      [
        "a manager adds a unit",
        () => ({
          method: "POST",
          url: "/v1/units",
          headers: as(manager),
          payload: { organisationId: fx.organisationId, name: "Nattevagten", parentId: fx.homeCareUnitId },
        }),
        201,
      ],
      [
        "another organisation's manager changes it",
        () => ({
          method: "PATCH",
          url: `/v1/units/${fx.homeCareUnitId}`,
          headers: as(otherManager),
          payload: { description: "Ours now" },
        }),
        403,
      ],
      [
        "a manager changes a profile",
        () => ({
          method: "PATCH",
          url: `/v1/units/${fx.homeCareUnitId}`,
          headers: as(manager),
          payload: { description: "Home care in the west" },
        }),
        200,
      ],
      [
        "a manager starts an initiative",
        () => ({
          method: "POST",
          url: "/v1/initiatives",
          headers: as(manager),
          payload: {
            title: "Visit plans",
            description: "Citizens plan visits.",
            stage: "pilot",
            status: "active",
            leadUnitId: fx.homeCareUnitId,
          },
        }),
        201,
      ],
      [
        "a manager completes it",
        () => ({
          method: "PATCH",
          url: `/v1/initiatives/${state.initiative}`,
          headers: as(manager),
          payload: { status: "completed" },
        }),
        200,
      ],
      [
        "a manager allows self-publishing",
        () => ({
          method: "PATCH",
          url: `/v1/organisations/${fx.organisationId}`,
          headers: as(manager),
          payload: { allowSelfPublish: true },
        }),
        403,
      ],
      [
        "the admin allows it",
        () => ({
          method: "PATCH",
          url: `/v1/organisations/${fx.organisationId}`,
          payload: { allowSelfPublish: true },
        }),
        200,
      ],
      [
        "the admin creates an organisation",
        () => ({ method: "POST", url: "/v1/organisations", payload: { name: "Tredjeby" } }),
        201,
      ],
      [
        "the admin issues a key",
        () => ({
          method: "POST",
          url: "/v1/keys",
          payload: { name: "Temp", role: "staff", unitId: fx.jobCentreUnitId },
        }),
        201,
      ],
      ["the admin revokes it", () => ({ method: "DELETE", url: `/v1/keys/${state.key}` }), 200],
    ];
    const remember = (label: string, body: { id?: string }) => {
      if (label === "staff logs a draft") state.draft = body.id!;
      if (label === "the job centre reports an adaptation") state.adaptation = body.id!;
      if (label === "a manager starts an initiative") state.initiative = body.id!;
      if (label === "the admin issues a key") state.key = body.id!;
    };
    // a repeated DELETE answers 200 but writes nothing: nothing to log
    const unchanged = new Set(["archiving again changes nothing"]);
    for (const [label, request, status] of steps) {
      const before = entryCount();
      const reply = await app.inject(request());
      expect(reply.statusCode, `${label}: ${reply.body.slice(0, 300)}`).toBe(status);
      const success = status < 300;
      if (success) remember(label, JSON.parse(reply.body) as { id?: string });
      expect(entryCount() - before, label).toBe(success && !unchanged.has(label) ? 1 : 0);
    }
    const actions = (await audit(`?resourceId=${state.draft}&limit=100`)).items
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual([
      "lesson.create",
      "lesson.submit",
      "lesson.return",
      "lesson.submit",
      "lesson.publish",
      "lesson.archive",
    ]);
    const term = (await audit("?resourceId=mechanism/being_heard")).items.map((e) => e.action).reverse();
    expect(term).toEqual(["term.create", "term.update", "term.retire"]);
  });

  it("records who, what, when, the versions and the request id", async () => {
    const lesson = expectStatus<{ id: string; version: number }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        headers: { ...asKey(staff.key), "x-request-id": "req-create-1" },
        payload: lessonBody(fx.homeCareUnitId, { status: "draft" }),
      }),
      201,
    );
    const before = new Date().toISOString();
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/lessons/${lesson.id}`,
        headers: { ...asKey(staff.key), "if-match": '"1"', "x-request-id": "req-edit-2" },
        payload: { title: "Morning visits the citizen plans" },
      }),
      200,
    );
    const [edit, create] = (await audit(`?resourceId=${lesson.id}`)).items;
    expect(edit).toMatchObject({
      actor: { keyId: staff.id, name: "Hjemmeplejen – Ida", role: "staff" },
      action: "lesson.update",
      resource: { type: "lesson", id: lesson.id },
      organisationId: fx.organisationId,
      versionBefore: 1,
      versionAfter: 2,
      requestId: "req-edit-2",
    });
    expect(edit!.at >= before).toBe(true);
    expect(create).toMatchObject({
      action: "lesson.create",
      versionBefore: null,
      versionAfter: 1,
      requestId: "req-create-1",
    });
    const mine = (await audit(`?actor=${staff.id}&since=${encodeURIComponent(before)}`)).items;
    expect(mine.map((e) => e.requestId)).toEqual(["req-edit-2"]);
  });

  it("shows managers their own organisation's entries only, and nobody else but admins", async () => {
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        headers: asKey(otherManager.key),
        payload: lessonBody(other.homeCareUnitId),
      }),
      201,
    );
    const all = (await audit("?limit=100")).items;
    expect(all.some((e) => e.organisationId === other.organisationId)).toBe(true);
    expect(all.some((e) => e.organisationId === null)).toBe(true); // the admin's term writes

    const ours = (await audit("?limit=100", asKey(manager.key))).items;
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((e) => e.organisationId === fx.organisationId)).toBe(true);
    expect(ours.map((e) => e.id)).toEqual(
      all.filter((e) => e.organisationId === fx.organisationId).map((e) => e.id),
    );
    const theirs = (await audit("?limit=100", asKey(otherManager.key))).items;
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((e) => e.organisationId === other.organisationId)).toBe(true);

    expectProblem(await app.inject({ method: "GET", url: "/v1/audit", headers: asKey(staff.key) }), 403);
    expectProblem(await app.inject({ method: "GET", url: "/v1/audit", headers: ANONYMOUS_HEADERS }), 401);
  });

  it("pages with signed cursors, newest first, each entry once", async () => {
    const all = (await audit("?limit=100")).items.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: EntryPage = await audit(`?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const first = await audit("?limit=3");
    // a cursor of the admin's view is not valid for a manager's (another list)
    const problem = expectProblem(
      await app.inject({
        method: "GET",
        url: `/v1/audit?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`,
        headers: asKey(manager.key),
      }),
      422,
    );
    expect(problem.errors?.[0]?.pointer).toBe("/cursor");
  });

  it("has no way to change or remove an entry", async () => {
    const [entry] = (await audit("?limit=1")).items;
    for (const method of ["PATCH", "PUT", "DELETE"] as const) {
      const reply = await app.inject({ method, url: `/v1/audit/${entry!.id}`, payload: {} });
      expect(reply.statusCode).toBe(404);
    }
    const reply = await app.inject({ method: "DELETE", url: "/v1/audit" });
    expect([404, 405]).toContain(reply.statusCode);
    expect((await audit("?limit=1")).items[0]).toEqual(entry);
  });
});
