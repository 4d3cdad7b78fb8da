// The data model: every table samskab stores, declared once for Drizzle and drizzle-kit.
// Context dimensions are rows in `facets` (kind "context"), never columns, so adding one needs no migration.
import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import {
  CADENCES,
  COPING_STRATEGIES,
  DIRECTIONS,
  ESCALATION_DECISIONS,
  EVIDENCE_KINDS,
  INITIATIVE_STATUSES,
  LANGUAGES,
  LESSON_STATUSES,
  MEETING_DECISIONS,
  ROLES,
  STAGES,
  STORED_ADAPTATION_RESULTS,
  VISIBILITIES,
  type WebhookEvent,
} from "../words.js";

/** Labels or descriptions per language: { en, da?, nb? }. */
export type LocalizedText = { en: string; da?: string; nb?: string };
/** Synonyms per language. */
export type LocalizedList = { en?: string[]; da?: string[]; nb?: string[] };

const timestamps = {
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
};

export const organisations = sqliteTable(
  "organisations",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["municipality", "region", "third_sector", "other"] }).notNull(),
    /** Staff may publish their own lessons without a manager's review (off by default). */
    allowSelfPublish: integer("allow_self_publish", { mode: "boolean" }).notNull().default(false),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("organisations_name_unique").on(sql`lower(${t.name})`),
    index("organisations_created").on(t.createdAt, t.id),
  ],
);

export const units = sqliteTable(
  "units",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    parentId: text("parent_id").references((): AnySQLiteColumn => units.id),
    name: text("name").notNull(),
    description: text("description"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("units_org_name_unique").on(t.organisationId, sql`lower(${t.name})`),
    index("units_created").on(t.createdAt, t.id),
    index("units_parent").on(t.parentId),
  ],
);

export const facets = sqliteTable("facets", {
  slug: text("slug").primaryKey(),
  kind: text("kind", {
    enum: ["context", "mechanism", "outcome", "pressure", "approach", "pitfall"],
  }).notNull(),
  labels: text("labels", { mode: "json" }).$type<LocalizedText>().notNull(),
  description: text("description"),
  position: integer("position").notNull().default(100),
  createdAt: text("created_at").notNull(),
});

export const terms = sqliteTable(
  "terms",
  {
    id: text("id").primaryKey(),
    facet: text("facet")
      .notNull()
      .references(() => facets.slug),
    slug: text("slug").notNull(),
    labels: text("labels", { mode: "json" }).$type<LocalizedText>().notNull(),
    synonyms: text("synonyms", { mode: "json" }).$type<LocalizedList>().notNull(),
    description: text("description"),
    parentId: text("parent_id").references((): AnySQLiteColumn => terms.id),
    status: text("status", { enum: ["active", "proposed", "retired"] })
      .notNull()
      .default("active"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("terms_facet_slug_unique").on(t.facet, t.slug), index("terms_parent").on(t.parentId)],
);

export const unitContext = sqliteTable(
  "unit_context",
  {
    unitId: text("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    termId: text("term_id")
      .notNull()
      .references(() => terms.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.termId] }), index("unit_context_term").on(t.termId)],
);

export const initiatives = sqliteTable(
  "initiatives",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    stage: text("stage", {
      enum: STAGES,
    }).notNull(),
    status: text("status", { enum: INITIATIVE_STATUSES }).notNull(),
    leadUnitId: text("lead_unit_id")
      .notNull()
      .references(() => units.id),
    programId: text("program_id").references((): AnySQLiteColumn => initiatives.id),
    startedOn: text("started_on"),
    endedOn: text("ended_on"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index("initiatives_created").on(t.createdAt, t.id),
    index("initiatives_org").on(t.organisationId),
    index("initiatives_program").on(t.programId),
  ],
);

export const initiativeUnits = sqliteTable(
  "initiative_units",
  {
    initiativeId: text("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    unitId: text("unit_id")
      .notNull()
      .references(() => units.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.unitId] }), index("initiative_units_unit").on(t.unitId)],
);

