// What a change to an escalation leaves besides its rows, in its own transaction: the outbox event that
// announces it to webhooks and the audit entry. History loaded in process (no actor: the demo data) is
// neither logged nor announced, like the seed's lessons; callers pass an actor only for requests.
import type { Tx } from "../../db/database.js";
import type { EscalationRow } from "../../db/queries/escalations.js";
import type { Actor, AuditLog } from "../audit.js";
import { targetOf } from "../escalation-rules.js";
import type { EventLog } from "../events.js";

/** What webhooks hear of an escalation (DESIGN.md event conventions). */
export function eventData(row: EscalationRow) {
  return {
    escalationId: row.id,
    lessonId: row.lessonId,
    fromUnitId: row.fromUnitId,
    to: targetOf(row),
    ask: row.ask,
    dueBy: row.dueBy,
    url: `/v1/escalations/${row.id}`,
  };
}

/** Logs a change and announces it (the outbox), inside its transaction. */
export function recordChange(
  deps: { audit: Pick<AuditLog, "append">; events: Pick<EventLog, "append"> },
  tx: Tx,
  actor: Actor,
  row: EscalationRow,
  versionBefore: number | null,
  event: { type: "escalation.created" | "escalation.answered"; data: Record<string, unknown> },
): void {
  deps.events.append(tx, { ...event, lessonId: row.lessonId, organisationId: row.organisationId });
  deps.audit.append(tx, {
    actor,
    action: versionBefore === null ? "escalation.create" : "escalation.answer",
    resourceType: "escalation",
    resourceId: row.id,
    organisationId: row.organisationId,
    versionBefore,
    versionAfter: row.version,
  });
}
