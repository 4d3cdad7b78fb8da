// Adaptations as they are read back: the mechanisms each adapting unit said fired in its context, and
// every adaptation of many lessons at once (the digest reads their notes).
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { AdaptationResult } from "../../words.js";
import type { Tx } from "../database.js";
import { adaptationMechanisms, adaptations, terms } from "../schema.js";

/** An adaptation of a lesson as the digest reads it. */
export type AdaptationNote = {
  id: string;
  unitId: string;
  result: AdaptationResult;
  notes: string | null;
  translated: string | null;
  /** Slugs of the lesson's mechanisms that the adapting unit said fired; empty: it did not say. */
  mechanisms: string[];
  createdAt: string;
};

// id lists go in as one JSON parameter: one statement whatever their length
const idList = (ids: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/** The mechanism slugs of each adaptation, in the order they were reported (adaptations without any are absent). */
export function adaptationMechanismSlugs(db: Tx, adaptationIds: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  if (adaptationIds.length === 0) return found;
  const rows = db
    .select({ adaptationId: adaptationMechanisms.adaptationId, slug: terms.slug })
    .from(adaptationMechanisms)
    .innerJoin(terms, eq(terms.id, adaptationMechanisms.termId))
    .where(inArray(adaptationMechanisms.adaptationId, idList(adaptationIds)))
    .orderBy(asc(adaptationMechanisms.adaptationId), asc(adaptationMechanisms.position))
    .all();
  for (const row of rows) {
    const list = found.get(row.adaptationId);
    if (list) list.push(row.slug);
    else found.set(row.adaptationId, [row.slug]);
  }
  return found;
}

/** Replaces the mechanisms an adaptation reports (term ids, in order). */
export function writeAdaptationMechanisms(db: Tx, adaptationId: string, termIds: readonly string[]): void {
  db.delete(adaptationMechanisms).where(eq(adaptationMechanisms.adaptationId, adaptationId)).run();
  if (termIds.length === 0) return;
  db.insert(adaptationMechanisms)
    .values(termIds.map((termId, position) => ({ adaptationId, termId, position })))
    .run();
}

/**
 * Every adaptation of the given lessons, per lesson id, newest first, with or without notes (a lesson
 * without adaptations is absent). One query for the adaptations and one for their mechanisms.
 */
export function adaptationNotes(db: Tx, lessonIds: readonly string[]): Map<string, AdaptationNote[]> {
  const byLesson = new Map<string, AdaptationNote[]>();
  if (lessonIds.length === 0) return byLesson;
  const rows = db
    .select({
      id: adaptations.id,
      lessonId: adaptations.lessonId,
      unitId: adaptations.unitId,
      result: adaptations.result,
      notes: adaptations.notes,
      translated: adaptations.translated,
      createdAt: adaptations.createdAt,
    })
    .from(adaptations)
    // a planned adaptation has found nothing yet
    .where(and(inArray(adaptations.lessonId, idList(lessonIds)), ne(adaptations.result, "planned")))
    .orderBy(asc(adaptations.lessonId), desc(adaptations.createdAt), desc(adaptations.id))
    .all();
  const mechanisms = adaptationMechanismSlugs(
    db,
    rows.map((row) => row.id),
  );
  for (const { lessonId, result, ...row } of rows) {
    if (result === "planned") continue; // excluded by the query; narrows the type
    const note = { ...row, result, mechanisms: mechanisms.get(row.id) ?? [] };
    const list = byLesson.get(lessonId);
    if (list) list.push(note);
    else byLesson.set(lessonId, [note]);
  }
  return byLesson;
}
