// The next steps of a maturity diagnosis, pure: what to do about each contradiction, how to show the
// evidence the rung above the evidenced one asks for, and the steps found in the data (a completed pilot
// nothing builds on, a mechanism no program uses, a unit that never adapts another's lesson).
import type { Language } from "../../words.js";
import {
  fillPlaceholders,
  NEXT_STEP_KINDS,
  NEXT_STEP_TEXTS,
  type NextStepKind,
} from "../maturity-guidance.js";
import { contradictionValues, lowerFirst, namedLessons, rungAbove } from "./describe.js";
import { INDICATOR_STEP_TEXTS, NEXT_RUNG_TEXTS, REVISIT_STEP_TEXTS } from "./evidence-texts.js";
import type { ScopeLesson } from "./facts.js";
import type { RungAssessment, RungFacts } from "./rung.js";
import { ESCALATION_ANSWER_DAYS, EVIDENCE_WINDOW_MONTHS, SHARE_INDICATORS } from "./rung-evidence.js";
import type { InitiativeSummary, LineageEdge, NextStep, RungReport } from "./types.js";

/** A mechanism "works across units" when positive lessons from at least this many units name it. */
export const MIN_UNITS_FOR_SHARED_MECHANISM = 2;

type Refs = Partial<Omit<NextStep, "kind" | "text">>;

function step(kind: NextStepKind, text: string, refs: Refs = {}): NextStep {
  return {
    kind,
    text,
    initiativeIds: refs.initiativeIds ?? [],
    unitIds: refs.unitIds ?? [],
    lessonIds: refs.lessonIds ?? [],
    routineIds: refs.routineIds ?? [],
    escalationIds: refs.escalationIds ?? [],
    mechanism: refs.mechanism ?? null,
    indicator: refs.indicator ?? null,
    contradiction: refs.contradiction ?? null,
  };
}

const unitsOf = (lessonIds: readonly string[], facts: RungFacts) => {
  const unitOf = new Map(facts.lessons.map((l) => [l.id, l.unitId]));
  return [...new Set(lessonIds.flatMap((id) => unitOf.get(id) ?? []))].sort();
};

/** One step per contradiction: talk it through with the units whose lessons show it. */
function revisitSteps(assessment: RungAssessment, rung: RungReport, facts: RungFacts, language: Language) {
  return assessment.contradictions.map((c, i) =>
    step(
      "revisit_claim",
      fillPlaceholders(REVISIT_STEP_TEXTS[c.code][language], {
        ...contradictionValues(c, facts, language),
        pitfall: lowerFirst(rung.contradictions[i]!.pitfall?.label ?? ""),
      }),
      {
        initiativeIds: c.initiativeIds,
        unitIds: unitsOf(c.lessonIds, facts),
        lessonIds: c.lessonIds,
        routineIds: c.routineIds,
        escalationIds: c.escalationIds,
        contradiction: c.code,
      },
    ),
  );
}

/**
 * Below culture, what the rung above the evidenced one still lacks, one step per missing indicator (an
 * indicator whose lessons a contradiction already names is answered by that contradiction's step); when
 * nothing is missing, because no running initiative claims the rung above, what taking it means.
 */
function evidenceSteps(assessment: RungAssessment, facts: RungFacts, language: Language) {
  const next = rungAbove(assessment.evidenced);
  if (!next) return [];
  const named = new Set(assessment.contradictions.flatMap((c) => c.lessonIds));
  const missing = assessment.indicators.filter((i) => i.rung === next && i.met === false);
  const recentUnits = new Set(
    facts.lessons.filter((l) => l.publishedAt && l.publishedAt >= facts.since).map((l) => l.unitId),
  );
  const steps = missing
    .filter(
      (i) =>
        INDICATOR_STEP_TEXTS[i.code] && !(i.lessonIds.length && i.lessonIds.every((id) => named.has(id))),
    )
    .map((i) => {
      const bound = i.atLeast ?? i.atMost ?? 0;
      const text = fillPlaceholders(INDICATOR_STEP_TEXTS[i.code]![language], {
        months: EVIDENCE_WINDOW_MONTHS,
        days: ESCALATION_ANSWER_DAYS,
        needed: SHARE_INDICATORS.has(i.code)
          ? `${Math.round(bound * 100)}${language === "en" ? "%" : " %"}`
          : bound,
        lessons: namedLessons(i.lessonIds, facts, language),
      });
      const unitIds =
        i.code === "recent_unit_share"
          ? facts.unitIds.filter((id) => !recentUnits.has(id))
          : unitsOf(i.lessonIds, facts);
      return step("strengthen_evidence", text, {
        unitIds,
        lessonIds: i.lessonIds,
        routineIds: i.routineIds,
        escalationIds: i.escalationIds,
        indicator: i.code,
      });
    });
  if (missing.length === 0 && next !== "ad_hoc_individual")
    steps.push(step("next_rung", NEXT_RUNG_TEXTS[next][language]));
  return steps;
}

