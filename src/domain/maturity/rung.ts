// The rung rules, pure: the rung the labels claim (from the stages and statuses people set on
// initiatives) and the rung the records evidence (from facts about lessons, lineage, adaptations,
// routines and escalations, by the requirements in rung-evidence.ts), with the indicators behind it and the contradictions between
// the two. Facts in, plain data out: no database, no clock, no language.
import { type Cadence, type Direction, type InitiativeStatus, STAGES, type Stage } from "../../words.js";
import { addCadence } from "../cadence.js";
import {
  type ContradictionCode,
  ESCALATION_ANSWER_DAYS,
  INFLUENCE_PITFALLS,
  type IndicatorCode,
  type Requirement,
  ROUTINE_CADENCES_MISSED,
  RUNG_EVIDENCE,
} from "./rung-evidence.js";

export const stageRank = (stage: Stage) => STAGES.indexOf(stage);
const atOrAbove = (stage: Stage, floor: Stage) => stageRank(stage) >= stageRank(floor);

/** An initiative as the rules see it: in scope, or a neighbour in the scope's lineage. */
export type RungInitiative = {
  id: string;
  title: string;
  stage: Stage;
  status: InitiativeStatus;
  inScope: boolean;
};

/** A published lesson of a unit in scope. */
export type RungLesson = {
  id: string;
  title: string;
  unitId: string;
  initiativeId: string | null;
  stage: Stage;
  publishedAt: string | null;
  /** The lesson's overall direction (words.ts overallDirection). */
  direction: Direction;
  /** Slugs of the pitfalls it reports. */
  pitfalls: readonly string[];
  /** The top-level service areas it is about (its own tags, else its unit's profile). */
  serviceAreas: readonly string[];
};

/** A knowledge-sharing routine a unit in scope owns. */
export type RungRoutine = {
  id: string;
  name: string;
  cadence: Cadence;
  createdAt: string;
  /** The day it last met (YYYY-MM-DD); null: never. */
  lastHeldOn: string | null;
};

/** An escalation raised by or addressed to a unit in scope, about a lesson the requester may see. */
export type RungEscalation = {
  id: string;
  lessonId: string;
  status: "open" | "parked" | "answered";
  createdAt: string;
};

export type RungFacts = {
  /** When the diagnosis is made (ISO timestamp): routines and escalations are judged as of then. */
  asOf: string;
  /** Start of the window of recent lessons (ISO timestamp). */
  since: string;
  claimed: Stage;
  unitIds: readonly string[];
  /** The scope's top-level service areas: its units' profiles and its lessons' tags. */
  serviceAreas: readonly string[];
  initiatives: readonly RungInitiative[];
  lineage: readonly { from: string; to: string; kind: "grew_into" | "part_of" }[];
  lessons: readonly RungLesson[];
  /** Adaptations by a unit other than the lesson's, where one of the two units is in scope. */
  adaptations: readonly { lessonId: string; unitId: string; lessonUnitId: string }[];
  routines: readonly RungRoutine[];
  escalations: readonly RungEscalation[];
};

export type IndicatorResult = {
  code: IndicatorCode;
  /** The rung that asks for it. */
  rung: Stage;
  /** null: the records cannot show it yet. */
  met: boolean | null;
  observed: number | null;
  atLeast: number | null;
  atMost: number | null;
  /** The lessons that keep it from being met (for the indicators that count what goes wrong). */
  lessonIds: string[];
  /** The routines that have stopped meeting, for `routines_running`. */
  routineIds: string[];
  /** The escalations waiting too long for an answer, for `escalations_answered`. */
  escalationIds: string[];
  /** More numbers its words name (e.g. `total`, `answered`). */
  values: Record<string, number>;
};

export type ContradictionResult = {
  code: ContradictionCode;
  lessonIds: string[];
  initiativeIds: string[];
  routineIds: string[];
  escalationIds: string[];
  /** The pitfall the lessons report, for `culture_claim_with_influence_pitfall`. */
  pitfall: string | null;
};

export type RungAssessment = {
  claimed: Stage;
  evidenced: Stage;
  indicators: IndicatorResult[];
  contradictions: ContradictionResult[];
};

