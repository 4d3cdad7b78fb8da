// PERSONAL_DATA=redact: personal data in stored text is replaced by a marker, and the reply's warnings
// say where. (The policy is one per process, so this file has its own.)
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, createFixtures, expectStatus, lessonBody, uniqueWord } from "../helpers/app.js";

type Lesson = { id: string; summary: string; why: string; warnings: { code: string; pointer: string }[] };

describe("personal data in stored text (redact)", () => {
  let app: FastifyInstance;
  let fixtures: Awaited<ReturnType<typeof createFixtures>>;
  let lessonId: string;
  const newLesson = async () =>
    expectStatus<{ id: string }>(
      await app.inject({ method: "POST", url: "/v1/lessons", payload: lessonBody(fixtures.homeCareUnitId) }),
      201,
    ).id;
  beforeAll(async () => {
    app = await buildTestApp({ personalData: "redact" });
    fixtures = await createFixtures(app, `Markørby ${uniqueWord()}`);
    lessonId = await newLesson();
  });
  afterAll(() => app.close());

  it("stores markers instead of the numbers and addresses, says so, and never returns or quotes them", async () => {
    const { homeCareUnitId } = await createFixtures(app, `Redaktby ${uniqueWord()}`);
    const lesson = expectStatus<Lesson>(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(homeCareUnitId, {
          summary: "Datteren (ida.hansen@fjordby.dk, tlf. 23 45 67 89) ringede hver morgen.",
          why: "Borgeren med cpr 010190-1234 stolede på os, fordi hun selv bestemte rækkefølgen af besøget.",
        }),
      }),
      201,
    );
    expect(lesson.summary).toBe("Datteren ([e-mail], tlf. [phone]) ringede hver morgen.");
    expect(lesson.why).toBe(
      "Borgeren med cpr [CPR] stolede på os, fordi hun selv bestemte rækkefølgen af besøget.",
    );
    expect(
      lesson.warnings
        .filter((w) => w.code === "personal_data_redacted")
        .map((w) => w.pointer)
        .sort(),
    ).toEqual(["/summary", "/why"]);
    const stored = (await app.inject({ url: `/v1/lessons/${lesson.id}` })).body;
    const digest = (
      await app.inject({ method: "POST", url: "/v1/digests", payload: { q: "morgen", detail: "full" } })
    ).body;
    for (const text of [stored, digest]) {
      expect(text).not.toContain("010190-1234");
      expect(text).not.toContain("ida.hansen@fjordby.dk");
      expect(text).not.toContain("23 45 67 89");
    }
  });

  it.each([
    [
      "organisation name",
      "/v1/organisations",
      (v: string) => ({ name: `Kommune ${v} ${uniqueWord()}` }),
      "name",
    ],
    [
      "unit description",
      "/v1/units",
      (v: string) => ({
        organisationId: fixtures.organisationId,
        name: `Team ${uniqueWord()}`,
        description: `Kontakt ${v}.`,
      }),
      "description",
    ],
    [
      "lesson title",
      "/v1/lessons",
      (v: string) => lessonBody(fixtures.homeCareUnitId, { title: `Besøg hos ${v}` }),
      "title",
    ],
    [
      "context narrative",
      "/v1/lessons",
      (v: string) => lessonBody(fixtures.homeCareUnitId, { context: { narrative: `Kontakt ${v}.` } }),
      "context.narrative",
    ],
    [
      "outcome narrative",
      "/v1/lessons",
      (v: string) => lessonBody(fixtures.homeCareUnitId, { outcomeNarrative: `Kontakt ${v}.` }),
      "outcomeNarrative",
    ],
    [
      "coping",
      "/v1/lessons",
      (v: string) =>
        lessonBody(fixtures.homeCareUnitId, {
          pressures: [{ term: "time", coping: `Kontakt ${v}.`, strategy: "buffer" }],
          coping: undefined,
        }),
      "pressures.0.coping",
    ],
    [
      "adaptation notes",
      "/v1/lessons/{lesson}/adaptations",
      (v: string) => ({ unitId: fixtures.jobCentreUnitId, result: "partly", notes: `Kontakt ${v}.` }),
      "notes",
    ],
  ] as const)("stores a marker in the %s", async (_field, url, payload, path) => {
    for (const [value, marker] of [
      ["010190-1234", "[CPR]"],
      ["ida@fjordby.dk", "[e-mail]"],
      ["+47 412 34 567", "[phone]"],
    ] as const) {
      const response = await app.inject({
        method: "POST",
        url: url.replace("{lesson}", lessonId),
        payload: payload(value),
      });
      expect(response.statusCode, response.body.slice(0, 300)).toBe(201);
      expect(response.body).not.toContain(value);
      const stored = path
        .split(".")
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], JSON.parse(response.body));
      expect(String(stored)).toContain(marker);
      // one adaptation per unit and lesson: the next value goes to a fresh lesson
      if (url.includes("adaptations")) lessonId = await newLesson();
    }
  });

  it("redacts names too, and leaves text without personal data as it is", async () => {
    const organisation = expectStatus<{ name: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/organisations",
        payload: { name: `Kontakt 23456789 ${uniqueWord()}` },
      }),
      201,
    );
    expect(organisation.name).toMatch(/^Kontakt \[phone\] /);
  });
});
