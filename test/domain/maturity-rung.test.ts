// The rung rules on constructed facts: every rung can be evidenced, every required indicator can block
// its rung, the evidence never rises above the claim, and contradictions name the lessons that show them.
import { describe, expect, it } from "vitest";
import {
  assessRung,
  claimedRung,
  type RungFacts,
  type RungLesson,
  routineState,
} from "../../src/domain/maturity/rung.js";
import { INDICATOR_CODES, RUNG_EVIDENCE } from "../../src/domain/maturity/rung-evidence.js";
import { STAGES, type Stage } from "../../src/words.js";

const SINCE = "2025-03-01T00:00:00.000Z";
const RECENT = "2025-12-01T00:00:00.000Z";
const OLD = "2024-06-01T00:00:00.000Z";
const AS_OF = "2026-03-01T00:00:00.000Z";

const lesson = (id: string, unitId: string, stage: Stage, more: Partial<RungLesson> = {}): RungLesson => ({
  id,
  title: `Lesson ${id}`,
  unitId,
  initiativeId: null,
  stage,
  publishedAt: RECENT,
  direction: "positive",
  pitfalls: [],
  serviceAreas: [unitId === "u1" ? "elder_care" : "employment_services"],
  ...more,
});

/**
 * Two units in two service areas; a pilot that grew into a project inside a program holding two projects;
 * an institutionalised culture initiative; recent positive lessons from both units; one lesson adapted by
 * the other unit; a monthly routine that met a month ago; an answered escalation and a fresh open one.
 * Everything culture asks for is on record.
 */
function cultureFacts(): RungFacts {
  return {
    asOf: AS_OF,
    since: SINCE,
    claimed: "culture",
    unitIds: ["u1", "u2"],
    serviceAreas: ["elder_care", "employment_services"],
    initiatives: [
      { id: "p1", title: "Pilot", stage: "pilot", status: "completed", inScope: true },
      { id: "j1", title: "Project one", stage: "project", status: "active", inScope: true },
      { id: "j2", title: "Project two", stage: "project", status: "active", inScope: true },
      { id: "g1", title: "Program", stage: "program", status: "active", inScope: true },
      { id: "c1", title: "Culture", stage: "culture", status: "institutionalised", inScope: true },
    ],
    lineage: [
      { from: "p1", to: "j1", kind: "grew_into" },
      { from: "j1", to: "g1", kind: "part_of" },
      { from: "j2", to: "g1", kind: "part_of" },
    ],
    lessons: [
      lesson("L1", "u1", "pilot", { initiativeId: "p1" }),
      lesson("L2", "u2", "project", { initiativeId: "j2" }),
      lesson("L3", "u1", "culture", { initiativeId: "c1" }),
      lesson("L4", "u2", "ad_hoc_collective"),
    ],
    adaptations: [{ lessonId: "L1", lessonUnitId: "u1", unitId: "u2" }],
    routines: [
      { id: "r1", name: "Monday meeting", cadence: "monthly", createdAt: OLD, lastHeldOn: "2026-02-02" },
    ],
    escalations: [
      { id: "e1", lessonId: "L1", status: "answered", createdAt: OLD },
      { id: "e2", lessonId: "L2", status: "open", createdAt: "2026-02-20T00:00:00.000Z" },
    ],
  };
}

/** A routine that last met in October: more than two monthly cadences before AS_OF. */
const STOPPED_ROUTINE = {
  id: "r2",
  name: "Network meeting",
  cadence: "monthly",
  createdAt: OLD,
  lastHeldOn: "2025-10-15",
} as const;
/** An escalation open since November: more than 60 days before AS_OF. */
const WAITING_ESCALATION = {
  id: "e3",
  lessonId: "L4",
  status: "parked",
  createdAt: "2025-11-15T00:00:00.000Z",
} as const;

const withLessons = (facts: RungFacts, change: (l: RungLesson) => RungLesson): RungFacts => ({
  ...facts,
  lessons: facts.lessons.map(change),
});
const capStage = (max: Stage) => (l: RungLesson) =>
  STAGES.indexOf(l.stage) > STAGES.indexOf(max) ? { ...l, stage: max, initiativeId: null } : l;
const indicator = (facts: RungFacts, code: string) =>
  assessRung(facts).indicators.find((i) => i.code === code)!;