export type ClaimedRung = {
  current: Stage;
  basis: "initiatives" | "ad_hoc_activity" | "none";
  occupied: Stage[];
};

/**
 * The claimed rung: the highest stage with an active or institutionalised initiative (a running or
 * embedded practice; completed and discarded ones are history). Without one, the scope is ad hoc:
 * collective if it has a collective ad hoc initiative or published lesson, else individual.
 */
export function claimedRung(
  initiatives: readonly { stage: Stage; status: InitiativeStatus }[],
  lessonStages: readonly Stage[],
): ClaimedRung {
  const occupied = STAGES.filter((stage) => initiatives.some((i) => i.stage === stage && isClaim(i.status)));
  if (occupied.length) return { current: occupied.at(-1)!, basis: "initiatives", occupied };
  const collective =
    initiatives.some((i) => i.stage === "ad_hoc_collective") || lessonStages.includes("ad_hoc_collective");
  return {
    current: collective ? "ad_hoc_collective" : "ad_hoc_individual",
    basis: initiatives.length > 0 || lessonStages.length > 0 ? "ad_hoc_activity" : "none",
    occupied,
  };
}

const isClaim = (status: InitiativeStatus) => status === "active" || status === "institutionalised";

/** An initiative whose label says co-production is embedded: institutionalised, or a running culture one. */
export const claimsEmbedded = (i: RungInitiative) =>
  i.inScope && (i.status === "institutionalised" || (i.stage === "culture" && i.status === "active"));

/** A lesson that shows something did not work as hoped: not wholly positive, or reporting a pitfall. */
export const isCounterExample = (l: RungLesson) => l.direction !== "positive" || l.pitfalls.length > 0;

type Observation = {
  observed: number | null;
  lessonIds: string[];
  routineIds?: string[];
  escalationIds?: string[];
  values?: Record<string, number>;
};
type Derived = {
  recent: RungLesson[];
  stageOf: Map<string, Stage>;
  inScope: Set<string>;
  embedded: Map<string, RungInitiative>;
};

const count = (n: number): Observation => ({ observed: n, lessonIds: [] });
const share = (part: number, whole: number) => (whole ? Math.round((part / whole) * 1000) / 1000 : 0);

/** How each indicator is read from the facts. */
const OBSERVE: Record<IndicatorCode, (facts: RungFacts, d: Derived) => Observation> = {
  collective_lessons: (f) => count(f.lessons.filter((l) => atOrAbove(l.stage, "ad_hoc_collective")).length),
  initiative_lessons: (f) => count(f.lessons.filter((l) => atOrAbove(l.stage, "pilot")).length),
  project_lessons: (f) => count(f.lessons.filter((l) => atOrAbove(l.stage, "project")).length),
  pilots_grown: (f, d) =>
    count(
      f.lineage.filter((e) => {
        const from = d.stageOf.get(e.from);
        const to = d.stageOf.get(e.to);
        return (
          e.kind === "grew_into" &&
          d.inScope.has(e.to) &&
          from !== undefined &&
          to !== undefined &&
          atOrAbove(to, "project") &&
          !atOrAbove(from, "project")
        );
      }).length,
    ),
  program_projects: (f, d) => {
    const members = new Map<string, number>();
    for (const e of f.lineage)
      if (e.kind === "part_of" && d.inScope.has(e.to) && atOrAbove(d.stageOf.get(e.to)!, "program"))
        members.set(e.to, (members.get(e.to) ?? 0) + 1);
    return count(Math.max(0, ...members.values()));
  },
  adapted_by_other_units: (f) => {
    const scopeUnits = new Set(f.unitIds);
    const scopeLessons = new Set(f.lessons.map((l) => l.id));
    return count(
      new Set(
        f.adaptations
          .filter((a) => scopeUnits.has(a.lessonUnitId) && scopeLessons.has(a.lessonId))
          .map((a) => a.lessonId),
      ).size,
    );
  },
  recent_unit_share: (f, d) => ({
    observed: share(new Set(d.recent.map((l) => l.unitId)).size, f.unitIds.length),
    lessonIds: [],
  }),
  recent_service_area_share: (f, d) => {
    const named = new Set(d.recent.flatMap((l) => l.serviceAreas));
    return {
      observed: share(f.serviceAreas.filter((a) => named.has(a)).length, f.serviceAreas.length),
      lessonIds: [],
    };
  },
  recent_influence_pitfalls: (_, d) => {
    const ids = d.recent.filter((l) => influencePitfallsOf(l).length > 0).map((l) => l.id);
    return { observed: ids.length, lessonIds: ids };
  },
  embedded_counter_examples: (_, d) => {
    const ids = d.recent
      .filter((l) => l.initiativeId !== null && d.embedded.has(l.initiativeId) && isCounterExample(l))
      .map((l) => l.id);
    return { observed: ids.length, lessonIds: ids };
  },
  routines_running: (f) => {
    const states = f.routines.map((r) => routineState(r, f.asOf));
    return {
      observed: states.filter((state) => state === "running").length,
      lessonIds: [],
      routineIds: stalledRoutines(f).map((r) => r.id),
      values: { total: f.routines.length },
    };
  },
  escalations_answered: (f) => {
    const waiting = unansweredTooLong(f);
    return {
      observed: waiting.length,
      lessonIds: [...new Set(waiting.map((e) => e.lessonId))],
      escalationIds: waiting.map((e) => e.id),
      values: {
        total: f.escalations.length,
        answered: f.escalations.filter((e) => e.status === "answered").length,
      },
    };
  },
};

