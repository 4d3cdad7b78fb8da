import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MaturityReport } from "../../src/domain/maturity.js";
import { buildTestApp, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

// the reply as the domain builds it; over HTTP it arrives as the same JSON
type Report = MaturityReport;

const DAY_MS = 86_400_000;
const NOW = new Date("2026-03-01T12:00:00.000Z");

/**
 * Lineby: Ældre (A) with Hjemmepleje Nord (A1) and Syd (A2) below it, Jobcenter (B) and Kultur (C); and
 * Otherby, whose unit X adapts one of Lineby's lessons and runs a project built on one of its pilots.
 */
describe("maturity diagnosis", () => {
  let app: FastifyInstance;
  let current = NOW;
  const clock = { now: () => current };
  const ids = {} as Record<
    | "org"
    | "otherOrg"
    | "A"
    | "A1"
    | "A2"
    | "B"
    | "C"
    | "X"
    | "program"
    | "pilotDone"
    | "projectX"
    | "pilotOrphan"
    | "pilotDiscarded"
    | "pilotInst"
    | "adHoc"
    | "borrowed"
    | "otherPilot"
    | "L1"
    | "L2"
    | "L3"
    | "L4"
    | "L5"
    | "L7"
    | "L8"
    | "L9",
    string
  >;

  const post = async (url: string, payload: Record<string, unknown>) =>
    expectStatus<{ id: string }>(await app.inject({ method: "POST", url, payload }), 201).id;
  const unit = (organisationId: string, name: string, parentId?: string) =>
    post("/v1/units", { organisationId, name, ...(parentId ? { parentId } : {}) });
  const initiative = (
    leadUnitId: string,
    stage: string,
    status: string,
    extra: Record<string, unknown> = {},
  ) =>
    post("/v1/initiatives", {
      title: `${stage} ${status} ${leadUnitId}`,
      description: "A co-production initiative.",
      stage,
      status,
      leadUnitId,
      ...extra,
    });
  const lesson = (
    unitId: string,
    mechanisms: string[],
    direction: string,
    extra: Record<string, unknown> = {},
  ) =>
    post(
      "/v1/lessons",
      lessonBody(unitId, {
        context: { narrative: "A test context.", tags: {} },
        mechanisms,
        outcomes: [{ term: "user_wellbeing", direction }],
        ...extra,
      }),
    );
  const adapt = (lessonId: string, unitId: string) =>
    post(`/v1/lessons/${lessonId}/adaptations`, { unitId, result: "worked" });

  async function maturity(url: string, headers: Record<string, string> = {}): Promise<Report> {
    return expectStatus<Report>(await app.inject({ method: "GET", url, headers }), 200);
  }

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    ids.org = await post("/v1/organisations", { name: "Lineby Kommune" });
    ids.otherOrg = await post("/v1/organisations", { name: "Otherby Kommune" });
    ids.A = await unit(ids.org, "Ældre");
    ids.A1 = await unit(ids.org, "Hjemmepleje Nord", ids.A);
    ids.A2 = await unit(ids.org, "Hjemmepleje Syd", ids.A);
    ids.B = await unit(ids.org, "Jobcenter");
    ids.C = await unit(ids.org, "Kultur");
    ids.X = await unit(ids.otherOrg, "Otherby Hjemmepleje");

    ids.program = await initiative(ids.A, "program", "active");
    ids.pilotDone = await initiative(ids.A1, "pilot", "completed");
    ids.projectX = await initiative(ids.A1, "project", "active", {
      buildsOn: [ids.pilotDone],
      programId: ids.program,
    });
    ids.pilotOrphan = await initiative(ids.A2, "pilot", "completed", { title: "Kaffe først" });
    ids.pilotDiscarded = await initiative(ids.B, "pilot", "discarded");
    ids.pilotInst = await initiative(ids.B, "pilot", "institutionalised");
    ids.adHoc = await initiative(ids.C, "ad_hoc_collective", "completed");
    ids.borrowed = await initiative(ids.X, "project", "active", { buildsOn: [ids.pilotInst] });
    ids.otherPilot = await initiative(ids.X, "pilot", "completed");

    // published 400 days ago: outside the 12-month spread window
    current = new Date(NOW.getTime() - 400 * DAY_MS);
    ids.L1 = await lesson(ids.A1, ["trust"], "positive", { initiativeId: ids.pilotDone });
    ids.L9 = await lesson(ids.A, ["recognition"], "negative");
    current = new Date(NOW.getTime() - 30 * DAY_MS);
    ids.L2 = await lesson(ids.A2, ["trust"], "positive");
    ids.L3 = await lesson(ids.B, ["trust"], "negative");
    ids.L4 = await lesson(ids.A1, ["ownership"], "positive", { initiativeId: ids.projectX });
    ids.L5 = await lesson(ids.B, ["ownership"], "positive", { stage: "ad_hoc_collective" });
    ids.L7 = await lesson(ids.B, ["recognition"], "positive", { status: "submitted" });
    ids.L8 = await lesson(ids.A2, ["recognition"], "positive");
    current = NOW;

    await adapt(ids.L1, ids.B);
    await adapt(ids.L4, ids.B);
    await adapt(ids.L5, ids.A2);
    await adapt(ids.L3, ids.A1);
    await adapt(ids.L2, ids.X);
  });
  afterAll(() => app.close());

  const stepsOf = (report: Report, kind: string) => report.guidance.nextSteps.filter((s) => s.kind === kind);

  it("counts an organisation's initiatives per stage and status, and lists them", async () => {
    const report = await maturity(`/v1/organisations/${ids.org}/maturity`);
    expect(report.scope).toMatchObject({ kind: "organisation", id: ids.org, name: "Lineby Kommune" });
    expect([...report.scope.unitIds].sort()).toEqual([ids.A, ids.A1, ids.A2, ids.B, ids.C].sort());
    expect(report.asOf).toBe(NOW.toISOString());
    const zero = { total: 0, active: 0, completed: 0, discarded: 0, institutionalised: 0 };
    expect(report.initiatives.byStage).toEqual({
      ad_hoc_individual: zero,
      ad_hoc_collective: { ...zero, total: 1, completed: 1 },
      pilot: { ...zero, total: 4, completed: 2, discarded: 1, institutionalised: 1 },
      project: { ...zero, total: 1, active: 1 },
      program: { ...zero, total: 1, active: 1 },
      culture: zero,
    });
    expect(report.initiatives.byStatus).toEqual({
      active: 2,
      completed: 3,
      discarded: 1,
      institutionalised: 1,
    });
    expect(report.initiatives.total).toBe(7);
    expect(report.initiatives.items.map((i) => i.id).sort()).toEqual(
      [
        ids.program,
        ids.pilotDone,
        ids.projectX,
        ids.pilotOrphan,
        ids.pilotDiscarded,
        ids.pilotInst,
        ids.adHoc,
      ].sort(),
    );
    expect(report.initiatives.items.map((i) => i.stage)).toEqual([
      "ad_hoc_collective",
      "pilot",
      "pilot",
      "pilot",
      "pilot",
      "project",
      "program",
    ]);
  });

  it("shows the lineage: pilot → project → program, and a pilot another organisation built on", async () => {
    const { lineage } = await maturity(`/v1/organisations/${ids.org}/maturity`);
    expect(lineage.edges).toHaveLength(3);
    expect(lineage.edges).toEqual(
      expect.arrayContaining([
        { from: ids.pilotDone, to: ids.projectX, kind: "grew_into" },
        { from: ids.projectX, to: ids.program, kind: "part_of" },
        { from: ids.pilotInst, to: ids.borrowed, kind: "grew_into" },
      ]),
    );
    expect(lineage.chains).toHaveLength(2);
    expect(lineage.chains).toEqual(
      expect.arrayContaining([
        [ids.pilotDone, ids.projectX, ids.program],
        [ids.pilotInst, ids.borrowed],
      ]),
    );
    expect(lineage.nodes.find((n) => n.id === ids.borrowed)).toMatchObject({
      inScope: false,
      stage: "project",
    });
    expect(lineage.nodes.find((n) => n.id === ids.pilotInst)).toMatchObject({
      inScope: true,
      status: "institutionalised",
    });
    expect(lineage.nodes.find((n) => n.id === ids.pilotDiscarded)).toMatchObject({ status: "discarded" });
    expect(lineage.nodes.map((n) => n.id)).not.toContain(ids.otherPilot);
  });

  it("measures spread: recent lessons per unit, published lessons per stage, adaptations across units", async () => {
    const { spread } = await maturity(`/v1/organisations/${ids.org}/maturity`);
    expect(spread.since).toBe("2025-03-01T12:00:00.000Z");
    expect(spread).toMatchObject({
      units: 5,
      unitsWithRecentLessons: 3,
      recentLessonsShare: 0.6,
      publishedLessons: 7,
      recentLessons: 5,
    });
    expect(spread.lessonsByStage).toEqual({
      ad_hoc_individual: 4,
      ad_hoc_collective: 1,
      pilot: 1,
      project: 1,
      program: 0,
      culture: 0,
    });
    expect(spread.adaptations).toEqual({
      acrossUnits: 5,
      distinctUnitPairs: 4,
      madeByScopeUnits: 4,
      ofScopeLessons: 5,
    });
  });

  it("claims the highest rung with an active or institutionalised initiative; the records bear out less", async () => {
    const report = await maturity(`/v1/organisations/${ids.org}/maturity`);
    expect(report.rung).toMatchObject({
      claimed: "program",
      current: "program",
      basis: "initiatives",
      occupied: ["pilot", "project", "program"],
      // the program holds one project, where a program holds several
      evidenced: "project",
      contradictions: [],
      since: "2025-03-01T12:00:00.000Z",
    });
    expect(report.rung.indicators.find((i) => i.code === "program_projects")).toMatchObject({
      rung: "program",
      met: false,
      observed: 1,
      atLeast: 2,
      detail: "Most initiatives held by one program (programId): 1 (needed: at least 2).",
    });
    expect(report.guidance.gap).toBe(
      "The records claim program; what they show bears out project. Not yet shown for program: Most initiatives held by one program (programId): 1 (needed: at least 2).",
    );
    expect(report.guidance.rungs.map((r) => r.stage)).toEqual(["pilot", "project", "program"]);
    expect(report.guidance.rungs[2]).toMatchObject({
      label: "Program",
      description: expect.stringContaining("projects"),
    });
  });

  it("suggests deciding on a completed pilot nothing builds on", async () => {
    const report = await maturity(`/v1/organisations/${ids.org}/maturity`);
    const steps = stepsOf(report, "completed_pilot_without_decision");
    expect(steps).toEqual([
      expect.objectContaining({ initiativeIds: [ids.pilotOrphan], unitIds: [ids.A2], lessonIds: [] }),
    ]);
    expect(steps[0]!.text).toContain("“Kaffe først”");
  });

  it("suggests taking into a program a mechanism that worked in two units but no program uses", async () => {
    const report = await maturity(`/v1/organisations/${ids.org}/maturity`);
    // ownership also worked in two units, but the program's project already draws on it; recognition
    // worked in one unit only (the other lesson naming it is not published)
    expect(stepsOf(report, "mechanism_without_program")).toEqual([
      expect.objectContaining({
        mechanism: { slug: "trust", label: "Trust" },
        unitIds: [ids.A1, ids.A2].sort(),
        lessonIds: [ids.L1, ids.L2],
        initiativeIds: [],
      }),
    ]);
  });

  it("names a unit that logs lessons but never adapts another unit's", async () => {
    const report = await maturity(`/v1/organisations/${ids.org}/maturity`);
    const steps = stepsOf(report, "unit_never_adapts");
    expect(steps.map((s) => s.unitIds)).toEqual([[ids.A]]);
    expect(steps[0]!.text).toContain("Ældre");
    expect(report.guidance.nextSteps.map((s) => s.kind)).toEqual([
      "strengthen_evidence",
      "completed_pilot_without_decision",
      "mechanism_without_program",
      "unit_never_adapts",
    ]);
  });

  it("diagnoses a unit together with the units below it", async () => {
    const report = await maturity(`/v1/units/${ids.A}/maturity`);
    expect(report.scope).toMatchObject({ kind: "unit", id: ids.A, name: "Ældre", organisationId: ids.org });
    expect([...report.scope.unitIds].sort()).toEqual([ids.A, ids.A1, ids.A2].sort());
    expect(report.initiatives.items.map((i) => i.id).sort()).toEqual(
      [ids.program, ids.pilotDone, ids.projectX, ids.pilotOrphan].sort(),
    );
    expect(report.spread).toMatchObject({ units: 3, unitsWithRecentLessons: 2, recentLessonsShare: 0.667 });
    expect(report.rung).toMatchObject({ claimed: "program", current: "program", evidenced: "project" });
    expect(report.guidance.nextSteps.map((s) => [s.kind, s.unitIds])).toEqual([
      ["strengthen_evidence", []],
      ["completed_pilot_without_decision", [ids.A2]],
      ["mechanism_without_program", [ids.A1, ids.A2].sort()],
      ["unit_never_adapts", [ids.A]],
    ]);
  });

  it("places a unit with only an institutionalised pilot on the pilot rung", async () => {
    const report = await maturity(`/v1/units/${ids.B}/maturity`);
    expect(report.initiatives.items.map((i) => i.id).sort()).toEqual(
      [ids.pilotDiscarded, ids.pilotInst].sort(),
    );
    expect(report.rung).toMatchObject({ current: "pilot", basis: "initiatives", occupied: ["pilot"] });
    // no published lesson comes from a pilot: the institutionalised pilot left nothing on record
    expect(report.rung).toMatchObject({
      claimed: "pilot",
      evidenced: "ad_hoc_collective",
      contradictions: [],
    });
    expect(report.guidance.nextSteps).toEqual([
      expect.objectContaining({ kind: "strengthen_evidence", indicator: "initiative_lessons" }),
    ]);
  });

  it("falls back to the ad hoc rung when no initiative is active or institutionalised", async () => {
    const report = await maturity(`/v1/units/${ids.C}/maturity`);
    expect(report.rung).toMatchObject({
      claimed: "ad_hoc_collective",
      current: "ad_hoc_collective",
      basis: "ad_hoc_activity",
      occupied: [],
      evidenced: "ad_hoc_individual",
    });
    expect(report.guidance.rungs.map((r) => r.stage)).toEqual(["ad_hoc_collective"]);
    expect(report.guidance.nextSteps).toEqual([
      expect.objectContaining({ kind: "strengthen_evidence", indicator: "collective_lessons", unitIds: [] }),
    ]);
    expect(report.spread).toMatchObject({ units: 1, unitsWithRecentLessons: 0, recentLessonsShare: 0 });
  });

  it("writes the guidance in Danish and Norwegian when asked, by ?lang= or Accept-Language", async () => {
    const url = `/v1/organisations/${ids.org}/maturity`;
    const en = await maturity(url);
    const da = await maturity(`${url}?lang=da`);
    const nb = await maturity(url, { "accept-language": "nb-NO,nb;q=0.9,en;q=0.5" });
    expect([en.guidance.language, da.guidance.language, nb.guidance.language]).toEqual(["en", "da", "nb"]);
    for (const other of [da, nb]) {
      expect(other.guidance.ladder).not.toBe(en.guidance.ladder);
      other.guidance.rungs.forEach((rung, i) => {
        expect(rung.description).not.toBe(en.guidance.rungs[i]!.description);
      });
      other.guidance.nextSteps.forEach((step, i) => {
        expect(step.kind).toBe(en.guidance.nextSteps[i]!.kind);
        expect(step.text).not.toBe(en.guidance.nextSteps[i]!.text);
        expect(step.text).not.toMatch(/\{\w+\}/);
      });
    }
    expect(da.guidance.ladder).not.toBe(nb.guidance.ladder);
    expect(da.guidance.gap).toBe(
      "Registreringerne hævder program; det, de viser, underbygger projekt. Endnu ikke vist for program: Flest initiativer samlet i ét program (programId): 1 (krav: mindst 2).",
    );
    expect(nb.rung.indicators.map((i) => i.detail)).not.toEqual(en.rung.indicators.map((i) => i.detail));
    expect(nb.rung.indicators.map((i) => [i.code, i.met])).toEqual(
      en.rung.indicators.map((i) => [i.code, i.met]),
    );
    expect(stepsOf(da, "completed_pilot_without_decision")[0]!.text).toContain(
      "Pilotprojektet »Kaffe først«",
    );
    expect(stepsOf(nb, "completed_pilot_without_decision")[0]!.text).toContain(
      "Pilotprosjektet «Kaffe først»",
    );
    expect(stepsOf(da, "mechanism_without_program")[0]!.mechanism).toEqual({
      slug: "trust",
      label: "Tillid",
    });
    expect(da.initiatives.byStage).toEqual(en.initiatives.byStage);
  });

  it("answers 404 for an unknown unit or organisation", async () => {
    expect(
      expectProblem(await app.inject({ method: "GET", url: "/v1/units/unit_missing/maturity" }), 404),
    ).toMatchObject({ resource: "unit", id: "unit_missing" });
    expect(
      expectProblem(await app.inject({ method: "GET", url: "/v1/organisations/org_missing/maturity" }), 404),
    ).toMatchObject({ resource: "organisation", id: "org_missing" });
  });

  it("refuses an unsupported ?lang with 400", async () => {
    const problem = expectProblem(
      await app.inject({ method: "GET", url: `/v1/organisations/${ids.org}/maturity?lang=sv` }),
      400,
    );
    expect(problem.errors).toEqual([expect.objectContaining({ in: "querystring", pointer: "/lang" })]);
  });
});

