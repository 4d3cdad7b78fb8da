// What the routine scheduler reads and writes: routines whose next agenda is due, the agendas it
// produced (one per routine and due time: the primary key keeps a second one out), and the next due time.
import { and, asc, eq, lte } from "drizzle-orm";
import type { Tx } from "../database.js";
import { routineAgendas, routines } from "../schema.js";

export type DueRoutine = Pick<
  typeof routines.$inferSelect,
  "id" | "name" | "ownerUnitId" | "organisationId" | "cadence" | "nextAgendaAt"
>;

/** Routines whose next agenda is due at `now`, the longest due first. */
export function dueRoutines(db: Tx, now: string, limit: number): DueRoutine[] {
  return db
    .select({
      id: routines.id,
      name: routines.name,
      ownerUnitId: routines.ownerUnitId,
      organisationId: routines.organisationId,
      cadence: routines.cadence,
      nextAgendaAt: routines.nextAgendaAt,
    })
    .from(routines)
    .where(lte(routines.nextAgendaAt, now))
    .orderBy(asc(routines.nextAgendaAt), asc(routines.id))
    .limit(limit)
    .all();
}

/** Records the agenda of `routineId` due at `dueAt`; false when it was produced before. */
export function insertAgenda(db: Tx, row: typeof routineAgendas.$inferInsert): boolean {
  return db.insert(routineAgendas).values(row).onConflictDoNothing().run().changes > 0;
}

/** Moves the next due time on from `from` to `to`; false when someone moved it first. */
export function moveNextAgenda(db: Tx, routineId: string, from: string, to: string): boolean {
  return (
    db
      .update(routines)
      .set({ nextAgendaAt: to })
      .where(and(eq(routines.id, routineId), eq(routines.nextAgendaAt, from)))
      .run().changes > 0
  );
}

/** The agendas the scheduler produced for a routine, oldest first. */
export function producedAgendas(db: Tx, routineId: string): (typeof routineAgendas.$inferSelect)[] {
  return db
    .select()
    .from(routineAgendas)
    .where(eq(routineAgendas.routineId, routineId))
    .orderBy(asc(routineAgendas.dueAt))
    .all();
}
