import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nameKey, normalizeName, textFault, visibleLength } from "../../src/domain/text-hygiene.js";

describe("text hygiene", () => {
  it.each([
    ["Surrogate \ud800 kommune", "lone_surrogate"],
    ["trailing \udc00", "lone_surrogate"],
    ["nul \u0000 here", "control_character"],
    ["ansi \u001b[31mred\u001b[0m", "control_character"],
    ["bell \u0007", "control_character"],
    ["del \u007f", "control_character"],
  ])("refuses %j (%s)", (text, fault) => {
    expect(textFault(text)).toBe(fault);
  });

  it("accepts ordinary text: tabs, line breaks, emoji, Danish and Norwegian letters", () => {
    for (const text of ["Linje 1\nLinje 2\r\n\tindrykket", "Ærø og Østfold 👍🏽", "Bokmål: å være"])
      expect(textFault(text)).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (s) => {
        const control = (c: string) => {
          const n = c.codePointAt(0)!;
          return (n < 32 && n !== 9 && n !== 10 && n !== 13) || n === 127;
        };
        fc.pre(![...s].some(control));
        expect(textFault(s)).toBeUndefined();
      }),
    );
  });

  it("normalises a name: NFC, trimmed, inner white space collapsed", () => {
    expect(normalizeName("  Fjordby \u00a0\t Kommune ")).toBe("Fjordby Kommune");
    expect(normalizeName("A\u030Arhus")).toBe("Århus");
  });

  it("compares names under one key: case, full-width forms, zero-width and bidi characters, spacing", () => {
    const key = nameKey("Fjordby Kommune");
    for (const variant of [
      "fjordby kommune",
      "Fjordby  Kommune",
      "Fjordby\u200b Kommune",
      "\u202aFjordby Kommune\u202c",
      "Ｆｊｏｒｄｂｙ Ｋｏｍｍｕｎｅ",
    ])
      expect(nameKey(variant), JSON.stringify(variant)).toBe(key);
    expect(nameKey("ÆRØ KOMMUNE")).toBe(nameKey("ærø kommune"));
    expect(nameKey("Fjordby Kommune")).not.toBe(nameKey("Fjordby Kommunes"));
  });

  it("counts only visible characters", () => {
    expect(visibleLength("\u200b\u200c\u200d")).toBe(0);
    expect(visibleLength("\u202e\u202c \u00a0")).toBe(0);
    expect(visibleLength(" æ ")).toBe(1);
  });
});
