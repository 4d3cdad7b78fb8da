// Webhooks, their deliveries and the attempts of each, as stored. The worker reads due deliveries of
// active webhooks; the API lists a webhook's deliveries newest first with their attempts.
import { and, asc, count, eq, inArray, lte, type SQL } from "drizzle-orm";
import type { Tx } from "../database.js";
import { lessonTerms, outbox, webhookAttempts, webhookDeliveries, webhooks } from "../schema.js";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

export function insertWebhook(db: Tx, row: WebhookRow): void {
  db.insert(webhooks).values(row).run();
}

export function webhookById(db: Tx, id: string): WebhookRow | undefined {
  return db.select().from(webhooks).where(eq(webhooks.id, id)).get();
}

export function updateWebhook(db: Tx, id: string, set: Partial<Omit<WebhookRow, "id">>): void {
  db.update(webhooks).set(set).where(eq(webhooks.id, id)).run();
}

/** Deletes a webhook; its deliveries and their attempts go with it (ON DELETE CASCADE). */
export function deleteWebhook(db: Tx, id: string): void {
  db.delete(webhooks).where(eq(webhooks.id, id)).run();
}

/** A page of webhooks, newest first; of one organisation when given. `limit + 1` rows. */
export function webhookRows(
  db: Tx,
  {
    after,
    orderBy,
    limit,
    organisationId,
  }: { after: SQL | undefined; orderBy: SQL[]; limit: number; organisationId?: string | undefined },
): WebhookRow[] {
  return db
    .select()
    .from(webhooks)
    .where(and(after, organisationId === undefined ? undefined : eq(webhooks.organisationId, organisationId)))
    .orderBy(...orderBy)
    .limit(limit + 1)
    .all();
}

/** Every active webhook (few: one per receiving system); the worker picks the subscribers of an event. */
export function activeWebhooks(db: Tx): WebhookRow[] {
  return db.select().from(webhooks).where(eq(webhooks.status, "active")).all();
}

export function insertDeliveries(db: Tx, rows: DeliveryRow[]): void {
  if (rows.length > 0) db.insert(webhookDeliveries).values(rows).onConflictDoNothing().run();
}

/** A delivery with what it delivers (its outbox event) and where (its webhook). */
export type DueDelivery = { delivery: DeliveryRow; event: typeof outbox.$inferSelect; webhook: WebhookRow };

/** Pending deliveries of active webhooks due at `now`, oldest due first. */
export function dueDeliveries(db: Tx, now: string, limit: number): DueDelivery[] {
  return db
    .select({ delivery: webhookDeliveries, event: outbox, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        lte(webhookDeliveries.nextAttemptAt, now),
        eq(webhooks.status, "active"),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt), asc(webhookDeliveries.id))
    .limit(limit)
    .all();
}

/** One delivery of a webhook with its event and webhook. */
export function deliveryOf(db: Tx, webhookId: string, deliveryId: string): DueDelivery | undefined {
  return db
    .select({ delivery: webhookDeliveries, event: outbox, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId)))
    .get();
}

export function deliveryById(db: Tx, id: string): DeliveryRow | undefined {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
}

export function updateDelivery(db: Tx, id: string, set: Partial<Omit<DeliveryRow, "id">>): void {
  db.update(webhookDeliveries).set(set).where(eq(webhookDeliveries.id, id)).run();
}

export function insertAttempt(db: Tx, row: AttemptRow): void {
  db.insert(webhookAttempts).values(row).run();
}

/** How many attempts the schedule made (manual redeliveries do not move a delivery along its schedule). */
export function scheduledAttempts(db: Tx, deliveryId: string): number {
  return (
    db
      .select({ n: count() })
      .from(webhookAttempts)
      .where(and(eq(webhookAttempts.deliveryId, deliveryId), eq(webhookAttempts.manual, false)))
      .get()?.n ?? 0
  );
}

/** A page of a webhook's deliveries, newest first, with the type of each event. `limit + 1` rows. */
export function deliveryRows(
  db: Tx,
  {
    webhookId,
    status,
    after,
    orderBy,
    limit,
  }: {
    webhookId: string;
    status?: DeliveryRow["status"] | undefined;
    after: SQL | undefined;
    orderBy: SQL[];
    limit: number;
  },
): (DeliveryRow & { type: string })[] {
  return db
    .select({ ...deliveryColumns, type: outbox.type })
    .from(webhookDeliveries)
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhookId),
        status === undefined ? undefined : eq(webhookDeliveries.status, status),
        after,
      ),
    )
    .orderBy(...orderBy)
    .limit(limit + 1)
    .all();
}

/** One delivery with the type of its event. */
export function deliveryWithType(db: Tx, id: string): (DeliveryRow & { type: string }) | undefined {
  return db
    .select({ ...deliveryColumns, type: outbox.type })
    .from(webhookDeliveries)
    .innerJoin(outbox, eq(outbox.id, webhookDeliveries.eventId))
    .where(eq(webhookDeliveries.id, id))
    .get();
}

const deliveryColumns = {
  id: webhookDeliveries.id,
  webhookId: webhookDeliveries.webhookId,
  eventId: webhookDeliveries.eventId,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  createdAt: webhookDeliveries.createdAt,
  updatedAt: webhookDeliveries.updatedAt,
};

/** The attempts of deliveries, by delivery, in order. */
export function attemptsOf(db: Tx, deliveryIds: readonly string[]): Map<string, AttemptRow[]> {
  const byDelivery = new Map<string, AttemptRow[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = db
    .select()
    .from(webhookAttempts)
    .where(inArray(webhookAttempts.deliveryId, [...deliveryIds]))
    .orderBy(asc(webhookAttempts.deliveryId), asc(webhookAttempts.attempt))
    .all();
  for (const row of rows) byDelivery.set(row.deliveryId, [...(byDelivery.get(row.deliveryId) ?? []), row]);
  return byDelivery;
}

/** The terms a lesson carries (for a webhook's filter). */
export function lessonTermIds(db: Tx, lessonId: string): Set<string> {
  const rows = db
    .select({ termId: lessonTerms.termId })
    .from(lessonTerms)
    .where(eq(lessonTerms.lessonId, lessonId))
    .all();
  return new Set(rows.map((row) => row.termId));
}