export const initiativeApproaches = sqliteTable(
  "initiative_approaches",
  {
    initiativeId: text("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    termId: text("term_id")
      .notNull()
      .references(() => terms.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.initiativeId, t.termId] })],
);

/** The mainstreaming lineage: `initiativeId` builds on (grew from) `buildsOnId`. */
export const initiativeLineage = sqliteTable(
  "initiative_lineage",
  {
    initiativeId: text("initiative_id")
      .notNull()
      .references(() => initiatives.id, { onDelete: "cascade" }),
    buildsOnId: text("builds_on_id")
      .notNull()
      .references(() => initiatives.id),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.initiativeId, t.buildsOnId] }),
    index("initiative_lineage_builds_on").on(t.buildsOnId),
    check("initiative_lineage_not_self", sql`${t.initiativeId} <> ${t.buildsOnId}`),
  ],
);

export const lessons = sqliteTable(
  "lessons",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    unitId: text("unit_id")
      .notNull()
      .references(() => units.id),
    initiativeId: text("initiative_id").references(() => initiatives.id),
    /** The key that wrote the lesson (its holder is the author); null for lessons from before keys. */
    authorId: text("author_id"),
    /** An integration's own reference to the author in its system (free text, never a key). */
    externalAuthorRef: text("external_author_ref"),
    /** The last review: the note a manager returned or published it with, when, and by which key. */
    reviewNote: text("review_note"),
    reviewedAt: text("reviewed_at"),
    reviewedBy: text("reviewed_by"),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    language: text("language", { enum: LANGUAGES }).notNull(),
    contextNarrative: text("context_narrative"),
    why: text("why").notNull(),
    outcomeNarrative: text("outcome_narrative"),
    evidenceKind: text("evidence_kind", {
      enum: EVIDENCE_KINDS,
    }).notNull(),
    evidenceReference: text("evidence_reference"),
    /**
     * Coping recorded for the lesson as a whole, tied to none of its pressures: kept only where no pressure
     * could take it (a lesson without pressures). Coping with a pressure lives on that pressure's
     * lesson_terms row; migration 0007 moved every older lesson's single text onto its first pressure.
     */
    coping: text("coping"),
    stage: text("stage", {
      enum: STAGES,
    }).notNull(),
    status: text("status", { enum: LESSON_STATUSES }).notNull(),
    visibility: text("visibility", { enum: VISIBILITIES }).notNull(),
    version: integer("version").notNull().default(1),
    ...timestamps,
    publishedAt: text("published_at"),
  },
  (t) => [
    index("lessons_created").on(t.createdAt, t.id),
    index("lessons_unit").on(t.unitId),
    index("lessons_status").on(t.status),
    index("lessons_initiative").on(t.initiativeId),
    // covers what the search index reads of every lesson at start, so the scan skips the lesson text
    // (with where each lesson sits and who may see it: the index's visibility sets)
    index("lessons_search_facts").on(
      t.id,
      t.unitId,
      t.organisationId,
      t.status,
      t.visibility,
      t.language,
      t.stage,
      t.evidenceKind,
      t.publishedAt,
    ),
  ],
);

/**
 * Every controlled term attached to a lesson: context tags, mechanisms, outcomes (with their
 * effect direction), pressures (with how each was coped with) and approaches. The term's facet tells
 * which is which.
 */
export const lessonTerms = sqliteTable(
  "lesson_terms",
  {
    lessonId: text("lesson_id")
      .notNull()
      .references(() => lessons.id, { onDelete: "cascade" }),
    termId: text("term_id")
      .notNull()
      .references(() => terms.id),
    direction: text("direction", { enum: DIRECTIONS }),
    position: integer("position").notNull(),
    /** A pressure's coping: what was done about it (null: nothing recorded). Null on other terms. */
    coping: text("coping"),
    strategy: text("strategy", { enum: COPING_STRATEGIES }),
    /**
     * The coping text was written once for all of the lesson's pressures (the old single `coping`
     * field, moved here by migration 0007 or sent through the deprecated lesson-level field), not for
     * this pressure alone.
     */
    copingCarriedOver: integer("coping_carried_over", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.lessonId, t.termId] }),
    index("lesson_terms_term").on(t.termId),
    // a lesson's terms with their directions, read from the index alone at start
    index("lesson_terms_facts").on(t.lessonId, t.termId, t.direction),
  ],
);

