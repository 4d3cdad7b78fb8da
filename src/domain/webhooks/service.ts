// Webhooks as the API manages them: register (the signing secret is shown once), list, read, change,
// re-enable, delete; a webhook's deliveries with their attempts; manual redelivery. A webhook belongs
// to the organisation of the key that registered it: an integration key manages its organisation's
// webhooks, an admin every one. Each change is audited in its own transaction.
import { randomBytes } from "node:crypto";
import type { Db, Tx } from "../../db/database.js";
import {
  attemptsOf,
  type DeliveryRow,
  deleteWebhook,
  deliveryOf,
  deliveryRows,
  deliveryWithType,
  insertWebhook,
  updateWebhook,
  type WebhookRow,
  webhookById,
  webhookRows,
} from "../../db/queries/webhooks.js";
import { webhookDeliveries, webhooks } from "../../db/schema.js";
import { type Principal, readerOf } from "../access.js";
import type { Actor, AuditLog } from "../audit.js";
import type { Clock } from "../clock.js";
import { type CursorCodec, requestScope } from "../cursors.js";
import { Conflict, NotFound, Unprocessable } from "../errors.js";
import { newId } from "../ids.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "../pagination.js";
import { checkVersion } from "../versioning.js";
import type { VocabularyService } from "../vocabulary.js";
import { checkFilter } from "./filter.js";
import type { WebhookSettings } from "./settings.js";
import { checkTarget, type Resolve } from "./target.js";
import type { DeliveryView, NewWebhookView, WebhookInput, WebhookPatch, WebhookView } from "./types.js";
import type { WebhookWorker } from "./worker.js";

/** Standard Webhooks secrets: `whsec_` and the base64 of 24 to 64 random bytes; 32 here. */
export const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;

