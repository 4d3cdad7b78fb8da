// Review before publishing: staff save drafts and submit; a manager above the lesson's unit publishes it
// or returns it with a note; an organisation may let its staff publish directly.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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

type Lesson = {
  id: string;
  status: string;
  version: number;
  author: { keyId: string; name: string } | null;
  externalAuthorRef: string | null;
  review: {
    note: string | null;
    reviewedAt: string;
    reviewedBy: { keyId: string; name: string } | null;
  } | null;
};

describe("review before publishing", () => {
  let app: FastifyInstance;
  let fx: Fixtures;
  let nightShiftUnitId: string;
  let staff: IssuedTestKey; // staff of the night shift, a unit below home care
  let colleague: IssuedTestKey; // staff of the job centre, same organisation
  let manager: IssuedTestKey; // manager of home care, above the night shift
  let siblingManager: IssuedTestKey; // manager of the job centre
  let otherManager: IssuedTestKey; // manager of another organisation

  beforeAll(async () => {
    app = await buildTestApp();
    fx = await createFixtures(app);
    const other = await createFixtures(app, "Andenby Kommune");
    nightShiftUnitId = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId: fx.organisationId, name: "Nattevagten", parentId: fx.homeCareUnitId },
      }),
      201,
    ).id;
    staff = await issueKey(app, { role: "staff", unitId: nightShiftUnitId, name: "Nattevagten – Ida" });
    colleague = await issueKey(app, { role: "staff", unitId: fx.jobCentreUnitId });
    manager = await issueKey(app, {
      role: "manager",
      unitId: fx.homeCareUnitId,
      name: "Hjemmeplejen – leder",
    });
    siblingManager = await issueKey(app, { role: "manager", unitId: fx.jobCentreUnitId });
    otherManager = await issueKey(app, { role: "manager", organisationId: other.organisationId });
  });
  afterAll(() => app.close());

  const as = (key: IssuedTestKey) => asKey(key.key);
  const create = (key: IssuedTestKey, overrides: Record<string, unknown> = {}) =>
    app.inject({
      method: "POST",
      url: "/v1/lessons",
      headers: as(key),
      payload: lessonBody(nightShiftUnitId, { status: "draft", ...overrides }),
    });
  const read = (key: IssuedTestKey, id: string) =>
    app.inject({ method: "GET", url: `/v1/lessons/${id}`, headers: as(key) });
  const patch = (key: IssuedTestKey, lesson: Lesson, payload: Record<string, unknown>) =>
    app.inject({
      method: "PATCH",
      url: `/v1/lessons/${lesson.id}`,
      headers: { ...as(key), "if-match": `"${lesson.version}"` },
      payload,
    });
  const review = (key: IssuedTestKey, id: string, payload: Record<string, unknown>, ifMatch?: string) =>
    app.inject({
      method: "POST",
      url: `/v1/lessons/${id}/review`,
      headers: { ...as(key), ...(ifMatch ? { "if-match": ifMatch } : {}) },
      payload,
    });
  const selfPublish = async (allow: boolean) =>
    expectStatus(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${fx.organisationId}`,
        payload: { allowSelfPublish: allow },
      }),
      200,
    );
  async function submittedLesson(): Promise<Lesson> {
    const draft = expectStatus<Lesson>(await create(staff), 201);
    return expectStatus<Lesson>(await patch(staff, draft, { status: "submitted" }), 200);
  }

  it("takes a staff draft through submission to a manager's publication, and only then shows it to the organisation", async () => {
    const draft = expectStatus<Lesson>(await create(staff), 201);
    expect(draft).toMatchObject({
      status: "draft",
      author: { keyId: staff.id, name: "Nattevagten – Ida" },
      review: null,
    });
    const submitted = expectStatus<Lesson>(await patch(staff, draft, { status: "submitted" }), 200);
    expectProblem(await read(colleague, draft.id), 404);

    const refused = expectProblem(await patch(staff, submitted, { status: "published" }), 403);
    expect(refused.detail).toMatch(/review/);
    expectProblem(await review(staff, draft.id, { decision: "publish" }), 403);
    expect(expectStatus<Lesson>(await read(staff, draft.id), 200).status).toBe("submitted");

    const published = expectStatus<Lesson>(await review(manager, draft.id, { decision: "publish" }), 200);
    expect(published).toMatchObject({
      status: "published",
      version: submitted.version + 1,
      author: { keyId: staff.id },
      review: { note: null, reviewedBy: { keyId: manager.id, name: "Hjemmeplejen – leder" } },
    });
    expect(expectStatus<Lesson>(await read(colleague, draft.id), 200).status).toBe("published");
  });

  it("returns a lesson to its unit as a draft with the manager's note, which the unit reads on the lesson", async () => {
    const submitted = await submittedLesson();
    const noNote = expectProblem(await review(manager, submitted.id, { decision: "return" }), 422);
    expect(noNote.errors?.map((e) => e.pointer)).toEqual(["/note"]);
    // a blank note is not text at all: the schema refuses it, at the same pointer
    const blank = expectProblem(
      await review(manager, submitted.id, { decision: "return", note: "   " }),
      400,
    );
    expect(blank.errors?.map((e) => e.pointer)).toEqual(["/note"]);

    const note = "Say which mechanism fired: was it trust, or only recognition?";
    const returned = expectStatus<Lesson>(
      await review(manager, submitted.id, { decision: "return", note }, `"${submitted.version}"`),
      200,
    );
    expect(returned).toMatchObject({ status: "draft", review: { note, reviewedBy: { keyId: manager.id } } });
    const seenByAuthor = expectStatus<Lesson>(await read(staff, submitted.id), 200);
    expect(seenByAuthor.review?.note).toBe(note);
    expect(seenByAuthor.review?.reviewedAt).toEqual(expect.any(String));
    expectProblem(await read(colleague, submitted.id), 404);

    // revised and submitted again, then published: the last review is the publication
    const again = expectStatus<Lesson>(await patch(staff, seenByAuthor, { status: "submitted" }), 200);
    const published = expectStatus<Lesson>(
      await review(manager, again.id, { decision: "publish", note: "Clear now." }),
      200,
    );
    expect(published.review?.note).toBe("Clear now.");
  });

  it("reviews only submitted lessons, naming the current status", async () => {
    const draft = expectStatus<Lesson>(await create(staff), 201);
    const problem = expectProblem(await review(manager, draft.id, { decision: "publish" }), 409);
    expect(problem.currentStatus).toBe("draft");
    expect(expectStatus<Lesson>(await read(staff, draft.id), 200)).toMatchObject({
      status: "draft",
      review: null,
    });
  });

  it("checks If-Match when it is sent", async () => {
    const submitted = await submittedLesson();
    const stale = expectProblem(
      await review(manager, submitted.id, { decision: "publish" }, `"${submitted.version - 1}"`),
      412,
    );
    expect(stale.currentVersion).toBe(submitted.version);
    expect(expectStatus<Lesson>(await read(staff, submitted.id), 200).status).toBe("submitted");
  });

  it("is the work of a manager above the lesson's unit: others get 403, or 404 when they may not even see it", async () => {
    const submitted = await submittedLesson();
    expectProblem(await review(siblingManager, submitted.id, { decision: "publish" }), 404);
    expectProblem(await review(otherManager, submitted.id, { decision: "publish" }), 404);
    expectProblem(await review(colleague, submitted.id, { decision: "publish" }), 403);
    expectProblem(await review(manager, "les_missing", { decision: "publish" }), 404);
    // an admin may review anywhere
    expectStatus(
      await app.inject({
        method: "POST",
        url: `/v1/lessons/${submitted.id}/review`,
        payload: { decision: "publish" },
      }),
      200,
    );
  });

  it("lets managers (and admins) create a lesson as published directly", async () => {
    expectStatus(await create(manager, { status: "published" }), 201);
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(nightShiftUnitId, { status: "published" }),
      }),
      201,
    );
  });

  it("lets staff publish directly only while their organisation allows self-publishing", async () => {
    const refused = expectProblem(await create(staff, { status: "published" }), 403);
    expect(refused.detail).toMatch(/self-publishing/);

    await selfPublish(true);
    try {
      expect(expectStatus<Lesson>(await create(staff, { status: "published" }), 201).status).toBe(
        "published",
      );
      const submitted = await submittedLesson();
      expect(expectStatus<Lesson>(await patch(staff, submitted, { status: "published" }), 200).status).toBe(
        "published",
      );
    } finally {
      await selfPublish(false);
    }
    expectProblem(await create(staff, { status: "published" }), 403);
    const submitted = await submittedLesson();
    expectProblem(await patch(staff, submitted, { status: "published" }), 403);
  });

  it("keeps self-publishing off by default and lets only admins change it", async () => {
    const organisation = expectStatus<{ id: string; allowSelfPublish: boolean; version: number }>(
      await app.inject({ method: "POST", url: "/v1/organisations", payload: { name: "Tredjeby" } }),
      201,
    );
    expect(organisation.allowSelfPublish).toBe(false);
    expectProblem(
      await app.inject({
        method: "PATCH",
        url: `/v1/organisations/${fx.organisationId}`,
        headers: as(manager),
        payload: { allowSelfPublish: true },
      }),
      403,
    );
    const stored = expectStatus<{ allowSelfPublish: boolean }>(
      await app.inject({ method: "GET", url: `/v1/organisations/${fx.organisationId}` }),
      200,
    );
    expect(stored.allowSelfPublish).toBe(false);
  });
});
