// One attempt of a delivery, and what it leaves: the attempt row, the delivery's state (succeeded;
// pending with its next retry on the schedule, jittered; failed once the schedule is exhausted) and the
// webhook's health (a success clears `failingSince`; failing for longer than the installation allows
// disables it, saying why). Before sending, the webhook's key must still speak for someone and see the
// event's lesson, and the target is checked again on a fresh resolution (target.ts).
import { Webhook } from "standardwebhooks";
import type { Db, Tx } from "../../db/database.js";
import {
  type DeliveryRow,
  type DueDelivery,
  deliveryById,
  insertAttempt,
  scheduledAttempts,
  updateDelivery,
  updateWebhook,
  webhookById,
} from "../../db/queries/webhooks.js";
import type { Clock } from "../clock.js";
import { type AudienceDeps, mayReceive, ownerOf } from "./audience.js";
import { postJson, type SendResult } from "./send.js";
import { retryDelay, type WebhookSettings } from "./settings.js";
import { checkTarget, type Resolve } from "./target.js";

export type DelivererDeps = AudienceDeps & {
  db: Db;
  clock: Clock;
  settings: WebhookSettings;
  /** How host names resolve (tests inject one that opens no connection). */
  resolve?: Resolve | undefined;
  random?: (() => number) | undefined;
  userAgent: string;
};

/** The body of a delivery: the Standard Webhooks payload `{ type, timestamp, data }`. */
export function payloadOf(event: DueDelivery["event"]): string {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt, data: event.data });
}

/** The Standard Webhooks headers of a delivery sent at `at`, signed with the webhook's secret. */
export function signedHeaders(secret: string, msgId: string, at: Date, body: string): Record<string, string> {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(msgId, at, body),
  };
}

export type Deliverer = ReturnType<typeof createDeliverer>;

export function createDeliverer(deps: DelivererDeps) {
  const { db, clock, settings } = deps;

  /** Sends one attempt; undefined when it must not be sent at all (and the delivery says why). */
  async function send(due: DueDelivery, signal: AbortSignal | undefined): Promise<SendResult | undefined> {
    const { delivery, event, webhook } = due;
    const now = clock.now();
    const owner = ownerOf(db, webhook.keyId, now.toISOString());
    if (!owner.ok) {
      updateWebhook(db, webhook.id, {
        status: "disabled",
        disabledReason: owner.reason,
        version: webhook.version + 1,
        updatedAt: now.toISOString(),
      });
      return undefined;
    }
    if (!mayReceive(deps, webhook, owner.principal, event)) {
      updateDelivery(db, delivery.id, {
        status: "failed",
        nextAttemptAt: null,
        lastError:
          "Not delivered: the webhook's key may no longer see the lesson (or the webhook's filter or events changed).",
        updatedAt: now.toISOString(),
      });
      return undefined;
    }
    const checked = await checkTarget(webhook.url, {
      allowPrivate: settings.allowPrivate,
      resolve: deps.resolve,
    });
    if (!checked.ok)
      return { statusCode: null, error: `Refused before connecting: ${checked.message}`, durationMs: 0 };
    const body = payloadOf(event);
    const headers = {
      "content-type": "application/json",
      "user-agent": deps.userAgent,
      ...signedHeaders(webhook.secret, event.id, clock.now(), body),
    };
    return postJson(checked.target, body, headers, settings.timeoutMs, signal);
  }

  /** The delivery's state after a failed attempt: its next retry on the schedule, or failed once it is exhausted. */
  function afterFailure(tx: Tx, deliveryId: string, manual: boolean): Partial<DeliveryRow> {
    // a manual redelivery leaves the schedule as it was
    if (manual) return {};
    const wait = retryDelay(settings.retrySchedule, scheduledAttempts(tx, deliveryId), deps.random);
    return wait === undefined
      ? { status: "failed", nextAttemptAt: null }
      : { nextAttemptAt: new Date(clock.now().getTime() + wait).toISOString() };
  }

  /**
   * The webhook's health after an attempt: a success clears `failingSince`, a first failure sets it, and
   * failing for longer than the installation allows disables the webhook, saying why.
   */
  function updateHealth(tx: Tx, webhookId: string, succeeded: boolean, nowIso: string): void {
    const webhook = webhookById(tx, webhookId);
    if (!webhook) return;
    if (succeeded && webhook.failingSince !== null) updateWebhook(tx, webhook.id, { failingSince: null });
    else if (!succeeded && webhook.failingSince === null)
      updateWebhook(tx, webhook.id, { failingSince: nowIso });
    else if (
      !succeeded &&
      webhook.status === "active" &&
      webhook.failingSince !== null &&
      clock.now().getTime() - Date.parse(webhook.failingSince) >= settings.disableAfterMs
    )
      updateWebhook(tx, webhook.id, {
        status: "disabled",
        disabledReason: `Deliveries have failed without a success since ${webhook.failingSince} (the limit is ${describeMs(settings.disableAfterMs)}): disabled automatically. Fix the receiver, then set status to active again (its pending deliveries resume).`,
        version: webhook.version + 1,
        updatedAt: nowIso,
      });
  }

  /** Stores an attempt's result, the delivery's state and the webhook's health, in one transaction. */
  function record(
    deliveryId: string,
    result: SendResult,
    manual: boolean,
    at: Date,
  ): DeliveryRow | undefined {
    return db.transaction(
      (tx) => {
        // the webhook may have been deleted, its deliveries with it, while the attempt was under way
        const current = deliveryById(tx, deliveryId);
        if (!current) return undefined;
        const nowIso = clock.now().toISOString();
        const attempt = current.attempts + 1;
        insertAttempt(tx, {
          deliveryId,
          attempt,
          at: at.toISOString(),
          statusCode: result.statusCode,
          error: result.error,
          durationMs: result.durationMs,
          manual,
        });
        const succeeded = result.error === null;
        const next: Partial<DeliveryRow> = succeeded
          ? { status: "succeeded", nextAttemptAt: null }
          : afterFailure(tx, deliveryId, manual);
        updateDelivery(tx, deliveryId, {
          ...next,
          attempts: attempt,
          lastStatusCode: result.statusCode,
          lastError: result.error,
          updatedAt: nowIso,
        });
        updateHealth(tx, current.webhookId, succeeded, nowIso);
        return deliveryById(tx, deliveryId)!;
      },
      { behavior: "immediate" },
    );
  }

  return {
    /**
     * Attempts a delivery now and records it; undefined when it was not sent (the webhook's key no
     * longer speaks for anyone, the lesson is no longer visible to it, or `signal` aborted: shutting down).
     */
    async attempt(
      due: DueDelivery,
      { manual = false, signal }: { manual?: boolean; signal?: AbortSignal } = {},
    ) {
      const at = clock.now();
      const result = await send(due, signal);
      if (result === undefined || signal?.aborted) return undefined;
      return record(due.delivery.id, result, manual, at);
    },
  };
}

/** A limit in words: `5 days`, `1 hour`, `90 seconds`. */
function describeMs(ms: number): string {
  const [amount, unit] =
    ms % 86_400_000 === 0
      ? [ms / 86_400_000, "day"]
      : ms % 3_600_000 === 0
        ? [ms / 3_600_000, "hour"]
        : ms % 60_000 === 0
          ? [ms / 60_000, "minute"]
          : [Math.round(ms / 1000), "second"];
  return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
}