/** Completed pilots nothing builds on: they ended, but neither grew, nor were institutionalised or discarded. */
function pilotsWithoutDecision(
  items: readonly InitiativeSummary[],
  edges: readonly LineageEdge[],
  language: Language,
) {
  const builtOn = new Set(edges.filter((e) => e.kind === "grew_into").map((e) => e.from));
  return items
    .filter((i) => i.stage === "pilot" && i.status === "completed" && !builtOn.has(i.id))
    .map((pilot) =>
      step(
        "completed_pilot_without_decision",
        fillPlaceholders(NEXT_STEP_TEXTS.completed_pilot_without_decision[language], { title: pilot.title }),
        { initiativeIds: [pilot.id], unitIds: [pilot.leadUnitId] },
      ),
    );
}

/**
 * Mechanisms named by positive lessons (all outcomes positive) from at least two scope units that no
 * lesson of a program in scope (or of an initiative inside one) names. Terms are compared exactly: a
 * child term such as interpersonal_trust is its own mechanism here.
 */
function mechanismsWithoutProgram(
  lessons: readonly ScopeLesson[],
  programMechanisms: ReadonlySet<string>,
  mechanismName: (termId: string) => { slug: string; label: string } | undefined,
  language: Language,
) {
  const positive = new Map<string, { unitIds: Set<string>; lessonIds: string[] }>();
  for (const lesson of lessons) {
    if (lesson.direction !== "positive") continue;
    for (const termId of lesson.mechanismIds) {
      const entry = positive.get(termId) ?? { unitIds: new Set(), lessonIds: [] };
      entry.unitIds.add(lesson.unitId);
      entry.lessonIds.push(lesson.id);
      positive.set(termId, entry);
    }
  }
  return [...positive]
    .filter(
      ([termId, e]) => e.unitIds.size >= MIN_UNITS_FOR_SHARED_MECHANISM && !programMechanisms.has(termId),
    )
    .flatMap(([termId, e]) => {
      const mechanism = mechanismName(termId);
      if (!mechanism) return [];
      return step(
        "mechanism_without_program",
        fillPlaceholders(NEXT_STEP_TEXTS.mechanism_without_program[language], {
          mechanism: mechanism.label,
          unitCount: e.unitIds.size,
          lessonCount: e.lessonIds.length,
        }),
        { unitIds: [...e.unitIds].sort(), lessonIds: e.lessonIds, mechanism },
      );
    })
    .sort(
      (a, b) => b.unitIds.length - a.unitIds.length || a.mechanism!.slug.localeCompare(b.mechanism!.slug),
    );
}

/** Scope units with published lessons that have never reported adapting another unit's lesson. */
function unitsThatNeverAdapt(
  units: readonly { id: string; name: string }[],
  lessons: readonly ScopeLesson[],
  adaptations: RungFacts["adaptations"],
  language: Language,
) {
  const perUnit = new Map<string, number>();
  for (const l of lessons) perUnit.set(l.unitId, (perUnit.get(l.unitId) ?? 0) + 1);
  const adapting = new Set(adaptations.map((a) => a.unitId));
  return units
    .filter((u) => (perUnit.get(u.id) ?? 0) > 0 && !adapting.has(u.id))
    .map((u) =>
      step(
        "unit_never_adapts",
        fillPlaceholders(NEXT_STEP_TEXTS.unit_never_adapts[language], {
          unit: u.name,
          lessonCount: perUnit.get(u.id)!,
        }),
        { unitIds: [u.id] },
      ),
    );
}

export type StepInputs = {
  assessment: RungAssessment;
  rung: RungReport;
  facts: RungFacts;
  items: readonly InitiativeSummary[];
  edges: readonly LineageEdge[];
  lessons: readonly ScopeLesson[];
  units: readonly { id: string; name: string }[];
  programMechanisms: ReadonlySet<string>;
  mechanismName: (termId: string) => { slug: string; label: string } | undefined;
  language: Language;
};

/** Every next step, contradictions first (NEXT_STEP_KINDS order). */
export function nextSteps(input: StepInputs): NextStep[] {
  const { assessment, rung, facts, language } = input;
  return [
    ...revisitSteps(assessment, rung, facts, language),
    ...evidenceSteps(assessment, facts, language),
    ...pilotsWithoutDecision(input.items, input.edges, language),
    ...mechanismsWithoutProgram(input.lessons, input.programMechanisms, input.mechanismName, language),
    ...unitsThatNeverAdapt(input.units, input.lessons, facts.adaptations, language),
  ].sort((a, b) => NEXT_STEP_KINDS.indexOf(a.kind) - NEXT_STEP_KINDS.indexOf(b.kind));
}
