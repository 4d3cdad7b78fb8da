// Reads what the in-memory lesson index needs of every lesson, at start: one row per lesson with its
// terms concatenated. Tens of thousands of rows cross the driver instead of millions of term rows.
import type SQLite from "better-sqlite3";

export type LessonFactsRow = {
  docId: number;
  id: string;
  unitId: string;
  organisationId: string;
  status: string;
  visibility: string;
  language: string;
  stage: string;
  evidenceKind: string;
  publishedAt: string | null;
  /** term_id:direction pairs, comma-separated (direction empty when none). */
  terms: string | null;
  /** result:count pairs of its adaptations, comma-separated. */
  adaptations: string | null;
};

/**
 * One row per lesson. Read from the covering indexes lessons_search_facts and lesson_terms_facts
 * alone: the lesson rows hold the text, and scanning them would read the whole database file.
 */
export const LESSON_FACTS_SQL = `SELECT d.doc_id AS docId, l.id, l.unit_id AS unitId, l.organisation_id AS organisationId, l.status,
       l.visibility, l.language, l.stage,
       l.evidence_kind AS evidenceKind, l.published_at AS publishedAt,
       (SELECT group_concat(t.term_id || ':' || coalesce(t.direction, ''))
          FROM lesson_terms t WHERE t.lesson_id = l.id) AS terms,
       NULL AS adaptations
  FROM lessons l JOIN lesson_docs d ON d.lesson_id = l.id`;

export function readLessonFacts(sqlite: SQLite.Database): LessonFactsRow[] {
  const rows = sqlite.prepare<[], LessonFactsRow>(LESSON_FACTS_SQL).all();
  // adaptations are few: one grouped pass instead of a subquery per lesson
  const adaptations = new Map<string, string>();
  const counts = sqlite
    .prepare<[], { lessonId: string; pair: string }>(
      "SELECT lesson_id AS lessonId, result || ':' || count(*) AS pair FROM adaptations GROUP BY lesson_id, result",
    )
    .all();
  for (const { lessonId, pair } of counts) {
    const known = adaptations.get(lessonId);
    adaptations.set(lessonId, known ? `${known},${pair}` : pair);
  }
  for (const row of rows) row.adaptations = adaptations.get(row.id) ?? null;
  return rows;
}
