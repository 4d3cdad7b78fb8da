// What the records must show for each rung of the maturity ladder: the one place where the evidence
// requirements live, as data. The rule that applies them is rung.ts; the words that explain them are
// evidence-texts.ts.
import type { Stage } from "../../words.js";

/** "Recent" means published in the last this many months: a year covers a budget cycle. */
export const EVIDENCE_WINDOW_MONTHS = 12;

/**
 * Pitfalls that show citizens had no real say: asked for show (symbolic involvement), heard and then
 * filtered away (voice diluted), kept inside the professionals' frame (professional dominance), or asked
 * until they gave up (consultation fatigue). A culture of co-production cannot coexist with them, so one
 * recent lesson that reports one keeps the records from evidencing `culture`. Responsibility dumping,
 * creaming and the pilot trap are failures of who carries the work, who is reached and whether it lasts:
 * they show as counter-examples, but do not by themselves deny that citizens have a say.
 */
export const INFLUENCE_PITFALLS = [
  "symbolic_involvement",
  "voice_diluted",
  "professional_dominance",
  "consultation_fatigue",
] as const;

/**
 * An escalation has waited too long when it is unanswered (open or parked) this many days after it was
 * raised: two months is long enough for any forum that meets monthly to have taken it up.
 */
export const ESCALATION_ANSWER_DAYS = 60;

/** A routine has stopped when it has not met for this many of its cadences (one missed meeting happens). */
export const ROUTINE_CADENCES_MISSED = 2;

/** The indicators, in ladder order. Codes are part of the reply: integrators may key on them. */
export const INDICATOR_CODES = [
  "collective_lessons",
  "initiative_lessons",
  "project_lessons",
  "pilots_grown",
  "program_projects",
  "adapted_by_other_units",
  "recent_unit_share",
  "recent_service_area_share",
  "recent_influence_pitfalls",
  "embedded_counter_examples",
  "routines_running",
  "escalations_answered",
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

/**
 * A requirement on one indicator: its observed value must be at least or at most the bound. A requirement
 * without a bound is an indicator the records cannot show yet: it is reported as not available and blocks
 * nothing.
 */
export type Requirement =
  | { code: IndicatorCode; atLeast: number; atMost?: never }
  | { code: IndicatorCode; atMost: number; atLeast?: never }
  | { code: IndicatorCode; notAvailable: true; atLeast?: never; atMost?: never };

/**
 * The evidence each rung asks for, on top of the evidence of every rung below it (the evidenced rung is
 * the highest whose requirements, and those of all the rungs below, are met, and never above the claimed
 * rung: evidence confirms a claim as far as it holds). Each entry says why.
 */
export const RUNG_EVIDENCE: Record<Stage, readonly Requirement[]> = {
  // anyone may facilitate alone: nothing needs to be on record
  ad_hoc_individual: [],
  // a group's shared work is on record: a published lesson from collective ad hoc work or an initiative
  ad_hoc_collective: [{ code: "collective_lessons", atLeast: 1 }],
  // something was tried with its own resources and taught something: a published lesson of a pilot or later
  pilot: [{ code: "initiative_lessons", atLeast: 1 }],
  // projects build on pilots: a project has published lessons, and a pilot (or ad hoc work) grew into one
  project: [
    { code: "project_lessons", atLeast: 1 },
    { code: "pilots_grown", atLeast: 1 },
  ],
  // a program holds several projects and routes what they learn: one program holds at least two
  // initiatives, and another unit has tried at least one of the scope's lessons
  program: [
    { code: "program_projects", atLeast: 2 },
    { code: "adapted_by_other_units", atLeast: 1 },
  ],
  // the normal way of working everywhere: at least half the units and half the service areas published a
  // lesson in the last 12 months, no recent lesson reports that citizens had no real say, and no recent
  // lesson of an initiative labelled culture or institutionalised says it did not hold; and knowledge
  // flows as a matter of routine: at least one knowledge-sharing routine keeps meeting (within two of its
  // cadences), and no escalation from the units waits more than 60 days for an answer
  culture: [
    { code: "recent_unit_share", atLeast: 0.5 },
    { code: "recent_service_area_share", atLeast: 0.5 },
    { code: "recent_influence_pitfalls", atMost: 0 },
    { code: "embedded_counter_examples", atMost: 0 },
    { code: "routines_running", atLeast: 1 },
    { code: "escalations_answered", atMost: 0 },
  ],
};

/** Indicators whose value is a share (0–1) rather than a count: their texts show a percentage. */
export const SHARE_INDICATORS: ReadonlySet<IndicatorCode> = new Set([
  "recent_unit_share",
  "recent_service_area_share",
]);

/** The contradictions between what the labels claim and what the lessons show. */
export const CONTRADICTION_CODES = [
  "embedded_label_with_counter_examples",
  "program_claim_without_adaptation",
  "culture_claim_with_influence_pitfall",
  "program_claim_with_stalled_routines",
  "program_claim_with_unanswered_escalations",
] as const;
export type ContradictionCode = (typeof CONTRADICTION_CODES)[number];
