// What a ranked result shows of a lesson (its title, summary, why, unit, language, stage, publication
// and its terms with their directions, in the author's order) for a page of lessons at once: the
// filter reads this for every request, so it reads no more than that (the full lesson is about twice
// as much to read) and its two statements are prepared once per connection.
import { asc, inArray, sql } from "drizzle-orm";
import type { Direction } from "../../words.js";
import type { Tx } from "../database.js";
import { lessons, lessonTerms } from "../schema.js";

// id lists go in as one JSON parameter, so the statements are prepared once whatever the page's length
const idList = sql`(SELECT value FROM json_each(${sql.placeholder("ids")}))`;

function statements(db: Tx) {
  return {
    rows: db
      .select({
        id: lessons.id,
        title: lessons.title,
        summary: lessons.summary,
        why: lessons.why,
        unitId: lessons.unitId,
        language: lessons.language,
        stage: lessons.stage,
        publishedAt: lessons.publishedAt,
      })
      .from(lessons)
      .where(inArray(lessons.id, idList))
      .prepare(),
    links: db
      .select({
        lessonId: lessonTerms.lessonId,
        termId: lessonTerms.termId,
        direction: lessonTerms.direction,
      })
      .from(lessonTerms)
      .where(inArray(lessonTerms.lessonId, idList))
      .orderBy(asc(lessonTerms.position))
      .prepare(),
  };
}
const prepared = new WeakMap<Tx, ReturnType<typeof statements>>();

export type LessonCardRow = ReturnType<ReturnType<typeof statements>["rows"]["all"]>[number];
export type LessonCardLink = { termId: string; direction: Direction | null };

/** The rows of the lessons `ids` name (in no particular order; unknown ids are left out) and their links. */
export function lessonCardRows(
  db: Tx,
  ids: readonly string[],
): { rows: LessonCardRow[]; links: Map<string, LessonCardLink[]> } {
  const links = new Map<string, LessonCardLink[]>();
  if (ids.length === 0) return { rows: [], links };
  let statement = prepared.get(db);
  if (!statement) {
    statement = statements(db);
    prepared.set(db, statement);
  }
  const json = JSON.stringify(ids);
  for (const { lessonId, termId, direction } of statement.links.all({ ids: json })) {
    const list = links.get(lessonId);
    const link = { termId, direction };
    if (list) list.push(link);
    else links.set(lessonId, [link]);
  }
  return { rows: statement.rows.all({ ids: json }), links };
}
