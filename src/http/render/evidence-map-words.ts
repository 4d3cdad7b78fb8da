// Every interface word of the evidence map page, one table per language. `{name}` marks where a value
// goes; a count that needs a plural has a `one` and an `other` form, picked by Intl.PluralRules.
import type { Direction, EvidenceKind, Language, Stage } from "../../words.js";

export type Plural = { one: string; other: string };

export type EvidenceMapWords = {
  title: string;
  /** "{title}: {rows} × {cols}" */
  heading: string;
  lessons: Plural;
  matching: Plural;
  scopeAll: string;
  scope: {
    unit: string;
    q: string;
    outcomeDirection: string;
    evidence: string;
    stage: string;
    language: string;
    publishedFrom: string;
    publishedTo: string;
  };
  howToRead: { overall: string; per_outcome: string };
  rollupNote: string;
  exactNote: string;
  emptyPairs: Plural;
  anecdotePairs: Plural;
  gapsSummary: string;
  legendMore: string;
  legendEmpty: string;
  legendAnecdote: string;
  legendRollup: string;
  caption: string;
  noLessons: string;
  anecdotesOnly: string;
  cellTitle: string;
  directions: Record<Direction, string>;
  evidenceKinds: Record<EvidenceKind, string>;
  stages: Record<Stage, string>;
  languages: Record<Language, string>;
};

const en: EvidenceMapWords = {
  title: "Evidence map",
  heading: "{title}: {rows} × {cols}",
  lessons: { one: "{n} lesson", other: "{n} lessons" },
  matching: { one: "{n} matching published lesson", other: "{n} matching published lessons" },
  scopeAll: "all published lessons",
  scope: {
    unit: "Unit",
    q: "Search",
    outcomeDirection: "Overall outcome",
    evidence: "Evidence",
    stage: "Stage",
    language: "Language",
    publishedFrom: "Published from",
    publishedTo: "Published until",
  },
  howToRead: {
    overall:
      "Each cell counts the lessons tagged with both terms; + and − count the lessons whose overall outcome was positive or negative.",
    per_outcome:
      "Each cell counts the lessons tagged with both terms; + and − count the lessons in which that very outcome was positive or negative.",
  },
  rollupNote: "A broader term (Σ) also counts the lessons of the terms below it, each lesson once.",
  exactNote: "Each term counts only its own lessons, not those of the terms below it.",
  emptyPairs: { one: "{n} pair without lessons", other: "{n} pairs without lessons" },
  anecdotePairs: { one: "{n} with anecdotes only", other: "{n} with anecdotes only" },
  gapsSummary: "Gaps: {empty}, {anecdotal}.",
  legendMore: "more lessons (up to {max})",
  legendEmpty: "gap: no lessons",
  legendAnecdote: "gap: anecdotes only",
  legendRollup: "broader term, includes the terms below it",
  caption: "{rows} (rows) × {cols} (columns)",
  noLessons: "no lessons",
  anecdotesOnly: "anecdotes only",
  cellTitle:
    "{row} × {col}: {lessons}; {positive} positive, {negative} negative, {mixed} mixed, {none} without effect; strongest evidence: {evidence}",
  directions: { positive: "positive", negative: "negative", mixed: "mixed", none: "without effect" },
  evidenceKinds: {
    anecdote: "anecdote",
    observation: "observation",
    local_evaluation: "local evaluation",
    external_evaluation: "external evaluation",
    research: "research",
  },
  stages: {
    ad_hoc_individual: "ad hoc (individual)",
    ad_hoc_collective: "ad hoc (collective)",
    pilot: "pilot",
    project: "project",
    program: "program",
    culture: "culture",
  },
  languages: { en: "English", da: "Danish", nb: "Norwegian (Bokmål)" },
};