/**
 * Claimby: Hjemmeplejen (home care) and Jobcentret (employment) under an institutionalised culture
 * initiative; a recent lesson of that initiative says the principles became a poster on the wall, a
 * recent jobcentre lesson reports symbolic involvement, and one from 400 days ago does too; the jobcentre
 * tried one of the home-care unit's lessons. Programby: a
 * running program whose lessons no other unit has tried.
 */
describe("maturity: what the labels claim against what the records show", () => {
  let app: FastifyInstance;
  let current = NOW;
  const clock = { now: () => current };
  const ids = {} as Record<
    | "org"
    | "home"
    | "job"
    | "culture"
    | "poster"
    | "panel"
    | "oldPanel"
    | "progOrg"
    | "progUnit"
    | "program"
    | "progLesson",
    string
  >;
  const post = async (url: string, payload: Record<string, unknown>) =>
    expectStatus<{ id: string }>(await app.inject({ method: "POST", url, payload }), 201).id;
  const get = async (url: string) => expectStatus<Report>(await app.inject({ method: "GET", url }), 200);

  beforeAll(async () => {
    app = await buildTestApp({ clock });
    ids.org = await post("/v1/organisations", { name: "Claimby Kommune" });
    ids.home = await post("/v1/units", {
      organisationId: ids.org,
      name: "Hjemmeplejen",
      context: { serviceArea: ["home_care"] },
    });
    ids.job = await post("/v1/units", {
      organisationId: ids.org,
      name: "Jobcentret",
      context: { serviceArea: ["employment_services"] },
    });
    ids.culture = await post("/v1/initiatives", {
      title: "Samskabelse som arbejdsform",
      description: "Leadership principles for co-production across the municipality.",
      stage: "culture",
      status: "institutionalised",
      leadUnitId: ids.home,
      unitIds: [ids.job],
    });
    current = new Date(NOW.getTime() - 400 * DAY_MS);
    ids.oldPanel = await post(
      "/v1/lessons",
      lessonBody(ids.job, {
        title: "An old panel asked about what was already decided",
        outcomes: [{ term: "user_wellbeing", direction: "negative" }],
        pitfalls: ["symbolic_involvement"],
      }),
    );
    current = new Date(NOW.getTime() - 40 * DAY_MS);
    ids.poster = await post(
      "/v1/lessons",
      lessonBody(ids.home, {
        initiativeId: ids.culture,
        title: "The principles became a poster on the wall",
        outcomes: [
          { term: "user_wellbeing", direction: "none" },
          { term: "staff_motivation", direction: "mixed" },
        ],
      }),
    );
    // a lesson the jobcentre tried: what is learned does travel between the two units
    const coffee = await post("/v1/lessons", lessonBody(ids.home, { title: "Coffee first" }));
    await post(`/v1/lessons/${coffee}/adaptations`, { unitId: ids.job, result: "worked" });
    current = new Date(NOW.getTime() - 18 * DAY_MS);
    ids.panel = await post(
      "/v1/lessons",
      lessonBody(ids.job, {
        title: "Invited so that the press release could say citizen involvement",
        outcomes: [{ term: "user_wellbeing", direction: "negative" }],
        pitfalls: ["symbolic_involvement"],
      }),
    );

    ids.progOrg = await post("/v1/organisations", { name: "Programby Kommune" });
    ids.progUnit = await post("/v1/units", { organisationId: ids.progOrg, name: "Ældre" });
    ids.program = await post("/v1/initiatives", {
      title: "Ældreprogrammet",
      description: "A program of co-production projects in elder care.",
      stage: "program",
      status: "active",
      leadUnitId: ids.progUnit,
    });
    ids.progLesson = await post("/v1/lessons", lessonBody(ids.progUnit, { initiativeId: ids.program }));
    current = NOW;
  });
  afterAll(() => app.close());

  it("claims culture, evidences less, and names the lessons that contradict the claim", async () => {
    const report = await get(`/v1/organisations/${ids.org}/maturity`);
    expect(report.rung).toMatchObject({ claimed: "culture", current: "culture" });
    // the culture initiative's lessons count as project evidence, but no pilot grew into anything
    expect(report.rung.evidenced).toBe("pilot");
    expect(report.rung.contradictions).toEqual([
      {
        code: "embedded_label_with_counter_examples",
        detail:
          "The initiative “Samskabelse som arbejdsform” is labelled culture (institutionalised), but one of its own lessons from the last 12 months says otherwise: “The principles became a poster on the wall”.",
        lessonIds: [ids.poster],
        initiativeIds: [ids.culture],
        routineIds: [],
        escalationIds: [],
        pitfall: null,
      },
      {
        code: "culture_claim_with_influence_pitfall",
        detail:
          "The records claim culture; in the last 12 months one lesson reports symbolic involvement: “Invited so that the press release could say citizen involvement”.",
        lessonIds: [ids.panel],
        initiativeIds: [ids.culture],
        routineIds: [],
        escalationIds: [],
        pitfall: { slug: "symbolic_involvement", label: "Symbolic involvement" },
      },
    ]);
    const pitfalls = report.rung.indicators.find((i) => i.code === "recent_influence_pitfalls")!;
    expect(pitfalls).toMatchObject({ met: false, observed: 1, lessonIds: [ids.panel] });
    expect(report.guidance.gap).toMatch(
      /^The records claim culture; what they show bears out pilot project\. /,
    );
    expect(report.guidance.gap).toContain("“The principles became a poster on the wall”");
    expect(report.guidance.gap).not.toContain("An old panel");
  });

  it("answers each contradiction with a step, and shows what the rung above still lacks", async () => {
    const report = await get(`/v1/organisations/${ids.org}/maturity`);
    const steps = report.guidance.nextSteps;
    expect(steps.filter((s) => s.kind === "revisit_claim")).toEqual([
      expect.objectContaining({
        contradiction: "embedded_label_with_counter_examples",
        lessonIds: [ids.poster],
        unitIds: [ids.home],
        initiativeIds: [ids.culture],
      }),
      expect.objectContaining({
        contradiction: "culture_claim_with_influence_pitfall",
        lessonIds: [ids.panel],
        unitIds: [ids.job],
      }),
    ]);
    expect(steps.filter((s) => s.kind === "strengthen_evidence").map((s) => s.indicator)).toEqual([
      "pilots_grown",
    ]);
  });

  it("diagnoses the jobcentre alone: culture claimed through the initiative it takes part in, not evidenced", async () => {
    const report = await get(`/v1/units/${ids.job}/maturity?lang=da`);
    expect(report.rung.claimed).toBe("culture");
    expect(report.rung.evidenced).not.toBe("culture");
    // it tried another unit's lesson, but no unit has tried one of its own
    expect(report.rung.contradictions.map((c) => [c.code, c.lessonIds])).toEqual([
      ["program_claim_without_adaptation", []],
      ["culture_claim_with_influence_pitfall", [ids.panel]],
    ]);
    expect(report.rung.contradictions[1]!.detail).toBe(
      "Registreringerne hævder kultur; inden for de seneste 12 måneder beretter én erfaring om symbolsk inddragelse: »Invited so that the press release could say citizen involvement«.",
    );
    expect(report.guidance.nextSteps.length).toBeGreaterThan(0);
  });

  it("names a program claim that no other unit has tried a lesson of", async () => {
    const report = await get(`/v1/organisations/${ids.progOrg}/maturity`);
    expect(report.rung).toMatchObject({ claimed: "program", evidenced: "pilot" });
    expect(report.rung.contradictions).toEqual([
      expect.objectContaining({
        code: "program_claim_without_adaptation",
        lessonIds: [ids.progLesson],
        initiativeIds: [ids.program],
      }),
    ]);
    const adapted = await post(`/v1/lessons/${ids.progLesson}/adaptations`, {
      unitId: ids.home,
      result: "worked",
    });
    expect(adapted).toEqual(expect.any(String));
    const after = await get(`/v1/organisations/${ids.progOrg}/maturity`);
    expect(after.rung.contradictions).toEqual([]);
    expect(after.rung.indicators.find((i) => i.code === "adapted_by_other_units")).toMatchObject({
      met: true,
      observed: 1,
    });
  });
});

