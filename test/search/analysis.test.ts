// Text analysis (stemming, stop words, æ/ø/å normalisation, query analysis, token positions), the FTS5
// expressions built from analysed queries, and highlighting.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyze,
  analyzeQuery,
  isStopWord,
  LANGUAGES,
  type Language,
  MAX_QUERY_WORDS,
  stem,
  tokenSpans,
  words,
} from "../../src/search/analyze.js";
import { buildMatchExpression, wordExpression } from "../../src/search/fts-query.js";
import { escapeHtml, highlight, withFirstLetters } from "../../src/search/highlight.js";

describe("stem: Snowball per language", () => {
  it.each([
    ["en", "relationships", "relationship"],
    ["en", "trusting", "trust"],
    ["en", "trusted", "trust"],
    ["da", "samarbejdet", "samarbejd"],
    ["da", "tilliden", "tillid"],
    ["nb", "relasjonene", "relasjon"],
    ["nb", "tilliten", "tillit"],
  ] as const)("%s: %s → %s", (language, word, expected) => {
    expect(stem(word, language)).toBe(expected);
  });

  it("leaves numbers alone", () => {
    for (const language of LANGUAGES) expect(stem("2024", language)).toBe("2024");
  });

  it("is stable: a second call (from the cache) gives the same stem", () => {
    expect(stem("relationships", "en")).toBe(stem("relationships", "en"));
    expect(stem("samarbejdet", "da")).toBe("samarbejd");
    expect(stem("samarbejdet", "da")).toBe("samarbejd");
  });
});

describe("analyze: index-time analysis", () => {
  it("drops English stop words and keeps content words such as 'work'", () => {
    expect(analyze("The work of the team", "en")).toEqual(["work", "team"]);
    expect(isStopWord("the", "en")).toBe(true);
    expect(isStopWord("work", "en")).toBe(false);
  });

  it("drops Danish stop words ('og') and keeps 'tid'", () => {
    expect(isStopWord("og", "da")).toBe(true);
    expect(isStopWord("tid", "da")).toBe(false);
    expect(analyze("Tilliden og tid", "da")).toEqual(["tillid", "tid"]);
  });

  it("drops Norwegian stop words ('ikke') and keeps 'arbeid' and 'tid'", () => {
    expect(isStopWord("ikke", "nb")).toBe(true);
    expect(isStopWord("arbeid", "nb")).toBe(false);
    expect(isStopWord("tid", "nb")).toBe(false);
    expect(analyze("ikke arbeid tid", "nb")).toEqual(["arbeid", "tid"]);
  });

  it("stems in the lesson's language, in order", () => {
    expect(analyze("Relationships, trusting!", "en")).toEqual(["relationship", "trust"]);
    expect(analyze("Samarbejdet og tilliden", "da")).toEqual(["samarbejd", "tillid"]);
    expect(analyze("Relasjonene ga tilliten", "nb")).toEqual(["relasjon", "ga", "tillit"]);
  });

  it("splits snake_case and punctuation into words", () => {
    expect(analyze("home_care/trust", "en")).toEqual([stem("home", "en"), stem("care", "en"), "trust"]);
  });

  it("keeps æ, ø and å: 'Ærø' stays 'ærø' in every language", () => {
    for (const language of LANGUAGES) expect(analyze("Ærø", language)).toEqual(["ærø"]);
    expect(analyze("Åbenrå", "da")).toEqual(["åbenrå"]);
  });

  it("gives the same stems for NFC and NFD input", () => {
    const text = "Tilliden på Ærø og i Åbenrå voksede; Kærligheden er større end frygten";
    const nfd = text.normalize("NFD");
    expect(nfd).not.toBe(text);
    for (const language of LANGUAGES) expect(analyze(nfd, language)).toEqual(analyze(text, language));
    expect(analyze(nfd, "da")).toContain("åbenrå");
    expect(analyze(nfd, "da")).toContain("ærø");
  });

  it("property: NFC and NFD forms of any Nordic text analyse alike", () => {
    const letter = fc.constantFrom(..."abcdeøæåÆØÅéüö ,.".split(""));
    fc.assert(
      fc.property(fc.array(letter, { maxLength: 30 }), fc.constantFrom(...LANGUAGES), (chars, language) => {
        const text = chars.join("");
        expect(analyze(text.normalize("NFD"), language)).toEqual(analyze(text.normalize("NFC"), language));
      }),
      { numRuns: 200 },
    );
  });
});

