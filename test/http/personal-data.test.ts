// Personal data kept out of every free-text field (PERSONAL_DATA=reject, the default): 422 with code
// personal_data, the field's pointer and the character range, the value never echoed, nothing stored.
// Text hygiene at the boundary: broken Unicode and control characters are 400 naming the field, names
// are compared under one key (409, never 500).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildTestApp,
  createFixtures,
  expectProblem,
  expectStatus,
  lessonBody,
  uniqueWord,
} from "../helpers/app.js";

const CPR = "010190-1234";
const EMAIL = "ida.hansen@fjordby.dk";
const PHONE = "+45 23 45 67 89";
const FNR = "01019012345"; // not valid (check digits): must pass

describe("personal data in stored text (reject)", () => {
  let app: FastifyInstance;
  let fixtures: Awaited<ReturnType<typeof createFixtures>>;
  let lessonId: string;
  beforeAll(async () => {
    app = await buildTestApp();
    fixtures = await createFixtures(app, `Persondata ${uniqueWord()}`);
    lessonId = expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(fixtures.homeCareUnitId) }),
      201,
    ).id;
  });
  afterAll(() => app.close());

  const said = (value: string) => `Borgeren bad os skrive til ${value} efter besøget.`;
  const why = (value: string) => `${said(value)} Det skabte tillid, fordi hun blev hørt.`;
  type Case = [string, "POST" | "PATCH", () => string, (value: string) => Record<string, unknown>, string];
  const lesson = (overrides: Record<string, unknown>) => lessonBody(fixtures.homeCareUnitId, overrides);
  const CASES: Case[] = [
    ["organisation name", "POST", () => "/v1/organisations", (v) => ({ name: `Kommune ${v}` }), "/name"],
    [
      "unit name",
      "POST",
      () => "/v1/units",
      (v) => ({ organisationId: fixtures.organisationId, name: `Team ${v}` }),
      "/name",
    ],
    [
      "unit description",
      "POST",
      () => "/v1/units",
      (v) => ({
        organisationId: fixtures.organisationId,
        name: `Team ${uniqueWord()}`,
        description: said(v),
      }),
      "/description",
    ],
    ["lesson title", "POST", () => "/v1/lessons", (v) => lesson({ title: `Besøg hos ${v}` }), "/title"],
    ["lesson summary", "POST", () => "/v1/lessons", (v) => lesson({ summary: said(v) }), "/summary"],
    ["lesson why", "POST", () => "/v1/lessons", (v) => lesson({ why: why(v) }), "/why"],
    [
      "context narrative",
      "POST",
      () => "/v1/lessons",
      (v) => lesson({ context: { narrative: said(v) } }),
      "/context/narrative",
    ],
    [
      "outcome narrative",
      "POST",
      () => "/v1/lessons",
      (v) => lesson({ outcomeNarrative: said(v) }),
      "/outcomeNarrative",
    ],
    [
      "coping",
      "POST",
      () => "/v1/lessons",
      (v) =>
        lesson({ pressures: [{ term: "time", coping: said(v), strategy: "buffer" }], coping: undefined }),
      "/pressures/0/coping",
    ],
    [
      "adaptation notes",
      "POST",
      () => `/v1/lessons/${lessonId}/adaptations`,
      (v) => ({ unitId: fixtures.jobCentreUnitId, result: "partly", notes: said(v) }),
      "/notes",
    ],
    [
      "lesson summary, edited",
      "PATCH",
      () => `/v1/lessons/${lessonId}`,
      (v) => ({ summary: said(v) }),
      "/summary",
    ],
  ];

  for (const [kind, value] of [
    ["a CPR number", CPR],
    ["an e-mail address", EMAIL],
    ["a phone number", PHONE],
  ] as const)
    it.each(CASES)(`refuses ${kind} in the %s`, async (_field, method, url, payload, pointer) => {
      const etag =
        method === "PATCH" ? (await app.inject({ method: "GET", url: url() })).headers.etag : undefined;
      const body = payload(value);
      const response = await app.inject({
        method,
        url: url(),
        payload: body,
        headers: etag ? { "if-match": String(etag) } : {},
      });
      const problem = expectProblem(response, 422);
      expect(problem.type).toBe("urn:samskab:problem:personal-data");
      expect(problem.errors).toEqual([
        expect.objectContaining({ pointer, code: "personal_data", range: expect.any(Object) }),
      ]);
      // the range points at the value in the field's text, and the value itself is never echoed
      const field = JSON.stringify(body).match(
        new RegExp(`"[^"]*${value.replace(/[.+]/g, "\\$&")}[^"]*"`),
      )![0];
      const range = problem.errors![0]!.range as { start: number; end: number };
      expect((JSON.parse(field) as string).slice(range.start, range.end)).toBe(value);
      expect(response.body).not.toContain(value);
    });

  it("stores nothing when it refuses", async () => {
    const before = expectStatus<{ items: unknown[] }>(
      await app.inject({ url: `/v1/lessons?unitId=${fixtures.homeCareUnitId}&limit=100` }),
      200,
    ).items.length;
    expectProblem(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(fixtures.homeCareUnitId, {
          why: `${said(CPR)} Det skabte tillid, fordi hun blev hørt.`,
        }),
      }),
      422,
    );
    const after = expectStatus<{ items: unknown[] }>(
      await app.inject({ url: `/v1/lessons?unitId=${fixtures.homeCareUnitId}&limit=100` }),
      200,
    ).items.length;
    expect(after).toBe(before);
  });

  it("lets ordinary numbers and a number with wrong check digits through", async () => {
    const summary = `Fra 01.02.2024 kom 10-12 borgere kl. 8-16; budgettet var kr. 1.250.000 (journalnr. 2024-0117-35, arkiv ${FNR}).`;
    const lesson = expectStatus<{ summary: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(fixtures.homeCareUnitId, { summary }),
      }),
      201,
    );
    expect(lesson.summary).toBe(summary);
  });

  it("still searches with a number in the question (a query is not stored)", async () => {
    expectStatus(
      await app.inject({ method: "POST", url: "/v1/filter", payload: { q: `tillid ${EMAIL}` } }),
      200,
    );
  });
});

