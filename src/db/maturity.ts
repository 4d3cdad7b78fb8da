// The reads behind the maturity diagnosis, as plain `(db, params)` functions: a scope's units and their
// context profiles, its initiatives and their lineage, its published lessons with their terms, and the
// adaptations that carry lessons between units, the units' routines and escalations. No rule lives here: the domain decides what they mean.
import { and, asc, eq, inArray, max, ne, or } from "drizzle-orm";
import type { Stage } from "../words.js";
import type { Tx } from "./database.js";
import {
  adaptations,
  escalations,
  initiativeLineage,
  initiatives,
  initiativeUnits,
  lessons,
  lessonTerms,
  routineMeetings,
  routines,
  unitContext,
  units,
} from "./schema.js";

const initiativeColumns = {
  id: initiatives.id,
  title: initiatives.title,
  stage: initiatives.stage,
  status: initiatives.status,
  leadUnitId: initiatives.leadUnitId,
  programId: initiatives.programId,
  createdAt: initiatives.createdAt,
};

/** An organisation's units, oldest first. */
export function organisationUnits(db: Tx, { organisationId }: { organisationId: string }) {
  return db
    .select({ id: units.id, name: units.name, parentId: units.parentId })
    .from(units)
    .where(eq(units.organisationId, organisationId))
    .orderBy(asc(units.createdAt), asc(units.id))
    .all();
}

/** The context-profile terms of the units (every dimension; the caller picks the ones it needs). */
export function unitProfileTerms(db: Tx, { unitIds }: { unitIds: string[] }) {
  if (unitIds.length === 0) return [];
  return db
    .select({ unitId: unitContext.unitId, termId: unitContext.termId })
    .from(unitContext)
    .where(inArray(unitContext.unitId, unitIds))
    .all();
}

/** Initiatives the units lead or take part in (the same rule as listing initiatives by unit). */
export function initiativesOfUnits(db: Tx, { unitIds }: { unitIds: string[] }) {
  if (unitIds.length === 0) return [];
  const participating = db
    .select({ id: initiativeUnits.initiativeId })
    .from(initiativeUnits)
    .where(inArray(initiativeUnits.unitId, unitIds));
  return db
    .select(initiativeColumns)
    .from(initiatives)
    .where(or(inArray(initiatives.leadUnitId, unitIds), inArray(initiatives.id, participating)))
    .all();
}

/** Initiatives by id (for the neighbours of a scope's lineage). */
export function initiativesById(db: Tx, { ids }: { ids: string[] }) {
  if (ids.length === 0) return [];
  return db.select(initiativeColumns).from(initiatives).where(inArray(initiatives.id, ids)).all();
}

/** `buildsOn` links that start or end at one of the initiatives. */
export function buildsOnLinks(db: Tx, { initiativeIds }: { initiativeIds: string[] }) {
  if (initiativeIds.length === 0) return [];
  return db
    .select({ initiativeId: initiativeLineage.initiativeId, buildsOnId: initiativeLineage.buildsOnId })
    .from(initiativeLineage)
    .where(
      or(
        inArray(initiativeLineage.initiativeId, initiativeIds),
        inArray(initiativeLineage.buildsOnId, initiativeIds),
      ),
    )
    .all();
}

/** The initiatives inside the programs (by `programId`). */
export function programMembers(db: Tx, { programIds }: { programIds: string[] }) {
  if (programIds.length === 0) return [];
  return db
    .select({ id: initiatives.id, programId: initiatives.programId })
    .from(initiatives)
    .where(inArray(initiatives.programId, programIds))
    .all();
}

export type PublishedLessonRow = {
  id: string;
  title: string;
  unitId: string;
  initiativeId: string | null;
  stage: Stage;
  publishedAt: string | null;
};

/** The published lessons the units logged, oldest first. */
export function publishedLessonsOfUnits(db: Tx, { unitIds }: { unitIds: string[] }): PublishedLessonRow[] {
  if (unitIds.length === 0) return [];
  return db
    .select({
      id: lessons.id,
      title: lessons.title,
      unitId: lessons.unitId,
      initiativeId: lessons.initiativeId,
      stage: lessons.stage,
      publishedAt: lessons.publishedAt,
    })
    .from(lessons)
    .where(and(eq(lessons.status, "published"), inArray(lessons.unitId, unitIds)))
    .orderBy(asc(lessons.createdAt), asc(lessons.id))
    .all();
}

