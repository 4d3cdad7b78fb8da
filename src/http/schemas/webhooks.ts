// Requests and replies of /v1/webhooks. A webhook's signing secret appears in exactly one reply: the
// one that registers it. The reply shapes are the domain's (domain/webhooks/types.ts).
import { z } from "zod";
import {
  DeliverySchema,
  NewWebhookSchema,
  WebhookEventName,
  WebhookSchema,
} from "../../domain/webhooks/types.js";
import { WEBHOOK_EVENTS } from "../../words.js";
import { Slug, text } from "./common.js";

// checked by the domain (webhooks/target.ts), so that every refusal is a 422 at /url saying why
const Url = z
  .string()
  .min(1)
  .max(2000)
  .describe(
    "Where deliveries are POSTed (http or https). Refused (422) when it carries credentials or its host is, or resolves to, a loopback, private or link-local address (unless the installation sets WEBHOOK_ALLOW_PRIVATE=true).",
  );

const Events = z
  .array(WebhookEventName)
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .refine((events) => new Set(events).size === events.length, "each event once")
  .describe("The events to receive.");

export const WebhookFilterInput = z
  .strictObject({
    filters: z
      .record(z.string().min(1).max(64), z.array(Slug).min(1).max(50))
      .optional()
      .describe(
        "`{ <facet>: [slug] }` as in POST /v1/filter: lesson, adaptation and escalation events only for lessons carrying the terms (OR inside a facet, AND across facets, a parent term includes its children).",
      ),
  })
  .meta({
    id: "WebhookFilter",
    description:
      "Which lessons' events to receive. Events about no lesson (`routine.agenda_ready`) are not filtered.",
  });

const Description = text(500).describe("What the webhook is for, e.g. `Fjordby intranet: new lessons`.");

export const WebhookInput = z
  .strictObject({
    url: Url,
    events: Events,
    filter: WebhookFilterInput.nullable().optional(),
    description: Description.nullable().optional(),
  })
  .meta({ id: "WebhookRequest" });

export const WebhookPatch = z
  .strictObject({
    url: Url.optional(),
    events: Events.optional(),
    filter: WebhookFilterInput.nullable().optional(),
    description: Description.nullable().optional(),
    status: z
      .enum(["active", "disabled"])
      .optional()
      .describe(
        "`disabled` pauses deliveries; `active` resumes them, also after an automatic disabling (its pending deliveries are then attempted).",
      ),
  })
  .meta({ id: "WebhookPatch" });

export const Webhook = WebhookSchema;
export const NewWebhook = NewWebhookSchema;
export const WebhookDelivery = DeliverySchema;
