import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldText, normalizeText, words } from "../../src/search/analyze.js";

describe("normalizeText", () => {
  it("keeps the Nordic letters æ, ø and å distinct", () => {
    expect(normalizeText("Ærø Østerbro Åbenrå")).toBe("ærø østerbro åbenrå");
  });

  it("treats a decomposed å (a + combining ring) like the composed letter", () => {
    expect(normalizeText("a\u030Abent")).toBe("åbent");
  });

  it("folds other accents and the Swedish/German spellings of æ and ø", () => {
    expect(normalizeText("Café Tillíd")).toBe("cafe tillid");
    expect(normalizeText("Fähre Göteborg")).toBe("fæhre gøteborg");
  });

  it("folds compatibility forms such as full-width letters and ligatures", () => {
    expect(normalizeText("ＢＩＫＶＡ ﬁre")).toBe("bikva fire");
  });

  it("property: its shortcuts (ASCII, Danish and Norwegian text) give what folding every character gives", () => {
    // letters that fold and letters that do not, decomposed marks, signs that look like letters
    // (Kelvin K, Ångström Å), spaces that are not ASCII, and the dotted capital I
    const char = fc.constantFrom(
      ..."aZq09 -,.!\t\næøåÆØÅäöÄÖéÉíüß\u030a\u0301\u212a\u212b\u00a0\u2003İﬁＢ".split(""),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const text = chars.join("");
        expect(normalizeText(text)).toBe(foldText(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("words", () => {
  it("splits on punctuation and underscores and drops empty pieces", () => {
    expect(words("home_care, Hjemme-pleje!  (trust)")).toEqual(["home", "care", "hjemme", "pleje", "trust"]);
  });
});

describe("highlight", () => {
  it("keeps the first match when no white space comes before it in the cropped window", async () => {
    const { highlight } = await import("../../src/search/highlight.js");
    const text = `${"a".repeat(100)}-trust${" b".repeat(200)}`;
    const snippet = highlight(text, "en", { stems: new Set(["trust"]), prefixes: [] });
    expect(snippet).toMatch(/^…<mark>trust<\/mark> b b/);
  });
});
