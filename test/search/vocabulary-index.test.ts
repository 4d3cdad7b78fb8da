import { describe, expect, it } from "vitest";
import { type IndexedTerm, VocabularyIndex } from "../../src/search/vocabulary-index.js";

const terms: IndexedTerm[] = [
  {
    id: "t1",
    facet: "mechanism",
    slug: "trust",
    labels: { en: "Trust", da: "Tillid", nb: "Tillit" },
    synonyms: { en: ["confidence"], da: ["tiltro"], nb: ["trygghet"] },
    status: "active",
  },
  {
    id: "t2",
    facet: "mechanism",
    slug: "relationships",
    labels: { en: "Relationships", da: "Relationer", nb: "Relasjoner" },
    synonyms: { da: ["relationsarbejde"], nb: ["relasjonsbygging"] },
    status: "active",
  },
  {
    id: "t3",
    facet: "serviceArea",
    slug: "home_care",
    labels: { en: "Home care", da: "Hjemmepleje", nb: "Hjemmetjeneste" },
    synonyms: { nb: ["hjemmesykepleie"] },
    status: "active",
  },
  {
    id: "t4",
    facet: "mechanism",
    slug: "old_idea",
    labels: { en: "Trustiness" },
    synonyms: {},
    status: "retired",
  },
];

describe("VocabularyIndex.match", () => {
  const index = new VocabularyIndex(terms);

  it("finds a term by its label in another language", () => {
    expect(index.match("tillid")[0]).toMatchObject({
      slug: "trust",
      matchedOn: { field: "label", language: "da" },
    });
    expect(index.match("Relasjoner")[0]).toMatchObject({
      slug: "relationships",
      matchedOn: { language: "nb" },
    });
  });

  it("finds a term by a synonym", () => {
    expect(index.match("confidence")[0]?.slug).toBe("trust");
    expect(index.match("hjemmesykepleie")[0]).toMatchObject({
      slug: "home_care",
      matchedOn: { field: "synonym", language: "nb" },
    });
  });

  it("tolerates a typo in a longer word", () => {
    expect(index.match("relashionships")[0]?.slug).toBe("relationships");
    expect(index.match("hjemmeplje")[0]?.slug).toBe("home_care");
  });

  it("matches a prefix as the user types", () => {
    expect(index.match("hjemmep")[0]?.slug).toBe("home_care");
  });

  it("restricts to one facet when asked", () => {
    expect(index.match("tillid", { facet: "serviceArea" })).toEqual([]);
  });

  it("never proposes a retired term", () => {
    expect(index.match("trustiness").map((m) => m.slug)).not.toContain("old_idea");
  });

  it("reflects a replaced term's new synonyms at once", () => {
    const local = new VocabularyIndex(terms);
    expect(local.match("fortrolighed")).toEqual([]);
    local.replace({ ...terms[0]!, synonyms: { da: ["fortrolighed"] } });
    expect(local.match("fortrolighed")[0]?.slug).toBe("trust");
    expect(local.match("confidence").map((m) => m.slug)).not.toContain("trust");
  });

  it("finds an exact name regardless of case and accents", () => {
    expect(index.exact("mechanism", "TILLÍD")?.slug).toBe("trust");
    expect(index.exact("mechanism", "tilli")).toBeUndefined();
  });
});
