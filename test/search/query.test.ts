// Reading a question (search/query.ts): noise, concepts named by one word or a phrase in any language,
// quoted phrases, misspelt names, and the failure intent in English, Danish and Norwegian.
import { describe, expect, it } from "vitest";
import { words } from "../../src/search/analyze.js";
import { findIntent, readQuery } from "../../src/search/query.js";
import { type IndexedTerm, VocabularyIndex } from "../../src/search/vocabulary-index.js";

const terms: IndexedTerm[] = [
  {
    id: "trust",
    facet: "mechanism",
    slug: "trust",
    labels: { en: "Trust", da: "Tillid", nb: "Tillit" },
    synonyms: { da: ["stole på"], nb: ["stole på"] },
    status: "active",
  },
  {
    id: "participation",
    facet: "mechanism",
    slug: "user_participation",
    labels: { en: "User participation", da: "Borgerdeltagelse", nb: "Brukermedvirkning" },
    synonyms: { en: ["user involvement"] },
    status: "active",
  },
  {
    id: "home_care",
    facet: "serviceArea",
    slug: "home_care",
    labels: { en: "Home care", da: "Hjemmepleje", nb: "Hjemmetjeneste" },
    synonyms: {},
    status: "active",
  },
  {
    id: "peer",
    facet: "approach",
    slug: "peer_mentoring",
    labels: { en: "Peer mentoring" },
    synonyms: { en: ["peer mentor"] },
    status: "active",
  },
  {
    id: "retired",
    facet: "mechanism",
    slug: "old_care",
    labels: { en: "Care" },
    synonyms: {},
    status: "retired",
  },
];
const index = new VocabularyIndex(terms);
const read = (q: string) => readQuery(q, (ws) => index.namedSpans(ws));
const clauses = (q: string) => read(q).clauses.map((c) => [c.text, c.kind, c.termIds]);

describe("readQuery", () => {
  it("reads a Danish question as concepts and noise", () => {
    const q = read("hvordan får vi de ældre til at stole på hjemmeplejen");
    expect(q.clauses.map((c) => [c.text, c.kind, c.termIds])).toEqual([
      ["ældre", "word", []],
      ["stole", "concept", ["trust"]],
      ["hjemmeplejen", "concept", ["home_care"]],
    ]);
    expect(q.noise).toEqual(expect.arrayContaining(["hvordan", "vi", "de", "til", "at", "på"]));
    expect(q.intent).toBeNull();
  });

  it("takes a multi-word name as one concept, longest name first", () => {
    expect(clauses("user involvement in home care")).toEqual([
      ["user involvement", "concept", ["participation"]],
      ["home care", "concept", ["home_care"]],
    ]);
    expect(clauses("a peer mentor for refugees")).toEqual([
      ["peer mentor", "concept", ["peer"]],
      ["refugees", "word", []],
    ]);
    // the Norwegian label names the same concept as the English synonym
    expect(clauses("brukermedvirkning")).toEqual([["brukermedvirkning", "concept", ["participation"]]]);
  });

  it("never reads a retired term's name as a concept", () => {
    expect(clauses("care")).toEqual([["care", "word", []]]);
  });

  it("marks a concept found only through a misspelling as fuzzy", () => {
    const [clause] = read("tilidd").clauses;
    expect(clause).toMatchObject({ kind: "concept", termIds: ["trust"], fuzzy: true });
    expect(read("tillid").clauses[0]?.fuzzy).toBeUndefined();
  });

  it("reads a quoted phrase as a phrase, and a quoted name as its concept", () => {
    expect(clauses('"stopped coming" to meetings')).toEqual([
      ["stopped coming", "phrase", []],
      ["meetings", "word", []],
    ]);
    expect(clauses("“home care” visits")).toEqual([
      ["home care", "concept", ["home_care"]],
      ["visits", "word", []],
    ]);
  });

  it("takes each word once and marks only the last word as a prefix", () => {
    const q = read("visits visits coffe");
    expect(q.clauses.map((c) => c.text)).toEqual(["visits", "coffe"]);
    expect(q.clauses.map((c) => c.words[0]!.prefix)).toEqual([false, true]);
    // a trailing space: the last word is finished
    expect(read("visits coffee ").clauses.map((c) => c.words[0]!.prefix)).toEqual([false, false]);
    // so is the last word of a question of more than three content words
    const question = read("why did the coffee visits stop in the winter months");
    expect(question.clauses.map((c) => c.text)).toEqual(["coffee", "visits", "stop", "winter", "months"]);
    expect(question.clauses.some((c) => c.words.some((w) => w.prefix))).toBe(false);
    expect(read("coffee visits winter").clauses.at(-1)?.words[0]?.prefix).toBe(true);
  });

  it("reads words that are stop words in every language as noise", () => {
    const q = read("i");
    expect(q.clauses).toEqual([]);
    expect(q.noise).toEqual(["i"]);
  });
});

describe("the failure intent", () => {
  it.each([
    ["en", "what went wrong with the coffee visits", ["coffee", "visits"]],
    // a one-word phrase is content too: lessons saying "failed" say something about failing
    ["en", "why did the pilot fail", ["pilot", "fail"]],
    ["en", "user involvement that backfired", ["user involvement", "backfired"]],
    ["en", "volunteers in home care didn't work", ["volunteers", "home care"]],
    ["da", "hvad gik galt med hjemmeplejen", ["hjemmeplejen"]],
    ["da", "hvorfor virkede borgerpanelet ikke", ["borgerpanelet"]],
    ["da", "pilotprojektet mislykkedes", ["pilotprojektet", "mislykkedes"]],
    ["nb", "hva gikk galt da frivillige overtok oppgavene", ["frivillige", "overtok", "oppgavene"]],
    ["nb", "hvorfor fungerte ikke brukerrådet", ["brukerrådet"]],
    ["nb", "tiltaket mislyktes", ["tiltaket", "mislyktes"]],
  ])("%s: %s", (_language, q, content) => {
    const reading = read(q);
    expect(reading.intent).toBe("failure");
    // a phrase's words are not content: a lesson need not say "wrong" to be about what went wrong
    expect(reading.clauses.map((c) => c.text)).toEqual(content);
  });

  it.each([
    "what worked in home care",
    "hvad virkede for de ældre",
    "hva fungerte for frivillige",
    "failing", // a different word: only the listed phrases count
  ])("no intent in '%s'", (q) => {
    expect(read(q).intent).toBeNull();
  });

  it("finds a phrase only as whole words in order", () => {
    expect(findIntent(words("wrong went what")).intent).toBeNull();
    // at most two words between the words of a phrase
    expect(findIntent(words("virkede det ikke")).intent).toBe("failure");
    expect(findIntent(words("virkede for de fleste ikke")).intent).toBeNull();
    expect([...findIntent(words("so what went wrong")).positions].sort()).toEqual([1, 2, 3]);
    expect(findIntent(words("it failed"))).toEqual({ intent: "failure", positions: new Set() });
  });
});