/**
 * A routine is running when it met within ROUTINE_CADENCES_MISSED of its cadences before `asOf`; it has
 * stopped when it has not (or, never having met, was set up longer ago than that); else it is new.
 */
export function routineState(routine: RungRoutine, asOf: string): "running" | "stopped" | "new" {
  const last = routine.lastHeldOn ? new Date(`${routine.lastHeldOn}T00:00:00.000Z`) : null;
  let due = last ?? new Date(routine.createdAt);
  for (let i = 0; i < ROUTINE_CADENCES_MISSED; i++) due = addCadence(due, routine.cadence);
  if (due.getTime() >= new Date(asOf).getTime()) return last ? "running" : "new";
  return "stopped";
}

const stalledRoutines = (f: RungFacts) => f.routines.filter((r) => routineState(r, f.asOf) === "stopped");

const DAY_MS = 86_400_000;

/** Escalations open or parked for more than ESCALATION_ANSWER_DAYS as of `asOf`. */
export function unansweredTooLong(f: Pick<RungFacts, "escalations" | "asOf">): RungEscalation[] {
  const limit = new Date(f.asOf).getTime() - ESCALATION_ANSWER_DAYS * DAY_MS;
  return f.escalations.filter((e) => e.status !== "answered" && new Date(e.createdAt).getTime() < limit);
}

const influencePitfallsOf = (l: RungLesson) =>
  l.pitfalls.filter((p) => (INFLUENCE_PITFALLS as readonly string[]).includes(p));

function derive(facts: RungFacts): Derived {
  return {
    recent: facts.lessons.filter((l) => l.publishedAt !== null && l.publishedAt >= facts.since),
    stageOf: new Map(facts.initiatives.map((i) => [i.id, i.stage])),
    inScope: new Set(facts.initiatives.filter((i) => i.inScope).map((i) => i.id)),
    embedded: new Map(facts.initiatives.filter(claimsEmbedded).map((i) => [i.id, i])),
  };
}

function judge(requirement: Requirement, rung: Stage, o: Observation): IndicatorResult {
  const atLeast = "atLeast" in requirement && requirement.atLeast !== undefined ? requirement.atLeast : null;
  const atMost = "atMost" in requirement && requirement.atMost !== undefined ? requirement.atMost : null;
  const met =
    o.observed === null || (atLeast === null && atMost === null)
      ? null
      : (atLeast === null || o.observed >= atLeast) && (atMost === null || o.observed <= atMost);
  return {
    code: requirement.code,
    rung,
    met,
    observed: o.observed,
    atLeast,
    atMost,
    lessonIds: o.lessonIds,
    routineIds: o.routineIds ?? [],
    escalationIds: o.escalationIds ?? [],
    values: o.values ?? {},
  };
}