export const adaptations = sqliteTable(
  "adaptations",
  {
    id: text("id").primaryKey(),
    lessonId: text("lesson_id")
      .notNull()
      .references(() => lessons.id),
    unitId: text("unit_id")
      .notNull()
      .references(() => units.id),
    /** `planned` until the unit reports what it found (a routine's meeting decided to try it). */
    result: text("result", { enum: STORED_ADAPTATION_RESULTS }).notNull(),
    translated: text("translated"),
    notes: text("notes"),
    /** The key that reported the adaptation (its holder is the author); null for reports from before keys. */
    authorKeyId: text("author_key_id"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("adaptations_lesson_unit_unique").on(t.lessonId, t.unitId),
    index("adaptations_created").on(t.lessonId, t.createdAt, t.id),
  ],
);

/** Which of the lesson's mechanisms fired in the adapting unit's context, as that unit reports it. */
export const adaptationMechanisms = sqliteTable(
  "adaptation_mechanisms",
  {
    adaptationId: text("adaptation_id")
      .notNull()
      .references(() => adaptations.id, { onDelete: "cascade" }),
    termId: text("term_id")
      .notNull()
      .references(() => terms.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.adaptationId, t.termId] })],
);

/**
 * A small integer per lesson (never reused): the rowid of the lesson's text in the FTS5 table
 * `lesson_text` (see text-index.ts) and the lesson's position in the in-memory facet bitsets.
 */
export const lessonDocs = sqliteTable("lesson_docs", {
  docId: integer("doc_id").primaryKey({ autoIncrement: true }),
  lessonId: text("lesson_id")
    .notNull()
    .unique()
    .references(() => lessons.id, { onDelete: "cascade" }),
});

/**
 * Keys the service makes for itself and keeps across restarts, by name (e.g. `cursor`, the HMAC key
 * that signs page cursors); `value` is base64. Created on first use, never rotated by the service.
 */
export const serviceSecrets = sqliteTable("service_secrets", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: text("created_at").notNull(),
});

/**
 * API keys: one role and one place each (DESIGN.md, "Access"). Only a hash of the key is stored; the
 * prefix (the first characters after the common `smk_` marker) lets a holder recognise a key in lists.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    organisationId: text("organisation_id").references(() => organisations.id),
    unitId: text("unit_id").references(() => units.id),
    /** What an integration key may do, e.g. ["lessons:read", "lessons:write"] (JSON array). */
    scopes: text("scopes", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole key, hex. */
    hash: text("hash").notNull().unique(),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_keys_created").on(t.createdAt, t.id)],
);

/**
 * The audit log: one row per successful write, appended in the write's transaction and never changed
 * (triggers in migration 0008 refuse UPDATE and DELETE).
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    at: text("at").notNull(),
    /** The key that made the change, its name and role at the time. */
    actorKeyId: text("actor_key_id").notNull(),
    actorName: text("actor_name").notNull(),
    actorRole: text("actor_role", { enum: ROLES }).notNull(),
    /** e.g. `lesson.create`, `lesson.publish`, `term.update`, `key.revoke`. */
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id").notNull(),
    /** The organisation the resource belongs to (null for installation-wide ones: vocabularies, admin keys). */
    organisationId: text("organisation_id"),
    versionBefore: integer("version_before"),
    versionAfter: integer("version_after"),
    requestId: text("request_id"),
  },
  (t) => [
    index("audit_log_resource").on(t.resourceId, t.seq),
    index("audit_log_actor").on(t.actorKeyId, t.seq),
    index("audit_log_organisation").on(t.organisationId, t.seq),
    index("audit_log_at").on(t.at, t.seq),
  ],
);

