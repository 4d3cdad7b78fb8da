// Nudges authors from "what was done" to "why it worked": spots a "why" that reads like a recipe
// (numbered steps, bullet lists, "first… then…", imperative instructions) in English, Danish and Norwegian.

export type Warning = { code: string; pointer: string; message: string; signals?: string[] };

const NUMBERED_LINE = /^\s*(?:\d{1,2}\s*[.):]|(?:step|trin|steg)\s+\d+)/gimu;
const INLINE_NUMBERED = /(?:^|\s)1[.)]\s.+\s2[.)]\s/su;
const BULLET_LINE = /^\s*[-*•–]\s+\S/gmu;
const SEQUENCE = [
  /\bfirst(?:ly)?\b[\s\S]*?\b(?:then|next|after that|afterwards|finally|lastly)\b/iu,
  /\bførst\b[\s\S]*?\b(?:derefter|dernæst|bagefter|til sidst|sidenhen)\b/iu,
  /\bførst\b[\s\S]*?\b(?:deretter|etterpå|til slutt|så til slutt)\b/iu,
];
// Sentence openings that give an instruction rather than an explanation.
const IMPERATIVE_OPENING =
  /(?:^|[.!?\n]\s*)(?:make sure|ensure|remember to|don't forget|call|invite|send|book|ask|start by|sørg for|husk at|husk å|ring til|ring|inviter|send|book|spørg|spør|start med|begynd med|begynn med)\b/giu;

/** The recipe signals found in a "why" text; empty when it reads as an explanation. */
export function recipeSignals(why: string): string[] {
  const signals: string[] = [];
  if ((why.match(NUMBERED_LINE) ?? []).length >= 2 || INLINE_NUMBERED.test(why))
    signals.push("numbered_steps");
  if ((why.match(BULLET_LINE) ?? []).length >= 2) signals.push("bullet_list");
  const lower = why.toLowerCase();
  if ((lower.includes("first") || lower.includes("først")) && SEQUENCE.some((pattern) => pattern.test(why))) {
    signals.push("first_then_sequence");
  }
  if ((why.match(IMPERATIVE_OPENING) ?? []).length >= 2) signals.push("imperative_instructions");
  return signals;
}

export function whyWarnings(why: string): Warning[] {
  const signals = recipeSignals(why);
  if (signals.length === 0) return [];
  return [
    {
      code: "why_reads_like_recipe",
      pointer: "/why",
      signals,
      message:
        "The 'why' reads like a recipe of steps. The lesson was stored, but other units learn most from why it worked: what changed for the people involved (trust, recognition, ownership…) and in which context. Consider rewriting it.",
    },
  ];
}
