// The words of many lessons at once, for digests: title, summary, why and language, and the coping
// recorded per pressure. Two statements whatever the number of lessons; nothing else of a lesson is read.
import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { CopingStrategy, Language } from "../../words.js";
import type { Tx } from "../database.js";
import { lessons, lessonTerms, terms } from "../schema.js";

export type PressureCoping = {
  /** The pressure term's slug. */
  term: string;
  coping: string | null;
  strategy: CopingStrategy | null;
  carriedOver: boolean;
};

export type LessonText = {
  id: string;
  title: string;
  summary: string;
  why: string;
  language: Language;
  /** Only the pressures with coping text or a strategy recorded. */
  pressures: PressureCoping[];
};

// id lists go in as one JSON parameter: one statement whatever their length
const idList = (ids: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

export function lessonTexts(db: Tx, ids: readonly string[]): Map<string, LessonText> {
  const found = new Map<string, LessonText>();
  if (ids.length === 0) return found;
  const rows = db
    .select({
      id: lessons.id,
      title: lessons.title,
      summary: lessons.summary,
      why: lessons.why,
      language: lessons.language,
    })
    .from(lessons)
    .where(inArray(lessons.id, idList(ids)))
    .all();
  for (const row of rows) found.set(row.id, { ...row, pressures: [] });
  const coping = db
    .select({
      lessonId: lessonTerms.lessonId,
      term: terms.slug,
      coping: lessonTerms.coping,
      strategy: lessonTerms.strategy,
      carriedOver: lessonTerms.copingCarriedOver,
    })
    .from(lessonTerms)
    .innerJoin(terms, eq(terms.id, lessonTerms.termId))
    .where(
      and(
        inArray(lessonTerms.lessonId, idList(ids)),
        or(isNotNull(lessonTerms.coping), isNotNull(lessonTerms.strategy)),
      ),
    )
    .orderBy(asc(lessonTerms.lessonId), asc(lessonTerms.position))
    .all();
  for (const { lessonId, ...pressure } of coping) found.get(lessonId)?.pressures.push(pressure);
  return found;
}
