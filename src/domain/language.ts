// Detects whether a lesson is written in English, Danish or Norwegian Bokmål when the author did not say.
// franc's trigrams separate English from the Nordic languages well but confuse Danish and Bokmål on
// short texts, so the two are told apart by words and spellings only one of them uses.
import { franc } from "franc";
import { words } from "../search/analyze.js";

export type LessonLanguage = "en" | "da" | "nb";
const FROM_ISO639_3: Record<string, LessonLanguage> = { eng: "en", dan: "da", nob: "nb" };

const ONLY_DANISH = new Set(
  "af hvad nogle noget nogen mig dig meget efter blev bliver blevet os nu sådan igennem hjælp uge uger hende tager giver siger lidt ud op måske rigtig rigtigt vigtig vigtigt efterhånden ingen mennesker hinanden spørgsmål også selvom kunne begyndte".split(
    " ",
  ),
);
const ONLY_NORWEGIAN = new Set(
  "av hva noen noe meg deg seg mye etter ble blir blitt oss nå sånn gjennom hjelp uke uker henne tar gir sier litt ut opp kanskje riktig viktig ingen mennesker hverandre spørsmål òg kunne begynte ikkje eit ei".split(
    " ",
  ),
);
// "også", "ingen", "mennesker", "kunne" and "spørsmål" are in both lists on purpose: they cancel out.

function nordicScore(text: string): number {
  let score = 0;
  for (const word of words(text)) {
    if (ONLY_DANISH.has(word)) score -= 1;
    if (ONLY_NORWEGIAN.has(word)) score += 1;
    if (/(?:tion|tioner|tionen|hed|heden|heder)$/u.test(word)) score -= 1;
    if (/(?:sjon|sjoner|sjonen|het|heten|heter)$/u.test(word) || /^(?:kj|gj|skj)/u.test(word)) score += 1;
    if (word.includes("æ") && word !== "være" && word !== "lære") score -= 0.5; // Bokmål writes e where Danish has æ
  }
  return score; // below zero: Danish; above: Norwegian
}

/** The most likely language of `text`, or undefined when it is too short or unclear to tell. */
export function detectLanguage(text: string): LessonLanguage | undefined {
  const guess = FROM_ISO639_3[franc(text, { only: Object.keys(FROM_ISO639_3), minLength: 20 })];
  if (guess === undefined || guess === "en") return guess;
  const score = nordicScore(text);
  return score < 0 ? "da" : score > 0 ? "nb" : guess;
}
