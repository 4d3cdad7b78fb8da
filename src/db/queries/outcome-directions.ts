// The direction each lesson recorded for each of its outcomes: what an evidence map with outcomes on
// an axis counts, where a lesson's overall direction would blur a good and a bad outcome into "mixed".
import { and, inArray, isNotNull } from "drizzle-orm";
import type { Direction } from "../../words.js";
import type { Db } from "../database.js";
import { lessonTerms } from "../schema.js";

export type OutcomeDirection = { lessonId: string; termId: string; direction: Direction };

/** Lesson ids per statement: far below SQLite's limit on bound parameters, with room for the term ids. */
const LESSONS_PER_QUERY = 500;

/** The outcome links of `lessonIds` to `termIds` that carry a direction, read from the covering index. */
export function outcomeDirections(
  db: Db,
  params: { lessonIds: readonly string[]; termIds: readonly string[] },
): OutcomeDirection[] {
  if (params.termIds.length === 0) return [];
  const out: OutcomeDirection[] = [];
  for (let start = 0; start < params.lessonIds.length; start += LESSONS_PER_QUERY) {
    const rows = db
      .select({
        lessonId: lessonTerms.lessonId,
        termId: lessonTerms.termId,
        direction: lessonTerms.direction,
      })
      .from(lessonTerms)
      .where(
        and(
          inArray(lessonTerms.lessonId, params.lessonIds.slice(start, start + LESSONS_PER_QUERY)),
          inArray(lessonTerms.termId, [...params.termIds]),
          isNotNull(lessonTerms.direction),
        ),
      )
      .all();
    for (const row of rows) if (row.direction) out.push({ ...row, direction: row.direction });
  }
  return out;
}
