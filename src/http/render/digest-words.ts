// Every interface word of the rendered digest, per language: a Danish or Norwegian reader gets no
// English word on the page (a test compares the pages against the English strings).
import type { CopingStrategy, Direction, EvidenceKind, Language } from "../../words.js";

export type DigestWords = {
  title: string;
  lessons: (n: number) => string;
  context: string;
  allLessons: string;
  generated: string;
  nothing: string;
  inScope: (n: number, basis: string) => string;
  leftOut: (n: number) => string;
  omitted: (n: number) => string;
  outcomes: string;
  directions: Record<Direction, string>;
  /** How a quoted lesson came out, next to its title. */
  verdicts: Record<Direction, string>;
  contested: string;
  worksIn: string;
  failsIn: string;
  whyItWorked: string;
  wentWrong: string;
  othersFound: string;
  results: { worked: string; partly: string; did_not_work: string };
  firedHere: { yes: string; no: string };
  theirContext: string;
  triedBy: string;
  evidence: string;
  evidenceKinds: Record<EvidenceKind, string>;
  pressures: string;
  strategies: Record<CopingStrategy, string>;
  strategyOutcomes: string;
  carriedOver: string;
  pitfalls: string;
  lesson: string;
};

const en: DigestWords = {
  title: "Why it worked",
  lessons: (n) => `${n} ${n === 1 ? "lesson" : "lessons"}`,
  context: "Context",
  allLessons: "all published lessons, no requester context",
  generated: "Generated",
  nothing: "No lessons match this request.",
  inScope: (n, basis) => `${n} ${n === 1 ? "lesson" : "lessons"} from ${basis}`,
  leftOut: (n) =>
    `${n} other matching ${n === 1 ? "lesson comes" : "lessons come"} from other service areas or user groups and ${n === 1 ? "is" : "are"} left out (ask with scope “all” to include them).`,
  omitted: (n) =>
    `This brief leaves out ${n} less relevant ${n === 1 ? "mechanism" : "mechanisms"} (ask with detail “full” for all).`,
  outcomes: "Outcomes",
  directions: { positive: "positive", mixed: "mixed", negative: "negative", none: "no effect" },
  verdicts: { positive: "worked", mixed: "mixed result", negative: "did not work", none: "no effect" },
  contested: "Contested: it both worked and failed in contexts like yours.",
  worksIn: "Works in",
  failsIn: "Fails in",
  whyItWorked: "Why it worked",
  wentWrong: "What went wrong",
  othersFound: "What others found when they tried it",
  results: { worked: "worked", partly: "worked partly", did_not_work: "did not work" },
  firedHere: { yes: "the mechanism fired there", no: "the mechanism did not fire there" },
  theirContext: "their context",
  triedBy: "Tried by other units",
  evidence: "Evidence",
  evidenceKinds: {
    anecdote: "anecdote",
    observation: "observation",
    local_evaluation: "local evaluation",
    external_evaluation: "external evaluation",
    research: "research",
  },
  pressures: "Pressures and how they were met",
  strategies: {
    trade_off: "trade-off",
    buffer: "buffer",
    renegotiate: "renegotiated",
    escalate: "escalated",
    not_handled: "not handled",
  },
  strategyOutcomes: "Strategies and outcomes",
  carriedOver: "written for all the lesson’s pressures",
  pitfalls: "Pitfalls met in the lessons",
  lesson: "lesson",
};

