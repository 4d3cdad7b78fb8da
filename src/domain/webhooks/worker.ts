// The worker inside the service: on every commit that appended events (events.onCommitted) and on a
// short poll, it produces due routine agendas, fans new outbox events out to deliveries, and attempts
// the deliveries that are due — a few at a time, each delivery never twice at once. Everything it needs
// to resume is in the database, so a restart (or kill -9) loses nothing: undispatched events and due
// deliveries are simply found again.
import type { Db } from "../../db/database.js";
import { type DueDelivery, dueDeliveries } from "../../db/queries/webhooks.js";
import type { Clock } from "../clock.js";
import type { EventLog } from "../events.js";
import type { Deliverer } from "./delivery.js";

/** How often the worker looks without being woken: a retry is attempted within about this of its due time. */
export const POLL_MS = 500;
/** Deliveries attempted at once. */
export const CONCURRENCY = 8;

export type WorkerLog = { error(object: unknown, message: string): void };

export type WebhookWorker = ReturnType<typeof createWebhookWorker>;

export function createWebhookWorker(deps: {
  db: Db;
  clock: Clock;
  events: Pick<EventLog, "onCommitted">;
  deliverer: Deliverer;
  /** Steps run before delivering on every tick; each returns whether a full batch was handled (more may wait). */
  steps: readonly (() => boolean)[];
  log: WorkerLog;
}) {
  const inFlight = new Map<string, Promise<unknown>>();
  const shutdown = new AbortController();
  let running = false;
  let again = false;
  let woken = false;
  let poll: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;

  /** Runs `attempt` for a delivery unless it is already being attempted; the promise ends with it. */
  function track<T>(deliveryId: string, attempt: () => Promise<T>): Promise<T> | undefined {
    if (inFlight.has(deliveryId)) return undefined;
    const running = attempt().finally(() => {
      inFlight.delete(deliveryId);
      if (!shutdown.signal.aborted) wake();
    });
    inFlight.set(deliveryId, running);
    return running;
  }

  function deliverDue(): void {
    const free = CONCURRENCY - inFlight.size;
    if (free <= 0) return;
    const due = dueDeliveries(deps.db, deps.clock.now().toISOString(), CONCURRENCY + inFlight.size)
      .filter((row) => !inFlight.has(row.delivery.id))
      .slice(0, free);
    for (const row of due)
      track(row.delivery.id, () =>
        deps.deliverer.attempt(row, { signal: shutdown.signal }).catch((error: unknown) => {
          deps.log.error({ err: error, deliveryId: row.delivery.id }, "webhook delivery failed unexpectedly");
        }),
      );
  }

  function tick(): void {
    woken = false;
    if (shutdown.signal.aborted) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    let more = false;
    try {
      for (const step of deps.steps) more = step() || more;
      deliverDue();
    } catch (error) {
      // e.g. another process holding the write lock: the next tick tries again
      deps.log.error({ err: error }, "webhook worker tick failed");
    } finally {
      running = false;
    }
    if (more || again) {
      again = false;
      wake();
    }
  }

  function wake(): void {
    if (woken || shutdown.signal.aborted) return;
    woken = true;
    setImmediate(tick);
  }

  return {
    start(): void {
      if (poll || shutdown.signal.aborted) return;
      unsubscribe = deps.events.onCommitted(wake);
      poll = setInterval(tick, POLL_MS);
      poll.unref();
      wake();
    },

    /** Stops: no new attempts; attempts under way are aborted and not recorded (they are due again at start). */
    async stop(): Promise<void> {
      shutdown.abort();
      if (poll) clearInterval(poll);
      unsubscribe?.();
      await Promise.allSettled([...inFlight.values()]);
    },

    /**
     * Attempts one delivery now, for a manual redelivery; undefined when it is being attempted already.
     * Waits for the attempt and returns what `Deliverer.attempt` returns.
     */
    redeliver(due: DueDelivery) {
      return track(due.delivery.id, () => deps.deliverer.attempt(due, { manual: true }));
    },
  };
}