const da: EvidenceMapWords = {
  title: "Evidenskort",
  heading: "{title}: {rows} × {cols}",
  lessons: { one: "{n} erfaring", other: "{n} erfaringer" },
  matching: {
    one: "{n} offentliggjort erfaring passer til forespørgslen",
    other: "{n} offentliggjorte erfaringer passer til forespørgslen",
  },
  scopeAll: "alle offentliggjorte erfaringer",
  scope: {
    unit: "Enhed",
    q: "Søgning",
    outcomeDirection: "Samlet udfald",
    evidence: "Evidens",
    stage: "Trin",
    language: "Sprog",
    publishedFrom: "Offentliggjort fra",
    publishedTo: "Offentliggjort til og med",
  },
  howToRead: {
    overall:
      "Hver celle tæller de erfaringer, der er mærket med begge begreber; + og − tæller erfaringer, hvis samlede udfald var positivt eller negativt.",
    per_outcome:
      "Hver celle tæller de erfaringer, der er mærket med begge begreber; + og − tæller erfaringer, hvor netop dette udfald var positivt eller negativt.",
  },
  rollupNote: "Et overbegreb (Σ) tæller også erfaringerne under sine underbegreber, hver erfaring én gang.",
  exactNote: "Hvert begreb tæller kun sine egne erfaringer, ikke underbegrebernes.",
  emptyPairs: { one: "{n} par uden erfaringer", other: "{n} par uden erfaringer" },
  anecdotePairs: { one: "{n} kun med anekdoter", other: "{n} kun med anekdoter" },
  gapsSummary: "Huller: {empty}, {anecdotal}.",
  legendMore: "flere erfaringer (op til {max})",
  legendEmpty: "hul: ingen erfaringer",
  legendAnecdote: "hul: kun anekdoter",
  legendRollup: "overbegreb, medtager begreberne under det",
  caption: "{rows} (rækker) × {cols} (kolonner)",
  noLessons: "ingen erfaringer",
  anecdotesOnly: "kun anekdoter",
  cellTitle:
    "{row} × {col}: {lessons}; {positive} positive, {negative} negative, {mixed} blandede, {none} uden virkning; stærkeste evidens: {evidence}",
  directions: { positive: "positive", negative: "negative", mixed: "blandede", none: "uden virkning" },
  evidenceKinds: {
    anecdote: "anekdote",
    observation: "observation",
    local_evaluation: "lokal evaluering",
    external_evaluation: "ekstern evaluering",
    research: "forskning",
  },
  stages: {
    ad_hoc_individual: "ad hoc (individuel)",
    ad_hoc_collective: "ad hoc (kollektiv)",
    pilot: "pilot",
    project: "projekt",
    program: "program",
    culture: "kultur",
  },
  languages: { en: "engelsk", da: "dansk", nb: "norsk (bokmål)" },
};

const nb: EvidenceMapWords = {
  title: "Evidenskart",
  heading: "{title}: {rows} × {cols}",
  lessons: { one: "{n} erfaring", other: "{n} erfaringer" },
  matching: {
    one: "{n} publisert erfaring passer til forespørselen",
    other: "{n} publiserte erfaringer passer til forespørselen",
  },
  scopeAll: "alle publiserte erfaringer",
  scope: {
    unit: "Enhet",
    q: "Søk",
    outcomeDirection: "Samlet utfall",
    evidence: "Evidens",
    stage: "Trinn",
    language: "Språk",
    publishedFrom: "Publisert fra",
    publishedTo: "Publisert til og med",
  },
  howToRead: {
    overall:
      "Hver celle teller erfaringene som er merket med begge begrepene; + og − teller erfaringer der det samlede utfallet var positivt eller negativt.",
    per_outcome:
      "Hver celle teller erfaringene som er merket med begge begrepene; + og − teller erfaringer der nettopp dette utfallet var positivt eller negativt.",
  },
  rollupNote: "Et overbegrep (Σ) teller også erfaringene under sine underbegreper, hver erfaring én gang.",
  exactNote: "Hvert begrep teller bare sine egne erfaringer, ikke underbegrepenes.",
  emptyPairs: { one: "{n} par uten erfaringer", other: "{n} par uten erfaringer" },
  anecdotePairs: { one: "{n} bare med anekdoter", other: "{n} bare med anekdoter" },
  gapsSummary: "Hull: {empty}, {anecdotal}.",
  legendMore: "flere erfaringer (opptil {max})",
  legendEmpty: "hull: ingen erfaringer",
  legendAnecdote: "hull: bare anekdoter",
  legendRollup: "overbegrep, tar med begrepene under det",
  caption: "{rows} (rader) × {cols} (kolonner)",
  noLessons: "ingen erfaringer",
  anecdotesOnly: "bare anekdoter",
  cellTitle:
    "{row} × {col}: {lessons}; {positive} positive, {negative} negative, {mixed} blandede, {none} uten virkning; sterkeste evidens: {evidence}",
  directions: { positive: "positive", negative: "negative", mixed: "blandede", none: "uten virkning" },
  evidenceKinds: {
    anecdote: "anekdote",
    observation: "observasjon",
    local_evaluation: "lokal evaluering",
    external_evaluation: "ekstern evaluering",
    research: "forskning",
  },
  stages: {
    ad_hoc_individual: "ad hoc (individuell)",
    ad_hoc_collective: "ad hoc (kollektiv)",
    pilot: "pilot",
    project: "prosjekt",
    program: "program",
    culture: "kultur",
  },
  languages: { en: "engelsk", da: "dansk", nb: "norsk (bokmål)" },
};

export const EVIDENCE_MAP_WORDS: Readonly<Record<Language, EvidenceMapWords>> = { en, da, nb };
