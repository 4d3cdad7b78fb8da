// /v1/webhooks: register (the signing secret is shown once), list, read, change, re-enable and delete
// webhooks; a webhook's deliveries with their attempts, and manual redelivery. For admins and for
// integration keys with the `webhooks` scope (their own organisation's webhooks).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../actor.js";
import { etagOf, versionFromIfMatch } from "../etag.js";
import { Id, IfMatchHeader, PageQuery, page, problemResponses } from "../schemas/common.js";
import { NewWebhook, Webhook, WebhookDelivery, WebhookInput, WebhookPatch } from "../schemas/webhooks.js";

const WebhookParams = z.object({ id: Id });
const DeliveryParams = z.object({ id: Id, deliveryId: Id });
const MANAGERS = { roles: ["admin"], scopes: ["webhooks"] } as const;

const DELIVERY =
  "Each event is POSTed as JSON `{ type, timestamp, data }` and signed as Standard Webhooks: headers `webhook-id` (the event's id, the same on every attempt: use it to ignore repeats), `webhook-timestamp` and `webhook-signature` (verify with the `standardwebhooks` package and the secret). A 2xx answer is a success; anything else, no answer within the timeout, or a target that now resolves to a private address is retried on the installation's schedule (WEBHOOK_RETRY_SCHEDULE, default 5s, 5m, 30m, 2h, 5h, 10h, each ±20%), then the delivery has failed. A webhook failing without a success for 5 days (WEBHOOK_DISABLE_AFTER) is disabled with a `disabledReason`. Only events about lessons the registering key may see are delivered (an escalation's only to keys of its organisation; nothing to an integration key without `lessons:read`).";

export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const { webhooks } = app.services;
  const tags = ["webhooks"];

  app.post(
    "/v1/webhooks",
    {
      config: { access: MANAGERS },
      schema: {
        tags,
        operationId: "createWebhook",
        summary: "Register a webhook",
        description: `Registers a URL to receive events. The reply holds the signing secret (\`whsec_…\`), this once. ${DELIVERY}`,
        body: WebhookInput,
        response: { 201: NewWebhook, ...problemResponses(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await webhooks.create(request.body, actorOf(request));
      return reply
        .code(201)
        .header("location", `/v1/webhooks/${created.id}`)
        .header("etag", etagOf(created))
        .header("cache-control", "no-store")
        .send(created);
    },
  );

  app.get(
    "/v1/webhooks",
    {
      config: { access: MANAGERS },
      schema: {
        tags,
        operationId: "listWebhooks",
        summary: "List webhooks, newest first (without secrets)",
        description: "An integration key lists its organisation's webhooks; an admin every one.",
        querystring: z.object({ ...PageQuery }),
        response: { 200: page(Webhook), ...problemResponses(400, 422) },
      },
    },
    async (request) => webhooks.list(request.principal, request.query),
  );

  app.get(
    "/v1/webhooks/:id",
    {
      config: { access: MANAGERS },
      schema: {
        tags,
        operationId: "getWebhook",
        summary: "Read a webhook (without its secret)",
        params: WebhookParams,
        response: { 200: Webhook, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const found = webhooks.get(request.principal, request.params.id);
      return reply.header("etag", etagOf(found)).send(found);
    },
  );

  app.patch(
    "/v1/webhooks/:id",
    {
      config: { access: MANAGERS },
      schema: {
        tags,
        operationId: "updateWebhook",
        summary: "Change a webhook, pause it or enable it again",
        description:
          "Fields left out keep their value; `filter: null` removes the filter. `status: active` enables a disabled webhook again (its pending deliveries resume). A new URL is checked as on registration (422 at /url). Send If-Match with the ETag you read to be told (412) when someone else changed it first.",
        params: WebhookParams,
        headers: IfMatchHeader,
        body: WebhookPatch,
        response: { 200: Webhook, ...problemResponses(400, 404, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const updated = await webhooks.update(
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers["if-match"]),
        actorOf(request),
      );
      return reply.header("etag", etagOf(updated)).send(updated);
    },
  );

  app.delete(
    "/v1/webhooks/:id",
    {
      config: { access: MANAGERS },
      schema: {
        tags,
        operationId: "deleteWebhook",
        summary: "Delete a webhook",
        description: "Nothing more is delivered to it; its deliveries and their log are deleted with it.",
        params: WebhookParams,
        response: { 204: z.null().describe("Deleted."), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      webhooks.remove(request.params.id, actorOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/v1/webhooks/:id/deliveries",
    {
      config: { access: MANAGERS },
      schema: {
        tags,
        operationId: "listWebhookDeliveries",
        summary: "A webhook's deliveries, newest first, with every attempt",
        description:
          "Each delivery is one event to this webhook: its state, when the next retry is due, and each attempt with its time, status code (null when no answer came), error and duration.",
        params: WebhookParams,
        querystring: z.object({
          status: z.enum(["pending", "succeeded", "failed"]).optional(),
          ...PageQuery,
        }),
        response: { 200: page(WebhookDelivery), ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => webhooks.deliveries(request.principal, request.params.id, request.query),
  );

  app.post(
    "/v1/webhooks/:id/deliveries/:deliveryId/retry",
    {
      config: { access: MANAGERS },
      schema: {
        tags,
        operationId: "retryWebhookDelivery",
        summary: "Deliver again now",
        description:
          "Attempts the delivery at once, whatever its state (a failed one too), and answers when the attempt is done, with the delivery and its attempts. The attempt is logged as manual; a success completes the delivery, a failure leaves its schedule as it was. 409 while the webhook is disabled or the delivery is being attempted.",
        params: DeliveryParams,
        response: { 200: WebhookDelivery, ...problemResponses(404, 409) },
      },
    },
    async (request) => webhooks.redeliver(request.principal, request.params.id, request.params.deliveryId),
  );
};