const da: DigestWords = {
  title: "Hvorfor det virkede",
  lessons: (n) => `${n} ${n === 1 ? "erfaring" : "erfaringer"}`,
  context: "Kontekst",
  allLessons: "alle offentliggjorte erfaringer, ingen kontekst angivet",
  generated: "Dannet",
  nothing: "Ingen erfaringer passer til forespørgslen.",
  inScope: (n, basis) => `${n} ${n === 1 ? "erfaring" : "erfaringer"} fra ${basis}`,
  leftOut: (n) =>
    `${n} andre ${n === 1 ? "erfaring" : "erfaringer"}, der passer, stammer fra andre serviceområder eller målgrupper og er udeladt (spørg med scope “all” for at få dem med).`,
  omitted: (n) =>
    `Dette kortfattede overblik udelader ${n} mindre relevante ${n === 1 ? "mekanisme" : "mekanismer"} (spørg med detail “full” for at se alle).`,
  outcomes: "Udfald",
  directions: { positive: "positive", mixed: "blandede", negative: "negative", none: "uden virkning" },
  verdicts: {
    positive: "virkede",
    mixed: "blandet resultat",
    negative: "virkede ikke",
    none: "uden virkning",
  },
  contested: "Omstridt: den har både virket og svigtet i sammenhænge som jeres.",
  worksIn: "Virker i",
  failsIn: "Svigter i",
  whyItWorked: "Hvorfor det virkede",
  wentWrong: "Hvad gik galt",
  othersFound: "Hvad andre fandt, da de prøvede det",
  results: { worked: "virkede", partly: "virkede delvist", did_not_work: "virkede ikke" },
  firedHere: { yes: "mekanismen virkede hos dem", no: "mekanismen virkede ikke hos dem" },
  theirContext: "deres kontekst",
  triedBy: "Afprøvet af andre enheder",
  evidence: "Evidens",
  evidenceKinds: {
    anecdote: "anekdote",
    observation: "observation",
    local_evaluation: "lokal evaluering",
    external_evaluation: "ekstern evaluering",
    research: "forskning",
  },
  pressures: "Pres og hvordan det blev håndteret",
  strategies: {
    trade_off: "afvejning",
    buffer: "buffer",
    renegotiate: "genforhandlet",
    escalate: "løftet opad",
    not_handled: "ikke håndteret",
  },
  strategyOutcomes: "Strategier og udfald",
  carriedOver: "skrevet for alle erfaringens pres",
  pitfalls: "Faldgruber i erfaringerne",
  lesson: "erfaring",
};

const nb: DigestWords = {
  title: "Hvorfor det virket",
  lessons: (n) => `${n} ${n === 1 ? "erfaring" : "erfaringer"}`,
  context: "Kontekst",
  allLessons: "alle publiserte erfaringer, ingen kontekst oppgitt",
  generated: "Generert",
  nothing: "Ingen erfaringer passer til forespørselen.",
  inScope: (n, basis) => `${n} ${n === 1 ? "erfaring" : "erfaringer"} fra ${basis}`,
  leftOut: (n) =>
    `${n} andre ${n === 1 ? "erfaring" : "erfaringer"} som passer, kommer fra andre tjenesteområder eller brukergrupper og er utelatt (spør med scope “all” for å ta dem med).`,
  omitted: (n) =>
    `Denne korte oversikten utelater ${n} mindre relevante ${n === 1 ? "mekanisme" : "mekanismer"} (spør med detail “full” for å se alle).`,
  outcomes: "Utfall",
  directions: { positive: "positive", mixed: "blandede", negative: "negative", none: "uten virkning" },
  verdicts: { positive: "virket", mixed: "blandet resultat", negative: "virket ikke", none: "uten virkning" },
  contested: "Omstridt: den har både virket og sviktet i sammenhenger som deres.",
  worksIn: "Virker i",
  failsIn: "Svikter i",
  whyItWorked: "Hvorfor det virket",
  wentWrong: "Hva gikk galt",
  othersFound: "Hva andre fant da de prøvde det",
  results: { worked: "virket", partly: "virket delvis", did_not_work: "virket ikke" },
  firedHere: { yes: "mekanismen virket hos dem", no: "mekanismen virket ikke hos dem" },
  theirContext: "deres kontekst",
  triedBy: "Prøvd av andre enheter",
  evidence: "Evidens",
  evidenceKinds: {
    anecdote: "anekdote",
    observation: "observasjon",
    local_evaluation: "lokal evaluering",
    external_evaluation: "ekstern evaluering",
    research: "forskning",
  },
  pressures: "Press og hvordan det ble håndtert",
  strategies: {
    trade_off: "avveining",
    buffer: "buffer",
    renegotiate: "reforhandlet",
    escalate: "løftet oppover",
    not_handled: "ikke håndtert",
  },
  strategyOutcomes: "Strategier og utfall",
  carriedOver: "skrevet for alle erfaringens press",
  pitfalls: "Fallgruver i erfaringene",
  lesson: "erfaring",
};

export const DIGEST_WORDS: Record<Language, DigestWords> = { en, da, nb };