/** Every indicator of every rung above the lowest, in ladder order. */
export function indicatorsOf(facts: RungFacts): IndicatorResult[] {
  const derived = derive(facts);
  return STAGES.flatMap((rung) =>
    RUNG_EVIDENCE[rung].map((requirement) =>
      judge(requirement, rung, OBSERVE[requirement.code](facts, derived)),
    ),
  );
}

/** The highest rung whose evidence, and that of every rung below it, is on record; at most the claimed one. */
export function evidencedRung(claimed: Stage, indicators: readonly IndicatorResult[]): Stage {
  let reached: Stage = STAGES[0];
  for (const stage of STAGES.slice(1)) {
    if (indicators.some((i) => i.rung === stage && i.met === false)) break;
    reached = stage;
  }
  return stageRank(reached) < stageRank(claimed) ? reached : claimed;
}

/** Where the labels and the lessons disagree, each with the lessons that show it. */
export function contradictionsOf(
  facts: RungFacts,
  indicators: readonly IndicatorResult[],
): ContradictionResult[] {
  const derived = derive(facts);
  const found: ContradictionResult[] = [];
  for (const initiative of derived.embedded.values()) {
    const lessonIds = derived.recent
      .filter((l) => l.initiativeId === initiative.id && isCounterExample(l))
      .map((l) => l.id);
    if (lessonIds.length)
      found.push({
        code: "embedded_label_with_counter_examples",
        lessonIds,
        initiativeIds: [initiative.id],
        routineIds: [],
        escalationIds: [],
        pitfall: null,
      });
  }
  const claiming = (floor: Stage) =>
    facts.initiatives
      .filter((i) => i.inScope && isClaim(i.status) && atOrAbove(i.stage, floor))
      .map((i) => i.id);
  const adapted = indicators.find((i) => i.code === "adapted_by_other_units");
  if (atOrAbove(facts.claimed, "program") && adapted?.observed === 0)
    found.push({
      code: "program_claim_without_adaptation",
      lessonIds: facts.lessons.filter((l) => atOrAbove(l.stage, "program")).map((l) => l.id),
      initiativeIds: claiming("program"),
      routineIds: [],
      escalationIds: [],
      pitfall: null,
    });
  // a program routes what its units learn: routines that stopped and asks nobody answers say it does not
  if (atOrAbove(facts.claimed, "program")) {
    const stopped = stalledRoutines(facts);
    if (stopped.length)
      found.push({
        code: "program_claim_with_stalled_routines",
        lessonIds: [],
        initiativeIds: claiming("program"),
        routineIds: stopped.map((r) => r.id),
        escalationIds: [],
        pitfall: null,
      });
    const waiting = unansweredTooLong(facts);
    if (waiting.length)
      found.push({
        code: "program_claim_with_unanswered_escalations",
        lessonIds: [...new Set(waiting.map((e) => e.lessonId))],
        initiativeIds: claiming("program"),
        routineIds: [],
        escalationIds: waiting.map((e) => e.id),
        pitfall: null,
      });
  }
  if (facts.claimed === "culture")
    for (const pitfall of INFLUENCE_PITFALLS) {
      const lessonIds = derived.recent.filter((l) => l.pitfalls.includes(pitfall)).map((l) => l.id);
      if (lessonIds.length)
        found.push({
          code: "culture_claim_with_influence_pitfall",
          lessonIds,
          initiativeIds: claiming("culture"),
          routineIds: [],
          escalationIds: [],
          pitfall,
        });
    }
  return found;
}

/** The rung rule: facts in; the evidenced rung, the indicators behind it and the contradictions out. */
export function assessRung(facts: RungFacts): RungAssessment {
  const indicators = indicatorsOf(facts);
  return {
    claimed: facts.claimed,
    evidenced: evidencedRung(facts.claimed, indicators),
    indicators,
    contradictions: contradictionsOf(facts, indicators),
  };
}
