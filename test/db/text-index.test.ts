// The text index's document counts (estimateMatches) are kept between writes: after every write of a
// doc's text, through the index or rolled back, they are what FTS5 says.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { createTextIndex } from "../../src/db/text-index.js";

const STEMS = ["tillid", "borger", "kaff", "naboer", "frivill"];
const column = fc.array(fc.constantFrom(...STEMS), { maxLength: 4 }).map((stems) => stems.join(" "));
const write = fc.record({
  doc: fc.integer({ min: 1, max: 6 }),
  title: column,
  why: column,
  rolledBack: fc.boolean(),
});

describe("text index: document counts", () => {
  it("property: estimateMatches equals FTS5's own count after any writes, rolled back ones too", () => {
    fc.assert(
      fc.property(fc.array(write, { maxLength: 12 }), (writes) => {
        const database = openDatabase(":memory:");
        const text = createTextIndex(database.sqlite);
        const written = new Set<number>();
        const fts5Count = (stem: string) =>
          (
            database.sqlite
              .prepare("SELECT count(*) AS n FROM lesson_text WHERE lesson_text MATCH ?")
              .get(`"${stem}"`) as { n: number }
          ).n;
        try {
          for (const w of writes) {
            // asked before each write, so that a count is kept from the state before it
            for (const stem of STEMS) text.estimateMatches([stem]);
            const apply = database.sqlite.transaction(() => {
              text.write(
                w.doc,
                { title: w.title, summary: "", why: w.why, narrative: "" },
                !written.has(w.doc),
              );
              // asked inside the transaction too: a count read there must not outlive a rollback
              for (const stem of STEMS) text.estimateMatches([stem]);
              if (w.rolledBack) throw new Error("roll back");
            });
            try {
              apply();
              written.add(w.doc);
            } catch {
              // rolled back: nothing of it stays
            }
            for (const stem of STEMS) expect(text.estimateMatches([stem])).toBe(fts5Count(stem));
          }
          expect(text.estimateMatches(STEMS)).toBe(STEMS.reduce((n, s) => n + fts5Count(s), 0));
        } finally {
          database.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
