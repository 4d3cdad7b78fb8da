// The shared words of samskab and the one rule over them: the lists of languages, outcome directions,
// evidence kinds, maturity stages, initiative statuses, lesson statuses, visibilities, adaptation results and coping
// strategies, and a lesson's overall direction. A leaf: it imports nothing, and db/, search/, domain/,
// the http schemas and the renderers all take these lists from here, so a new value is added once.

/** The languages of lessons, labels and interface text. */
export const LANGUAGES = ["en", "da", "nb"] as const;
export type Language = (typeof LANGUAGES)[number];

/** An outcome's effect direction. */
export const DIRECTIONS = ["positive", "negative", "mixed", "none"] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Kinds of evidence, weakest first. */
export const EVIDENCE_KINDS = [
  "anecdote",
  "observation",
  "local_evaluation",
  "external_evaluation",
  "research",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** The rungs of the co-production maturity ladder, lowest first. */
export const STAGES = [
  "ad_hoc_individual",
  "ad_hoc_collective",
  "pilot",
  "project",
  "program",
  "culture",
] as const;
export type Stage = (typeof STAGES)[number];

export const INITIATIVE_STATUSES = ["active", "completed", "discarded", "institutionalised"] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

export const LESSON_STATUSES = ["draft", "submitted", "published", "archived"] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

export const VISIBILITIES = ["unit", "organisation", "network", "public"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** The roles a key can have (DESIGN.md, "Access"). */
export const ROLES = ["staff", "manager", "integration", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What an integration key may be allowed to do (its scopes); other roles carry none. */
export const SCOPES = ["lessons:read", "lessons:write", "webhooks"] as const;
export type Scope = (typeof SCOPES)[number];

/** How a pressure was coped with (`not_handled`: it was met and nothing was done about it). */
export const COPING_STRATEGIES = ["trade_off", "buffer", "renegotiate", "escalate", "not_handled"] as const;
export type CopingStrategy = (typeof COPING_STRATEGIES)[number];

/** What an adapting unit found when it tried a lesson. */
export const ADAPTATION_RESULTS = ["worked", "partly", "did_not_work"] as const;
export type AdaptationResult = (typeof ADAPTATION_RESULTS)[number];
/**
 * An adaptation as stored: a reported result, or `planned` (a routine's meeting decided to try or adapt
 * the lesson; the unit reports the real result later). A planned adaptation is no evidence yet.
 */
export const STORED_ADAPTATION_RESULTS = [...ADAPTATION_RESULTS, "planned"] as const;
export type StoredAdaptationResult = (typeof STORED_ADAPTATION_RESULTS)[number];

/** How often a routine's forum meets. */
export const CADENCES = ["weekly", "fortnightly", "monthly", "quarterly"] as const;
export type Cadence = (typeof CADENCES)[number];
/** What a routine's meeting decided about a lesson on its agenda. */
export const MEETING_DECISIONS = ["try", "adapt", "pass", "escalate"] as const;
export type MeetingDecision = (typeof MEETING_DECISIONS)[number];
/** How the addressed place answers an escalation. */
export const ESCALATION_DECISIONS = ["adopt", "adapt", "decline", "park"] as const;
export type EscalationDecision = (typeof ESCALATION_DECISIONS)[number];
/** Events a webhook can subscribe to. */
export const WEBHOOK_EVENTS = [
  "lesson.published",
  "lesson.updated",
  "lesson.archived",
  "adaptation.created",
  "escalation.created",
  "escalation.answered",
  "routine.agenda_ready",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * A lesson's overall direction from its outcomes: all positive → positive; all none (or no outcome)
 * → none; only negative or none → negative; anything else → mixed.
 */
export function overallDirection(directions: readonly Direction[]): Direction {
  if (directions.length === 0 || directions.every((d) => d === "none")) return "none";
  if (directions.every((d) => d === "positive")) return "positive";
  if (directions.every((d) => d === "negative" || d === "none")) return "negative";
  return "mixed";
}
