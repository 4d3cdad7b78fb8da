// Adaptations: another unit reporting how a lesson translated into its own context (feedback that
// feeds ranking and digests, and is read there). One report per unit and lesson; the unit updates it as
// it learns more. A report that it did not (fully) work says why, and may name which of the lesson's
// mechanisms fired in the new context.
import { and, eq, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../db/database.js";
import { adaptationMechanismSlugs, writeAdaptationMechanisms } from "../db/queries/adaptations.js";
import { adaptations } from "../db/schema.js";
import { INSTALLATION, type Principal } from "./access.js";
import type { Actor, AuditLog } from "./audit.js";
import type { Clock } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import type { FieldProblem } from "./errors.js";
import { Conflict, NotFound } from "./errors.js";
import type { EventLog } from "./events.js";
import { newId } from "./ids.js";
import { adaptationEvent } from "./lesson-events.js";
import type { KeyRef, LessonService } from "./lessons.js";
import type { CreateOptions } from "./organisations.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import { definedFields } from "./patch.js";
import type { SearchIndex } from "./search-index.js";
import type { UnitService } from "./units.js";
import { checkVersion } from "./versioning.js";
import type { VocabularyService } from "./vocabulary.js";
import { mayWriteLessons, requireRight } from "./write-access.js";

type AdaptationRow = typeof adaptations.$inferSelect;
/**
 * An adaptation with the slugs of the lesson's mechanisms that fired in the adapting unit's context, and
 * the key that reported it (null for reports from before keys).
 */
export type Adaptation = AdaptationRow & { mechanisms: string[]; author: KeyRef | null };
export type AdaptationResult = AdaptationRow["result"];
export { ADAPTATION_RESULTS, STORED_ADAPTATION_RESULTS } from "../words.js";

export type AdaptationInput = {
  unitId: string;
  result: AdaptationResult;
  translated?: string | null | undefined;
  notes?: string | null | undefined;
  mechanisms?: string[] | undefined;
};
export type AdaptationPatch = Partial<Omit<AdaptationInput, "unitId">>;

/**
 * A report that a lesson did not (fully) translate is only useful with the reason: `partly` and
 * `did_not_work` need notes. Adaptations stored before this rule keep what they have.
 */
export function missingNotes(
  result: AdaptationResult,
  notes: string | null | undefined,
): FieldProblem | undefined {
  if (result === "worked" || (notes ?? "").trim() !== "") return undefined;
  return {
    pointer: "/notes",
    code: "notes_required",
    message: `An adaptation that ${result === "partly" ? "partly worked" : "did not work"} needs notes: say why it did not translate into your context.`,
  };
}

export type AdaptationService = ReturnType<typeof createAdaptationService>;

export function createAdaptationService(deps: {
  db: Db;
  clock: Clock;
  lessons: Pick<LessonService, "exists" | "get" | "read">;
  units: Pick<UnitService, "find" | "path">;
  vocabulary: Pick<VocabularyService, "resolver">;
  search: Pick<SearchIndex, "refreshAdaptations">;
  audit: Pick<AuditLog, "append" | "keyNames">;
  cursors: CursorCodec;
  /** The outbox: a report made for a request announces `adaptation.created` to webhooks. */
  events: Pick<EventLog, "append" | "committed">;
}) {
  const { db, clock } = deps;

  function lessonOf(lessonId: string) {
    const lesson = deps.lessons.exists(lessonId);
    if (!lesson) throw new NotFound("lesson", lessonId);
    return lesson;
  }

  /** The rows with the mechanisms each reports and their authors. */
  function withMechanisms(rows: AdaptationRow[]): Adaptation[] {
    const mechanisms = adaptationMechanismSlugs(
      db,
      rows.map((row) => row.id),
    );
    const names = deps.audit.keyNames(rows.flatMap((row) => row.authorKeyId ?? []));
    return rows.map((row) => ({
      ...row,
      mechanisms: mechanisms.get(row.id) ?? [],
      author: row.authorKeyId
        ? { keyId: row.authorKeyId, name: names.get(row.authorKeyId) ?? row.authorKeyId }
        : null,
    }));
  }

  const unitPath = (unitId: string) => deps.units.path(unitId);

  /**
   * The rights a report needs when a key writes it: the lesson must be one the key sees (404
   * otherwise), and the reporting unit one it may write for (403), as for lessons.
   */
  function authorise(actor: Actor, lesson: ReturnType<typeof lessonOf>, unitId: string): void {
    deps.lessons.read(actor.principal, lesson.id);
    const unit = deps.units.find(unitId);
    if (!unit) return; // an unknown unit is reported as a 422 by the validation
    requireRight(
      mayWriteLessons(actor.principal, { organisationId: unit.organisationId, unitId }, unitPath),
      `This key may not report adaptations for unit '${unitId}': staff report for their own unit and the units below it, managers for the units they manage, integration keys with the 'lessons:write' scope for their organisation's units.`,
    );
  }

  /** Appends the audit entry of a report; call inside its transaction. */
  function logChange(tx: Tx, actor: Actor, row: AdaptationRow, versionBefore: number | null): void {
    deps.audit.append(tx, {
      actor,
      action: versionBefore === null ? "adaptation.create" : "adaptation.update",
      resourceType: "adaptation",
      resourceId: row.id,
      organisationId: deps.units.find(row.unitId)?.organisationId ?? null,
      versionBefore,
      versionAfter: row.version,
    });
  }

  /**
   * Checks what a report says (notes where it did not work; mechanisms that are the lesson's own) and
   * resolves the mechanisms to term ids; every problem is reported at once.
   */
  function validate(
    lessonId: string,
    report: { result: AdaptationResult; notes: string | null | undefined; mechanisms: readonly string[] },
    problems: FieldProblem[] = [],
  ): string[] {
    const check = deps.vocabulary.resolver();
    for (const problem of problems) check.problem(problem);
    const notes = missingNotes(report.result, report.notes);
    if (notes) check.problem(notes);
    const own = report.mechanisms.length > 0 ? deps.lessons.get(lessonId).mechanisms : [];
    const termIds = report.mechanisms.flatMap((slug, i) => {
      const termId = check.term("mechanism", slug, `/mechanisms/${i}`);
      if (termId && !own.includes(slug)) {
        check.problem({
          pointer: `/mechanisms/${i}`,
          code: "not_a_lesson_mechanism",
          message: `'${slug}' is not one of the lesson's mechanisms (${own.map((m) => `'${m}'`).join(", ")}): name which of those fired in your context.`,
        });
      }
      return termId ? [termId] : [];
    });
    check.throwIfProblems();
    return termIds;
  }

  const service = {
    find(id: string): Adaptation | undefined {
      const row = db.select().from(adaptations).where(eq(adaptations.id, id)).get();
      return row && withMechanisms([row])[0];
    },

    /** An adaptation of a lesson `principal` may see (404 otherwise, as for a missing lesson). */
    get(principal: Principal, lessonId: string, id: string): Adaptation {
      deps.lessons.read(principal, lessonId);
      const found = db
        .select()
        .from(adaptations)
        .where(and(eq(adaptations.id, id), eq(adaptations.lessonId, lessonId)))
        .get();
      if (!found) throw new NotFound("adaptation", id);
      return withMechanisms([found])[0]!;
    },

    /** The adaptations of a lesson `principal` may see (404 otherwise, as for a missing lesson). */
    list(principal: Principal, lessonId: string, request: PageRequest): Page<Adaptation> {
      deps.lessons.read(principal, lessonId);
      const limit = pageSize(request.limit);
      const signed = { codec: deps.cursors, scope: requestScope("adaptations", { ...request, lessonId }) };
      const { after, orderBy } = keyset(adaptations, request.cursor, signed);
      const conditions: (SQL | undefined)[] = [eq(adaptations.lessonId, lessonId), after];
      const rows = db
        .select()
        .from(adaptations)
        .where(and(...conditions))
        .orderBy(...orderBy)
        .limit(limit + 1)
        .all();
      const page = toPage(rows, limit, signed, (r) => r);
      return { items: withMechanisms(page.items), nextCursor: page.nextCursor };
    },

    /** Reports an adaptation; with an `actor` (every request) its rights are checked, and the change is logged. */
    create(lessonId: string, input: AdaptationInput, options: CreateOptions = {}, actor?: Actor): Adaptation {
      const lesson = lessonOf(lessonId);
      if (actor) authorise(actor, lesson, input.unitId);
      if (lesson.status !== "published") {
        throw new Conflict(`Only published lessons can be adapted; this one is ${lesson.status}.`);
      }
      const unitProblems: FieldProblem[] = [];
      if (!deps.units.find(input.unitId)) {
        unitProblems.push({
          pointer: "/unitId",
          code: "unknown_reference",
          message: `No unit with id '${input.unitId}'.`,
        });
      } else if (input.unitId === lesson.unitId) {
        unitProblems.push({
          pointer: "/unitId",
          code: "own_lesson",
          message: "An adaptation is reported by another unit than the one that logged the lesson.",
        });
      }
      const mechanismIds = validate(
        lessonId,
        { result: input.result, notes: input.notes, mechanisms: input.mechanisms ?? [] },
        unitProblems,
      );
      const created = db.transaction(
        (tx) => {
          const existing = tx
            .select({ id: adaptations.id })
            .from(adaptations)
            .where(and(eq(adaptations.lessonId, lessonId), eq(adaptations.unitId, input.unitId)))
            .get();
          if (existing) {
            throw new Conflict(
              `Unit '${input.unitId}' has already reported an adaptation of this lesson (${existing.id}); update it with PATCH.`,
              "/unitId",
            );
          }
          const now = options.createdAt ?? clock.now().toISOString();
          const row: AdaptationRow = {
            id: options.id ?? newId("adp"),
            lessonId,
            unitId: input.unitId,
            result: input.result,
            translated: input.translated ?? null,
            notes: input.notes ?? null,
            authorKeyId: actor?.principal.kind === "key" ? actor.principal.keyId : null,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          tx.insert(adaptations).values(row).run();
          writeAdaptationMechanisms(tx, row.id, mechanismIds);
          if (actor) logChange(tx, actor, row, null);
          if (actor) deps.events.append(tx, adaptationEvent(row, lesson.organisationId));
          return row;
        },
        { behavior: "immediate" },
      );
      deps.events.committed();
      deps.search.refreshAdaptations(lessonId);
      return withMechanisms([created])[0]!;
    },

    /**
     * A planned adaptation of `lessonId` by `unitId`: a routine's meeting decided to try or adapt it (the
     * meeting has checked the lesson and the right). Written in the meeting's transaction `tx`. When the
     * unit already has an adaptation of the lesson (planned or reported), that one is linked instead of
     * failing: one report per unit and lesson. A plan is no evidence, so nothing is re-ranked.
     */
    plan(tx: Tx, lessonId: string, unitId: string, actor: Actor): { id: string; created: boolean } {
      const existing = tx
        .select({ id: adaptations.id })
        .from(adaptations)
        .where(and(eq(adaptations.lessonId, lessonId), eq(adaptations.unitId, unitId)))
        .get();
      if (existing) return { id: existing.id, created: false };
      const now = clock.now().toISOString();
      const row: AdaptationRow = {
        id: newId("adp"),
        lessonId,
        unitId,
        result: "planned",
        translated: null,
        notes: null,
        authorKeyId: actor.principal.kind === "key" ? actor.principal.keyId : null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      tx.insert(adaptations).values(row).run();
      logChange(tx, actor, row, null);
      deps.events.append(tx, adaptationEvent(row, lessonOf(lessonId).organisationId));
      return { id: row.id, created: true };
    },

    update(
      lessonId: string,
      id: string,
      patch: AdaptationPatch,
      expectedVersion?: number,
      actor?: Actor,
    ): Adaptation {
      const updated = db.transaction(
        (tx) => {
          // a lesson the key may not see is not there for it (404), adaptations and all
          const current = service.get(actor?.principal ?? INSTALLATION, lessonId, id);
          if (actor) authorise(actor, lessonOf(lessonId), current.unitId);
          checkVersion(current.version, expectedVersion);
          const { mechanisms, ...fields } = definedFields(patch);
          const { mechanisms: _reported, author: _author, ...stored } = current;
          const row: AdaptationRow = {
            ...stored,
            ...fields,
            version: current.version + 1,
            updatedAt: clock.now().toISOString(),
          };
          // the notes rule holds for what a patch says; a stored report that predates it is history
          const touchesResult = patch.result !== undefined || patch.notes !== undefined;
          const mechanismIds = validate(lessonId, {
            result: touchesResult ? row.result : "worked",
            notes: row.notes,
            mechanisms: mechanisms ?? [],
          });
          tx.update(adaptations).set(row).where(eq(adaptations.id, id)).run();
          if (mechanisms !== undefined) writeAdaptationMechanisms(tx, id, mechanismIds);
          if (actor) logChange(tx, actor, row, current.version);
          return row;
        },
        { behavior: "immediate" },
      );
      deps.search.refreshAdaptations(lessonId);
      return withMechanisms([updated])[0]!;
    },
  };
  return service;
}