describe("analyzeQuery: query-time analysis", () => {
  it("gives each word its stems in all three languages, without repeats", () => {
    const [word] = analyzeQuery("Tilliden");
    expect(word?.text).toBe("tilliden");
    expect(word?.stems).toEqual([stem("tilliden", "en"), "tillid"]);
    expect(new Set(word?.stems)).toEqual(
      new Set([stem("tilliden", "en"), stem("tilliden", "da"), stem("tilliden", "nb")]),
    );
    const [nb] = analyzeQuery("relasjonene");
    expect(nb?.stems).toContain("relasjon");
    const [en] = analyzeQuery("relationships");
    expect(en?.stems).toEqual(["relationship"]);
  });

  it("drops a word that is a stop word in any language", () => {
    expect(isStopWord("og", "da")).toBe(true);
    expect(isStopWord("og", "en")).toBe(false);
    expect(analyzeQuery("trust og relationships").map((w) => w.text)).toEqual(["trust", "relationships"]);
  });

  it("keeps words that are content words in some language when a query has nothing else", () => {
    // "man" and "under" are Danish/Norwegian stop words but English content words
    expect(analyzeQuery("man").map((w) => w.text)).toEqual(["man"]);
    expect(analyzeQuery("the ikke og").map((w) => w.text)).toEqual(["the", "ikke", "og"]);
    // "i" is a stop word in all three languages
    expect(analyzeQuery("i")).toEqual([]);
  });

  it("takes each word once, the last occurrence deciding the prefix", () => {
    expect(analyzeQuery("trust trust tillid trust").map((w) => [w.text, w.prefix])).toEqual([
      ["tillid", false],
      ["trust", true],
    ]);
    expect(analyzeQuery(Array.from({ length: 30 }, (_, i) => `word${i}`).join(" "))).toHaveLength(
      MAX_QUERY_WORDS,
    );
  });

  it("marks only the last word as a prefix", () => {
    const query = analyzeQuery("trust tillid samarbejdet");
    expect(query.map((w) => w.prefix)).toEqual([false, false, true]);
  });

  it("does not mark a last word shorter than three letters", () => {
    expect(analyzeQuery("trust ab").map((w) => [w.text, w.prefix])).toEqual([
      ["trust", false],
      ["ab", false],
    ]);
    expect(analyzeQuery("trust tid").map((w) => w.prefix)).toEqual([false, true]);
  });

  it("does not move the prefix mark to an earlier word when the last one is a stop word", () => {
    expect(analyzeQuery("trust tillid og").map((w) => [w.text, w.prefix])).toEqual([
      ["trust", false],
      ["tillid", false],
    ]);
  });

  it("normalises accents and case", () => {
    expect(analyzeQuery("ÆRØ Tillíd").map((w) => w.text)).toEqual(["ærø", "tillid"]);
  });
});

