// Events other systems hear of by webhook (DESIGN.md, "Feeds and webhooks"). A write that announces
// something calls `events.append(tx, …)` inside its own transaction (the transactional outbox) and
// `events.committed()` after the commit, which wakes the webhook worker so that delivery is attempted
// within about a second. Nothing is sent from inside a transaction.
import type { Tx } from "../db/database.js";
import { appendOutboxEvent } from "../db/queries/outbox.js";
import type { WebhookEvent } from "../words.js";
import type { Clock } from "./clock.js";
import { newId } from "./ids.js";

export type EventInput = {
  type: WebhookEvent;
  /** The event's payload (`data` of the delivered message). */
  data: Record<string, unknown>;
  /** The lesson it is about: only webhooks whose key may see that lesson receive the event. */
  lessonId?: string | null | undefined;
  /** The organisation it belongs to (null: installation-wide). */
  organisationId?: string | null | undefined;
};

export type EventLog = ReturnType<typeof createEventLog>;

export function createEventLog({ clock }: { clock: Clock }) {
  const listeners = new Set<() => void>();
  return {
    /** Writes the event to the outbox; call inside the transaction of the change. Returns its message id. */
    append(tx: Tx, event: EventInput): string {
      const now = clock.now();
      const id = newId("msg", now.getTime());
      appendOutboxEvent(tx, {
        id,
        type: event.type,
        data: event.data,
        lessonId: event.lessonId ?? null,
        organisationId: event.organisationId ?? null,
        createdAt: now.toISOString(),
      });
      return id;
    },
    /** Call after a transaction that appended events has committed: wakes whoever delivers them. */
    committed(): void {
      for (const listener of listeners) listener();
    },
    /** The webhook worker listens here; returns a function that stops listening. */
    onCommitted(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
