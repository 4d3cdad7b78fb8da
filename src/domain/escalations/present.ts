// Escalations as the API shows them: the target as one object, authors named, answers attached.
import type { Db } from "../../db/database.js";
import { type EscalationWithTitle, responsesOf } from "../../db/queries/escalations.js";
import type { AuditLog } from "../audit.js";
import { targetOf } from "../escalation-rules.js";
import type { KeyRef } from "../lessons.js";
import type { Escalation } from "./types.js";

export function presentEscalations(
  db: Db,
  audit: Pick<AuditLog, "keyNames">,
  rows: EscalationWithTitle[],
): Escalation[] {
  const responses = responsesOf(
    db,
    rows.map((row) => row.id),
  );
  const authorIds = [
    ...rows.flatMap((row) => row.authorKeyId ?? []),
    ...[...responses.values()].flat().flatMap((r) => r.authorKeyId ?? []),
  ];
  const names = audit.keyNames(authorIds);
  const author = (keyId: string | null): KeyRef | null =>
    keyId ? { keyId, name: names.get(keyId) ?? keyId } : null;
  return rows.map((row) => ({
    id: row.id,
    lessonId: row.lessonId,
    lessonTitle: row.lessonTitle,
    fromUnitId: row.fromUnitId,
    organisationId: row.organisationId,
    to: targetOf(row),
    ask: row.ask,
    dueBy: row.dueBy,
    status: row.status,
    meetingId: row.meetingId,
    author: author(row.authorKeyId),
    answeredAt: row.answeredAt,
    responses: (responses.get(row.id) ?? []).map((r) => ({
      id: r.id,
      decision: r.decision,
      reason: r.reason,
      actions: r.actions,
      author: author(r.authorKeyId),
      createdAt: r.createdAt,
    })),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}
