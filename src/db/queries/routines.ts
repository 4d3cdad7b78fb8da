// Routines as stored: the routine rows with their audience units, the meetings they held and what each
// meeting decided. Plain (db, params) functions; who may read or write what is the domain's business.
import { and, asc, desc, eq, exists, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../database.js";
import {
  adaptations,
  escalations,
  routineAudience,
  routineDecisions,
  routineMeetings,
  routines,
} from "../schema.js";

export type RoutineRow = typeof routines.$inferSelect;
export type MeetingRow = typeof routineMeetings.$inferSelect;
export type DecisionRow = typeof routineDecisions.$inferSelect;

// id lists go in as one JSON parameter: one statement whatever their length
const idList = (ids: readonly string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

export function routineRow(db: Tx, id: string): RoutineRow | undefined {
  return db.select().from(routines).where(eq(routines.id, id)).get();
}

/** The audience unit ids of each routine, in the order they were given. */
export function audienceOf(db: Tx, routineIds: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  if (routineIds.length === 0) return found;
  const rows = db
    .select({ routineId: routineAudience.routineId, unitId: routineAudience.unitId })
    .from(routineAudience)
    .where(inArray(routineAudience.routineId, idList(routineIds)))
    .orderBy(asc(routineAudience.routineId), asc(routineAudience.position))
    .all();
  for (const row of rows) found.set(row.routineId, [...(found.get(row.routineId) ?? []), row.unitId]);
  return found;
}

export function insertRoutine(db: Tx, row: RoutineRow, audience: readonly string[]): void {
  db.insert(routines).values(row).run();
  writeAudience(db, row.id, audience);
}

export function updateRoutine(db: Tx, row: RoutineRow, audience: readonly string[] | undefined): void {
  db.update(routines).set(row).where(eq(routines.id, row.id)).run();
  if (audience) writeAudience(db, row.id, audience);
}

function writeAudience(db: Tx, routineId: string, unitIds: readonly string[]): void {
  db.delete(routineAudience).where(eq(routineAudience.routineId, routineId)).run();
  if (unitIds.length === 0) return;
  db.insert(routineAudience)
    .values(unitIds.map((unitId, position) => ({ routineId, unitId, position })))
    .run();
}

/** Unlinks the escalations a routine's meetings raised from those meetings (before they are deleted). */
export function detachEscalations(db: Tx, routineId: string): void {
  db.update(escalations)
    .set({ meetingId: null })
    .where(
      inArray(
        escalations.meetingId,
        db
          .select({ id: routineMeetings.id })
          .from(routineMeetings)
          .where(eq(routineMeetings.routineId, routineId)),
      ),
    )
    .run();
}

/** Deletes a routine; its audience, meetings and decisions go with it (foreign keys cascade). */
export function deleteRoutine(db: Tx, id: string): void {
  db.delete(routines).where(eq(routines.id, id)).run();
}

/**
 * Where a list of routines may look: every routine (undefined), or those of one organisation whose owner
 * or an audience unit is one of `unitIds` (all of the organisation's when `unitIds` is "all").
 */
export type RoutinePlaces = { organisationId: string; unitIds: readonly string[] | "all" };

/** The condition a listed routine meets for `places`; undefined: no restriction. */
export function routinePlacesCondition(places: RoutinePlaces | undefined): SQL | undefined {
  if (!places) return undefined;
  const inOrganisation = eq(routines.organisationId, places.organisationId);
  if (places.unitIds === "all") return inOrganisation;
  const unitIds = places.unitIds;
  return and(
    inOrganisation,
    or(
      inArray(routines.ownerUnitId, idList(unitIds)),
      exists(
        sql`(SELECT 1 FROM ${routineAudience} WHERE ${routineAudience.routineId} = ${routines.id} AND ${routineAudience.unitId} IN ${idList(unitIds)})`,
      ),
    ),
  );
}

/** A page of routines newest first (`limit + 1` rows: the caller makes the page). */
export function listRoutines(
  db: Tx,
  params: { where: (SQL | undefined)[]; orderBy: SQL[]; limit: number },
): RoutineRow[] {
  return db
    .select()
    .from(routines)
    .where(and(...params.where))
    .orderBy(...params.orderBy)
    .limit(params.limit)
    .all();
}

/** The meeting a routine held last (latest day; of one day, the last recorded), or undefined before its first. */
export function lastMeeting(db: Tx, routineId: string): { id: string; heldOn: string } | undefined {
  return db
    .select({ id: routineMeetings.id, heldOn: routineMeetings.heldOn })
    .from(routineMeetings)
    .where(eq(routineMeetings.routineId, routineId))
    .orderBy(desc(routineMeetings.heldOn), desc(routineMeetings.createdAt), desc(routineMeetings.id))
    .limit(1)
    .get();
}

/** The lessons a routine's meetings have decided on (they never return to its agenda). */
export function decidedLessonIds(db: Tx, routineId: string): Set<string> {
  const rows = db
    .select({ lessonId: routineDecisions.lessonId })
    .from(routineDecisions)
    .where(eq(routineDecisions.routineId, routineId))
    .all();
  return new Set(rows.map((row) => row.lessonId));
}

/** The lessons a unit has an adaptation of, planned or reported: it knows them already. */
export function lessonsAdaptedBy(db: Tx, unitId: string): Set<string> {
  const rows = db
    .select({ lessonId: adaptations.lessonId })
    .from(adaptations)
    .where(eq(adaptations.unitId, unitId))
    .all();
  return new Set(rows.map((row) => row.lessonId));
}

/** Which of `lessonIds` a routine has decided on before, with the meeting that did. */
export function earlierDecisions(
  db: Tx,
  routineId: string,
  lessonIds: readonly string[],
): Map<string, string> {
  if (lessonIds.length === 0) return new Map();
  const rows = db
    .select({ lessonId: routineDecisions.lessonId, meetingId: routineDecisions.meetingId })
    .from(routineDecisions)
    .where(
      and(eq(routineDecisions.routineId, routineId), inArray(routineDecisions.lessonId, idList(lessonIds))),
    )
    .all();
  return new Map(rows.map((row) => [row.lessonId, row.meetingId]));
}

export function insertMeeting(db: Tx, meeting: MeetingRow): void {
  db.insert(routineMeetings).values(meeting).run();
}

export function insertDecisions(db: Tx, decisions: readonly DecisionRow[]): void {
  if (decisions.length > 0)
    db.insert(routineDecisions)
      .values([...decisions])
      .run();
}

/** A page of a routine's meetings in `orderBy` (`limit + 1` rows), with their decisions in order. */
export function listMeetings(
  db: Tx,
  params: { routineId: string; after: SQL | undefined; orderBy: SQL[]; limit: number },
): { meetings: MeetingRow[]; decisions: Map<string, DecisionRow[]> } {
  const meetings = db
    .select()
    .from(routineMeetings)
    .where(and(eq(routineMeetings.routineId, params.routineId), params.after))
    .orderBy(...params.orderBy)
    .limit(params.limit)
    .all();
  return {
    meetings,
    decisions: decisionsOf(
      db,
      meetings.map((m) => m.id),
    ),
  };
}

export function decisionsOf(db: Tx, meetingIds: readonly string[]): Map<string, DecisionRow[]> {
  const found = new Map<string, DecisionRow[]>();
  if (meetingIds.length === 0) return found;
  const rows = db
    .select()
    .from(routineDecisions)
    .where(inArray(routineDecisions.meetingId, idList(meetingIds)))
    .orderBy(asc(routineDecisions.meetingId), asc(routineDecisions.position))
    .all();
  for (const row of rows) found.set(row.meetingId, [...(found.get(row.meetingId) ?? []), row]);
  return found;
}