/**
 * Knowledge-sharing routines (DESIGN.md): a unit's standing forum with its audience units, a saved filter
 * (the /v1/filter input, JSON) and a cadence. `nextAgendaAt` is when the scheduler next produces its
 * agenda (`routine_agendas`, once per due time, also after downtime).
 */
export const routines = sqliteTable(
  "routines",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    ownerUnitId: text("owner_unit_id")
      .notNull()
      .references(() => units.id),
    /** The owner unit's organisation (routines are listed and authorised per organisation). */
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    filter: text("filter", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    cadence: text("cadence", { enum: CADENCES }).notNull(),
    forum: text("forum"),
    language: text("language", { enum: LANGUAGES }),
    nextAgendaAt: text("next_agenda_at").notNull(),
    authorKeyId: text("author_key_id"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index("routines_created").on(t.createdAt, t.id),
    index("routines_owner").on(t.ownerUnitId),
    index("routines_organisation").on(t.organisationId, t.createdAt, t.id),
    index("routines_due").on(t.nextAgendaAt),
  ],
);

/** The units a routine's forum brings together (besides its owner unit). */
export const routineAudience = sqliteTable(
  "routine_audience",
  {
    routineId: text("routine_id")
      .notNull()
      .references(() => routines.id, { onDelete: "cascade" }),
    unitId: text("unit_id")
      .notNull()
      .references(() => units.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.routineId, t.unitId] }), index("routine_audience_unit").on(t.unitId)],
);

/** A meeting a routine held; its decisions are in `routine_decisions`. */
export const routineMeetings = sqliteTable(
  "routine_meetings",
  {
    id: text("id").primaryKey(),
    routineId: text("routine_id")
      .notNull()
      .references(() => routines.id, { onDelete: "cascade" }),
    /** The date the meeting was held (YYYY-MM-DD). */
    heldOn: text("held_on").notNull(),
    authorKeyId: text("author_key_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("routine_meetings_routine").on(t.routineId, t.heldOn, t.createdAt)],
);

/**
 * What a meeting decided about a lesson. A lesson is decided once per routine (it never reappears on
 * that routine's agenda); `try`/`adapt` link the planned adaptation made, `escalate` the escalation.
 */
export const routineDecisions = sqliteTable(
  "routine_decisions",
  {
    meetingId: text("meeting_id")
      .notNull()
      .references(() => routineMeetings.id, { onDelete: "cascade" }),
    routineId: text("routine_id")
      .notNull()
      .references(() => routines.id, { onDelete: "cascade" }),
    lessonId: text("lesson_id")
      .notNull()
      .references(() => lessons.id),
    decision: text("decision", { enum: MEETING_DECISIONS }).notNull(),
    note: text("note"),
    adaptationId: text("adaptation_id").references(() => adaptations.id),
    escalationId: text("escalation_id"),
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.routineId, t.lessonId] }),
    index("routine_decisions_meeting").on(t.meetingId, t.position),
  ],
);

