// The routine scheduler (issue 11, "schedules survive restarts"): each routine's agenda falls due on
// its cadence. When it does, one transaction records the agenda (routine_agendas: once per routine and
// due time), announces `routine.agenda_ready` and moves the next due time past now. The due time is
// stored, so a routine that fell due while the service was down gets its agenda once when it starts
// again (missed due times are skipped, not caught up one by one: cadence.ts, nextDueAfter).
import type { Db } from "../db/database.js";
import { dueRoutines, insertAgenda, moveNextAgenda } from "../db/queries/routine-schedule.js";
import { nextDueAfter } from "./cadence.js";
import type { Clock } from "./clock.js";
import type { EventLog } from "./events.js";

/** Routines handled per call: the worker calls again at once when there were this many. */
export const SCHEDULER_BATCH = 50;

/** Produces the agendas due now; returns how many routines were due (at most SCHEDULER_BATCH). */
export function produceDueAgendas(deps: {
  db: Db;
  clock: Clock;
  events: Pick<EventLog, "append" | "committed">;
}): number {
  const { db, events } = deps;
  const now = deps.clock.now();
  const due = dueRoutines(db, now.toISOString(), SCHEDULER_BATCH);
  let announced = 0;
  for (const routine of due) {
    const next = nextDueAfter(new Date(routine.nextAgendaAt), routine.cadence, now).toISOString();
    db.transaction(
      (tx) => {
        // another process may have produced it since it was read: then it is not produced twice
        if (!moveNextAgenda(tx, routine.id, routine.nextAgendaAt, next)) return;
        if (
          !insertAgenda(tx, {
            routineId: routine.id,
            dueAt: routine.nextAgendaAt,
            producedAt: now.toISOString(),
          })
        )
          return;
        events.append(tx, {
          type: "routine.agenda_ready",
          organisationId: routine.organisationId,
          data: {
            routineId: routine.id,
            name: routine.name,
            ownerUnitId: routine.ownerUnitId,
            dueAt: routine.nextAgendaAt,
            agendaUrl: `/v1/routines/${routine.id}/agenda`,
            feedUrl: `/v1/routines/${routine.id}/feed.atom`,
          },
        });
        announced++;
      },
      { behavior: "immediate" },
    );
  }
  if (announced > 0) events.committed();
  return due.length;
}
