// The statements a lesson's write runs once per lesson (and per term link): prepared once on the
// driver, so a bulk import does not pay the query builder's per-call work for every row.
import type SQLite from "better-sqlite3";
import { getTableColumns } from "drizzle-orm";
import type { Db } from "../database.js";
import { lessons, lessonTerms } from "../schema.js";

/** A lessons row to insert: every column, keyed by its field name in the schema. */
export type LessonInsert = typeof lessons.$inferSelect;

/** A lesson_terms row to write for a lesson, in position order. */
export type LessonLinkInsert = {
  termId: string;
  direction: string | null;
  coping?: string | null | undefined;
  strategy?: string | null | undefined;
  copingCarriedOver?: boolean | undefined;
};

export type LessonWrites = ReturnType<typeof lessonWrites>;

/** Prepares the lesson write statements on `db`'s connection. */
export function lessonWrites(db: Db) {
  // the driver's connection under the query builder (drizzle() puts it there)
  const sqlite = (db as Db & { $client?: SQLite.Database }).$client;
  if (!sqlite) throw new Error("lessonWrites: the database handle has no better-sqlite3 client");
  const fields = Object.entries(getTableColumns(lessons));
  const insertLesson = sqlite.prepare(
    `INSERT INTO lessons (${fields.map(([, column]) => JSON.stringify(column.name)).join(", ")}) VALUES (${fields.map(([key]) => `@${key}`).join(", ")})`,
  );
  const linkColumns = getTableColumns(lessonTerms);
  const insertLink = sqlite.prepare<
    [string, string, string | null, number, string | null, string | null, number]
  >(
    `INSERT INTO lesson_terms (${[
      linkColumns.lessonId,
      linkColumns.termId,
      linkColumns.direction,
      linkColumns.position,
      linkColumns.coping,
      linkColumns.strategy,
      linkColumns.copingCarriedOver,
    ]
      .map((column) => JSON.stringify(column.name))
      .join(", ")}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const deleteLinks = sqlite.prepare<[string]>(
    `DELETE FROM lesson_terms WHERE ${JSON.stringify(linkColumns.lessonId.name)} = ?`,
  );

  return {
    /** Inserts a lesson row (every column given, nulls included). */
    insertLesson(values: LessonInsert): void {
      insertLesson.run(values);
    },

    /** Replaces a lesson's term links; `fresh` (a lesson just inserted) has none to delete. */
    writeLinks(lessonId: string, links: readonly LessonLinkInsert[], fresh = false): void {
      if (!fresh) deleteLinks.run(lessonId);
      for (let position = 0; position < links.length; position++) {
        const link = links[position]!;
        insertLink.run(
          lessonId,
          link.termId,
          link.direction,
          position,
          link.coping ?? null,
          link.strategy ?? null,
          link.copingCarriedOver ? 1 : 0,
        );
      }
    },
  };
}