describe("tokenSpans", () => {
  it("points at the words in the original text", () => {
    const text = "Ærø, home_care!  Tilliden (2024)";
    const spans = tokenSpans(text, "da");
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["Ærø", "home", "care", "Tilliden", "2024"]);
    expect(spans.map((s) => s.word)).toEqual(["ærø", "home", "care", "tilliden", "2024"]);
    expect(spans.find((s) => s.word === "tilliden")?.stem).toBe("tillid");
    expect(spans[0]).toEqual({ start: 0, end: 3, word: "ærø", stem: "ærø" });
  });

  it("keeps stop words (positions of every word), stemmed in the text's language", () => {
    const spans = tokenSpans("The relationships", "en");
    expect(spans).toEqual([
      { start: 0, end: 3, word: "the", stem: stem("the", "en") },
      { start: 4, end: 17, word: "relationships", stem: "relationship" },
    ]);
  });

  it("property: the words at the spans are the words of the text", () => {
    const letter = fc.constantFrom(..."abcøæåÆØÅéü _-,.1".split(""));
    fc.assert(
      fc.property(fc.array(letter, { maxLength: 40 }), fc.constantFrom("NFC", "NFD"), (chars, form) => {
        const text = chars.join("").normalize(form);
        const spans = tokenSpans(text, "nb");
        expect(spans.map((s) => s.word)).toEqual(words(text));
        for (const s of spans) expect(words(text.slice(s.start, s.end))).toEqual([s.word]);
      }),
      { numRuns: 200 },
    );
  });

  it("treats decomposed (NFD) å like the composed letter, as analyze does", () => {
    const text = "Tilliden på Åbenrå".normalize("NFD");
    const spans = tokenSpans(text, "da");
    expect(spans.map((s) => s.word)).toEqual(words(text));
    expect(spans.map((s) => s.word)).toEqual(["tilliden", "på", "åbenrå"]);
    // …so a lesson found through the stem "åbenrå" also gets it highlighted
    expect(highlight(text, "da", { stems: new Set(["åbenrå"]), prefixes: [] })).toBe(
      `Tilliden på <mark>${"Åbenrå".normalize("NFD")}</mark>`.normalize("NFD"),
    );
  });
});

describe("FTS5 expressions", () => {
  it("one stem, not a prefix: just the quoted stem", () => {
    expect(buildMatchExpression("trust in")).toBe('"trust"');
  });

  it("ORs the stems of a word in every language", () => {
    expect(buildMatchExpression("tilliden samarbejdet")).toBe(
      '("tilliden" OR "tillid") AND ("samarbejdet" OR "samarbejd" OR "samarbejdet"* OR "samarbejd"*)',
    );
  });

  it("adds prefix forms for the last word", () => {
    expect(buildMatchExpression("relationships")).toBe(
      '("relationship" OR "relationships"* OR "relationship"*)',
    );
    expect(buildMatchExpression("trust")).toBe('("trust" OR "trust"*)');
  });

  it("is undefined for a query of stop words only", () => {
    expect(buildMatchExpression("i")).toBeUndefined();
    expect(buildMatchExpression("  ,. ")).toBeUndefined();
  });

  it("wordExpression adds typo variants as plain tokens, without repeats", () => {
    const word = { text: "tillidd", stems: ["tillidd"], prefix: false };
    expect(wordExpression(word, ["tillid", "tillidd"])).toBe('("tillidd" OR "tillid")');
    expect(wordExpression({ text: "trust", stems: ["trust"], prefix: false })).toBe('"trust"');
    expect(wordExpression({ text: "trust", stems: ["trust"], prefix: true }, ["truss"])).toBe(
      '("trust" OR "truss" OR "trust"*)',
    );
  });

  it("doubles embedded double quotes", () => {
    expect(wordExpression({ text: 'a"b', stems: ['a"b'], prefix: false })).toBe('"a""b"');
  });
});

