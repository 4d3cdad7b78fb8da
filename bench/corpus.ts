// Deterministic synthetic corpus for the benchmark: organisations, units with context profiles and
// `size` lessons whose text recombines real sentences from the demo lessons of the same language
// (seed/demo/lessons-*.json), with tag distributions skewed the way real logging is.
// generateCorpus({ size, seed }) returns the same corpus for the same size, seed and `now` day.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Direction, EvidenceKind, LessonInput, LessonStatus } from "../src/domain/lessons.js";
import type { OrganisationKind } from "../src/domain/organisations.js";
import type { ContextTags } from "../src/domain/units.js";
import { Random, type Weighted, zipf } from "./random.js";

export type Language = "da" | "nb" | "en";
export type CorpusOrganisation = { id: string; name: string; kind: OrganisationKind };
export type CorpusUnit = { id: string; organisationId: string; name: string; context: ContextTags };
export type CorpusLesson = LessonInput & { id: string; createdAt: string };
export type Corpus = {
  organisations: CorpusOrganisation[];
  units: CorpusUnit[];
  lessons: CorpusLesson[];
};
export type CorpusOptions = {
  size: number;
  seed: number;
  /** The end of the three-year window createdAt is spread over; default today 00:00 UTC. */
  now?: Date;
};

const seedFolder = fileURLToPath(new URL("../seed/", import.meta.url));
const DAY_MS = 86_400_000;
const WORD = /[\p{L}\p{N}]+/gu;
export const countWords = (text: string | null | undefined): number => text?.match(WORD)?.length ?? 0;

// ── the demo material ──────────────────────────────────────────────────────
type Labels = Partial<Record<Language, string>>;
type VocabularyFile = { terms: { facet: string; slug: string; labels: Labels }[] };
type DemoLesson = {
  title: string;
  summary: string;
  language?: Language;
  why: string;
  context?: { narrative?: string | null };
  outcomeNarrative?: string | null;
  coping?: string | null;
  /** Each pressure may carry its own coping text (the demo records coping per pressure). */
  pressures?: (string | { coping?: string | null })[];
};
type Field = "summary" | "why" | "narrative" | "outcome" | "coping";
type Pools = { titles: string[]; sentences: Record<Field, string[]> };