describe("text hygiene at the boundary", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());
  const organisation = (name: string) =>
    app.inject({ method: "POST", url: "/v1/organisations", payload: { name } });

  it.each([
    ["a lone surrogate", "Surrogate \ud800 kommune", "lone_surrogate"],
    ["NUL", "Nul\u0000by kommune", "control_character"],
    ["an ANSI escape", "\u001b[31mRødby\u001b[0m kommune", "control_character"],
  ])("refuses %s with 400 naming the field, the same request twice (no 500)", async (_name, name, code) => {
    for (let i = 0; i < 2; i++) {
      const problem = expectProblem(await organisation(name), 400);
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/name", code })]);
    }
  });

  it.each([
    ["zero-width characters only", "\u200b\u200c\u200d"],
    ["bidi marks only", "\u202a\u202c"],
    ["spaces only", "   "],
  ])("refuses a name of %s", async (_name, name) => {
    const problem = expectProblem(await organisation(name), 400);
    expect(problem.errors?.map((e) => e.pointer)).toEqual(["/name"]);
  });

  it("stores a name trimmed, NFC, inner spaces collapsed, and finds its variants taken (409, never 500)", async () => {
    const base = `Fjordholm ${uniqueWord()} Kommune`;
    const created = expectStatus<{ name: string }>(
      await organisation(`  ${base.replace(" ", "   ")}\t`),
      201,
    );
    expect(created.name).toBe(base);
    const fullWidth = base.replace(/[A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const variant of [
      base.toUpperCase(),
      base.replace(" ", "\u200b "),
      fullWidth,
      base.replace(" ", "  "),
    ]) {
      const problem = expectProblem(await organisation(variant), 409);
      expect(problem.errors?.[0]?.pointer ?? "/name").toBe("/name");
    }
    expect((await organisation("Ærø Nord Kommune")).statusCode).toBe(201);
    expectProblem(await organisation("ÆRØ NORD KOMMUNE"), 409);
  });
});
