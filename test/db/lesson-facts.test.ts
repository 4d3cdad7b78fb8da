// What the search index reads of every lesson at start comes from covering indexes, never from the
// lesson rows (which hold the text: at 100,000 lessons, a scan of them reads ~500 MB).
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { LESSON_FACTS_SQL } from "../../src/db/lesson-facts.js";

describe("the start-up read of lesson facts", () => {
  it("reads lessons and their terms through covering indexes only", () => {
    const database = openDatabase(":memory:");
    try {
      const plan = database.sqlite
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${LESSON_FACTS_SQL}`)
        .all()
        .map((row) => row.detail);
      expect(plan).toContain("SCAN l USING COVERING INDEX lessons_search_facts");
      expect(plan.some((d) => /^SEARCH t USING COVERING INDEX lesson_terms_facts/.test(d))).toBe(true);
      expect(plan.some((d) => /^(SCAN|SEARCH) l$/.test(d))).toBe(false);
    } finally {
      database.close();
    }
  });
});