describe("maturity diagnosis of the demo", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
  });
  afterAll(() => app.close());

  it("gives Fjordby a sensible profile: every rung from pilot to culture, and the morning lineage", async () => {
    const report = expectStatus<Report>(
      await app.inject({ method: "GET", url: "/v1/organisations/org_fjordby/maturity" }),
      200,
    );
    for (const stage of ["pilot", "project", "program", "culture"] as const)
      expect(report.initiatives.byStage[stage]!.total, stage).toBeGreaterThan(0);
    expect(report.lineage.edges).toContainEqual({
      from: "in_fj_morning_pilot",
      to: "in_fj_morning_project",
      kind: "grew_into",
    });
    expect(report.lineage.edges).toContainEqual({
      from: "in_fj_morning_project",
      to: "in_fj_elder_program",
      kind: "part_of",
    });
    expect(report.lineage.chains).toContainEqual([
      "in_fj_morning_pilot",
      "in_fj_morning_project",
      "in_fj_elder_program",
    ]);
    expect(report.rung.current).toBe("culture");
    expect(report.spread.units).toBe(8);
    expect(report.spread.publishedLessons).toBeGreaterThan(0);
    expect(report.spread.adaptations.acrossUnits).toBeGreaterThan(0);
    // the BIKVA pilot ended and nothing builds on it; the morning pilot grew into a project
    const pilots = report.guidance.nextSteps
      .filter((s) => s.kind === "completed_pilot_without_decision")
      .flatMap((s) => s.initiativeIds);
    expect(pilots).toContain("in_fj_bikva_pilot");
    expect(pilots).not.toContain("in_fj_morning_pilot");
  });

  const demo = async (url: string) => expectStatus<Report>(await app.inject({ method: "GET", url }), 200);
  const POSTER = "les_fj_36"; // the leadership principles that became a poster on the wall
  const PANEL = "les_fj_46"; // the citizen panel invited for the press release

  it("says Fjordby's labels claim culture while its records show less, naming the poster on the wall", async () => {
    const report = await demo("/v1/organisations/org_fjordby/maturity");
    expect(report.rung.claimed).toBe("culture");
    expect(report.rung.evidenced).not.toBe("culture");
    expect(report.rung.contradictions).toContainEqual(
      expect.objectContaining({
        code: "embedded_label_with_counter_examples",
        initiativeIds: ["in_fj_coproduction_culture"],
        lessonIds: [POSTER],
      }),
    );
    expect(report.rung.contradictions).toContainEqual(
      expect.objectContaining({ code: "culture_claim_with_influence_pitfall", lessonIds: [PANEL] }),
    );
    expect(report.guidance.gap).toContain(
      "“Ledelsesprincipperne om samskabelse blev vedtaget – men mellemlederne fik ingen nye redskaber”",
    );
    expect(report.guidance.nextSteps).toContainEqual(
      expect.objectContaining({ kind: "revisit_claim", lessonIds: [POSTER], unitIds: ["u_fj_elder"] }),
    );
  });

  it("no longer places the jobcentre at culture without next steps", async () => {
    const report = await demo("/v1/units/u_fj_jobcenter/maturity");
    expect(report.rung.claimed).toBe("culture");
    expect(report.rung.evidenced).not.toBe("culture");
    expect(report.rung.contradictions).toContainEqual(
      expect.objectContaining({
        code: "culture_claim_with_influence_pitfall",
        lessonIds: [PANEL],
        pitfall: { slug: "symbolic_involvement", label: "Symbolic involvement" },
      }),
    );
    expect(report.guidance.gap).toContain(
      "Borgerpanelet om venteområdet blev spurgt om det, der allerede var besluttet",
    );
    expect(report.guidance.nextSteps).toContainEqual(
      expect.objectContaining({ kind: "revisit_claim", lessonIds: [PANEL] }),
    );
  });

  it("gives next steps to every demo unit and organisation whose records show less than culture", async () => {
    const scopes = ["/v1/organisations/org_fjordby/maturity", "/v1/organisations/org_nordvik/maturity"];
    for (const organisationId of ["org_fjordby", "org_nordvik"]) {
      const page = expectStatus<{ items: { id: string }[] }>(
        await app.inject({ method: "GET", url: `/v1/units?organisationId=${organisationId}&limit=100` }),
        200,
      );
      scopes.push(...page.items.map((u) => `/v1/units/${u.id}/maturity`));
    }
    expect(scopes.length).toBeGreaterThan(10);
    for (const url of scopes) {
      const report = await demo(url);
      if (report.rung.evidenced === "culture") continue;
      expect(report.guidance.nextSteps.length, url).toBeGreaterThan(0);
    }
  });

  /** Sentences of the English reply, without the quoted titles (which stay in their own language). */
  function englishSentences(report: Report): string[] {
    return guidanceTexts(report)
      .flatMap((text) => text.replace(/“[^”]*”/g, " ").split(/[.;:?!]\s|\(|\)/))
      .map((sentence) => sentence.trim())
      .filter((sentence) => sentence.split(/\s+/).length >= 4);
  }
  const guidanceTexts = (report: Report) => [
    report.guidance.gap,
    report.guidance.ladder,
    ...report.guidance.rungs.map((r) => r.description),
    ...report.guidance.nextSteps.map((s) => s.text),
    ...report.rung.indicators.map((i) => i.detail),
    ...report.rung.contradictions.map((c) => c.detail),
  ];

  it.each(["da", "nb"])(
    "writes Fjordby's and the jobcentre's diagnosis in %s without an English sentence",
    async (lang) => {
      for (const url of ["/v1/organisations/org_fjordby/maturity", "/v1/units/u_fj_jobcenter/maturity"]) {
        const en = await demo(url);
        const other = await demo(`${url}?lang=${lang}`);
        const sentences = englishSentences(en);
        expect(sentences.length).toBeGreaterThan(20);
        const translated = guidanceTexts(other).join("\n");
        for (const sentence of sentences) expect(translated, `${lang}: ${sentence}`).not.toContain(sentence);
        expect(other.rung.contradictions.map((c) => c.lessonIds)).toEqual(
          en.rung.contradictions.map((c) => c.lessonIds),
        );
      }
    },
  );
});
