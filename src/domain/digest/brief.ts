// The brief form fits a meeting: after the per-mechanism limits, the quoted text (sentences, adaptation
// notes, coping, with the titles they carry) shares one word budget. Items are admitted in turns across
// the mechanisms, most relevant mechanism first, so every mechanism says why it worked and what went
// wrong before any says more; an item that would overrun the budget is left out.
import type { MechanismDigest } from "./types.js";

/**
 * Words of quoted text a brief holds. With the headings, counts and labels around them (about 65
 * words per mechanism), the page stays near 700 words: two printed pages.
 */
export const BRIEF_QUOTED_WORDS = 330;

/** At most `max` characters: whole sentences when they fit, else whole words; a cut is marked "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const sentenceEnd = Math.max(head.lastIndexOf(". "), head.lastIndexOf("! "), head.lastIndexOf("? "));
  if (sentenceEnd > max / 3) return `${head.slice(0, sentenceEnd + 1)} …`;
  return `${head.slice(0, Math.max(head.lastIndexOf(" "), 1)).trimEnd()} …`;
}

const wordCount = (...texts: (string | null | undefined)[]) =>
  texts.reduce((n, text) => n + (text ? text.split(/\s+/u).filter(Boolean).length : 0), 0);

type Kind = "support" | "against" | "note" | "coping";
/** The turns: which kind of item each mechanism offers next, round by round. */
const TURNS: readonly Kind[] = [
  "support",
  "against",
  "note",
  "coping",
  "support",
  "against",
  "support",
  "note",
  "coping",
];

type Item = { words: number; text: string; keep: () => void };

/** The items of one kind a mechanism offers, best first, each with how to keep it. */
function itemsOf(m: MechanismDigest, kept: MechanismDigest, kind: Kind, maxChars: number): Item[] {
  if (kind === "support" || kind === "against")
    return m.statements
      .filter((s) => (s.direction === "positive") === (kind === "support"))
      .map((s) => ({ words: wordCount(s.text, s.title), text: s.text, keep: () => kept.statements.push(s) }));
  if (kind === "note")
    return m.adaptations.notes.map((full) => {
      const note = { ...full, text: clip(full.text, maxChars) };
      return {
        words: wordCount(note.text, note.title, note.unitName),
        text: full.text,
        keep: () => kept.adaptations.notes.push(note),
      };
    });
  // coping: the first coping text of each pressure, in turn (the pressures themselves are always listed)
  return m.pressures.flatMap((pressure, i) => {
    const first = pressure.coping[0];
    const coping = first && { ...first, text: clip(first.text, maxChars) };
    return coping
      ? [
          {
            words: wordCount(coping.text),
            text: first.text,
            keep: () => kept.pressures[i]!.coping.push(coping),
          },
        ]
      : [];
  });
}

/** The mechanisms with their quoted text cut to `budget` words, taken in turns; notes and coping clipped to `quoteChars`. */
export function fitToWords(
  mechanisms: readonly MechanismDigest[],
  { budget = BRIEF_QUOTED_WORDS, quoteChars }: { budget?: number; quoteChars: number },
): MechanismDigest[] {
  const kept = mechanisms.map((m) => ({
    ...m,
    statements: [] as MechanismDigest["statements"],
    adaptations: { ...m.adaptations, notes: [] as MechanismDigest["adaptations"]["notes"] },
    pressures: m.pressures.map((p) => ({
      ...p,
      coping: [] as MechanismDigest["pressures"][number]["coping"],
    })),
  }));
  let left = budget;
  // a sentence quoted under one mechanism is not quoted again under the next: the next one is taken
  const quoted = new Set<string>();
  const offered = mechanisms.map((m, i) => ({
    support: itemsOf(m, kept[i]!, "support", quoteChars),
    against: itemsOf(m, kept[i]!, "against", quoteChars),
    note: itemsOf(m, kept[i]!, "note", quoteChars),
    coping: itemsOf(m, kept[i]!, "coping", quoteChars),
  }));
  for (const kind of TURNS)
    for (const items of offered) {
      const list = items[kind];
      let item = list.shift();
      while (item && quoted.has(item.text)) item = list.shift();
      if (!item || item.words > left) continue;
      left -= item.words;
      quoted.add(item.text);
      item.keep();
    }
  // statements keep their reply order: why it worked first, then what went wrong
  for (const m of kept)
    m.statements.sort((a, b) => Number(b.direction === "positive") - Number(a.direction === "positive"));
  return kept;
}