/** A subquery, so that an organisation's many lessons never become one huge list of parameters. */
function publishedLessonIds(db: Tx, unitIds: string[]) {
  return db
    .select({ id: lessons.id })
    .from(lessons)
    .where(and(eq(lessons.status, "published"), inArray(lessons.unitId, unitIds)));
}

/** Every term of the units' published lessons, with its outcome direction (null for other terms). */
export function publishedLessonTermsOfUnits(db: Tx, { unitIds }: { unitIds: string[] }) {
  if (unitIds.length === 0) return [];
  return db
    .select({ lessonId: lessonTerms.lessonId, termId: lessonTerms.termId, direction: lessonTerms.direction })
    .from(lessonTerms)
    .where(inArray(lessonTerms.lessonId, publishedLessonIds(db, unitIds)))
    .orderBy(asc(lessonTerms.lessonId), asc(lessonTerms.position))
    .all();
}

/**
 * Adaptations of published lessons by another unit than the lesson's own, where the lesson's unit or the
 * adapting unit is one of `unitIds`.
 */
export function crossUnitAdaptations(db: Tx, { unitIds }: { unitIds: string[] }) {
  if (unitIds.length === 0) return [];
  return db
    .select({ lessonId: adaptations.lessonId, unitId: adaptations.unitId, lessonUnitId: lessons.unitId })
    .from(adaptations)
    .innerJoin(lessons, eq(adaptations.lessonId, lessons.id))
    .where(
      and(
        eq(lessons.status, "published"),
        // a planned adaptation (a meeting decided to try it) is not an adaptation yet
        ne(adaptations.result, "planned"),
        ne(adaptations.unitId, lessons.unitId),
        or(inArray(adaptations.unitId, unitIds), inArray(lessons.unitId, unitIds)),
      ),
    )
    .orderBy(asc(adaptations.createdAt), asc(adaptations.id))
    .all();
}

/** The terms of published lessons logged under the programs or under an initiative inside one, per lesson. */
export function termsOfProgramLessons(
  db: Tx,
  { programIds }: { programIds: string[] },
): { lessonId: string; termId: string }[] {
  if (programIds.length === 0) return [];
  const inside = db
    .select({ id: initiatives.id })
    .from(initiatives)
    .where(or(inArray(initiatives.id, programIds), inArray(initiatives.programId, programIds)));
  return db
    .select({ lessonId: lessonTerms.lessonId, termId: lessonTerms.termId })
    .from(lessonTerms)
    .innerJoin(lessons, eq(lessonTerms.lessonId, lessons.id))
    .where(and(eq(lessons.status, "published"), inArray(lessons.initiativeId, inside)))
    .all();
}

/** The routines the units own, with the day each last met (null: never). */
export function routinesOfUnits(db: Tx, { unitIds }: { unitIds: string[] }) {
  if (unitIds.length === 0) return [];
  return db
    .select({
      id: routines.id,
      name: routines.name,
      cadence: routines.cadence,
      createdAt: routines.createdAt,
      lastHeldOn: max(routineMeetings.heldOn),
    })
    .from(routines)
    .leftJoin(routineMeetings, eq(routineMeetings.routineId, routines.id))
    .where(inArray(routines.ownerUnitId, unitIds))
    .groupBy(routines.id)
    .orderBy(asc(routines.createdAt), asc(routines.id))
    .all();
}

/** Escalations the units raised or that are addressed to one of them, oldest first. */
export function escalationsOfUnits(db: Tx, { unitIds }: { unitIds: string[] }) {
  if (unitIds.length === 0) return [];
  return db
    .select({
      id: escalations.id,
      lessonId: escalations.lessonId,
      status: escalations.status,
      createdAt: escalations.createdAt,
    })
    .from(escalations)
    .where(or(inArray(escalations.fromUnitId, unitIds), inArray(escalations.toUnitId, unitIds)))
    .orderBy(asc(escalations.createdAt), asc(escalations.id))
    .all();
}
