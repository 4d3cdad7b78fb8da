import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Candidate,
  centrality,
  MAX_SENTENCES_JOINED,
  MAX_STATEMENT_CHARS,
  NEAR_DUPLICATE_SIMILARITY,
  refersBack,
  representativeStatements,
  similarity,
  splitSentences,
  standAloneSentences,
  statementCandidates,
  termVector,
} from "../../src/search/statements.js";

const texts = (text: string) => splitSentences(text).map((s) => s.text);
const candidate = (text: string, group = text, weight?: number): Candidate => ({
  text,
  vector: termVector(text, "en"),
  group,
  ...(weight === undefined ? {} : { weight }),
});

describe("splitSentences", () => {
  it("splits at full stops, question and exclamation marks followed by a new sentence", () => {
    expect(texts("We asked first. They answered! Did it help? Yes, it did.")).toEqual([
      "We asked first.",
      "They answered!",
      "Did it help?",
      "Yes, it did.",
    ]);
  });

  it("returns exact substrings of the text with their positions", () => {
    const text = "  Borgeren bestemte selv.   Vi kom kl. 9, og det holdt.\nNy linje uden punktum";
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      "Borgeren bestemte selv.",
      "Vi kom kl. 9, og det holdt.",
      "Ny linje uden punktum",
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("does not split after abbreviations, initials, or before a lower-case word", () => {
    expect(
      texts("Small things, e.g. coffee, mattered. H. C. Andersen wrote it. It was 3 p.m. and late."),
    ).toEqual([
      "Small things, e.g. coffee, mattered.",
      "H. C. Andersen wrote it.",
      "It was 3 p.m. and late.",
    ]);
    expect(texts("Vi brugte bl.a. billedkort. Det virkede f.eks. hos Henning.")).toEqual([
      "Vi brugte bl.a. billedkort.",
      "Det virkede f.eks. hos Henning.",
    ]);
  });

  it("keeps a closing quote with its sentence and splits before an opening one", () => {
    expect(texts("She said 'come after nine.' \"We did.\" Then she talked.")).toEqual([
      "She said 'come after nine.'",
      '"We did."',
      "Then she talked.",
    ]);
  });
});

describe("termVector and similarity", () => {
  it("gives unit vectors of stems, so inflected words match and identical text scores 1", () => {
    const a = termVector("Citizens trusted the visiting carers", "en");
    const b = termVector("The citizen trusts visits from carers", "en");
    const norm = Math.sqrt([...a.values()].reduce((sum, w) => sum + w * w, 0));
    expect(norm).toBeCloseTo(1, 10);
    expect(similarity(a, a)).toBeCloseTo(1, 10);
    expect(similarity(a, b)).toBeGreaterThan(0.7);
    expect(similarity(a, termVector("Budget cuts closed the library", "en"))).toBe(0);
  });

  it("stems Danish text in Danish", () => {
    const a = termVector("Borgerne fik tillid til hjemmeplejen", "da");
    const b = termVector("Borgeren viste tillid til hjemmeplejens medarbejdere", "da");
    expect(similarity(a, b)).toBeGreaterThan(0.4);
  });
});

describe("centrality", () => {
  const pool = ["trust", "visit", "carer", "citizen", "budget", "coffee", "route", "relative", "mentor"];

  it("equals the average pairwise similarity to the others", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 6 }), {
          minLength: 2,
          maxLength: 12,
        }),
        (sentences) => {
          const vectors = sentences.map((words) => termVector(words.join(" "), "en"));
          const fast = centrality(vectors);
          vectors.forEach((v, i) => {
            let sum = 0;
            vectors.forEach((w, j) => {
              if (i !== j) sum += similarity(v, w);
            });
            expect(fast[i]).toBeCloseTo(sum / (vectors.length - 1), 9);
          });
        },
      ),
    );
  });

  it("is 0 for a single sentence", () => {
    expect(centrality([termVector("trust grew", "en")])).toEqual([0]);
  });
});

describe("statementCandidates", () => {
  it("drops sentences too short or too long to stand as a statement", () => {
    const long = `Staff ${"visited citizens and listened carefully ".repeat(12)}every day.`;
    expect(long.length).toBeGreaterThan(MAX_STATEMENT_CHARS);
    const found = statementCandidates(
      `It worked. ${long} Citizens began telling carers about falls they had hidden before.`,
      "en",
      { group: "les_1", lessonId: "les_1" },
    );
    expect(found.map((c) => c.text)).toEqual([
      "Citizens began telling carers about falls they had hidden before.",
    ]);
    expect(found[0]).toMatchObject({ group: "les_1", lessonId: "les_1" });
  });
});

