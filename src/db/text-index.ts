// The FTS5 table of stemmed lesson text (migrations/0003_lesson_text.sql): the only place with its raw SQL.
// It stores what it is given; analysis happens in search/, and the domain hands the result over inside
// the lesson's own write transaction, so a committed lesson is searchable at once.
import type SQLite from "better-sqlite3";

export type LessonTextColumns = { title: string; summary: string; why: string; narrative: string };
/** bm25 weight per column, in column order (title, summary, why, narrative). */
export type ColumnWeights = [number, number, number, number];
export type TextHit = { docId: number; score: number };

export type TextIndex = ReturnType<typeof createTextIndex>;

/**
 * The doc ids of a comma-separated list of decimal integers (group_concat of rowids), in one pass over
 * its characters: for tens of thousands of ids, three times faster than splitting it into strings.
 */
export function parseIdList(list: string): Int32Array {
  // at most one id per two characters
  const ids = new Int32Array((list.length + 1) >> 1);
  let n = 0;
  let value = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      ids[n++] = value;
      value = 0;
    } else value = value * 10 + c - 48;
  }
  ids[n++] = value;
  return ids.slice(0, n);
}

/** Document counts kept between writes, at most (each a stem and a number). */
const DOCUMENT_COUNTS_KEPT = 50_000;

export function createTextIndex(sqlite: SQLite.Database) {
  // the index's own term list with document counts (fts5vocab): typo candidates and cheap estimates
  sqlite.exec(
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.lesson_text_terms USING fts5vocab(main, lesson_text, row)",
  );
  const documentCount = sqlite
    .prepare<[string], number>("SELECT doc FROM temp.lesson_text_terms WHERE term = ?")
    .pluck();
  // per stem, in how many docs it is (each a lookup in FTS5's term index, 0.1–0.2 ms at 100k): kept
  // until the next write of any doc's text, which is the only thing that changes them
  const documentCounts = new Map<string, number>();
  const findDoc = sqlite
    .prepare<[string], number>("SELECT doc_id FROM lesson_docs WHERE lesson_id = ?")
    .pluck();
  const insertDoc = sqlite.prepare<[string]>("INSERT INTO lesson_docs (lesson_id) VALUES (?)");
  const remove = sqlite.prepare<[number]>("DELETE FROM lesson_text WHERE rowid = ?");
  const insert = sqlite.prepare<[number, string, string, string, string]>(
    "INSERT INTO lesson_text (rowid, title, summary, why, narrative) VALUES (?, ?, ?, ?, ?)",
  );
  const docIds = sqlite.prepare<[], { doc_id: number; lesson_id: string }>(
    "SELECT doc_id, lesson_id FROM lesson_docs",
  );
  const unindexed = sqlite.prepare<[], { id: string }>(
    "SELECT id FROM lessons WHERE id NOT IN (SELECT lesson_id FROM lesson_docs) ORDER BY created_at, id",
  );
  const matchingIds = sqlite
    .prepare<[string], string | null>("SELECT group_concat(rowid) FROM lesson_text WHERE lesson_text MATCH ?")
    .pluck();
  const searchHeadings = sqlite.prepare<[string, number], TextHit>(
    "SELECT rowid AS docId, -bm25(lesson_text, 4, 1, 0, 0) AS score FROM lesson_text WHERE lesson_text MATCH ? ORDER BY bm25(lesson_text, 4, 1, 0, 0) LIMIT ?",
  );
  const searches = new Map<string, SQLite.Statement<[string, number], [number, number]>>();

  return {
    /** The lesson's doc id, allocated on first use. Call inside the lesson's write transaction. */
    docIdFor(lessonId: string): number {
      return this.docFor(lessonId).docId;
    },

    /**
     * The lesson's doc id and whether it was allocated just now (doc ids are never reused, so a new
     * doc has no indexed text yet). Call inside the lesson's write transaction.
     */
    docFor(lessonId: string): { docId: number; fresh: boolean } {
      const found = findDoc.get(lessonId);
      if (found !== undefined) return { docId: found, fresh: false };
      return { docId: Number(insertDoc.run(lessonId).lastInsertRowid), fresh: true };
    },

    /**
     * Replaces the indexed text of a doc (already analysed: space-separated stems per column). A
     * `fresh` doc (just allocated by docFor) has no text to remove.
     */
    write(docId: number, columns: LessonTextColumns, fresh = false): void {
      documentCounts.clear();
      if (!fresh) remove.run(docId);
      insert.run(docId, columns.title, columns.summary, columns.why, columns.narrative);
    },

    /** Every doc id with its lesson id, for rebuilding the in-memory index at start. */
    allDocIds(): { docId: number; lessonId: string }[] {
      return docIds.all().map((row) => ({ docId: row.doc_id, lessonId: row.lesson_id }));
    },

    /** Lessons stored before the text index existed (or by an older version): they need indexing. */
    unindexedLessonIds(): string[] {
      return unindexed.all().map((row) => row.id);
    },

    /**
     * The `limit` docs matching an FTS5 MATCH expression best, with their relevance: bm25 with
     * column weights, negated so that higher is better.
     */
    search(
      match: string,
      weights: ColumnWeights,
      limit: number,
    ): { docIds: Int32Array; scores: Float64Array } {
      const key = weights.join(",");
      let statement = searches.get(key);
      if (!statement) {
        const bm25 = `bm25(lesson_text, ${weights.map(Number).join(", ")})`;
        statement = sqlite
          .prepare<[string, number], [number, number]>(
            `SELECT rowid, -${bm25} FROM lesson_text WHERE lesson_text MATCH ? ORDER BY ${bm25} LIMIT ?`,
          )
          .raw();
        searches.set(key, statement);
      }
      const rows = statement.all(match, limit);
      const docIds = new Int32Array(rows.length);
      const scores = new Float64Array(rows.length);
      rows.forEach(([docId, score], i) => {
        docIds[i] = docId;
        scores[i] = score;
      });
      return { docIds, scores };
    },

    /**
     * The doc ids matching an expression, without relevance. One concatenated row: far cheaper than
     * tens of thousands of rows through the driver.
     */
    matching(match: string): Int32Array {
      const list = matchingIds.get(match);
      return list ? parseIdList(list) : new Int32Array(0);
    },

    /** The doc ids whose title or summary matches an expression (no relevance). */
    matchingInHeadings(match: string): Int32Array {
      return this.matching(`{title summary} : (${match})`);
    },

    /** How many lessons contain any of these stems, at most (a sum of per-stem document counts). */
    estimateMatches(stems: readonly string[]): number {
      let total = 0;
      for (const stem of stems) {
        let count = documentCounts.get(stem);
        if (count === undefined) {
          count = documentCount.get(stem) ?? 0;
          // not inside a transaction: what it reads may still be rolled back
          if (!sqlite.inTransaction) {
            if (documentCounts.size >= DOCUMENT_COUNTS_KEPT) documentCounts.clear();
            documentCounts.set(stem, count);
          }
        }
        total += count;
      }
      return total;
    },

    /** Every distinct stem in the index (for typo tolerance). */
    indexedTerms(): string[] {
      return sqlite
        .prepare<[], { term: string }>("SELECT term FROM temp.lesson_text_terms")
        .all()
        .map((row) => row.term);
    },

    /**
     * The best `limit` docs for a MATCH expression on the title and summary columns, for suggestions:
     * a match in the title counts most.
     */
    searchHeadings(match: string, limit: number): TextHit[] {
      return searchHeadings.all(`{title summary} : (${match})`, limit);
    },
  };
}
