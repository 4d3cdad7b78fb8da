import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

type Adaptation = {
  id: string;
  lessonId: string;
  unitId: string;
  result: string;
  translated: string | null;
  notes: string | null;
  mechanisms: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
};
type Counts = { worked: number; partly: number; didNotWork: number };

describe("adaptations over HTTP", () => {
  let app: FastifyInstance;
  let organisations = 0;

  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  /** A fresh organisation with a published lesson by the home-care unit, and two other units. */
  async function setup(lessonOverrides: Record<string, unknown> = {}) {
    const fixtures = await createFixtures(app, `Adaptations Kommune ${++organisations}`);
    const thirdUnitId = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: {
          organisationId: fixtures.organisationId,
          name: "Plejecenter Øst",
          context: { serviceArea: ["nursing_home"] },
        },
      }),
      201,
    ).id;
    const lesson = expectStatus<{ id: string; status: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(fixtures.homeCareUnitId, lessonOverrides),
      }),
      201,
    );
    return { ...fixtures, thirdUnitId, lessonId: lesson.id };
  }

  const postAdaptation = (lessonId: string, payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: `/v1/lessons/${lessonId}/adaptations`, payload });
  const listAdaptations = async (lessonId: string) =>
    expectStatus<{ items: Adaptation[]; nextCursor: string | null }>(
      await app.inject({ method: "GET", url: `/v1/lessons/${lessonId}/adaptations` }),
      200,
    );
  const countsOf = async (lessonId: string) =>
    expectStatus<{ adaptations: Counts }>(
      await app.inject({ method: "GET", url: `/v1/lessons/${lessonId}` }),
      200,
    ).adaptations;

  it("answers 201 with Location and ETag for an adaptation by another unit", async () => {
    const { lessonId, jobCentreUnitId } = await setup();
    const response = await postAdaptation(lessonId, {
      unitId: jobCentreUnitId,
      result: "worked",
      translated: "Citizens chose the time of their job-centre meeting.",
      notes: "Fewer no-shows.",
    });
    const created = expectStatus<Adaptation>(response, 201);
    expect(response.headers.location).toBe(`/v1/lessons/${lessonId}/adaptations/${created.id}`);
    expect(response.headers.etag).toBe('"1"');
    expect(created).toMatchObject({
      lessonId,
      unitId: jobCentreUnitId,
      result: "worked",
      translated: "Citizens chose the time of their job-centre meeting.",
      notes: "Fewer no-shows.",
      version: 1,
    });
  });

  it("counts adaptations by result on the lesson", async () => {
    const { lessonId, jobCentreUnitId, thirdUnitId } = await setup();
    expect(await countsOf(lessonId)).toEqual({ worked: 0, partly: 0, didNotWork: 0 });
    expectStatus(await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "worked" }), 201);
    expect(await countsOf(lessonId)).toEqual({ worked: 1, partly: 0, didNotWork: 0 });
    expectStatus(
      await postAdaptation(lessonId, {
        unitId: thirdUnitId,
        result: "did_not_work",
        notes: "Our residents have dementia: choosing the order confused them.",
      }),
      201,
    );
    expect(await countsOf(lessonId)).toEqual({ worked: 1, partly: 0, didNotWork: 1 });
  });

  it("lists a lesson's adaptations and reads one back with its ETag", async () => {
    const { lessonId, jobCentreUnitId, thirdUnitId } = await setup();
    const first = expectStatus<Adaptation>(
      await postAdaptation(lessonId, {
        unitId: jobCentreUnitId,
        result: "partly",
        notes: "It worked for the morning meetings only.",
      }),
      201,
    );
    const second = expectStatus<Adaptation>(
      await postAdaptation(lessonId, { unitId: thirdUnitId, result: "worked" }),
      201,
    );
    const page = await listAdaptations(lessonId);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());

    const read = await app.inject({ method: "GET", url: `/v1/lessons/${lessonId}/adaptations/${first.id}` });
    expect(expectStatus<Adaptation>(read, 200)).toMatchObject({
      id: first.id,
      lessonId,
      unitId: jobCentreUnitId,
      result: "partly",
    });
    expect(read.headers.etag).toBe('"1"');
  });

  it("lists no adaptations for a lesson nobody adapted", async () => {
    const { lessonId } = await setup();
    expect(await listAdaptations(lessonId)).toEqual({ items: [], nextCursor: null });
  });

  it("answers 404 when an adaptation is read under another lesson", async () => {
    const { lessonId, jobCentreUnitId, homeCareUnitId } = await setup();
    const other = expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(homeCareUnitId) }),
      201,
    );
    const adaptation = expectStatus<Adaptation>(
      await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "worked" }),
      201,
    );
    const problem = expectProblem(
      await app.inject({ method: "GET", url: `/v1/lessons/${other.id}/adaptations/${adaptation.id}` }),
      404,
    );
    expect(problem).toMatchObject({ resource: "adaptation", id: adaptation.id });
  });

  it("updates an adaptation with the current If-Match and the lesson's counts follow", async () => {
    const { lessonId, jobCentreUnitId } = await setup();
    const created = expectStatus<Adaptation>(
      await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "worked" }),
      201,
    );
    const response = await app.inject({
      method: "PATCH",
      url: `/v1/lessons/${lessonId}/adaptations/${created.id}`,
      headers: { "if-match": '"1"' },
      payload: { result: "partly", notes: "It faded after the summer." },
    });
    expect(expectStatus<Adaptation>(response, 200)).toMatchObject({
      id: created.id,
      unitId: jobCentreUnitId,
      result: "partly",
      notes: "It faded after the summer.",
      version: 2,
    });
    expect(response.headers.etag).toBe('"2"');
    expect(await countsOf(lessonId)).toEqual({ worked: 0, partly: 1, didNotWork: 0 });
  });

  it("answers 412 with currentVersion to a PATCH with a stale If-Match and keeps the stored report", async () => {
    const { lessonId, jobCentreUnitId } = await setup();
    const created = expectStatus<Adaptation>(
      await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "worked" }),
      201,
    );
    const url = `/v1/lessons/${lessonId}/adaptations/${created.id}`;
    expectStatus(
      await app.inject({
        method: "PATCH",
        url,
        headers: { "if-match": '"1"' },
        payload: { notes: "First edit" },
      }),
      200,
    );
    const problem = expectProblem(
      await app.inject({
        method: "PATCH",
        url,
        headers: { "if-match": '"1"' },
        payload: { result: "did_not_work" },
      }),
      412,
    );
    expect(problem.currentVersion).toBe(2);
    expect(expectStatus<Adaptation>(await app.inject({ method: "GET", url }), 200)).toMatchObject({
      result: "worked",
      notes: "First edit",
      version: 2,
    });
  });

  it("answers 409 when the same unit reports a second adaptation of a lesson", async () => {
    const { lessonId, jobCentreUnitId } = await setup();
    const first = expectStatus<Adaptation>(
      await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "worked" }),
      201,
    );
    const problem = expectProblem(
      await postAdaptation(lessonId, {
        unitId: jobCentreUnitId,
        result: "did_not_work",
        notes: "A second opinion from the same unit.",
      }),
      409,
    );
    expect(problem.detail).toContain(first.id);
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/unitId" })]);
    const page = await listAdaptations(lessonId);
    expect(page.items.map((a) => [a.id, a.result])).toEqual([[first.id, "worked"]]);
    expect(await countsOf(lessonId)).toEqual({ worked: 1, partly: 0, didNotWork: 0 });
  });

  it("answers 422 when the lesson's own unit reports an adaptation", async () => {
    const { lessonId, homeCareUnitId } = await setup();
    const problem = expectProblem(
      await postAdaptation(lessonId, { unitId: homeCareUnitId, result: "worked" }),
      422,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/unitId", code: "own_lesson" })]);
    expect((await listAdaptations(lessonId)).items).toEqual([]);
  });

  it("answers 422 naming /unitId for an unknown unit", async () => {
    const { lessonId } = await setup();
    const problem = expectProblem(
      await postAdaptation(lessonId, { unitId: "unit_does_not_exist", result: "worked" }),
      422,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/unitId", code: "unknown_reference" }),
    ]);
    expect((await listAdaptations(lessonId)).items).toEqual([]);
  });

  it("answers 409 for a lesson that is not published yet", async () => {
    const { lessonId, jobCentreUnitId } = await setup({ status: "submitted" });
    const problem = expectProblem(
      await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "worked" }),
      409,
    );
    expect(problem.detail).toContain("submitted");
    expect((await listAdaptations(lessonId)).items).toEqual([]);
  });

  it("answers 404 for an unknown lesson", async () => {
    const { jobCentreUnitId } = await setup();
    const problem = expectProblem(
      await postAdaptation("les_missing", { unitId: jobCentreUnitId, result: "worked" }),
      404,
    );
    expect(problem).toMatchObject({ resource: "lesson", id: "les_missing" });
    expectProblem(await app.inject({ method: "GET", url: "/v1/lessons/les_missing/adaptations" }), 404);
  });

  it("answers 400 naming /result for a result outside worked/partly/did_not_work", async () => {
    const { lessonId, jobCentreUnitId } = await setup();
    const problem = expectProblem(
      await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "sort_of" }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/result", in: "body" })]);
    expect((await listAdaptations(lessonId)).items).toEqual([]);
  });

  describe("reports that say why", () => {
    it.each([
      ["partly", {}],
      ["did_not_work", {}],
      ["did_not_work", { notes: null }],
      ["partly", { notes: null }],
    ])("answers 422 at /notes for %s without notes %j, and stores nothing", async (result, extra) => {
      const { lessonId, jobCentreUnitId } = await setup();
      const problem = expectProblem(
        await postAdaptation(lessonId, { unitId: jobCentreUnitId, result, ...extra }),
        422,
      );
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/notes", code: "notes_required" }),
      ]);
      expect((await listAdaptations(lessonId)).items).toEqual([]);
      expect(await countsOf(lessonId)).toEqual({ worked: 0, partly: 0, didNotWork: 0 });
    });

    it("answers 422 to a PATCH that turns a report into did_not_work without notes, and keeps it", async () => {
      const { lessonId, jobCentreUnitId } = await setup();
      const created = expectStatus<Adaptation>(
        await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "worked" }),
        201,
      );
      const url = `/v1/lessons/${lessonId}/adaptations/${created.id}`;
      const problem = expectProblem(
        await app.inject({
          method: "PATCH",
          url,
          headers: { "if-match": '"1"' },
          payload: { result: "did_not_work" },
        }),
        422,
      );
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/notes" })]);
      expect(expectStatus<Adaptation>(await app.inject({ method: "GET", url }), 200)).toMatchObject({
        result: "worked",
        version: 1,
      });
    });

    it("stores the lesson's mechanisms that fired, returns them and lists them", async () => {
      const { lessonId, jobCentreUnitId } = await setup();
      const created = expectStatus<Adaptation>(
        await postAdaptation(lessonId, {
          unitId: jobCentreUnitId,
          result: "partly",
          notes: "For citizens with dementia the choice meant less; trust still grew.",
          mechanisms: ["trust"],
        }),
        201,
      );
      expect(created.mechanisms).toEqual(["trust"]);
      const url = `/v1/lessons/${lessonId}/adaptations/${created.id}`;
      expect(expectStatus<Adaptation>(await app.inject({ method: "GET", url }), 200).mechanisms).toEqual([
        "trust",
      ]);
      expect((await listAdaptations(lessonId)).items.map((a) => a.mechanisms)).toEqual([["trust"]]);
      const patched = expectStatus<Adaptation>(
        await app.inject({
          method: "PATCH",
          url,
          headers: { "if-match": '"1"' },
          payload: { mechanisms: ["recognition", "trust"] },
        }),
        200,
      );
      expect(patched.mechanisms).toEqual(["recognition", "trust"]);
      expect(expectStatus<Adaptation>(await app.inject({ method: "GET", url }), 200)).toMatchObject({
        mechanisms: ["recognition", "trust"],
        notes: "For citizens with dementia the choice meant less; trust still grew.",
      });
    });

    it("answers 422 naming /mechanisms/<i> for a mechanism that is not the lesson's, and stores nothing", async () => {
      const { lessonId, jobCentreUnitId } = await setup();
      const problem = expectProblem(
        await postAdaptation(lessonId, {
          unitId: jobCentreUnitId,
          result: "worked",
          mechanisms: ["trust", "ownership"],
        }),
        422,
      );
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer: "/mechanisms/1", code: "not_a_lesson_mechanism" }),
      ]);
      expect((await listAdaptations(lessonId)).items).toEqual([]);
    });

    it("answers 422 unknown-term with suggestions for an unknown mechanism slug", async () => {
      const { lessonId, jobCentreUnitId } = await setup();
      const problem = expectProblem(
        await postAdaptation(lessonId, { unitId: jobCentreUnitId, result: "worked", mechanisms: ["tillid"] }),
        422,
      );
      expect(problem.type).toBe("urn:samskab:problem:unknown-term");
      const error = problem.errors?.find((e) => e.pointer === "/mechanisms/0");
      expect(error?.code).toBe("unknown_term");
      expect(error?.suggestions?.map((s) => s.slug)).toContain("trust");
      expect((await listAdaptations(lessonId)).items).toEqual([]);
    });

    it("reports a missing note and a foreign mechanism in one 422", async () => {
      const { lessonId, jobCentreUnitId } = await setup();
      const problem = expectProblem(
        await postAdaptation(lessonId, {
          unitId: jobCentreUnitId,
          result: "did_not_work",
          mechanisms: ["ownership"],
        }),
        422,
      );
      expect(problem.errors?.map((e) => e.pointer).sort()).toEqual(["/mechanisms/0", "/notes"]);
    });
  });
});