describe("representativeStatements", () => {
  const cluster = [
    candidate("Citizens trusted carers who kept their promises about visit times.", "a"),
    candidate("Carers kept promises, so citizens trusted the visits.", "b"),
    candidate("When visit times were kept, citizens trusted the carers more.", "c"),
    candidate("Trust between citizens and carers grew from promises kept.", "d"),
    candidate("The library closed because the budget was cut in spring.", "e"),
  ];

  it("chooses the most central sentence first and the outlier last or never", () => {
    const chosen = representativeStatements(cluster, { max: 3, duplicateAbove: 1.01 });
    const scores = centrality(cluster.map((c) => c.vector));
    const best = scores.indexOf(Math.max(...scores));
    expect(chosen[0]).toBe(cluster[best]);
    expect(chosen).not.toContain(cluster[4]);
  });

  it("leaves out near-duplicates of a chosen statement", () => {
    const withCopies = [
      ...cluster,
      candidate("Citizens trusted carers who kept their promises about visit times!", "f"),
      candidate("citizens trusted carers who kept their promises about the visit times.", "g"),
    ];
    const chosen = representativeStatements(withCopies, { max: 5 });
    for (const [i, a] of chosen.entries())
      for (const b of chosen.slice(i + 1))
        expect(similarity(a.vector, b.vector), `${a.text} / ${b.text}`).toBeLessThanOrEqual(
          NEAR_DUPLICATE_SIMILARITY,
        );
    expect(chosen.length).toBeGreaterThan(0);
  });

  it("takes a second sentence from the same lesson only when other lessons have nothing left", () => {
    const sameLesson = [
      candidate("Citizens trusted carers who kept their promises.", "one"),
      candidate("Carers who kept promises were trusted by citizens at every visit.", "one"),
      candidate("Relatives joined the coffee meetings every week.", "two"),
    ];
    const chosen = representativeStatements(sameLesson, { max: 2, duplicateAbove: 1.01 });
    expect(new Set(chosen.map((c) => c.group))).toEqual(new Set(["one", "two"]));
    expect(representativeStatements(sameLesson, { max: 3, duplicateAbove: 1.01 })).toHaveLength(3);
  });

  it("lets a weight favour sentences from lessons closer to the reader", () => {
    const pair = [
      candidate("Mentors outside the system earned trust from job seekers.", "far", 0.2),
      candidate("Carers earned trust from citizens by keeping visit times.", "near", 1),
      candidate("Trust was earned by keeping promises to citizens and job seekers.", "middle", 0.2),
    ];
    expect(representativeStatements(pair, { max: 1 })[0]!.group).toBe("near");
  });

  it("returns nothing for no candidates and never more than max", () => {
    expect(representativeStatements([])).toEqual([]);
    expect(representativeStatements(cluster, { max: 2, duplicateAbove: 1.01 })).toHaveLength(2);
  });
});

describe("statements that stand alone", () => {
  it.each([
    ["en", "They then told us what worried them.", true],
    ["en", "In our pilot they did not: mentors had to report.", true],
    ["en", "This meant the visits started on time.", true],
    ["en", "However, the carers kept the same routes.", true],
    ["en", "Citizens decided the order of the visit themselves.", false],
    ["da", "Derfor holdt vi fast i de faste teams.", true],
    ["da", "Men da besøgene blev færre, faldt det fra hinanden.", true],
    ["da", "Borgerne bestemte selv rækkefølgen på besøget.", false],
    ["nb", "Dette gjorde at de pårørende ble med.", true],
    ["nb", "Beboerne bestemte selv hvor nettbrettet skulle stå.", false],
  ] as const)("%s: %s → refers back %s", (language, sentence, expected) => {
    expect(refersBack(sentence, language)).toBe(expected);
  });

  it("joins a sentence that refers back with the one before it, verbatim, and drops one with nothing before it", () => {
    const text =
      "They were wary at first. Citizens in the north decided the order of the visit. They then told carers what worried them. This meant fewer cancelled visits.";
    const sentences = standAloneSentences(text, "en").map((s) => s.text);
    expect(sentences).toEqual([
      "Citizens in the north decided the order of the visit.",
      "Citizens in the north decided the order of the visit. They then told carers what worried them.",
      "Citizens in the north decided the order of the visit. They then told carers what worried them. This meant fewer cancelled visits.",
    ]);
    for (const s of standAloneSentences(text, "en")) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it(`reaches back at most ${MAX_SENTENCES_JOINED} sentences in all`, () => {
    const text = "Staff met citizens weekly. Then they listened. So they changed. And they kept it.";
    const sentences = standAloneSentences(text, "en").map((s) => s.text);
    expect(sentences).not.toContain(text);
    expect(sentences.every((s) => s.startsWith("Staff met"))).toBe(true);
  });
});