describe("highlight", () => {
  const q = (stems: string[], prefixes: string[] = []) => ({ stems: new Set(stems), prefixes });

  it("marks every word whose stem is asked for, keeping the original spelling", () => {
    expect(highlight("Trusting people trust each other.", "en", q(["trust"]))).toBe(
      "<mark>Trusting</mark> people <mark>trust</mark> each other.",
    );
    expect(highlight("Tilliden voksede.", "da", q(["tillid"]))).toBe("<mark>Tilliden</mark> voksede.");
  });

  it("escapes HTML in and around marks", () => {
    expect(highlight(`We built <trust> & "relationships" that's it`, "en", q(["trust"]))).toBe(
      "We built &lt;<mark>trust</mark>&gt; &amp; &quot;relationships&quot; that&#39;s it",
    );
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("marks words starting with a prefix", () => {
    expect(highlight("Relasjonene var gode", "nb", q([], ["rela"]))).toBe(
      "<mark>Relasjonene</mark> var gode",
    );
  });

  it("is undefined when nothing matches", () => {
    expect(highlight("Nothing to see", "en", q(["trust"]))).toBeUndefined();
  });

  it("crops long text around the first match with ellipses, at word boundaries", () => {
    const text = `${"word ".repeat(100)}trust here ${"filler ".repeat(100)}`.trim();
    const out = highlight(text, "en", q(["trust"]), 60)!;
    expect(out.startsWith("…")).toBe(true);
    expect(out.endsWith("…")).toBe(true);
    expect(out).toContain("<mark>trust</mark> here");
    const plain = out.replace(/<\/?mark>/g, "").slice(1, -1);
    expect(plain.length).toBeLessThanOrEqual(60);
    expect(text).toContain(plain);
    expect(plain.startsWith("word ")).toBe(true);
    expect(plain.endsWith("filler")).toBe(true);
  });

  it("property: skipping words by their first letter marks exactly what reading every word marks", () => {
    // real words: every word of the demo lessons in their languages, some in capitals or decomposed
    const lessons = ["fjordby", "nordvik"].flatMap(
      (place) =>
        (
          JSON.parse(
            readFileSync(new URL(`../../seed/demo/lessons-${place}.json`, import.meta.url), "utf8"),
          ) as {
            lessons: { language: Language; summary: string; why: string }[];
          }
        ).lessons,
    );
    expect(lessons.length).toBeGreaterThan(50);
    const pool = lessons.flatMap((l) =>
      (`${l.summary} ${l.why}`.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => ({
        word: w,
        language: l.language,
      })),
    );
    const token = fc.record({
      at: fc.nat({ max: pool.length - 1 }),
      form: fc.constantFrom("as is", "upper", "nfd"),
      after: fc.constantFrom(" ", ", ", ". ", "\n", " – "),
    });
    fc.assert(
      fc.property(
        fc.array(token, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(fc.nat({ max: pool.length - 1 }), { maxLength: 4 }),
        fc.option(fc.nat({ max: pool.length - 1 }), { nil: undefined }),
        fc.constantFrom(...LANGUAGES),
        (tokens, asked, prefixAt, language) => {
          const text = tokens
            .map(({ at, form, after }) => {
              const { word } = pool[at]!;
              const shaped =
                form === "upper" ? word.toUpperCase() : form === "nfd" ? word.normalize("NFD") : word;
              return shaped + after;
            })
            .join("");
          const stems = new Set(
            asked.flatMap((at) => words(pool[at]!.word).flatMap((w) => LANGUAGES.map((l) => stem(w, l)))),
          );
          const prefixes =
            prefixAt === undefined ? [] : words(pool[prefixAt]!.word).map((w) => w.slice(0, 3));
          const query = { stems, prefixes };
          expect(highlight(text, language, withFirstLetters(query))).toBe(highlight(text, language, query));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads a first letter with its combining mark when skipping words (decomposed Å, Ä)", () => {
    const text = "A\u030Abent samarbejde og A\u0308ndringer";
    const query = withFirstLetters(q([stem("åbent", "da"), stem("ændringer", "da")]));
    expect(highlight(text, "da", query)).toBe(
      "<mark>A\u030Abent</mark> samarbejde og <mark>A\u0308ndringer</mark>",
    );
  });

  it("does not crop text shorter than the limit", () => {
    const text = "A short text about trust.";
    expect(highlight(text, "en", q(["trust"]), 60)).toBe("A short text about <mark>trust</mark>.");
  });

  it("crops only at the end when the match is near the start", () => {
    const text = `trust ${"filler ".repeat(100)}`.trim();
    const out = highlight(text, "en", q(["trust"]), 50)!;
    expect(out.startsWith("<mark>trust</mark> filler")).toBe(true);
    expect(out.endsWith("…")).toBe(true);
    expect(out.replace(/<\/?mark>/g, "").length).toBeLessThanOrEqual(51);
  });
});