export function newSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString("base64")}`;
}

export type WebhookService = ReturnType<typeof createWebhookService>;

export function createWebhookService(deps: {
  db: Db;
  clock: Clock;
  cursors: CursorCodec;
  audit: Pick<AuditLog, "append">;
  vocabulary: Pick<VocabularyService, "resolver" | "facetKind" | "listFacets">;
  settings: Pick<WebhookSettings, "allowPrivate">;
  resolve?: Resolve | undefined;
  worker: Pick<WebhookWorker, "redeliver">;
}) {
  const { db, clock } = deps;

  /** The webhook if `principal` may manage it (admin: any; others: their organisation's); 404 otherwise. */
  function visible(principal: Principal, id: string): WebhookRow {
    const row = webhookById(db, id);
    if (!row || !manages(principal, row)) throw new NotFound("webhook", id);
    return row;
  }

  /** Checks a URL (422 at /url naming why) and a filter (422 at /filter/…) before anything is stored. */
  async function checkInput(input: Partial<WebhookInput>): Promise<void> {
    if (input.url !== undefined) {
      const checked = await checkTarget(input.url, {
        allowPrivate: deps.settings.allowPrivate,
        resolve: deps.resolve,
      });
      if (!checked.ok)
        throw new Unprocessable([{ pointer: "/url", code: checked.code, message: checked.message }]);
    }
    if (input.filter) checkFilter(deps.vocabulary, input.filter);
  }

  function log(
    tx: Tx,
    actor: Actor,
    action: "webhook.create" | "webhook.update" | "webhook.delete",
    row: WebhookRow,
    versionBefore: number | null,
  ) {
    deps.audit.append(tx, {
      actor,
      action,
      resourceType: "webhook",
      resourceId: row.id,
      organisationId: row.organisationId,
      versionBefore,
      versionAfter: action === "webhook.delete" ? null : row.version,
    });
  }

  function deliveryView(
    row: DeliveryRow & { type: string },
    attempts: ReturnType<typeof attemptsOf>,
  ): DeliveryView {
    return {
      ...row,
      type: row.type as DeliveryView["type"],
      attemptLog: (attempts.get(row.id) ?? []).map(({ deliveryId: _id, ...attempt }) => attempt),
    };
  }

  return {
    /** Registers a webhook for the actor's key; the reply holds the signing secret, this once. */
    async create(input: WebhookInput, actor: Actor): Promise<NewWebhookView> {
      const { principal } = actor;
      if (principal.kind !== "key") throw new Error("webhooks are registered with a key");
      await checkInput(input);
      const now = clock.now().toISOString();
      const row: WebhookRow = {
        id: newId("whk"),
        url: input.url,
        events: [...new Set(input.events)],
        filter: input.filter ?? null,
        description: input.description ?? null,
        secret: newSecret(),
        keyId: principal.keyId,
        organisationId: principal.organisationId,
        status: "active",
        disabledReason: null,
        failingSince: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      db.transaction((tx) => {
        insertWebhook(tx, row);
        log(tx, actor, "webhook.create", row, null);
      });
      return { ...viewOf(row), secret: row.secret };
    },

    list(principal: Principal, request: PageRequest): Page<WebhookView> {
      const limit = pageSize(request.limit);
      const signed = {
        codec: deps.cursors,
        scope: requestScope("webhooks", { reader: readerOf(principal) }),
      };
      const { after, orderBy } = keyset(webhooks, request.cursor, signed);
      // an integration key always has an organisation; a key without one manages none
      const organisationId = isAdmin(principal) ? undefined : (organisationOf(principal) ?? "");
      const rows = webhookRows(db, { after, orderBy, limit, organisationId });
      return toPage(rows, limit, signed, viewOf);
    },

    get(principal: Principal, id: string): WebhookView {
      return viewOf(visible(principal, id));
    },

    /** Changes a webhook; `status: active` re-enables it (clearing why it was disabled and its failing streak). */
    async update(
      id: string,
      patch: WebhookPatch,
      expectedVersion: number | undefined,
      actor: Actor,
    ): Promise<WebhookView> {
      visible(actor.principal, id);
      await checkInput(patch);
      return db.transaction(
        (tx) => {
          const current = visible(actor.principal, id);
          checkVersion(current.version, expectedVersion);
          const now = clock.now().toISOString();
          const statusChange: Partial<WebhookRow> =
            patch.status === "active" && current.status !== "active"
              ? { status: "active", disabledReason: null, failingSince: null }
              : patch.status === "disabled" && current.status !== "disabled"
                ? {
                    status: "disabled",
                    disabledReason: `Disabled by ${actor.principal.kind === "key" ? actor.principal.name : "its owner"}.`,
                  }
                : {};
          const next: WebhookRow = {
            ...current,
            ...(patch.url !== undefined ? { url: patch.url } : {}),
            ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
            ...(patch.filter !== undefined ? { filter: patch.filter } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...statusChange,
            version: current.version + 1,
            updatedAt: now,
          };
          updateWebhook(tx, id, next);
          log(tx, actor, "webhook.update", next, current.version);
          return viewOf(next);
        },
        { behavior: "immediate" },
      );
    },

    /** Deletes a webhook with its deliveries and their log. */
    remove(id: string, actor: Actor): void {
      db.transaction(
        (tx) => {
          const current = visible(actor.principal, id);
          deleteWebhook(tx, id);
          log(tx, actor, "webhook.delete", current, current.version);
        },
        { behavior: "immediate" },
      );
    },

    /** A webhook's deliveries, newest first, each with its attempts. */
    deliveries(
      principal: Principal,
      id: string,
      request: PageRequest & { status?: DeliveryRow["status"] | undefined },
    ): Page<DeliveryView> {
      visible(principal, id);
      const limit = pageSize(request.limit);
      const signed = {
        codec: deps.cursors,
        scope: requestScope("webhook-deliveries", { ...request, webhookId: id, reader: readerOf(principal) }),
      };
      const { after, orderBy } = keyset(webhookDeliveries, request.cursor, signed);
      const rows = deliveryRows(db, { webhookId: id, status: request.status, after, orderBy, limit });
      const page = toPage(rows, limit, signed, (row) => row);
      const attempts = attemptsOf(
        db,
        page.items.map((row) => row.id),
      );
      return { items: page.items.map((row) => deliveryView(row, attempts)), nextCursor: page.nextCursor };
    },

    /** Attempts a delivery again now (whatever its state), waits for the attempt, and returns the delivery. */
    async redeliver(principal: Principal, id: string, deliveryId: string): Promise<DeliveryView> {
      const webhook = visible(principal, id);
      if (webhook.status !== "active")
        throw new Conflict(
          "This webhook is disabled: set its status to active (PATCH) before redelivering to it.",
        );
      const due = deliveryOf(db, id, deliveryId);
      if (!due) throw new NotFound("delivery", deliveryId);
      const attempt = deps.worker.redeliver(due);
      if (!attempt)
        throw new Conflict("This delivery is being attempted right now; read it again in a moment.");
      await attempt;
      const after = deliveryWithType(db, deliveryId);
      // deleted with its webhook meanwhile
      if (!after) throw new NotFound("delivery", deliveryId);
      return deliveryView(after, attemptsOf(db, [deliveryId]));
    },
  };
}

function isAdmin(principal: Principal): boolean {
  return principal.kind === "key" && principal.role === "admin";
}

function organisationOf(principal: Principal): string | null {
  return principal.kind === "key" ? principal.organisationId : null;
}

/** Admins manage every webhook; other keys those of their own organisation. */
function manages(principal: Principal, row: WebhookRow): boolean {
  if (isAdmin(principal)) return true;
  const organisationId = organisationOf(principal);
  return organisationId !== null && row.organisationId === organisationId;
}

function viewOf(row: WebhookRow): WebhookView {
  const { secret: _secret, ...view } = row;
  return view;
}