const below = (stage: Stage) => STAGES[STAGES.indexOf(stage) - 1]!;

/** For each indicator a rung requires: facts (from cultureFacts) in which that indicator is not met. */
const BLOCKERS: Record<string, (f: RungFacts) => RungFacts> = {
  collective_lessons: (f) => withLessons(f, capStage("ad_hoc_individual")),
  initiative_lessons: (f) => withLessons(f, capStage("ad_hoc_collective")),
  project_lessons: (f) => withLessons(f, capStage("pilot")),
  pilots_grown: (f) => ({ ...f, lineage: f.lineage.filter((e) => e.kind !== "grew_into") }),
  program_projects: (f) => ({ ...f, lineage: f.lineage.filter((e) => e.from !== "j2") }),
  adapted_by_other_units: (f) => ({ ...f, adaptations: [] }),
  recent_unit_share: (f) => ({ ...f, unitIds: [...f.unitIds, "u3", "u4", "u5"] }),
  recent_service_area_share: (f) => ({
    ...f,
    serviceAreas: [...f.serviceAreas, "childcare", "integration", "disability"],
  }),
  recent_influence_pitfalls: (f) =>
    withLessons(f, (l) =>
      l.id === "L2" ? { ...l, direction: "negative", pitfalls: ["symbolic_involvement"] } : l,
    ),
  embedded_counter_examples: (f) => withLessons(f, (l) => (l.id === "L3" ? { ...l, direction: "mixed" } : l)),
  routines_running: (f) => ({ ...f, routines: [STOPPED_ROUTINE] }),
  escalations_answered: (f) => ({ ...f, escalations: [...f.escalations, WAITING_ESCALATION] }),
};

describe("the evidenced rung", () => {
  it("is culture when every rung's evidence is on record, with no contradiction", () => {
    const assessment = assessRung(cultureFacts());
    expect(assessment).toMatchObject({ claimed: "culture", evidenced: "culture", contradictions: [] });
    expect(assessment.indicators.map((i) => i.code)).toEqual([...INDICATOR_CODES]);
    expect(assessment.indicators.filter((i) => i.met === false)).toEqual([]);
  });

  it.each(Object.entries(BLOCKERS))("is held below its rung when %s is not met", (code, block) => {
    const facts = block(cultureFacts());
    const blocked = indicator(facts, code);
    expect(blocked.met).toBe(false);
    expect(assessRung(facts).evidenced).toBe(below(blocked.rung));
    expect(indicator(cultureFacts(), code).met).toBe(true);
  });

  it("has a blocker for every indicator a rung requires", () => {
    const required = STAGES.flatMap((s) =>
      RUNG_EVIDENCE[s].filter((r) => !("notAvailable" in r)).map((r) => r.code),
    );
    expect(Object.keys(BLOCKERS).sort()).toEqual([...required].sort());
    expect(required).toEqual(expect.arrayContaining(["routines_running", "escalations_answered"]));
  });

  it.each(STAGES.map((s) => [s]))("can be %s", (stage) => {
    const byStage: Record<Stage, RungFacts> = {
      ad_hoc_individual: BLOCKERS.collective_lessons!(cultureFacts()),
      ad_hoc_collective: BLOCKERS.initiative_lessons!(cultureFacts()),
      pilot: BLOCKERS.project_lessons!(cultureFacts()),
      project: BLOCKERS.adapted_by_other_units!(cultureFacts()),
      program: BLOCKERS.recent_unit_share!(cultureFacts()),
      culture: cultureFacts(),
    };
    expect(assessRung(byStage[stage]).evidenced).toBe(stage);
  });

  it("never rises above the claimed rung", () => {
    for (const claimed of STAGES) expect(assessRung({ ...cultureFacts(), claimed }).evidenced).toBe(claimed);
  });

  it("counts a share of one service area as whole for a single-area scope", () => {
    const facts: RungFacts = { ...cultureFacts(), serviceAreas: ["elder_care"] };
    expect(indicator(facts, "recent_service_area_share")).toMatchObject({ observed: 1, met: true });
    expect(
      indicator(
        { ...facts, lessons: facts.lessons.map((l) => ({ ...l, publishedAt: OLD })) },
        "recent_service_area_share",
      ),
    ).toMatchObject({ observed: 0, met: false });
  });

  it("does not count another unit's lesson that a unit in scope adapted as its own lesson travelling", () => {
    const facts: RungFacts = {
      ...cultureFacts(),
      adaptations: [{ lessonId: "X9", lessonUnitId: "elsewhere", unitId: "u1" }],
    };
    expect(indicator(facts, "adapted_by_other_units")).toMatchObject({ observed: 0, met: false });
  });
});

