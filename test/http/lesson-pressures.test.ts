// A lesson's pressures, each with its own coping text and strategy: mixed slug/object input, the reply
// shape, validation (unknown term, duplicate, strategy, length), the deprecated lesson-level `coping`,
// PATCH, and every pressure's coping being searchable.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

type Pressure = { term: string; coping: string | null; strategy: string | null; carriedOver?: true };
type Lesson = { id: string; version: number; title: string; pressures: Pressure[]; coping: string | null };

describe("a lesson's pressures over HTTP", () => {
  let app: FastifyInstance;
  let organisations = 0;
  let unitId = "";

  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const fixtures = async () => {
    unitId = (await createFixtures(app, `Pressures Kommune ${++organisations}`)).homeCareUnitId;
  };
  /** A lesson body without the helper's deprecated coping. */
  const body = (overrides: Record<string, unknown>) => {
    const { coping: _coping, ...rest } = lessonBody(unitId, overrides);
    return "coping" in overrides ? { ...rest, coping: overrides.coping } : rest;
  };
  const post = (payload: Record<string, unknown>) =>
    app.inject({ method: "POST", url: "/v1/lessons", payload });
  const get = async (id: string) =>
    expectStatus<Lesson>(await app.inject({ method: "GET", url: `/v1/lessons/${id}` }), 200);
  const patch = (id: string, payload: Record<string, unknown>, ifMatch: string) =>
    app.inject({ method: "PATCH", url: `/v1/lessons/${id}`, payload, headers: { "if-match": ifMatch } });
  const lessonCount = async () =>
    expectStatus<{ items: unknown[] }>(
      await app.inject({ method: "GET", url: `/v1/lessons?unitId=${unitId}&limit=100` }),
      200,
    ).items.length;

  const BUDGET_COPING = "The cost of the extra planner hours was split with the volunteer centre.";

  it("takes a mix of slugs and objects and returns every pressure as an object, in order", async () => {
    await fixtures();
    const created = expectStatus<Lesson>(
      await post(
        body({
          pressures: [
            "time",
            { term: "budget", coping: BUDGET_COPING, strategy: "renegotiate" },
            { term: "workload", strategy: "not_handled" },
          ],
        }),
      ),
      201,
    );
    const expected = [
      { term: "time", coping: null, strategy: null },
      { term: "budget", coping: BUDGET_COPING, strategy: "renegotiate" },
      { term: "workload", coping: null, strategy: "not_handled" },
    ];
    expect(created.pressures).toEqual(expected);
    expect(created.coping).toBeNull();
    expect((await get(created.id)).pressures).toEqual(expected);
  });

  it("answers 422 unknown-term with suggestions at /pressures/<i> for a slug and /pressures/<i>/term for an object", async () => {
    await fixtures();
    const problem = expectProblem(
      await post(body({ pressures: ["tidspres", { term: "oekonomi", coping: "Something was done." }] })),
      422,
    );
    expect(problem.type).toBe("urn:samskab:problem:unknown-term");
    const byPointer = new Map(problem.errors?.map((e) => [e.pointer, e]));
    expect([...byPointer.keys()].sort()).toEqual(["/pressures/0", "/pressures/1/term"]);
    expect(byPointer.get("/pressures/0")?.suggestions?.[0]).toMatchObject({
      facet: "pressure",
      slug: "time",
    });
    expect(byPointer.get("/pressures/1/term")?.code).toBe("unknown_term");
    expect(await lessonCount()).toBe(0);
  });

  it("answers 422 for a pressure named twice, as a slug and as an object, and stores nothing", async () => {
    await fixtures();
    const problem = expectProblem(
      await post(body({ pressures: ["budget", "time", { term: "budget", coping: BUDGET_COPING }] })),
      422,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: "/pressures/2", code: "duplicate_pressure" }),
    ]);
    expect(await lessonCount()).toBe(0);
  });

  it("answers 400 naming the strategy when it is outside the list", async () => {
    await fixtures();
    const problem = expectProblem(
      await post(body({ pressures: [{ term: "budget", coping: BUDGET_COPING, strategy: "ignore_it" }] })),
      400,
    );
    expect(problem.errors?.map((e) => e.pointer)).toContain("/pressures/0/strategy");
    expect(await lessonCount()).toBe(0);
  });

  it("answers 400 naming the coping text when it is longer than 4,000 characters", async () => {
    await fixtures();
    const problem = expectProblem(
      await post(body({ pressures: [{ term: "budget", coping: "x".repeat(4001) }] })),
      400,
    );
    expect(problem.errors?.map((e) => e.pointer)).toContain("/pressures/0/coping");
  });

  describe("the deprecated lesson-level coping", () => {
    it("lands on the first pressure, marked carried over, and nowhere else", async () => {
      await fixtures();
      const created = expectStatus<Lesson>(
        await post(body({ pressures: ["time", "budget"], coping: "We traded route efficiency." })),
        201,
      );
      expect(created.pressures).toEqual([
        { term: "time", coping: "We traded route efficiency.", strategy: null, carriedOver: true },
        { term: "budget", coping: null, strategy: null },
      ]);
      expect(created.coping).toBeNull();
    });

    it("stays on the lesson, tied to no pressure, when the lesson has none", async () => {
      await fixtures();
      const created = expectStatus<Lesson>(
        await post(body({ pressures: [], coping: "We kept the pilot small." })),
        201,
      );
      expect(created).toMatchObject({ pressures: [], coping: "We kept the pilot small." });
    });

    it("stays on the lesson when the first pressure has coping of its own", async () => {
      await fixtures();
      const created = expectStatus<Lesson>(
        await post(
          body({
            pressures: [{ term: "budget", coping: BUDGET_COPING, strategy: "trade_off" }, "time"],
            coping: "A general remark.",
          }),
        ),
        201,
      );
      expect(created.pressures[0]).toEqual({ term: "budget", coping: BUDGET_COPING, strategy: "trade_off" });
      expect(created.coping).toBe("A general remark.");
    });
  });

  describe("PATCH", () => {
    it("replaces the pressures with a merge-patch and keeps the other fields", async () => {
      await fixtures();
      const created = expectStatus<Lesson>(await post(body({ pressures: ["time"] })), 201);
      const pressures = [
        { term: "workload", coping: "Two short meetings instead of one long.", strategy: "buffer" },
        "political",
      ];
      const updated = expectStatus<Lesson>(await patch(created.id, { pressures }, '"1"'), 200);
      const expected = [
        { term: "workload", coping: "Two short meetings instead of one long.", strategy: "buffer" },
        { term: "political", coping: null, strategy: null },
      ];
      expect(updated).toMatchObject({ version: 2, title: created.title, pressures: expected });
      expect((await get(created.id)).pressures).toEqual(expected);
    });

    it("keeps a carried-over text's mark when the pressures are sent back unchanged, and drops it when rewritten", async () => {
      await fixtures();
      const created = expectStatus<Lesson>(
        await post(body({ pressures: ["time", "budget"], coping: "Written for both." })),
        201,
      );
      const roundTrip = expectStatus<Lesson>(
        await patch(created.id, { title: "Sent back as read", pressures: created.pressures }, '"1"'),
        200,
      );
      expect(roundTrip.pressures).toEqual(created.pressures);
      expect(roundTrip.pressures[0]?.carriedOver).toBe(true);
      const rewritten = expectStatus<Lesson>(
        await patch(
          created.id,
          {
            pressures: [
              {
                term: "time",
                coping: "Only about time: visits moved to the afternoon.",
                strategy: "trade_off",
              },
              "budget",
            ],
          },
          '"2"',
        ),
        200,
      );
      expect(rewritten.pressures[0]).toEqual({
        term: "time",
        coping: "Only about time: visits moved to the afternoon.",
        strategy: "trade_off",
      });
    });

    it("replaces a carried-over text through the deprecated field, and null clears it", async () => {
      await fixtures();
      const created = expectStatus<Lesson>(
        await post(body({ pressures: ["time", "budget"], coping: "Old text." })),
        201,
      );
      const replaced = expectStatus<Lesson>(await patch(created.id, { coping: "New text." }, '"1"'), 200);
      expect(replaced.pressures).toEqual([
        { term: "time", coping: "New text.", strategy: null, carriedOver: true },
        { term: "budget", coping: null, strategy: null },
      ]);
      const cleared = expectStatus<Lesson>(await patch(created.id, { coping: null }, '"2"'), 200);
      expect(cleared.pressures).toEqual([
        { term: "time", coping: null, strategy: null },
        { term: "budget", coping: null, strategy: null },
      ]);
      expect(cleared.coping).toBeNull();
    });

    it("answers 422 for a duplicated pressure and leaves the lesson unchanged", async () => {
      await fixtures();
      const created = expectStatus<Lesson>(await post(body({ pressures: ["time"] })), 201);
      const problem = expectProblem(await patch(created.id, { pressures: ["budget", "budget"] }, '"1"'), 422);
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/pressures/1" })]);
      expect(await get(created.id)).toMatchObject({
        version: 1,
        pressures: [{ term: "time", coping: null, strategy: null }],
      });
    });
  });

  it("finds a lesson by the words of any pressure's coping text, not only the first", async () => {
    await fixtures();
    const created = expectStatus<Lesson>(
      await post(
        body({
          pressures: [
            { term: "time", coping: "Visits were planned around the ferry timetable." },
            { term: "budget", coping: "The carpentry workshop donated the benches.", strategy: "buffer" },
          ],
        }),
      ),
      201,
    );
    const found = expectStatus<{ results: { id: string }[] }>(
      await app.inject({ method: "POST", url: "/v1/filter", payload: { q: "carpentry workshop benches" } }),
      200,
    );
    expect(found.results.map((r) => r.id)).toContain(created.id);
  });
});
