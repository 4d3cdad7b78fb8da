// Fan-out: each committed event, in the order committed, becomes one pending delivery per webhook
// that may receive it (audience.ts), due at once. The deliveries and the event's `dispatchedAt` are
// written in one transaction, so an event is fanned out exactly once, also across a crash.

import { markDispatched, undispatchedEvents } from "../../db/queries/outbox.js";
import {
  activeWebhooks,
  type DeliveryRow,
  insertDeliveries,
  updateWebhook,
} from "../../db/queries/webhooks.js";
import type { Clock } from "../clock.js";
import { newId } from "../ids.js";
import { type AudienceDeps, mayReceive, type Owner, ownerOf } from "./audience.js";

/** Events fanned out per call: the worker calls again at once when there were this many. */
export const FANOUT_BATCH = 100;

/** Fans out the oldest undispatched events; returns how many it handled. */
export function fanOut(deps: AudienceDeps & { clock: Clock }): number {
  const { db } = deps;
  return db.transaction(
    (tx) => {
      const events = undispatchedEvents(tx, FANOUT_BATCH);
      if (events.length === 0) return 0;
      const now = deps.clock.now().toISOString();
      const owners = new Map<string, Owner>();
      const receivers = activeWebhooks(tx).flatMap((webhook) => {
        let owner = owners.get(webhook.keyId);
        if (!owner) {
          owner = ownerOf(db, webhook.keyId, now);
          owners.set(webhook.keyId, owner);
        }
        if (owner.ok) return [{ webhook, principal: owner.principal }];
        // a key revoked or expired since speaks for nobody: its webhooks stop, saying why
        updateWebhook(tx, webhook.id, {
          status: "disabled",
          disabledReason: owner.reason,
          version: webhook.version + 1,
          updatedAt: now,
        });
        return [];
      });
      const deliveries: DeliveryRow[] = [];
      for (const event of events)
        for (const { webhook, principal } of receivers) {
          // a webhook hears of what happened after it was registered
          if (event.createdAt < webhook.createdAt || !mayReceive(deps, webhook, principal, event)) continue;
          deliveries.push({
            id: newId("dlv"),
            webhookId: webhook.id,
            eventId: event.id,
            status: "pending",
            attempts: 0,
            nextAttemptAt: now,
            lastStatusCode: null,
            lastError: null,
            createdAt: now,
            updatedAt: now,
          });
        }
      insertDeliveries(tx, deliveries);
      markDispatched(
        tx,
        events.map((event) => event.seq),
        now,
      );
      return events.length;
    },
    { behavior: "immediate" },
  );
}
