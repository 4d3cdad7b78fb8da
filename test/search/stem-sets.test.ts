// The kept stem sets (search/stem-sets.ts) behind the filter's frequent words: for any lessons created
// and edited through the service, what SearchIndex.wordSets gives for a word (its stems, typo variants
// and prefixes) equals what FTS5 lists for the same word's expression, in all columns and in the title
// and summary; with every stem kept (keptStemMinDocs 1), so the sets are asked for before the writes and
// must follow them, and with none kept.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { createServices } from "../../src/domain/services.js";
import { queryWord, words } from "../../src/search/analyze.js";
import { wordExpression, wordTerms } from "../../src/search/fts-query.js";
import { StemSets } from "../../src/search/stem-sets.js";
import { loadSeed } from "../../src/seed/load.js";

const POOL = [
  "tillid",
  "tilliden",
  "tillidsfuld",
  "borger",
  "borgerne",
  "borgere",
  "kaffe",
  "kaffen",
  "naboer",
  "naboerne",
  "frivillig",
  "frivillige",
];
const sentence = fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 6 }).map((w) => w.join(" "));
const edit = fc.record({
  lesson: fc.nat({ max: 5 }),
  title: sentence,
  summary: sentence,
  why: sentence,
});
const asked = fc.record({ word: fc.constantFrom(...POOL, "tilli", "borg", "nab"), prefix: fc.boolean() });

function setup(keptStemMinDocs: number) {
  const database = openDatabase(":memory:");
  const services = createServices({ database, keptStemMinDocs });
  loadSeed(services, database, "vocabulary");
  const organisation = services.organisations.create({ name: "Testby Kommune", kind: "municipality" });
  const unit = services.units.create({ organisationId: organisation.id, name: "Hjemmeplejen" });
  return { database, services, unitId: unit.id };
}

const members = (set: { forEach(visit: (bit: number) => void): void }) => {
  const out: number[] = [];
  set.forEach((bit) => {
    out.push(bit);
  });
  return out;
};

describe("kept stem sets", () => {
  it.each([
    ["every stem kept", 1],
    ["no stem kept", 1_000_000],
  ])("property: wordSets equals FTS5's listing after any creates and edits (%s)", (_, keptStemMinDocs) => {
    fc.assert(
      fc.property(
        fc.array(edit, { minLength: 1, maxLength: 10 }),
        fc.array(asked, { minLength: 1, maxLength: 4 }),
        (edits, questions) => {
          const { database, services, unitId } = setup(keptStemMinDocs);
          const { search } = services;
          const ids: string[] = [];
          const compare = () => {
            for (const { word, prefix } of questions) {
              const query = queryWord(words(word)[0]!, prefix);
              const typos = search.typos.variants(query);
              const { stems, prefixes } = wordTerms(query, typos);
              const sets = search.wordSets(stems, prefixes);
              const expression = wordExpression(query, typos);
              expect(members(sets.all)).toEqual([...search.text.matching(expression)].sort((a, b) => a - b));
              expect(members(sets.headings)).toEqual(
                [...search.text.matchingInHeadings(expression)].sort((a, b) => a - b),
              );
            }
          };
          try {
            for (const e of edits) {
              compare();
              const known = ids[e.lesson];
              const text = { title: e.title, summary: e.summary, why: e.why };
              if (known) services.lessons.update(known, text, undefined);
              else
                ids.push(
                  services.lessons.create({
                    unitId,
                    language: "da",
                    ...text,
                    context: { narrative: null, tags: {} },
                    mechanisms: ["trust"],
                    outcomes: [{ term: "social_network", direction: "positive" }],
                    evidence: { kind: "observation" },
                    status: "published",
                  }).lesson.id,
                );
            }
            compare();
          } finally {
            database.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("keeps at most its memory bound, dropping the sets used least recently, and lists them again", () => {
    const listed: string[] = [];
    const source = {
      list: (stem: string) => {
        listed.push(stem);
        return { all: Int32Array.of(1, 40, 100), headings: Int32Array.of(40) };
      },
      canKeep: () => true,
    };
    // each stem's two sets: 4 words + 2 words = 24 bytes; room for two stems
    const sets = new StemSets(source, 50);
    sets.get("a");
    sets.get("b");
    sets.get("a"); // a is now the most recent
    sets.get("c"); // drops b
    expect(sets.size).toBe(2);
    sets.get("a");
    sets.get("c");
    expect(listed).toEqual(["a", "b", "c"]);
    sets.get("b");
    expect(listed).toEqual(["a", "b", "c", "b"]);
    // nothing is kept while a write transaction is open
    const open = new StemSets({ ...source, canKeep: () => false }, 1000);
    open.get("d");
    open.get("d");
    expect(open.size).toBe(0);
  });
});