describe("contradictions", () => {
  it("name a recent symbolic-involvement lesson under a culture claim, but not one outside the window", () => {
    const facts: RungFacts = {
      ...cultureFacts(),
      lessons: [
        ...cultureFacts().lessons,
        lesson("S1", "u2", "ad_hoc_collective", {
          direction: "negative",
          pitfalls: ["symbolic_involvement"],
        }),
        lesson("S2", "u1", "ad_hoc_collective", {
          direction: "negative",
          pitfalls: ["symbolic_involvement"],
        }),
        lesson("S0", "u1", "ad_hoc_collective", {
          direction: "negative",
          pitfalls: ["symbolic_involvement"],
          publishedAt: OLD,
        }),
      ],
    };
    const assessment = assessRung(facts);
    expect(assessment.contradictions).toEqual([
      {
        code: "culture_claim_with_influence_pitfall",
        lessonIds: ["S1", "S2"],
        initiativeIds: ["c1"],
        routineIds: [],
        escalationIds: [],
        pitfall: "symbolic_involvement",
      },
    ]);
    expect(assessment.evidenced).toBe("program");
    expect(indicator(facts, "recent_influence_pitfalls").lessonIds).toEqual(["S1", "S2"]);
  });

  it("leave culture standing when the only symbolic-involvement lesson is older than the window", () => {
    const facts: RungFacts = {
      ...cultureFacts(),
      lessons: [
        ...cultureFacts().lessons,
        lesson("S0", "u1", "ad_hoc_collective", {
          direction: "negative",
          pitfalls: ["symbolic_involvement"],
          publishedAt: OLD,
        }),
      ],
    };
    expect(assessRung(facts)).toMatchObject({ evidenced: "culture", contradictions: [] });
  });

  it("name an institutionalised culture initiative's own lesson that was not wholly positive", () => {
    const facts = BLOCKERS.embedded_counter_examples!(cultureFacts());
    expect(assessRung(facts).contradictions).toEqual([
      {
        code: "embedded_label_with_counter_examples",
        lessonIds: ["L3"],
        initiativeIds: ["c1"],
        routineIds: [],
        escalationIds: [],
        pitfall: null,
      },
    ]);
  });

  it("name an institutionalised pilot's recent lesson that reports a pitfall, whatever the claimed rung", () => {
    const facts: RungFacts = {
      ...cultureFacts(),
      claimed: "pilot",
      initiatives: cultureFacts().initiatives.map((i) =>
        i.id === "p1" ? { ...i, status: "institutionalised" } : i,
      ),
      lessons: cultureFacts().lessons.map((l) => (l.id === "L1" ? { ...l, pitfalls: ["creaming"] } : l)),
    };
    expect(assessRung(facts).contradictions).toEqual([
      {
        code: "embedded_label_with_counter_examples",
        lessonIds: ["L1"],
        initiativeIds: ["p1"],
        routineIds: [],
        escalationIds: [],
        pitfall: null,
      },
    ]);
  });

  it("name a program claim that no unit has adapted a lesson of, with the program's lessons", () => {
    const base = cultureFacts();
    const facts: RungFacts = {
      ...BLOCKERS.adapted_by_other_units!(base),
      claimed: "program",
      initiatives: base.initiatives.filter((i) => i.id !== "c1"),
      lessons: [
        ...base.lessons.filter((l) => l.id !== "L3"),
        lesson("G1", "u1", "program", { initiativeId: "g1" }),
      ],
    };
    const assessment = assessRung(facts);
    expect(assessment.evidenced).toBe("project");
    expect(assessment.contradictions).toEqual([
      {
        code: "program_claim_without_adaptation",
        lessonIds: ["G1"],
        initiativeIds: ["g1"],
        routineIds: [],
        escalationIds: [],
        pitfall: null,
      },
    ]);
    expect(assessRung({ ...facts, adaptations: cultureFacts().adaptations }).contradictions).toEqual([]);
  });
});

