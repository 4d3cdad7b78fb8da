// Every interface word of a rendered routine agenda, per language: a Danish or Norwegian reader gets no
// English word on the page. Directions and adaptation results are the digest's words (one translation).
import type { Cadence, Language } from "../../words.js";
import { DIGEST_WORDS, type DigestWords } from "./digest-words.js";

export type AgendaWords = {
  title: string;
  since: (date: string) => string;
  lastMeeting: (date: string) => string;
  firstMeeting: string;
  newLessons: (shown: number, total: number) => string;
  nothing: string;
  from: string;
  why: string;
  direction: string;
  mechanisms: string;
  pitfalls: string;
  othersFound: string;
  notTriedYet: string;
  noNotes: string;
  escalations: string;
  raisedBy: string;
  to: string;
  dueBy: string;
  decide: string;
  decisions: string;
  cadences: Record<Cadence, string>;
  generated: string;
  /** The feeds' description. */
  feed: (forum: string) => string;
  digest: DigestWords;
};

const en: AgendaWords = {
  title: "Agenda",
  since: (date) => `New since ${date}`,
  lastMeeting: (date) => `last meeting ${date}`,
  firstMeeting: "first meeting",
  newLessons: (shown, total) =>
    shown === total
      ? `${total} new relevant ${total === 1 ? "lesson" : "lessons"}`
      : `the ${shown} most relevant of ${total} new lessons`,
  nothing: "Nothing new and relevant since the last meeting.",
  from: "From",
  why: "Why, in the lesson's words",
  direction: "Outcome",
  mechanisms: "Mechanisms",
  pitfalls: "Pitfalls",
  othersFound: "What others found when they tried it",
  notTriedYet: "No other unit has reported trying it yet.",
  noNotes: "no notes",
  escalations: "Open escalations",
  raisedBy: "raised by",
  to: "to",
  dueBy: "answer wanted by",
  decide: "Decide",
  decisions: "try · adapt · pass · escalate",
  cadences: { weekly: "weekly", fortnightly: "every other week", monthly: "monthly", quarterly: "quarterly" },
  generated: "Generated",
  feed: (forum) => `New relevant lessons for ${forum}, newest first.`,
  digest: DIGEST_WORDS.en,
};

const da: AgendaWords = {
  title: "Dagsorden",
  since: (date) => `Nyt siden ${date}`,
  lastMeeting: (date) => `sidste møde ${date}`,
  firstMeeting: "første møde",
  newLessons: (shown, total) =>
    shown === total
      ? `${total} ${total === 1 ? "ny relevant erfaring" : "nye relevante erfaringer"}`
      : `de ${shown} mest relevante af ${total} nye erfaringer`,
  nothing: "Intet nyt og relevant siden sidste møde.",
  from: "Fra",
  why: "Hvorfor, med erfaringens ord",
  direction: "Udfald",
  mechanisms: "Mekanismer",
  pitfalls: "Faldgruber",
  othersFound: "Hvad andre fandt, da de prøvede det",
  notTriedYet: "Ingen anden enhed har endnu meldt, at de har prøvet det.",
  noNotes: "ingen noter",
  escalations: "Åbne sager løftet opad",
  raisedBy: "løftet af",
  to: "til",
  dueBy: "svar ønskes senest",
  decide: "Beslut",
  decisions: "prøv · tilpas · spring over · løft opad",
  cadences: {
    weekly: "ugentligt",
    fortnightly: "hver anden uge",
    monthly: "månedligt",
    quarterly: "kvartalsvis",
  },
  generated: "Dannet",
  feed: (forum) => `Nye relevante erfaringer til ${forum}, nyeste først.`,
  digest: DIGEST_WORDS.da,
};

const nb: AgendaWords = {
  title: "Dagsorden",
  since: (date) => `Nytt siden ${date}`,
  lastMeeting: (date) => `siste møte ${date}`,
  firstMeeting: "første møte",
  newLessons: (shown, total) =>
    shown === total
      ? `${total} ${total === 1 ? "ny relevant erfaring" : "nye relevante erfaringer"}`
      : `de ${shown} mest relevante av ${total} nye erfaringer`,
  nothing: "Ikke noe nytt og relevant siden forrige møte.",
  from: "Fra",
  why: "Hvorfor, med erfaringens ord",
  direction: "Utfall",
  mechanisms: "Mekanismer",
  pitfalls: "Fallgruver",
  othersFound: "Hva andre fant da de prøvde det",
  notTriedYet: "Ingen annen enhet har ennå meldt at de har prøvd det.",
  noNotes: "ingen notater",
  escalations: "Åpne saker løftet oppover",
  raisedBy: "løftet av",
  to: "til",
  dueBy: "svar ønskes innen",
  decide: "Bestem",
  decisions: "prøv · tilpass · hopp over · løft oppover",
  cadences: {
    weekly: "ukentlig",
    fortnightly: "annenhver uke",
    monthly: "månedlig",
    quarterly: "kvartalsvis",
  },
  generated: "Laget",
  feed: (forum) => `Nye relevante erfaringer til ${forum}, nyeste først.`,
  digest: DIGEST_WORDS.nb,
};

export const AGENDA_WORDS: Record<Language, AgendaWords> = { en, da, nb };
