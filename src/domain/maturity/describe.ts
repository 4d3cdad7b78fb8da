// Puts the rung assessment into words, pure: each indicator's and contradiction's detail, and the gap
// between the claimed and the evidenced rung that opens the guidance, in the language asked for.
import { type Language, STAGES, type Stage } from "../../words.js";
import { fillPlaceholders, STAGE_LABELS } from "../maturity-guidance.js";
import {
  CONTRADICTION_TEXTS,
  GAP_TEXTS,
  INDICATOR_TEXTS,
  type Plural,
  QUOTES,
  STATUS_LABELS,
} from "./evidence-texts.js";
import {
  type ClaimedRung,
  type ContradictionResult,
  type IndicatorResult,
  type RungAssessment,
  type RungFacts,
  stageRank,
} from "./rung.js";
import {
  ESCALATION_ANSWER_DAYS,
  EVIDENCE_WINDOW_MONTHS,
  INFLUENCE_PITFALLS,
  SHARE_INDICATORS,
} from "./rung-evidence.js";
import type { Contradiction, Indicator, RungReport } from "./types.js";

/** Titles named at most in one sentence: the ids list them all. */
export const MAX_NAMED_LESSONS = 5;

/** What the words need besides the facts: the language, and the vocabulary's label of a pitfall. */
export type Wording = { language: Language; pitfallLabel: (slug: string) => string };

export const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase() + text.slice(1);
export const stageName = (stage: Stage, language: Language) => lowerFirst(STAGE_LABELS[stage][language]);
export const quote = (title: string, language: Language) =>
  `${QUOTES[language][0]}${title}${QUOTES[language][1]}`;

/** The lessons' titles, quoted and joined; past MAX_NAMED_LESSONS, how many more. */
export function namedLessons(lessonIds: readonly string[], facts: RungFacts, language: Language): string {
  const titles = new Map(facts.lessons.map((l) => [l.id, l.title]));
  const named = lessonIds.slice(0, MAX_NAMED_LESSONS).map((id) => quote(titles.get(id) ?? id, language));
  const more = lessonIds.length - named.length;
  return more > 0 ? `${named.join("; ")} (+${more})` : named.join("; ");
}

function formatValue(code: IndicatorResult["code"], value: number, language: Language): string {
  if (!SHARE_INDICATORS.has(code)) return String(value);
  const percent = Math.round(value * 100);
  return language === "en" ? `${percent}%` : `${percent} %`;
}

export function describeIndicator(indicator: IndicatorResult, w: Wording): Indicator {
  const { values, ...shown } = indicator;
  const bound = indicator.atLeast ?? indicator.atMost;
  const detail = fillPlaceholders(INDICATOR_TEXTS[indicator.code][w.language], {
    ...values,
    observed: indicator.observed === null ? "–" : formatValue(indicator.code, indicator.observed, w.language),
    needed: bound === null ? "–" : formatValue(indicator.code, bound, w.language),
    months: EVIDENCE_WINDOW_MONTHS,
    days: ESCALATION_ANSWER_DAYS,
    pitfalls: INFLUENCE_PITFALLS.map((slug) => lowerFirst(w.pitfallLabel(slug))).join(", "),
  });
  return { ...shown, detail };
}

const pluralOf = (texts: Plural, count: number, language: Language) =>
  (count <= 1 ? texts.one : texts.other)[language];

/** What a contradiction counts: its routines or escalations when it is about them, else its lessons. */
const countOf = (c: ContradictionResult) =>
  c.routineIds.length || c.escalationIds.length || c.lessonIds.length;

/** The routines' names, quoted and joined (all of them: a scope has a handful). */
const namedRoutines = (routineIds: readonly string[], facts: RungFacts, language: Language) => {
  const names = new Map(facts.routines.map((r) => [r.id, r.name]));
  return routineIds.map((id) => quote(names.get(id) ?? id, language)).join("; ");
};

/** The placeholders a contradiction's texts (and the step that answers it) are filled with. */
export function contradictionValues(
  c: ContradictionResult,
  facts: RungFacts,
  language: Language,
): Record<string, string | number> {
  const initiative = facts.initiatives.find((i) => i.id === c.initiativeIds[0]);
  return {
    claimed: stageName(facts.claimed, language),
    initiative: initiative ? quote(initiative.title, language) : "",
    stage: initiative ? stageName(initiative.stage, language) : "",
    status: initiative ? STATUS_LABELS[initiative.status][language] : "",
    count: countOf(c),
    months: EVIDENCE_WINDOW_MONTHS,
    days: ESCALATION_ANSWER_DAYS,
    lessons: namedLessons(c.lessonIds, facts, language),
    routines: namedRoutines(c.routineIds, facts, language),
  };
}

export function describeContradiction(c: ContradictionResult, facts: RungFacts, w: Wording): Contradiction {
  const pitfall = c.pitfall ? { slug: c.pitfall, label: w.pitfallLabel(c.pitfall) } : null;
  const values = {
    ...contradictionValues(c, facts, w.language),
    pitfall: pitfall ? lowerFirst(pitfall.label) : "",
  };
  return {
    code: c.code,
    detail: fillPlaceholders(pluralOf(CONTRADICTION_TEXTS[c.code], countOf(c), w.language), values),
    lessonIds: c.lessonIds,
    initiativeIds: c.initiativeIds,
    routineIds: c.routineIds,
    escalationIds: c.escalationIds,
    pitfall,
  };
}

/** The rung above, or null at the top of the ladder. */
export const rungAbove = (stage: Stage): Stage | null => STAGES[stageRank(stage) + 1] ?? null;

/**
 * The gap in words: what is claimed against what is borne out, then each contradiction, then what the
 * rung above the evidenced one still lacks.
 */
export function gapText(rung: RungReport, language: Language): string {
  const values = {
    claimed: stageName(rung.claimed, language),
    evidenced: stageName(rung.evidenced, language),
  };
  const parts = [
    fillPlaceholders(
      (rung.claimed === rung.evidenced ? GAP_TEXTS.bearsOut : GAP_TEXTS.claimsMore)[language],
      values,
    ),
    ...rung.contradictions.map((c) => c.detail),
  ];
  const next = rungAbove(rung.evidenced);
  const missing = next ? rung.indicators.filter((i) => i.rung === next && i.met === false) : [];
  if (next && missing.length)
    parts.push(
      fillPlaceholders(GAP_TEXTS.notYetShown[language], { next: stageName(next, language) }),
      ...missing.map((i) => i.detail),
    );
  return parts.join(" ");
}

/** The reply's `rung`: the claim, the evidence and their contradictions, in words. */
export function describeRung(
  claimed: ClaimedRung,
  assessment: RungAssessment,
  facts: RungFacts,
  w: Wording,
): RungReport {
  return {
    claimed: assessment.claimed,
    evidenced: assessment.evidenced,
    since: facts.since,
    indicators: assessment.indicators.map((i) => describeIndicator(i, w)),
    contradictions: assessment.contradictions.map((c) => describeContradiction(c, facts, w)),
    current: claimed.current,
    basis: claimed.basis,
    occupied: claimed.occupied,
  };
}
