// Who a webhook speaks for, and which events reach it. A webhook receives what the key that registered
// it may see, nothing more: an event about a lesson only if that key may see the lesson (access.ts,
// canSee, asked when the event is fanned out and again before each attempt) and the lesson passes the
// webhook's filter; an escalation's events only if the key may also read the escalation (a key of its
// organisation, or an admin); an event about no lesson but an organisation (routine.agenda_ready) only
// if the key is of that organisation, or an admin. An integration key without `lessons:read` hears of
// nothing. A key revoked or expired since speaks for nobody: its webhooks are disabled.
import type { Db } from "../../db/database.js";
import { keyById } from "../../db/queries/keys.js";
import type { OutboxRow } from "../../db/queries/outbox.js";
import { lessonTermIds, type WebhookRow } from "../../db/queries/webhooks.js";
import { MASTER_KEY_ID, MASTER_PRINCIPAL, type Principal } from "../access.js";
import { mayReadEscalation } from "../escalation-rules.js";
import { principalOf } from "../keys.js";
import type { LessonService } from "../lessons.js";
import type { VisibilityService } from "../visibility.js";
import type { VocabularyService } from "../vocabulary.js";
import { passesFilter } from "./filter.js";

export type Owner = { ok: true; principal: Principal } | { ok: false; reason: string };

/** The principal of the key that registered a webhook, or why it no longer speaks for anyone. */
export function ownerOf(db: Db, keyId: string, now: string): Owner {
  const row = keyById(db, keyId);
  if (!row) {
    if (keyId === MASTER_KEY_ID) return { ok: true, principal: MASTER_PRINCIPAL };
    return { ok: false, reason: `The key that registered this webhook (${keyId}) no longer exists.` };
  }
  if (row.revokedAt !== null)
    return {
      ok: false,
      reason: `The key that registered this webhook (${keyId}) was revoked at ${row.revokedAt}.`,
    };
  if (row.expiresAt !== null && row.expiresAt <= now)
    return {
      ok: false,
      reason: `The key that registered this webhook (${keyId}) expired at ${row.expiresAt}.`,
    };
  return { ok: true, principal: principalOf(row) };
}

export type AudienceDeps = {
  db: Db;
  lessons: Pick<LessonService, "exists">;
  visibility: Pick<VisibilityService, "canSee">;
  vocabulary: Pick<VocabularyService, "findTerm" | "withDescendants">;
};

/** May `webhook`, speaking for `principal`, receive `event`? (Its subscription, the key's sight, its filter.) */
export function mayReceive(
  deps: AudienceDeps,
  webhook: Pick<WebhookRow, "events" | "filter">,
  principal: Principal,
  event: Pick<OutboxRow, "type" | "lessonId" | "organisationId">,
): boolean {
  if (!webhook.events.includes(event.type)) return false;
  // an integration key that may not read lessons (no `lessons:read`) hears nothing of them either
  if (
    principal.kind === "key" &&
    principal.role === "integration" &&
    !principal.scopes.includes("lessons:read")
  )
    return false;
  if (event.lessonId !== null) {
    const lesson = deps.lessons.exists(event.lessonId);
    if (!lesson || !deps.visibility.canSee(principal, lesson)) return false;
    // an escalation is read by keys of its organisation only (escalation-rules.ts): its events too
    if (
      event.type.startsWith("escalation.") &&
      !mayReadEscalation(principal, { organisationId: event.organisationId ?? "" }, true)
    )
      return false;
    return passesFilter(deps.vocabulary, webhook.filter, lessonTermIds(deps.db, event.lessonId));
  }
  if (event.organisationId !== null)
    return (
      principal.kind === "key" &&
      (principal.role === "admin" || principal.organisationId === event.organisationId)
    );
  return true;
}