describe("routines and escalations", () => {
  it("counts routines that met within two cadences, and names those that stopped", () => {
    const facts: RungFacts = { ...cultureFacts(), routines: [...cultureFacts().routines, STOPPED_ROUTINE] };
    expect(indicator(facts, "routines_running")).toMatchObject({
      observed: 1,
      met: true,
      atLeast: 1,
      routineIds: ["r2"],
      values: { total: 2 },
    });
  });

  it("tells running, stopped and new routines apart by their cadence", () => {
    const at = (lastHeldOn: string | null, cadence: "weekly" | "monthly" | "quarterly", createdAt = OLD) =>
      routineState({ id: "r", name: "r", cadence, createdAt, lastHeldOn }, AS_OF);
    expect(at("2026-01-01", "monthly")).toBe("running"); // two months back, to the day
    expect(at("2025-12-31", "monthly")).toBe("stopped");
    expect(at("2026-02-16", "weekly")).toBe("running");
    expect(at("2026-02-14", "weekly")).toBe("stopped");
    expect(at("2025-09-15", "quarterly")).toBe("running");
    expect(at(null, "monthly", "2026-01-15T00:00:00.000Z")).toBe("new");
    expect(at(null, "monthly", OLD)).toBe("stopped");
  });

  it("counts escalations unanswered for more than 60 days, open or parked, naming them and their lessons", () => {
    const facts: RungFacts = {
      ...cultureFacts(),
      escalations: [
        ...cultureFacts().escalations,
        WAITING_ESCALATION,
        { id: "e4", lessonId: "L4", status: "open", createdAt: "2025-10-01T00:00:00.000Z" },
        // exactly 60 days: not yet too long
        { id: "e5", lessonId: "L2", status: "open", createdAt: "2025-12-31T00:00:00.000Z" },
        { id: "e6", lessonId: "L3", status: "answered", createdAt: OLD },
      ],
    };
    expect(indicator(facts, "escalations_answered")).toMatchObject({
      observed: 2,
      met: false,
      atMost: 0,
      lessonIds: ["L4"],
      escalationIds: ["e3", "e4"],
      values: { total: 6, answered: 2 },
    });
    expect(assessRung(facts).evidenced).toBe("program");
  });

  it("name stopped routines and escalations waiting too long under a program claim", () => {
    const facts: RungFacts = {
      ...cultureFacts(),
      claimed: "program",
      initiatives: cultureFacts().initiatives.filter((i) => i.id !== "c1"),
      routines: [...cultureFacts().routines, STOPPED_ROUTINE],
      escalations: [...cultureFacts().escalations, WAITING_ESCALATION],
    };
    expect(assessRung(facts).contradictions).toEqual([
      {
        code: "program_claim_with_stalled_routines",
        lessonIds: [],
        initiativeIds: ["g1"],
        routineIds: ["r2"],
        escalationIds: [],
        pitfall: null,
      },
      {
        code: "program_claim_with_unanswered_escalations",
        lessonIds: ["L4"],
        initiativeIds: ["g1"],
        routineIds: [],
        escalationIds: ["e3"],
        pitfall: null,
      },
    ]);
    // below a program claim they are not a contradiction
    expect(assessRung({ ...facts, claimed: "project" }).contradictions).toEqual([]);
  });
});

describe("the claimed rung", () => {
  it("is the highest rung with an active or institutionalised initiative", () => {
    expect(
      claimedRung(
        [
          { stage: "pilot", status: "institutionalised" },
          { stage: "program", status: "active" },
          { stage: "culture", status: "completed" },
          { stage: "project", status: "discarded" },
        ],
        [],
      ),
    ).toEqual({ current: "program", basis: "initiatives", occupied: ["pilot", "program"] });
  });

  it("falls back to ad hoc: collective with collective activity, individual with any, none without", () => {
    expect(claimedRung([{ stage: "pilot", status: "completed" }], ["ad_hoc_collective"])).toEqual({
      current: "ad_hoc_collective",
      basis: "ad_hoc_activity",
      occupied: [],
    });
    expect(claimedRung([], ["ad_hoc_individual"])).toEqual({
      current: "ad_hoc_individual",
      basis: "ad_hoc_activity",
      occupied: [],
    });
    expect(claimedRung([], [])).toEqual({ current: "ad_hoc_individual", basis: "none", occupied: [] });
  });
});
