// Lessons: the Context–Mechanism–Outcome records at the heart of samskab. Validates every reference
// and controlled term, enforces the status lifecycle and optimistic concurrency, and stores a lesson
// with all its tags in one transaction.
import { and, asc, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { lessonCardRows } from "../db/queries/lesson-cards.js";
import { seenLessonsCondition } from "../db/queries/lesson-visibility.js";
import { lessonWrites } from "../db/queries/lesson-writes.js";
import { adaptations, lessons, lessonTerms } from "../db/schema.js";
import { adaptationCounts } from "../search/rank.js";
import { type Principal, readerOf } from "./access.js";
import type { Actor, AuditAction, AuditLog } from "./audit.js";
import type { Clock } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { Conflict, InvalidTransition, NotFound } from "./errors.js";
import type { EventLog } from "./events.js";
import { newId } from "./ids.js";
import type { InitiativeService, Stage } from "./initiatives.js";
import { detectLanguage, type LessonLanguage } from "./language.js";
import { lessonEvent, lessonEventType } from "./lesson-events.js";
import {
  type LessonPressure,
  lessonPressure,
  type PressureInput,
  type PressureLink,
  resolvePressures,
  withoutCarriedOver,
} from "./lesson-pressures.js";
import type { CreateOptions, OrganisationService } from "./organisations.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import { appendTo, definedFields } from "./patch.js";
import { redactionWarnings } from "./personal-data.js";
import { type ReviewDecision, reviewedStatus } from "./review.js";
import type { SearchIndex } from "./search-index.js";
import type { ContextTags, UnitService } from "./units.js";
import { checkVersion } from "./versioning.js";
import type { VisibilityService } from "./visibility.js";
import type { VocabularyService } from "./vocabulary.js";
import { type Warning, whyWarnings } from "./why-quality.js";
import {
  mayPublishDirectly,
  mayReview,
  mayWriteLessons,
  requireRight,
  type UnitPlace,
} from "./write-access.js";

type LessonRow = typeof lessons.$inferSelect;
export type LessonStatus = LessonRow["status"];
export type Visibility = LessonRow["visibility"];
export type EvidenceKind = LessonRow["evidenceKind"];
export type Direction = NonNullable<(typeof lessonTerms.$inferSelect)["direction"]>;

export { DIRECTIONS, EVIDENCE_KINDS, LESSON_STATUSES } from "../words.js";

/** The lifecycle: draft → submitted → published → archived (a submitted lesson may go back to draft for revision). */
export const NEXT_STATUS: Record<LessonStatus, readonly LessonStatus[]> = {
  draft: ["submitted", "archived"],
  submitted: ["published", "draft", "archived"],
  published: ["archived"],
  archived: [],
};

export type OutcomeTag = { term: string; direction: Direction };
export type { LessonPressure, PressureInput } from "./lesson-pressures.js";

export type LessonInput = {
  unitId: string;
  initiativeId?: string | null | undefined;
  /** An integration's own reference to the author in its system; the author is the key that writes. */
  externalAuthorRef?: string | null | undefined;
  title: string;
  summary: string;
  language?: LessonLanguage | undefined;
  context?: { narrative?: string | null | undefined; tags?: ContextTags | undefined } | undefined;
  mechanisms: string[];
  why: string;
  outcomes: OutcomeTag[];
  outcomeNarrative?: string | null | undefined;
  evidence?: { kind: EvidenceKind; reference?: string | null | undefined } | undefined;
  pressures?: PressureInput[] | undefined;
  /** Deprecated: one text for all pressures; see resolvePressures for where it lands. */
  coping?: string | null | undefined;
  approaches?: string[] | undefined;
  pitfalls?: string[] | undefined;
  stage?: Stage | undefined;
  status?: Exclude<LessonStatus, "archived"> | undefined;
  visibility?: Visibility | undefined;
};

export type LessonPatch = Partial<Omit<LessonInput, "unitId" | "status">> & {
  status?: LessonStatus | undefined;
};

export type Lesson = {
  id: string;
  organisationId: string;
  unitId: string;
  initiativeId: string | null;
  /** The key that logged the lesson (its holder is the author); null for lessons from before keys. */
  author: KeyRef | null;
  externalAuthorRef: string | null;
  title: string;
  summary: string;
  language: LessonLanguage;
  context: { narrative: string | null; tags: ContextTags };
  mechanisms: string[];
  why: string;
  outcomes: OutcomeTag[];
  outcomeNarrative: string | null;
  evidence: { kind: EvidenceKind; reference: string | null };
  pressures: LessonPressure[];
  /** Coping tied to none of the lesson's pressures (only where no pressure could take it). */
  coping: string | null;
  approaches: string[];
  pitfalls: string[];
  stage: Stage;
  status: LessonStatus;
  visibility: Visibility;
  adaptations: { worked: number; partly: number; didNotWork: number };
  version: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** The last review: a manager's note when publishing or returning it, when, and by which key. */
  review: { note: string | null; reviewedAt: string; reviewedBy: KeyRef | null } | null;
};

/** What a ranked result shows of a lesson (LessonService.cards). */
export type LessonCard = Pick<
  Lesson,
  | "id"
  | "title"
  | "summary"
  | "why"
  | "unitId"
  | "language"
  | "stage"
  | "publishedAt"
  | "mechanisms"
  | "outcomes"
> & { context: { tags: ContextTags } };

/** A key named in a reply: its id and its holder's name. */
export type KeyRef = { keyId: string; name: string };

export type LessonFilter = PageRequest & {
  unitId?: string | undefined;
  organisationId?: string | undefined;
  initiativeId?: string | undefined;
  status?: LessonStatus | undefined;
  language?: LessonLanguage | undefined;
};

export type LessonService = ReturnType<typeof createLessonService>;

/** The audit action of a PATCH: the status move it makes, or a plain update. */
function changeAction(from: LessonStatus, to: LessonStatus): AuditAction {
  if (from === to) return "lesson.update";
  if (to === "published") return "lesson.publish";
  if (to === "archived") return "lesson.archive";
  if (to === "submitted") return "lesson.submit";
  return "lesson.update";
}

/** A unit as lesson writes look it up. */
type UnitRef = NonNullable<ReturnType<UnitService["find"]>>;

/** What one import reads once per unit instead of once per lesson (nothing changes them meanwhile). */
type ImportCache = { units: Map<string, UnitRef>; contexts: Map<string, ContextTags> };

/** A lesson_terms row to write; the coping fields are set on pressures only. */
type TermLink = { termId: string; direction: Direction | null } & Partial<Omit<PressureLink, "termId">>;

export function createLessonService(deps: {
  db: Db;
  clock: Clock;
  vocabulary: VocabularyService;
  units: Pick<UnitService, "get" | "find" | "path">;
  initiatives: Pick<InitiativeService, "get" | "find">;
  organisations: Pick<OrganisationService, "get">;
  search: Pick<SearchIndex, "write" | "archived">;
  visibility: Pick<VisibilityService, "canSee" | "seenPlaces">;
  audit: Pick<AuditLog, "append" | "keyNames">;
  cursors: CursorCodec;
  /** The outbox: writes made for a request announce publishing, changes and archiving to webhooks. */
  events: Pick<EventLog, "append" | "committed">;
}) {
  const { db, clock, vocabulary } = deps;

  const byId = db
    .select()
    .from(lessons)
    .where(eq(lessons.id, sql.placeholder("id")))
    .prepare();
  function row(id: string): LessonRow | undefined {
    return byId.get({ id });
  }

  // Lists of ids go in as one JSON parameter, so these statements are prepared once (pages are hot).
  const idList = sql`(SELECT value FROM json_each(${sql.placeholder("ids")}))`;
  const lessonsByIds = db.select().from(lessons).where(inArray(lessons.id, idList)).prepare();
  const linksByLessons = db
    .select()
    .from(lessonTerms)
    .where(inArray(lessonTerms.lessonId, idList))
    .orderBy(asc(lessonTerms.position))
    .prepare();
  const adaptationTally = db
    .select({ lessonId: adaptations.lessonId, result: adaptations.result, n: sql<number>`count(*)` })
    .from(adaptations)
    .where(inArray(adaptations.lessonId, idList))
    .groupBy(adaptations.lessonId, adaptations.result)
    .prepare();

  /**
   * A lesson's links to terms sorted by facet kind, in the author's order: context tags per dimension,
   * mechanisms, outcomes with their directions, pressures (as `pressureOf` makes them), approaches, pitfalls.
   */
  function tagsOf<L extends { termId: string; direction: Direction | null }>(
    links: readonly L[],
    pressureOf: (slug: string, link: L) => LessonPressure | undefined,
  ) {
    const tags: ContextTags = {};
    const mechanisms: string[] = [];
    const outcomes: OutcomeTag[] = [];
    const pressures: LessonPressure[] = [];
    const approaches: string[] = [];
    const pitfalls: string[] = [];
    for (const link of links) {
      const term = vocabulary.termById(link.termId);
      if (!term) continue;
      const kind = vocabulary.facetKind(term.facet);
      if (kind === "context") appendTo(tags, term.facet, term.slug);
      else if (kind === "mechanism") mechanisms.push(term.slug);
      else if (kind === "outcome") outcomes.push({ term: term.slug, direction: link.direction ?? "none" });
      else if (kind === "pressure") {
        const pressure = pressureOf(term.slug, link);
        if (pressure) pressures.push(pressure);
      } else if (kind === "approach") approaches.push(term.slug);
      else if (kind === "pitfall") pitfalls.push(term.slug);
    }
    return { tags, mechanisms, outcomes, pressures, approaches, pitfalls };
  }

  /** Builds the API view of lesson rows: tags from lesson_terms, adaptation counts. */
  function toLessons(rows: LessonRow[]): Lesson[] {
    const links = new Map<string, (typeof lessonTerms.$inferSelect)[]>();
    const counts = new Map<string, Lesson["adaptations"]>();
    if (rows.length > 0) {
      const ids = JSON.stringify(rows.map((r) => r.id));
      for (const link of linksByLessons.all({ ids })) {
        const list = links.get(link.lessonId);
        if (list) list.push(link);
        else links.set(link.lessonId, [link]);
      }
      const tally = new Map<string, { result: string; n: number }[]>();
      for (const t of adaptationTally.all({ ids }))
        tally.set(t.lessonId, [...(tally.get(t.lessonId) ?? []), t]);
      for (const [lessonId, rows] of tally) counts.set(lessonId, adaptationCounts(rows));
    }
    const names = deps.audit.keyNames(rows.flatMap((r) => [r.authorId ?? [], r.reviewedBy ?? []].flat()));
    const keyRef = (keyId: string | null): KeyRef | null =>
      keyId === null ? null : { keyId, name: names.get(keyId) ?? keyId };
    return rows.map((r) => {
      const { tags, mechanisms, outcomes, pressures, approaches, pitfalls } = tagsOf(
        links.get(r.id) ?? [],
        (slug, link) => lessonPressure(slug, link),
      );
      return {
        id: r.id,
        organisationId: r.organisationId,
        unitId: r.unitId,
        initiativeId: r.initiativeId,
        author: keyRef(r.authorId),
        externalAuthorRef: r.externalAuthorRef,
        title: r.title,
        summary: r.summary,
        language: r.language,
        context: { narrative: r.contextNarrative, tags },
        mechanisms,
        why: r.why,
        outcomes,
        outcomeNarrative: r.outcomeNarrative,
        evidence: { kind: r.evidenceKind, reference: r.evidenceReference },
        pressures,
        coping: r.coping,
        approaches,
        pitfalls,
        stage: r.stage,
        status: r.status,
        visibility: r.visibility,
        adaptations: counts.get(r.id) ?? { worked: 0, partly: 0, didNotWork: 0 },
        version: r.version,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        publishedAt: r.publishedAt,
        review: r.reviewedAt
          ? { note: r.reviewNote, reviewedAt: r.reviewedAt, reviewedBy: keyRef(r.reviewedBy) }
          : null,
      };
    });
  }

  /**
   * Validates a complete lesson (after defaults and patches are applied) and resolves its terms.
   * Every problem is collected, so the author sees all of them in one reply.
   */
  function prepare(
    input: LessonInput,
    unitContext: () => ContextTags,
    keep?: ReadonlySet<string>,
    previousPressures?: readonly LessonPressure[],
    findUnit: (id: string) => UnitRef | undefined = (id) => deps.units.find(id),
  ) {
    const check = vocabulary.resolver(keep);
    const unit = findUnit(input.unitId);
    if (!unit)
      check.problem({
        pointer: "/unitId",
        code: "unknown_reference",
        message: `No unit with id '${input.unitId}'.`,
      });
    let stage: Stage = input.stage ?? "ad_hoc_individual";
    if (input.initiativeId) {
      const initiative = deps.initiatives.find(input.initiativeId);
      if (!initiative) {
        check.problem({
          pointer: "/initiativeId",
          code: "unknown_reference",
          message: `No initiative with id '${input.initiativeId}'.`,
        });
      } else {
        stage = input.stage ?? initiative.stage;
        const members = deps.initiatives.get(initiative.id);
        if (unit && initiative.leadUnitId !== unit.id && !members.unitIds.includes(unit.id)) {
          check.problem({
            pointer: "/initiativeId",
            code: "not_a_participant",
            message: `Unit '${unit.id}' is neither the lead nor a participating unit of initiative '${initiative.id}'; add it to the initiative's unitIds first.`,
          });
        }
      }
    } else if (stage !== "ad_hoc_individual" && stage !== "ad_hoc_collective") {
      check.problem({
        pointer: "/stage",
        code: "stage_needs_initiative",
        message: `A lesson without an initiative is ad hoc: stage must be 'ad_hoc_individual' or 'ad_hoc_collective', not '${stage}'.`,
      });
    }
    const tags = input.context?.tags ?? (unit ? unitContext() : {});
    const links: TermLink[] = [];
    const add = (ids: string[], direction: Direction | null = null) => {
      for (const termId of ids)
        if (!links.some((l) => l.termId === termId)) links.push({ termId, direction });
    };
    add(check.context(tags, "/context/tags"));
    add(check.terms("mechanism", input.mechanisms, "/mechanisms"));
    input.outcomes.forEach((outcome, i) => {
      const termId = check.term("outcome", outcome.term, `/outcomes/${i}/term`);
      if (termId) add([termId], outcome.direction);
    });
    const pressures = resolvePressures(check, input.pressures ?? [], input.coping ?? null, previousPressures);
    for (const link of pressures.links)
      if (!links.some((l) => l.termId === link.termId)) links.push({ ...link, direction: null });
    add(check.terms("approach", input.approaches ?? [], "/approaches"));
    add(check.terms("pitfall", input.pitfalls ?? [], "/pitfalls"));
    check.throwIfProblems();

    const warnings: Warning[] = [
      ...whyWarnings(input.why),
      ...redactionWarnings({
        "/title": input.title,
        "/summary": input.summary,
        "/context/narrative": input.context?.narrative,
        "/why": input.why,
        "/outcomeNarrative": input.outcomeNarrative,
        ...Object.fromEntries(
          (input.pressures ?? []).map((p, i) => [
            `/pressures/${i}/coping`,
            typeof p === "string" ? null : p.coping,
          ]),
        ),
      }),
    ];
    let language = input.language;
    if (!language) {
      language = detectLanguage([input.title, input.summary, input.why].join(". "));
      warnings.push(
        language
          ? {
              code: "language_detected",
              pointer: "/language",
              message: `No language was given; detected '${language}'. Set it if that is wrong.`,
            }
          : {
              code: "language_unknown",
              pointer: "/language",
              message: "No language was given and none could be detected; stored as 'en'.",
            },
      );
      language ??= "en";
    }
    return {
      organisationId: unit!.organisationId,
      stage,
      language,
      links,
      unpinnedCoping: pressures.unpinnedCoping,
      warnings,
    };
  }

  // The write path runs once per lesson in bulk imports: its statements are prepared once.
  const writes = lessonWrites(db);
  function writeLinks(lessonId: string, links: TermLink[], fresh = false) {
    writes.writeLinks(lessonId, links, fresh);
  }

  function columns(input: LessonInput, prepared: ReturnType<typeof prepare>) {
    return {
      unitId: input.unitId,
      organisationId: prepared.organisationId,
      initiativeId: input.initiativeId ?? null,
      externalAuthorRef: input.externalAuthorRef ?? null,
      title: input.title,
      summary: input.summary,
      language: prepared.language,
      contextNarrative: input.context?.narrative ?? null,
      why: input.why,
      outcomeNarrative: input.outcomeNarrative ?? null,
      evidenceKind: input.evidence?.kind ?? "anecdote",
      evidenceReference: input.evidence?.reference ?? null,
      coping: prepared.unpinnedCoping,
      stage: prepared.stage,
      visibility: input.visibility ?? "organisation",
    };
  }

  /**
   * Validates and stores a new lesson; call inside a transaction. Returns what to apply to the
   * search index once it has committed.
   */
  function insert(input: LessonInput, options: CreateOptions, actor?: Actor, importCache?: ImportCache) {
    const status = input.status ?? "submitted";
    // within one import transaction a unit and its context cannot change: they are read once per unit
    const findUnit = (unitId: string) => {
      let unit = importCache?.units.get(unitId);
      if (!unit) {
        unit = deps.units.find(unitId);
        if (unit) importCache?.units.set(unitId, unit);
      }
      return unit;
    };
    const unit = findUnit(input.unitId);
    // an unknown unit is not a place anyone may write to: prepare() reports it (422)
    if (actor && unit)
      authoriseWrite(actor, { organisationId: unit.organisationId, unitId: unit.id }, input, status);
    const unitContext = () => {
      let context = importCache?.contexts.get(input.unitId);
      if (!context) {
        context = vocabulary.withoutRetired(deps.units.get(input.unitId).context);
        importCache?.contexts.set(input.unitId, context);
      }
      return context;
    };
    const prepared = prepare(input, unitContext, undefined, undefined, findUnit);
    const id = options.id ?? newId("les");
    const now = options.createdAt ?? clock.now().toISOString();
    const values = {
      id,
      ...columns(input, prepared),
      // the key that writes is the author; lessons loaded in process (seed, imports) have none
      authorId: actor?.principal.kind === "key" ? actor.principal.keyId : null,
      status,
      version: 1,
      createdAt: now,
      updatedAt: now,
      publishedAt: status === "published" ? now : null,
      reviewNote: null,
      reviewedAt: null,
      reviewedBy: null,
    };
    writes.insertLesson(values);
    writeLinks(id, prepared.links, true);
    if (actor) logChange(actor, "lesson.create", values, null);
    const event = actor ? lessonEventType(null, status) : undefined;
    if (event) deps.events.append(db, lessonEvent(event, values));
    const applyToIndex = deps.search.write({ ...values, links: prepared.links });
    return { id, warnings: prepared.warnings, applyToIndex };
  }

  const unitPath = (unitId: string) => deps.units.path(unitId);

  /** A lesson the actor may not see is not there for it (404), even when it exists. */
  function requireVisible(actor: Actor, lesson: Lesson): void {
    if (!deps.visibility.canSee(actor.principal, lesson)) throw new NotFound("lesson", lesson.id);
  }

  /**
   * The rights a lesson write needs (403 otherwise): write access to the lesson's unit; a manager's (or
   * the organisation's self-publishing) to make it published; an integration's to set an external
   * author reference.
   */
  function authoriseWrite(
    actor: Actor,
    place: UnitPlace,
    fields: { externalAuthorRef?: string | null | undefined },
    publishing: LessonStatus | false,
  ): void {
    const { principal } = actor;
    requireRight(
      mayWriteLessons(principal, place, unitPath),
      `This key may not write lessons of unit '${place.unitId}': staff write for their own unit and the units below it, managers for the units they manage, integration keys with the 'lessons:write' scope for their organisation's units.`,
    );
    if (publishing === "published") {
      const { allowSelfPublish } = deps.organisations.get(place.organisationId);
      requireRight(
        mayPublishDirectly(principal, place, unitPath, allowSelfPublish),
        `Lessons of organisation '${place.organisationId}' are published by a manager after review: save the lesson as 'draft' or 'submitted' (a manager then publishes it with POST /v1/lessons/{id}/review), or ask an admin to allow self-publishing for the organisation.`,
      );
    }
    if (fields.externalAuthorRef != null) {
      requireRight(
        principal.kind === "key" && (principal.role === "integration" || principal.role === "admin"),
        "Only an integration key sends externalAuthorRef (its own reference to the author): for any other key, the key's holder is the author.",
      );
    }
  }

  /** Appends the audit entry of a lesson write; call inside its transaction. */
  function logChange(
    actor: Actor,
    action: AuditAction,
    after: { id: string; organisationId: string; version: number },
    versionBefore: number | null,
  ): void {
    deps.audit.append(db, {
      actor,
      action,
      resourceType: "lesson",
      resourceId: after.id,
      organisationId: after.organisationId,
      versionBefore,
      versionAfter: after.version,
    });
  }

  const service = {
    /** A lesson whatever its visibility: for the write paths and in-process tools; requests read with `read`. */
    get(id: string): Lesson {
      const found = row(id);
      if (!found) throw new NotFound("lesson", id);
      return toLessons([found])[0]!;
    },

    /** GET /v1/lessons/{id}: a lesson `principal` may not see is not there for it (404, like a missing id). */
    read(principal: Principal, id: string): Lesson {
      const found = row(id);
      if (!found || !deps.visibility.canSee(principal, found)) throw new NotFound("lesson", id);
      return toLessons([found])[0]!;
    },

    /** Lessons by id, in the order asked for (unknown ids are skipped); the caller has checked visibility. */
    getMany(ids: readonly string[]): Lesson[] {
      if (ids.length === 0) return [];
      const rows = lessonsByIds.all({ ids: JSON.stringify(ids) });
      const byId = new Map(toLessons(rows).map((lesson) => [lesson.id, lesson]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },

    /**
     * What a ranked result shows of each lesson `ids` names, in that order (unknown ids are left out):
     * half of what getMany reads, for the filter's every page.
     */
    cards(ids: readonly string[]): LessonCard[] {
      const { rows, links } = lessonCardRows(db, ids);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => {
        const r = byId.get(id);
        if (!r) return [];
        const { tags, mechanisms, outcomes } = tagsOf(links.get(id) ?? [], () => undefined);
        return [{ ...r, context: { tags }, mechanisms, outcomes }];
      });
    },

    exists(id: string): LessonRow | undefined {
      return row(id);
    },

    /** The lessons `principal` may see, newest first; archived ones only when asked for by status. */
    list(principal: Principal, filter: LessonFilter): Page<Lesson> {
      const limit = pageSize(filter.limit);
      // a cursor pages on only for the key it was issued to
      const signed = {
        codec: deps.cursors,
        scope: requestScope("lessons", { ...filter, reader: readerOf(principal) }),
      };
      const { after, orderBy } = keyset(lessons, filter.cursor, signed);
      const seen = deps.visibility.seenPlaces(principal);
      const conditions: (SQL | undefined)[] = [after, seen && seenLessonsCondition(seen)];
      if (filter.unitId) conditions.push(eq(lessons.unitId, filter.unitId));
      if (filter.organisationId) conditions.push(eq(lessons.organisationId, filter.organisationId));
      if (filter.initiativeId) conditions.push(eq(lessons.initiativeId, filter.initiativeId));
      if (filter.language) conditions.push(eq(lessons.language, filter.language));
      conditions.push(filter.status ? eq(lessons.status, filter.status) : ne(lessons.status, "archived"));
      const rows = db
        .select()
        .from(lessons)
        .where(and(...conditions))
        .orderBy(...orderBy)
        .limit(limit + 1)
        .all();
      const page = toLessons(rows.slice(0, limit));
      return { items: page, nextCursor: toPage(rows, limit, signed, (r) => r).nextCursor };
    },

    /**
     * Logs a lesson. With an `actor` (every request) the key must have the right to write it there (and
     * to publish it, when it comes as published), is recorded as its author, and the audit log gets an
     * entry in the same transaction; in-process loaders (seed, imports) pass none.
     */
    create(
      input: LessonInput,
      options: CreateOptions = {},
      actor?: Actor,
    ): { lesson: Lesson; warnings: Warning[] } {
      const { id, warnings, applyToIndex } = db.transaction(() => insert(input, options, actor), {
        behavior: "immediate",
      });
      applyToIndex();
      deps.events.committed();
      return { lesson: service.get(id), warnings };
    },

    /** `expectedVersion` undefined means If-Match: * (whatever the current version is). */
    update(
      id: string,
      patch: LessonPatch,
      expectedVersion: number | undefined,
      actor?: Actor,
    ): { lesson: Lesson; warnings: Warning[] } {
      const current = service.get(id);
      const status = patch.status ?? current.status;
      if (actor) {
        requireVisible(actor, current);
        authoriseWrite(actor, current, patch, status !== current.status && status);
      }
      checkVersion(current.version, expectedVersion);
      if (status !== current.status && !NEXT_STATUS[current.status].includes(status)) {
        throw new InvalidTransition(current.status, status, NEXT_STATUS[current.status]);
      }
      if (current.status === "archived") {
        throw new Conflict("An archived lesson is read-only.");
      }
      // the deprecated lesson-level `coping`, when patched, replaces the texts it once put on a pressure
      const base =
        patch.coping === undefined
          ? current
          : { ...current, pressures: withoutCarriedOver(current.pressures) };
      const merged: LessonInput = {
        ...base,
        ...definedFields(patch),
        unitId: current.unitId,
        status: undefined,
        context: {
          narrative:
            patch.context?.narrative === undefined ? current.context.narrative : patch.context.narrative,
          tags: patch.context?.tags ?? current.context.tags,
        },
        evidence: patch.evidence ?? current.evidence,
        // the initiative's stage is taken again only when the initiative changes
        stage:
          patch.stage ??
          (patch.initiativeId !== undefined && patch.initiativeId !== current.initiativeId
            ? undefined
            : current.stage),
        language: patch.language ?? current.language,
      };
      // the terms the lesson already carries stay valid on it, also when retired since
      const carried = new Set(linksByLessons.all({ ids: JSON.stringify([id]) }).map((link) => link.termId));
      const prepared = prepare(merged, () => current.context.tags, carried, current.pressures);
      const applyToIndex = db.transaction(
        (tx) => {
          const fresh = tx
            .select({ version: lessons.version })
            .from(lessons)
            .where(eq(lessons.id, id))
            .get()!;
          checkVersion(fresh.version, expectedVersion ?? current.version);
          const now = clock.now().toISOString();
          const values = {
            ...columns(merged, prepared),
            status,
            version: fresh.version + 1,
            updatedAt: now,
            publishedAt: status === "published" && !current.publishedAt ? now : current.publishedAt,
          };
          tx.update(lessons).set(values).where(eq(lessons.id, id)).run();
          writeLinks(id, prepared.links);
          if (actor) logChange(actor, changeAction(current.status, status), { id, ...values }, fresh.version);
          const event = actor ? lessonEventType(current.status, status) : undefined;
          if (event) deps.events.append(tx, lessonEvent(event, { id, ...values }));
          return deps.search.write({ id, ...values, links: prepared.links });
        },
        { behavior: "immediate" },
      );
      applyToIndex();
      deps.events.committed();
      return { lesson: service.get(id), warnings: prepared.warnings };
    },

    /**
     * Logs many lessons in one transaction (imports, the benchmark): all or nothing. Returns how many
     * were stored; the first invalid one aborts the import with its error.
     */
    importMany(inputs: readonly (LessonInput & { id?: string; createdAt?: string })[]): number {
      const importCache: ImportCache = { units: new Map(), contexts: new Map() };
      const applyAll = db.transaction(
        () =>
          inputs.map(
            ({ id, createdAt, ...input }) =>
              insert(input, { id, createdAt }, undefined, importCache).applyToIndex,
          ),
        { behavior: "immediate" },
      );
      for (const apply of applyAll) apply();
      return applyAll.length;
    },

    /** Indexes lessons stored before the search index existed (called at start when any are found). */
    reindex(lessonIds: readonly string[]): void {
      const applyAll = db.transaction((tx) =>
        lessonIds.map((id) => {
          const stored = tx.select().from(lessons).where(eq(lessons.id, id)).get()!;
          const links = tx
            .select({
              termId: lessonTerms.termId,
              direction: lessonTerms.direction,
              coping: lessonTerms.coping,
            })
            .from(lessonTerms)
            .where(eq(lessonTerms.lessonId, id))
            .orderBy(asc(lessonTerms.position))
            .all();
          return deps.search.write({ ...stored, links });
        }),
      );
      for (const apply of applyAll) apply();
    },

    /** DELETE archives: the lesson stays for the record, out of lists and search. Idempotent. */
    archive(id: string, expectedVersion?: number, actor?: Actor): Lesson {
      const current = service.get(id);
      if (actor) {
        requireVisible(actor, current);
        authoriseWrite(actor, current, {}, false);
      }
      checkVersion(current.version, expectedVersion);
      if (current.status === "archived") return current;
      db.transaction(
        () => {
          const changed = db
            .update(lessons)
            .set({ status: "archived", version: current.version + 1, updatedAt: clock.now().toISOString() })
            .where(and(eq(lessons.id, id), eq(lessons.version, current.version)))
            .run().changes;
          if (changed === 0) checkVersion(row(id)!.version, current.version);
          if (actor)
            logChange(actor, "lesson.archive", { ...current, version: current.version + 1 }, current.version);
          const event = actor ? lessonEventType(current.status, "archived") : undefined;
          if (event)
            deps.events.append(
              db,
              lessonEvent(event, { ...current, status: "archived", version: current.version + 1 }),
            );
        },
        { behavior: "immediate" },
      );
      deps.events.committed();
      deps.search.archived(id);
      return service.get(id);
    },

    /**
     * A manager's review of a submitted lesson (or an admin's): `publish` makes it published, `return`
     * sends it back to its unit as a draft with the note. The note, the time and the reviewing key are
     * kept on the lesson as its last review.
     */
    review(
      id: string,
      decision: { decision: ReviewDecision; note?: string | null | undefined },
      expectedVersion: number | undefined,
      actor: Actor,
    ): Lesson {
      const current = service.get(id);
      requireVisible(actor, current);
      requireRight(
        mayReview(actor.principal, current, unitPath),
        `Lessons of unit '${current.unitId}' are reviewed by a manager of that unit, of a unit above it or of its organisation.`,
      );
      checkVersion(current.version, expectedVersion);
      const status = reviewedStatus(current.status, decision.decision, decision.note);
      const applyToIndex = db.transaction(
        (tx) => {
          const fresh = row(id)!;
          checkVersion(fresh.version, current.version);
          const now = clock.now().toISOString();
          tx.update(lessons)
            .set({
              status,
              version: fresh.version + 1,
              updatedAt: now,
              publishedAt: status === "published" ? (fresh.publishedAt ?? now) : fresh.publishedAt,
              reviewNote: decision.note?.trim() || null,
              reviewedAt: now,
              reviewedBy: actor.principal.kind === "key" ? actor.principal.keyId : null,
            })
            .where(eq(lessons.id, id))
            .run();
          const stored = row(id)!;
          logChange(
            actor,
            status === "published" ? "lesson.publish" : "lesson.return",
            stored,
            fresh.version,
          );
          const event = lessonEventType(fresh.status, status);
          if (event) deps.events.append(tx, lessonEvent(event, stored));
          return deps.search.write({ ...stored, links: linksByLessons.all({ ids: JSON.stringify([id]) }) });
        },
        { behavior: "immediate" },
      );
      applyToIndex();
      deps.events.committed();
      return service.get(id);
    },
  };
  return service;
}