/** The agendas the scheduler produced: one row per routine and due time, never two. */
export const routineAgendas = sqliteTable(
  "routine_agendas",
  {
    routineId: text("routine_id")
      .notNull()
      .references(() => routines.id, { onDelete: "cascade" }),
    dueAt: text("due_at").notNull(),
    producedAt: text("produced_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.routineId, t.dueAt] })],
);

/**
 * Feed-forward: a lesson raised to a unit or an organisation that can act on it (exactly one of
 * `toUnitId`, `toOrganisationId`), by a unit (`fromUnitId`, the raising key's unit or the lesson's).
 * Its answers are in `escalation_responses`; `status` is `open` until the first answer, then the latest
 * answer's decision decides: `parked` (may be answered again) or `answered`.
 */
export const escalations = sqliteTable(
  "escalations",
  {
    id: text("id").primaryKey(),
    lessonId: text("lesson_id")
      .notNull()
      .references(() => lessons.id),
    fromUnitId: text("from_unit_id")
      .notNull()
      .references(() => units.id),
    /** The raising unit's organisation. */
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id),
    toUnitId: text("to_unit_id").references(() => units.id),
    toOrganisationId: text("to_organisation_id").references(() => organisations.id),
    ask: text("ask").notNull(),
    dueBy: text("due_by"),
    status: text("status", { enum: ["open", "parked", "answered"] })
      .notNull()
      .default("open"),
    /** The meeting whose `escalate` decision raised it, if any. */
    meetingId: text("meeting_id").references(() => routineMeetings.id),
    authorKeyId: text("author_key_id"),
    answeredAt: text("answered_at"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    check("escalations_one_target", sql`(${t.toUnitId} IS NULL) <> (${t.toOrganisationId} IS NULL)`),
    index("escalations_created").on(t.createdAt, t.id),
    index("escalations_to_unit").on(t.toUnitId, t.status, t.createdAt),
    index("escalations_to_organisation").on(t.toOrganisationId, t.status, t.createdAt),
    index("escalations_from_unit").on(t.fromUnitId, t.createdAt),
    index("escalations_lesson").on(t.lessonId),
  ],
);

/** Feedback: the answers to an escalation, oldest first (a parked one may be answered again). */
export const escalationResponses = sqliteTable(
  "escalation_responses",
  {
    id: text("id").primaryKey(),
    escalationId: text("escalation_id")
      .notNull()
      .references(() => escalations.id, { onDelete: "cascade" }),
    decision: text("decision", { enum: ESCALATION_DECISIONS }).notNull(),
    reason: text("reason").notNull(),
    actions: text("actions", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    authorKeyId: text("author_key_id"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("escalation_responses_escalation").on(t.escalationId, t.createdAt)],
);

/**
 * Webhooks of other systems. `keyId` is the key that registered it: only lessons that key may see are
 * delivered. `secret` signs deliveries (Standard Webhooks: `whsec_` + base64) and must be kept to sign.
 * `status` is `active`, or `disabled` (by its owner, or automatically after failing for a long time,
 * with `disabledReason`).
 */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    url: text("url").notNull(),
    events: text("events", { mode: "json" }).$type<WebhookEvent[]>().notNull(),
    filter: text("filter", { mode: "json" }).$type<Record<string, unknown> | null>(),
    description: text("description"),
    secret: text("secret").notNull(),
    keyId: text("key_id").notNull(),
    organisationId: text("organisation_id").references(() => organisations.id),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    disabledReason: text("disabled_reason"),
    /** When deliveries began failing without a success since (null while healthy). */
    failingSince: text("failing_since"),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [index("webhooks_created").on(t.createdAt, t.id), index("webhooks_status").on(t.status)],
);

/**
 * The transactional outbox: one row per event, written in the same transaction as the change it
 * announces. The worker fans each out to the matching webhooks (`dispatchedAt` set in the same
 * transaction as the deliveries it made), so a committed event is never lost, also after kill -9.
 */
export const outbox = sqliteTable(
  "outbox",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    /** The Standard Webhooks message id (`msg_…`). */
    id: text("id").notNull().unique(),
    type: text("type").$type<WebhookEvent>().notNull(),
    /** The event's `data` (JSON). */
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** The lesson the event is about, if any: deliveries go only to webhooks whose key may see it. */
    lessonId: text("lesson_id"),
    organisationId: text("organisation_id"),
    createdAt: text("created_at").notNull(),
    dispatchedAt: text("dispatched_at"),
  },
  (t) => [index("outbox_undispatched").on(t.dispatchedAt, t.seq)],
);

/** One event to one webhook, with its retry state; each try is a row of `webhook_attempts`. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => outbox.id),
    status: text("status", { enum: ["pending", "succeeded", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    /** When the next try is due (null once succeeded or failed for good). */
    nextAttemptAt: text("next_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event").on(t.webhookId, t.eventId),
    index("webhook_deliveries_due").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_webhook").on(t.webhookId, t.createdAt, t.id),
  ],
);

/** Every try of a delivery: when, the status code (null when no answer), the error, how long it took. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    at: text("at").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    /** A manual redelivery rather than the schedule. */
    manual: integer("manual", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
);