/** Sentence split: at . ! ? followed by a capital or a quote ("kl. 7" and "ca. 40" stay whole). */
export function sentences(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/(?<=[.!?])\s+(?=[\p{Lu}«"“'])/u)
    .map((s) => s.trim())
    .filter((s) => countWords(s) >= 3);
}

let demoCache: { pools: Record<Language, Pools>; labels: Map<string, Labels> } | undefined;

function demo() {
  if (demoCache) return demoCache;
  const pools = {} as Record<Language, Pools>;
  for (const language of ["da", "nb", "en"] as const) {
    pools[language] = {
      titles: [],
      sentences: { summary: [], why: [], narrative: [], outcome: [], coping: [] },
    };
  }
  const files = readdirSync(join(seedFolder, "demo"))
    .filter((f) => /^lessons-.*\.json$/.test(f))
    .sort();
  for (const file of files) {
    const { lessons } = JSON.parse(readFileSync(join(seedFolder, "demo", file), "utf8")) as {
      lessons: DemoLesson[];
    };
    for (const lesson of lessons) {
      const pool = pools[lesson.language ?? "en"];
      pool.titles.push(lesson.title);
      pool.sentences.summary.push(...sentences(lesson.summary));
      pool.sentences.why.push(...sentences(lesson.why));
      pool.sentences.narrative.push(...sentences(lesson.context?.narrative));
      pool.sentences.outcome.push(...sentences(lesson.outcomeNarrative));
      pool.sentences.coping.push(...sentences(lesson.coping));
      for (const pressure of lesson.pressures ?? [])
        if (typeof pressure !== "string") pool.sentences.coping.push(...sentences(pressure.coping));
    }
  }
  for (const [language, pool] of Object.entries(pools)) {
    for (const [field, list] of Object.entries(pool.sentences)) {
      if (list.length === 0) throw new Error(`bench corpus: no ${language} ${field} sentences in seed/demo`);
    }
  }
  const vocabulary = JSON.parse(readFileSync(join(seedFolder, "vocabulary.json"), "utf8")) as VocabularyFile;
  const labels = new Map(vocabulary.terms.map((t) => [`${t.facet}:${t.slug}`, t.labels]));
  demoCache = { pools, labels };
  return demoCache;
}

// ── distributions ───────────────────────────────────────────────────────────
const SERVICE_AREAS: Weighted<string> = [
  ["home_care", 20],
  ["elder_care", 16],
  ["nursing_home", 10],
  ["rehabilitation", 7],
  ["employment_services", 6],
  ["social_psychiatry", 6],
  ["children_and_families", 6],
  ["family_support", 5],
  ["childcare", 5],
  ["schools", 5],
  ["disability", 5],
  ["integration", 5],
  ["health_promotion", 5],
  ["culture_leisure", 4],
];
/** The user groups a service area typically serves: [always, sometimes]. */
const USER_GROUPS: Record<string, [string[], string[]]> = {
  elder_care: [["older_adults"], ["people_with_dementia", "relatives"]],
  home_care: [["older_adults"], ["relatives", "people_with_dementia"]],
  nursing_home: [["older_adults"], ["people_with_dementia", "relatives"]],
  rehabilitation: [["older_adults"], ["people_with_disabilities", "relatives"]],
  employment_services: [["unemployed"], ["refugees", "young_people", "people_with_mental_illness"]],
  social_psychiatry: [["people_with_mental_illness"], ["relatives", "young_people"]],
  children_and_families: [["families_with_children"], ["young_people", "refugees"]],
  family_support: [["families_with_children"], ["relatives"]],
  childcare: [["families_with_children"], ["refugees"]],
  schools: [["young_people"], ["families_with_children"]],
  disability: [["people_with_disabilities"], ["relatives", "young_people"]],
  integration: [["refugees"], ["families_with_children", "unemployed"]],
  health_promotion: [["local_residents"], ["older_adults", "young_people"]],
  culture_leisure: [["local_residents"], ["young_people", "volunteers"]],
};
const SETTINGS: Weighted<string> = [
  ["urban", 35],
  ["suburban", 30],
  ["rural", 30],
  ["island", 5],
];
const ORGANISATION_FORMS: Weighted<string> = [
  ["hierarchical", 40],
  ["team_based", 35],
  ["network", 15],
  ["third_sector_partner", 10],
];
const SCALES: Weighted<string> = [
  ["one_team", 40],
  ["department", 30],
  ["cross_department", 20],
  ["inter_organisational", 10],
];
const MECHANISMS = zipf(
  [
    "trust",
    "relationships",
    "recognition",
    "ownership",
    "interpersonal_trust",
    "empowerment",
    "shared_understanding",
    "dialogue",
    "reciprocity",
    "belonging",
    "peer_support",
    "self_efficacy",
    "legitimacy",
    "institutional_trust",
  ],
  1,
);
const OUTCOMES = zipf(
  [
    "user_wellbeing",
    "user_satisfaction",
    "user_participation",
    "service_quality",
    "social_network",
    "staff_motivation",
    "independence",
    "inclusion",
    "citizen_influence",
    "learning",
    "efficiency",
    "employment",
  ],
  0.8,
);
const PRESSURES = zipf(
  [
    "time",
    "workload",
    "budget",
    "staff_turnover",
    "professional_resistance",
    "accountability",
    "political",
    "legal",
    "legitimacy_pressure",
  ],
  0.9,
);
const APPROACHES = zipf(
  [
    "co_design_workshop",
    "network_meeting",
    "volunteer_partnership",
    "everyday_rehabilitation",
    "relatives_cafe",
    "picture_cards",
    "bikva",
    "user_council",
    "peer_mentoring",
    "future_workshop",
    "dream_scenarios",
    "open_dialogue",
    "citizen_panel",
    "participatory_budgeting",
  ],
  0.9,
);
const DIRECTIONS: Weighted<Direction> = [
  ["positive", 70],
  ["mixed", 15],
  ["negative", 10],
  ["none", 5],
];
const EVIDENCE: Weighted<EvidenceKind> = [
  ["anecdote", 40],
  ["observation", 35],
  ["local_evaluation", 15],
  ["external_evaluation", 6],
  ["research", 4],
];
const STATUSES: Weighted<Exclude<LessonStatus, "archived">> = [
  ["published", 85],
  ["submitted", 10],
  ["draft", 5],
];
const LANGUAGES: Weighted<Language> = [
  ["da", 40],
  ["nb", 35],
  ["en", 25],
];

// ── organisations and units ───────────────────────────────────────────────────
type OrgTemplate = { name: string; kind: OrganisationKind; language: "da" | "nb" };
const ORGANISATIONS: OrgTemplate[] = [
  { name: "Åbæk Kommune", kind: "municipality", language: "da" },
  { name: "Fjellstad kommune", kind: "municipality", language: "nb" },
  { name: "Højmark Kommune", kind: "municipality", language: "da" },
  { name: "Havøy kommune", kind: "municipality", language: "nb" },
  { name: "Sundlev Kommune", kind: "municipality", language: "da" },
  { name: "Elvdal kommune", kind: "municipality", language: "nb" },
  { name: "Vesterå Kommune", kind: "municipality", language: "da" },
  { name: "Skogvik kommune", kind: "municipality", language: "nb" },
  { name: "Frivilligcenter Brobyg", kind: "third_sector", language: "da" },
  { name: "Vestfjell fylkeskommune", kind: "region", language: "nb" },
];
const DISTRICTS: Record<"da" | "nb", string[]> = {
  da: ["Nord", "Syd", "Øst", "Vest", "Centrum", "Midt", "Havnen", "Land", "By", "Kyst"],
  nb: ["Nord", "Sør", "Øst", "Vest", "Sentrum", "Midt", "Havna", "Bygd", "Øyene", "Dalen"],
};

function unitProfile(rng: Random, kind: OrganisationKind, index: number): ContextTags {
  // every municipality has a home-care unit and an elder-care or nursing-home unit, the units that log most
  const serviceArea =
    kind === "municipality" && index === 0
      ? "home_care"
      : kind === "municipality" && index === 1
        ? rng.pick(["elder_care", "nursing_home"])
        : rng.weighted(SERVICE_AREAS);
  const [always, sometimes] = USER_GROUPS[serviceArea] ?? [["local_residents"], []];
  const userGroup = [...always];
  for (const group of sometimes) if (rng.chance(0.3) && userGroup.length < 3) userGroup.push(group);
  if (kind === "third_sector" && !userGroup.includes("volunteers")) userGroup.push("volunteers");
  else if (rng.chance(0.1) && !userGroup.includes("volunteers")) userGroup.push("volunteers");
  const areas = [serviceArea];
  if (rng.chance(0.15)) {
    const second = rng.weighted(SERVICE_AREAS);
    if (second !== serviceArea) areas.push(second);
  }
  const organisationForm =
    kind === "third_sector"
      ? rng.pick(["third_sector_partner", "network"])
      : rng.weighted(ORGANISATION_FORMS.filter(([f]) => f !== "third_sector_partner" || rng.chance(0.5)));
  const scale =
    kind === "region" ? rng.pick(["cross_department", "inter_organisational"]) : rng.weighted(SCALES);
  return {
    serviceArea: areas,
    userGroup,
    setting: [rng.weighted(SETTINGS)],
    organisationForm: [organisationForm],
    scale: [scale],
  };
}

function structure(rng: Random, size: number, labels: Map<string, Labels>) {
  const orgCount = size < 5000 ? 4 : 10;
  const unitsPerOrg = size < 5000 ? 6 : 8;
  const organisations: (CorpusOrganisation & { language: "da" | "nb" })[] = [];
  const units: (CorpusUnit & { language: "da" | "nb"; weight: number })[] = [];
  for (let o = 0; o < orgCount; o++) {
    const template = ORGANISATIONS[o]!;
    const id = `org_b${String(o + 1).padStart(2, "0")}`;
    organisations.push({ id, name: template.name, kind: template.kind, language: template.language });
    const names = new Set<string>();
    for (let u = 0; u < unitsPerOrg; u++) {
      const context = unitProfile(rng, template.kind, u);
      const area = context.serviceArea![0]!;
      const label = labels.get(`serviceArea:${area}`)?.[template.language] ?? area;
      let name = `${label} ${rng.pick(DISTRICTS[template.language])}`;
      for (let n = 2; names.has(name.toLowerCase()); n++) name = `${label} ${n}`;
      names.add(name.toLowerCase());
      units.push({
        id: `unit_b${String(o + 1).padStart(2, "0")}_${String(u + 1).padStart(2, "0")}`,
        organisationId: id,
        name,
        context,
        language: template.language,
        // some units log much more than others
        weight: 1 / (u + 1) ** 0.6,
      });
    }
  }
  return { organisations, units };
}

/** A variation of a unit's profile: another setting, one more user group, fewer dimensions or a second area. */
function varyContext(rng: Random, context: ContextTags): ContextTags {
  const copy: ContextTags = Object.fromEntries(Object.entries(context).map(([k, v]) => [k, [...v]]));
  switch (rng.int(0, 3)) {
    case 0:
      copy.setting = [rng.weighted(SETTINGS.filter(([s]) => !context.setting?.includes(s)))];
      break;
    case 1: {
      const extra = rng.pick(["relatives", "volunteers", "local_residents", "people_with_dementia"]);
      if (!copy.userGroup?.includes(extra)) copy.userGroup = [...(copy.userGroup ?? []), extra];
      break;
    }
    case 2:
      delete copy.scale;
      delete copy.organisationForm;
      break;
    default: {
      const area = rng.weighted(SERVICE_AREAS);
      if (!copy.serviceArea?.includes(area)) copy.serviceArea = [...(copy.serviceArea ?? []), area];
    }
  }
  return copy;
}

// ── lesson text ────────────────────────────────────────────────────────────────
const MIN_WORDS = 150;
const MAX_WORDS = 250;
const TITLE_SUFFIX: Record<Language, (unit: string) => string> = {
  da: (unit) => ` – erfaringer fra ${unit}`,
  nb: (unit) => ` – erfaringer fra ${unit}`,
  en: (unit) => ` – notes from ${unit}`,
};

function draw(rng: Random, pool: string[], maxWords: number, tries = 8): string | undefined {
  for (let i = 0; i < tries; i++) {
    const s = rng.pick(pool);
    if (countWords(s) <= maxWords) return s;
  }
  return undefined;
}

function lessonText(rng: Random, language: Language, unitName: string) {
  const { titles, sentences: pool } = demo().pools[language];
  const target = rng.int(MIN_WORDS, MAX_WORDS);
  let title = rng.pick(titles);
  const variant = rng.next();
  if (variant < 0.2) title = `${title}${TITLE_SUFFIX[language](unitName)}`;
  else if (variant < 0.3) {
    const short = draw(rng, pool.summary, 18);
    if (short) title = short.replace(/[.!?]$/, "");
  }
  if (title.length > 200) title = title.slice(0, 200).trimEnd();

  const summary = [rng.pick(pool.summary)];
  if (rng.chance(0.5)) {
    const second = draw(rng, pool.summary, 25);
    if (second && second !== summary[0]) summary.push(second);
  }
  const why: string[] = [];
  const whyCount = rng.int(3, 6);
  for (let i = 0; i < whyCount; i++) why.push(draw(rng, pool.why, 35) ?? rng.pick(pool.why));
  const counted = () => countWords(title) + countWords(summary.join(" ")) + countWords(why.join(" "));
  while (counted() > MAX_WORDS - 30 && why.length > 3) why.pop();

  const rest: Record<"narrative" | "outcome" | "coping", string[]> = {
    narrative: [],
    outcome: [],
    coping: [],
  };
  let total = counted();
  const slots = ["narrative", "outcome", "coping", "narrative", "outcome", "narrative", "coping"] as const;
  for (let i = 0; i < 24 && total < target; i++) {
    const field = slots[i % slots.length]!;
    const s = draw(rng, pool[field], MAX_WORDS - total);
    if (!s) continue;
    rest[field].push(s);
    total += countWords(s);
  }
  // rare: long sentences left the lesson short; top up with anything that still fits
  for (let i = 0; i < 40 && total < MIN_WORDS; i++) {
    const field = rng.pick(["narrative", "outcome", "coping"] as const);
    const s = draw(rng, pool[field], MAX_WORDS - total, 1);
    if (!s) continue;
    rest[field].push(s);
    total += countWords(s);
  }
  const join = (list: string[]) => (list.length > 0 ? list.join(" ") : null);
  return {
    title,
    summary: summary.join(" "),
    why: why.join(" "),
    narrative: join(rest.narrative),
    outcomeNarrative: join(rest.outcome),
    coping: join(rest.coping),
  };
}

// ── the corpus ─────────────────────────────────────────────────────────────────
function todayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function generateCorpus({ size, seed, now = todayUtc() }: CorpusOptions): Corpus {
  if (!Number.isInteger(size) || size < 1) throw new Error(`bench corpus: size must be a positive integer`);
  const { labels } = demo();
  const root = new Random(seed);
  const structureRng = root.fork(1);
  const rng = root.fork(2);
  const { organisations, units } = structure(structureRng, size, labels);
  const byLanguage: Record<Language, Weighted<(typeof units)[number]>> = {
    da: units.filter((u) => u.language === "da").map((u) => [u, u.weight] as const),
    nb: units.filter((u) => u.language === "nb").map((u) => [u, u.weight] as const),
    en: units.map((u) => [u, u.weight * 0.5] as const),
  };

  const span = 3 * 365 * DAY_MS;
  const lessons: CorpusLesson[] = [];
  for (let i = 0; i < size; i++) {
    const language = rng.weighted(LANGUAGES);
    const unit = rng.weighted(byLanguage[language]);
    const text = lessonText(rng, language, unit.name);

    const mechanisms = rng.sample(
      MECHANISMS,
      rng.weighted([
        [1, 35],
        [2, 45],
        [3, 20],
      ] as const),
    );
    const tone = rng.weighted(DIRECTIONS);
    const outcomes = rng
      .sample(
        OUTCOMES,
        rng.weighted([
          [1, 45],
          [2, 40],
          [3, 15],
        ] as const),
      )
      .map((term) => ({
        term,
        direction: rng.chance(0.8) ? tone : rng.weighted(DIRECTIONS),
      }));
    const pressures = rng.sample(
      PRESSURES,
      rng.weighted([
        [0, 35],
        [1, 40],
        [2, 25],
      ] as const),
    );
    const approaches = rng.chance(0.4) ? [rng.weighted(APPROACHES)] : [];
    const contextRoll = rng.next();
    const tags: ContextTags | undefined =
      contextRoll < 0.7
        ? Object.fromEntries(Object.entries(unit.context).map(([k, v]) => [k, [...v]]))
        : contextRoll < 0.85
          ? undefined // the service falls back to the unit's profile
          : varyContext(rng, unit.context);
    const evidenceKind = rng.weighted(EVIDENCE);
    // more lessons recently: the service's adoption grows over the three years
    const age = span * rng.next() ** 1.4;
    const createdAt = new Date(now.getTime() - age - rng.int(0, DAY_MS - 1)).toISOString();

    const lesson: CorpusLesson = {
      id: `les_b${String(i + 1).padStart(7, "0")}`,
      createdAt,
      unitId: unit.id,
      externalAuthorRef: `staff-${unit.id.slice(6)}-${String(rng.int(1, 12)).padStart(2, "0")}`,
      title: text.title,
      summary: text.summary,
      language,
      context: { narrative: text.narrative, ...(tags ? { tags } : {}) },
      mechanisms,
      why: text.why,
      outcomes,
      outcomeNarrative: text.outcomeNarrative,
      evidence: {
        kind: evidenceKind,
        reference:
          evidenceKind === "anecdote" || evidenceKind === "observation"
            ? null
            : `${evidenceKind.replace("_", " ")} ${2022 + rng.int(0, 3)}, ${unit.name}`,
      },
      pressures,
      coping: text.coping,
      approaches,
      stage: rng.chance(0.65) ? "ad_hoc_individual" : "ad_hoc_collective",
      status: rng.weighted(STATUSES),
      visibility: rng.weighted([
        ["organisation", 50],
        ["network", 40],
        ["unit", 10],
      ] as const),
    };
    lessons.push(lesson);
  }
  return {
    organisations: organisations.map(({ id, name, kind }) => ({ id, name, kind })),
    units: units.map(({ id, organisationId, name, context }) => ({ id, organisationId, name, context })),
    lessons,
  };
}

/** Every text field of a lesson, as the search indexes see it. */
export function lessonFullText(lesson: CorpusLesson): string {
  return [
    lesson.title,
    lesson.summary,
    lesson.why,
    lesson.context?.narrative,
    lesson.outcomeNarrative,
    lesson.coping,
  ]
    .filter(Boolean)
    .join("\n");
}
