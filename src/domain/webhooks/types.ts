// What a webhook and its deliveries look like to a reader. The reply's zod schemas are the single
// source: the HTTP layer validates and documents with them, and the types here are inferred.
import { z } from "zod";
import { WEBHOOK_EVENTS, type WebhookEvent } from "../../words.js";
import type { WebhookFilter } from "./filter.js";

export type WebhookInput = {
  url: string;
  events: WebhookEvent[];
  filter?: WebhookFilter | null | undefined;
  description?: string | null | undefined;
};
/** `status`: `disabled` pauses deliveries; `active` resumes them (also after an automatic disabling). */
export type WebhookPatch = Partial<WebhookInput> & { status?: "active" | "disabled" | undefined };

export const WebhookEventName = z
  .enum(WEBHOOK_EVENTS)
  .describe(
    "`lesson.published`, `lesson.updated` (a published lesson changed), `lesson.archived`, `adaptation.created`, `escalation.created`, `escalation.answered`, `routine.agenda_ready`.",
  );

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string().describe("Where deliveries are POSTed."),
    events: z.array(WebhookEventName),
    filter: z
      .object({ filters: z.record(z.string(), z.array(z.string())).optional() })
      .nullable()
      .describe("Lesson events only for lessons carrying these terms (see the request)."),
    description: z.string().nullable(),
    status: z
      .enum(["active", "disabled"])
      .describe(
        "`disabled`: nothing is delivered until it is set `active` again (`disabledReason` says why).",
      ),
    disabledReason: z.string().nullable(),
    failingSince: z
      .string()
      .nullable()
      .describe("Since when deliveries fail without a success (null while healthy)."),
    keyId: z.string().describe("The key that registered it: deliveries hold only what this key may see."),
    organisationId: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Webhook", description: "A webhook, without its signing secret." });
export type WebhookView = z.infer<typeof WebhookSchema>;

export const NewWebhookSchema = WebhookSchema.extend({
  secret: z
    .string()
    .describe(
      "The signing secret (`whsec_` and base64), shown this once: verify each delivery's `webhook-signature` with it (Standard Webhooks).",
    ),
}).meta({
  id: "NewWebhook",
  description: "A newly registered webhook, with its signing secret (shown once).",
});
export type NewWebhookView = z.infer<typeof NewWebhookSchema>;

export const DeliverySchema = z
  .object({
    id: z.string(),
    webhookId: z.string(),
    eventId: z.string().describe("The event's message id: the `webhook-id` header of every attempt."),
    type: WebhookEventName,
    status: z
      .enum(["pending", "succeeded", "failed"])
      .describe("`pending` until a 2xx answer (`succeeded`) or the retry schedule is exhausted (`failed`)."),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().describe("When the next retry is due (null when none is)."),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    attemptLog: z
      .array(
        z.object({
          attempt: z.number().int(),
          at: z.string(),
          statusCode: z.number().int().nullable().describe("The receiver's answer; null when none came."),
          error: z.string().nullable(),
          durationMs: z.number().int(),
          manual: z.boolean().describe("A manual redelivery rather than the schedule."),
        }),
      )
      .describe("Every attempt, oldest first."),
  })
  .meta({ id: "WebhookDelivery", description: "One event delivered to one webhook, with its attempts." });
export type DeliveryView = z.infer<typeof DeliverySchema>;
