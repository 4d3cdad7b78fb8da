// The transactional outbox as stored: an event is appended inside the transaction of the change it
// announces, so a refused write emits nothing and a committed one is never lost. The webhook worker
// reads undispatched events in order and marks them dispatched with the deliveries it makes.
import type { Tx } from "../database.js";
import { outbox } from "../schema.js";

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = Omit<OutboxRow, "seq" | "dispatchedAt">;

export function appendOutboxEvent(tx: Tx, event: NewOutboxRow): void {
  tx.insert(outbox).values(event).run();
}
