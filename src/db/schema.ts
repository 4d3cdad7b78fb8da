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
  ADAPTATION_RESULTS,
  COPING_STRATEGIES,
  DIRECTIONS,
  EVIDENCE_KINDS,
  INITIATIVE_STATUSES,
  LANGUAGES,
  LESSON_STATUSES,
  ROLES,
  STAGES,
  VISIBILITIES,
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
    result: text("result", { enum: ADAPTATION_RESULTS }).notNull(),
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
