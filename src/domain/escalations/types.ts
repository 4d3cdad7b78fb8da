// What escalations look like to their callers, and what the service needs of the rest of the domain.
import type { Db } from "../../db/database.js";
import type { EscalationRow } from "../../db/queries/escalations.js";
import type { EscalationDecision } from "../../words.js";
import type { AuditLog } from "../audit.js";
import type { Clock } from "../clock.js";
import type { CursorCodec } from "../cursors.js";
import type { EscalationTarget } from "../escalation-rules.js";
import type { EventLog } from "../events.js";
import type { KeyRef, LessonService } from "../lessons.js";
import type { OrganisationService } from "../organisations.js";
import type { UnitService } from "../units.js";
import type { VisibilityService } from "../visibility.js";

export type { EscalationTarget } from "../escalation-rules.js";

export type EscalationResponse = {
  id: string;
  decision: EscalationDecision;
  reason: string;
  actions: string[];
  author: KeyRef | null;
  createdAt: string;
};

export type Escalation = {
  id: string;
  lessonId: string;
  lessonTitle: string;
  fromUnitId: string;
  organisationId: string;
  to: EscalationTarget;
  ask: string;
  dueBy: string | null;
  status: EscalationRow["status"];
  meetingId: string | null;
  author: KeyRef | null;
  answeredAt: string | null;
  /** The answers, oldest first (a parked escalation may be answered again). */
  responses: EscalationResponse[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type EscalationInput = {
  /** Exactly one of the two; the HTTP schema lets both through so that the rule answers 422 naming /to. */
  to: { unitId?: string | undefined; organisationId?: string | undefined };
  ask: string;
  dueBy?: string | null | undefined;
};

export type RaiseOptions = {
  /** The meeting whose `escalate` decision raised it. */
  meetingId?: string | undefined;
  /** The raising unit; by default the key's unit, or the lesson's unit for keys without one. */
  fromUnitId?: string | undefined;
  /** For loading history (the demo data): a given id and creation time. */
  id?: string | undefined;
  createdAt?: string | undefined;
};

export type ResponseInput = {
  decision: EscalationDecision;
  reason: string;
  actions?: string[] | undefined;
};

/** How many open escalations `openConcerning` returns at most (an agenda shows a handful). */
export const OPEN_CONCERNING_LIMIT = 50;

/** What the escalation service needs of the rest of the domain. */
export type EscalationDeps = {
  db: Db;
  clock: Clock;
  lessons: Pick<LessonService, "exists">;
  units: Pick<UnitService, "find" | "path">;
  organisations: Pick<OrganisationService, "exists">;
  visibility: Pick<VisibilityService, "canSee" | "seenPlaces">;
  audit: Pick<AuditLog, "append" | "keyNames">;
  events: Pick<EventLog, "append" | "committed">;
  cursors: CursorCodec;
  /** Is a transaction open on the connection (a caller's, which `raise` then joins)? */
  inTransaction: () => boolean;
};
