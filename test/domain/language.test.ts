import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/domain/language.js";
import { projectRoot } from "../../src/project-root.js";

describe("detectLanguage", () => {
  it("tells English, Danish and Norwegian Bokmål apart on short texts", () => {
    expect(
      detectLanguage("When the citizen decided the order of the visit, staff were seen as guests."),
    ).toBe("en");
    expect(
      detectLanguage("Når borgeren selv bestemte rækkefølgen i morgenbesøget, blev vi set som gæster."),
    ).toBe("da");
    expect(
      detectLanguage(
        "Da innbyggerne fikk bestemme rekkefølgen på morgenbesøket, ble vi sett på som gjester.",
      ),
    ).toBe("nb");
  });

  it("gives up on text too short to tell", () => {
    expect(detectLanguage("ok")).toBeUndefined();
  });

  it("recognises the language of the demo lessons, written by Danish, Norwegian and English writers", () => {
    const lessons = readdirSync(join(projectRoot, "seed", "demo"))
      .filter((file) => file.startsWith("lessons-"))
      .flatMap(
        (file) =>
          JSON.parse(readFileSync(join(projectRoot, "seed", "demo", file), "utf8")).lessons as {
            title: string;
            summary: string;
            why: string;
            language: string;
          }[],
      );
    const wrong = lessons.filter(
      (l) => detectLanguage([l.title, l.summary, l.why].join(". ")) !== l.language,
    );
    expect(wrong.map((l) => `${l.language}: ${l.title}`)).toEqual([]);
  });
});
