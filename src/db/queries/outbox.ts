// The transactional outbox as stored: an event is appended inside the transaction of the change it
// announces, so a refused write emits nothing and a committed one is never lost. The webhook worker
// reads undispatched events in order and marks them dispatched with the deliveries it makes.
import { asc, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../database.js";
import { outbox } from "../schema.js";

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = Omit<OutboxRow, "seq" | "dispatchedAt">;

export function appendOutboxEvent(tx: Tx, event: NewOutboxRow): void {
  tx.insert(outbox).values(event).run();
}

/** The oldest events not yet fanned out to webhooks, in the order they were committed. */
export function undispatchedEvents(db: Tx, limit: number): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(isNull(outbox.dispatchedAt))
    .orderBy(asc(outbox.seq))
    .limit(limit)
    .all();
}

export function markDispatched(db: Tx, seqs: readonly number[], at: string): void {
  if (seqs.length > 0)
    db.update(outbox)
      .set({ dispatchedAt: at })
      .where(inArray(outbox.seq, [...seqs]))
      .run();
}
