import { describe, expect, it } from "vitest";
import { clip, fitToWords } from "../../src/domain/digest/brief.js";
import type { DigestStatement, MechanismDigest } from "../../src/domain/digest/index.js";
import type { Direction } from "../../src/words.js";

const words = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(" ");
const statement = (text: string, direction: Direction): DigestStatement => ({
  text,
  lessonId: `les_${text.slice(0, 8)}`,
  title: "T",
  direction,
  source: "why",
});

function mechanism(
  slug: string,
  support: string[],
  against: string[],
  notes: string[] = [],
): MechanismDigest {
  return {
    mechanism: { slug, label: slug },
    lessons: 3,
    lessonIds: [],
    relevance: 1,
    outcomes: { positive: 1, mixed: 0, negative: 1, none: 0 },
    worksIn: [],
    failsIn: [],
    statements: [
      ...support.map((t) => statement(t, "positive")),
      ...against.map((t) => statement(t, "negative")),
    ],
    adaptations: {
      worked: 0,
      partly: notes.length,
      didNotWork: 0,
      notes: notes.map((text) => ({
        text,
        result: "partly",
        lessonId: "les_x",
        title: "T",
        unitId: "u_x",
        unitName: "U",
        firedHere: null,
        contextDiffers: [],
      })),
    },
    pressures: [],
    pitfalls: [],
    evidence: {},
    contested: false,
  };
}

const quotedWords = (ms: MechanismDigest[]) =>
  ms.reduce(
    (n, m) =>
      n +
      m.statements.reduce((k, s) => k + `${s.text} ${s.title}`.split(" ").length, 0) +
      m.adaptations.notes.reduce((k, x) => k + `${x.text} ${x.title} ${x.unitName}`.split(" ").length, 0),
    0,
  );

describe("the brief's word budget", () => {
  it("gives every mechanism why it worked, then what went wrong, before any says more, within the budget", () => {
    const ms = ["a", "b", "c"].map((slug) =>
      mechanism(
        slug,
        [words(9, `${slug}s`), words(9, `${slug}t`)],
        [words(9, `${slug}x`)],
        [words(9, `${slug}n`)],
      ),
    );
    // 10 words per item (9 + title): room for six items
    const fitted = fitToWords(ms, { budget: 60, quoteChars: 1000 });
    expect(quotedWords(fitted)).toBeLessThanOrEqual(60);
    for (const m of fitted) {
      expect(m.statements.map((s) => s.direction)).toEqual(["positive", "negative"]);
      expect(m.adaptations.notes).toHaveLength(0);
    }
    // with room for all, nothing is left out and the order stays: why it worked first
    const roomy = fitToWords(ms, { budget: 1000, quoteChars: 1000 });
    expect(roomy.map((m) => m.statements.length)).toEqual([3, 3, 3]);
    expect(roomy[0]!.statements.map((s) => s.direction)).toEqual(["positive", "positive", "negative"]);
    expect(roomy.every((m) => m.adaptations.notes.length === 1)).toBe(true);
  });

  it("does not quote one sentence under two mechanisms: the next one is taken", () => {
    const shared = words(5, "shared");
    const fitted = fitToWords([mechanism("a", [shared], []), mechanism("b", [shared, words(5, "own")], [])], {
      budget: 100,
      quoteChars: 1000,
    });
    expect(fitted[0]!.statements.map((s) => s.text)).toEqual([shared]);
    expect(fitted[1]!.statements.map((s) => s.text)).toEqual([words(5, "own")]);
  });

  it("clips a long note to whole sentences, or whole words, marked with …", () => {
    const note = "First point made here. Second point that runs on and on for a while.";
    expect(clip(note, 200)).toBe(note);
    expect(clip(note, 40)).toBe("First point made here. …");
    expect(clip("one two three four five six seven", 15)).toBe("one two three …");
    const fitted = fitToWords([mechanism("a", [], [], [note])], { budget: 100, quoteChars: 40 });
    expect(fitted[0]!.adaptations.notes[0]!.text).toBe("First point made here. …");
  });
});
