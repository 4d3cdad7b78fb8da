// Adaptations: another unit reporting how a lesson translated into its own context (feedback that
// feeds ranking and digests). One report per unit and lesson; the unit updates it as it learns more.
import { and, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/database.js";
import { adaptations } from "../db/schema.js";
import type { Clock } from "./clock.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { Conflict, NotFound, Unprocessable } from "./errors.js";
import { newId } from "./ids.js";
import type { LessonService } from "./lessons.js";
import type { CreateOptions } from "./organisations.js";
import { keyset, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import { definedFields } from "./patch.js";
import type { SearchIndex } from "./search-index.js";
import type { UnitService } from "./units.js";
import { checkVersion } from "./versioning.js";

export type Adaptation = typeof adaptations.$inferSelect;
export type AdaptationResult = Adaptation["result"];
export { ADAPTATION_RESULTS } from "../words.js";

export type AdaptationInput = {
  unitId: string;
  result: AdaptationResult;
  translated?: string | null | undefined;
  notes?: string | null | undefined;
};
export type AdaptationPatch = Partial<Omit<AdaptationInput, "unitId">>;

export type AdaptationService = ReturnType<typeof createAdaptationService>;

export function createAdaptationService(deps: {
  db: Db;
  clock: Clock;
  lessons: Pick<LessonService, "exists">;
  units: Pick<UnitService, "find">;
  search: Pick<SearchIndex, "refreshAdaptations">;
  cursors: CursorCodec;
}) {
  const { db, clock } = deps;

  function lessonOf(lessonId: string) {
    const lesson = deps.lessons.exists(lessonId);
    if (!lesson) throw new NotFound("lesson", lessonId);
    return lesson;
  }

  const service = {
    find(id: string): Adaptation | undefined {
      return db.select().from(adaptations).where(eq(adaptations.id, id)).get();
    },

    get(lessonId: string, id: string): Adaptation {
      lessonOf(lessonId);
      const found = db
        .select()
        .from(adaptations)
        .where(and(eq(adaptations.id, id), eq(adaptations.lessonId, lessonId)))
        .get();
      if (!found) throw new NotFound("adaptation", id);
      return found;
    },

    list(lessonId: string, request: PageRequest): Page<Adaptation> {
      lessonOf(lessonId);
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
      return toPage(rows, limit, signed, (r) => r);
    },

    create(lessonId: string, input: AdaptationInput, options: CreateOptions = {}): Adaptation {
      const lesson = lessonOf(lessonId);
      if (lesson.status !== "published") {
        throw new Conflict(`Only published lessons can be adapted; this one is ${lesson.status}.`);
      }
      if (!deps.units.find(input.unitId)) {
        throw new Unprocessable([
          { pointer: "/unitId", code: "unknown_reference", message: `No unit with id '${input.unitId}'.` },
        ]);
      }
      if (input.unitId === lesson.unitId) {
        throw new Unprocessable([
          {
            pointer: "/unitId",
            code: "own_lesson",
            message: "An adaptation is reported by another unit than the one that logged the lesson.",
          },
        ]);
      }
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
          const row: Adaptation = {
            id: options.id ?? newId("adp"),
            lessonId,
            unitId: input.unitId,
            result: input.result,
            translated: input.translated ?? null,
            notes: input.notes ?? null,
            version: 1,
            createdAt: now,
            updatedAt: now,
          };
          tx.insert(adaptations).values(row).run();
          return row;
        },
        { behavior: "immediate" },
      );
      deps.search.refreshAdaptations(lessonId);
      return created;
    },

    update(lessonId: string, id: string, patch: AdaptationPatch, expectedVersion?: number): Adaptation {
      const updated = db.transaction(
        (tx) => {
          const current = service.get(lessonId, id);
          checkVersion(current.version, expectedVersion);
          const row: Adaptation = {
            ...current,
            ...definedFields(patch),
            version: current.version + 1,
            updatedAt: clock.now().toISOString(),
          };
          tx.update(adaptations).set(row).where(eq(adaptations.id, id)).run();
          return row;
        },
        { behavior: "immediate" },
      );
      deps.search.refreshAdaptations(lessonId);
      return updated;
    },
  };
  return service;
}
