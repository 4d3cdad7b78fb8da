// Every text of the claimed-versus-evidenced diagnosis exists in Danish and Norwegian, uses the same
// placeholders as the English one, and carries no English phrase over.
import { describe, expect, it } from "vitest";
import * as texts from "../../src/domain/maturity/evidence-texts.js";
import { LADDER_NOTE, NEXT_STEP_TEXTS, RUNG_DESCRIPTIONS } from "../../src/domain/maturity-guidance.js";

type Localized = { en: string; da: string; nb: string };
const isLocalized = (value: unknown): value is Localized =>
  typeof value === "object" && value !== null && "en" in value && "da" in value && "nb" in value;

/** Every localized text under a value, with a path naming it. */
function localized(value: unknown, path: string): [string, Localized][] {
  if (isLocalized(value) && typeof value.en === "string") return [[path, value]];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => localized(inner, `${path}.${key}`));
}

const ALL = [
  ...localized(
    {
      STATUS_LABELS: texts.STATUS_LABELS,
      INDICATOR_TEXTS: texts.INDICATOR_TEXTS,
      CONTRADICTION_TEXTS: texts.CONTRADICTION_TEXTS,
      GAP_TEXTS: texts.GAP_TEXTS,
      INDICATOR_STEP_TEXTS: texts.INDICATOR_STEP_TEXTS,
      REVISIT_STEP_TEXTS: texts.REVISIT_STEP_TEXTS,
      NEXT_RUNG_TEXTS: texts.NEXT_RUNG_TEXTS,
      NEXT_STEP_TEXTS,
      RUNG_DESCRIPTIONS,
    },
    "",
  ),
  [".LADDER_NOTE", LADDER_NOTE] as [string, Localized],
];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** Runs of four words between placeholders and punctuation: an English phrase left untranslated. */
const phrases = (text: string) =>
  text
    .split(/\{\w+\}|[.,;:?!()]/)
    .map((part) => part.trim())
    .filter((part) => part.split(/\s+/).length >= 4);

describe("maturity texts", () => {
  it("cover the indicators, contradictions and steps", () => {
    expect(ALL.length).toBeGreaterThan(50);
  });

  it.each(ALL)("%s is written in Danish and Norwegian with the English placeholders", (_, text) => {
    for (const lang of ["da", "nb"] as const) {
      expect(text[lang].length).toBeGreaterThan(0);
      expect(placeholders(text[lang])).toEqual(placeholders(text.en));
      for (const phrase of phrases(text.en)) expect(text[lang]).not.toContain(phrase);
    }
    if (text.en.split(/\s+/).length > 3) expect(text.da).not.toBe(text.nb);
  });
});
