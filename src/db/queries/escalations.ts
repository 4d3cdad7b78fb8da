// Escalations (feed-forward) and their responses (feedback) as stored, and the reads that find them by
// lesson, by addressed place and by raising unit. Every read that lists escalations joins their lesson and
// takes the reader's visibility condition (`seen`, from domain/visibility.ts; undefined: every lesson).
import { and, asc, desc, eq, inArray, isNotNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { Tx } from "../database.js";
import { adaptations, escalationResponses, escalations, lessons } from "../schema.js";
import { type SeenPlaces, seenLessonsCondition } from "./lesson-visibility.js";

export type EscalationRow = typeof escalations.$inferSelect;
export type EscalationResponseRow = typeof escalationResponses.$inferSelect;
export type EscalationStatus = EscalationRow["status"];

/** An escalation with the title of its lesson (what inboxes and agendas show). */
export type EscalationWithTitle = EscalationRow & { lessonTitle: string };

/** Which escalations a list wants; `seen` is the reader's visibility (undefined: every lesson). */
type Seen = { seen: readonly SeenPlaces[] | undefined };
/** A keyset page: the condition after the cursor (from domain/pagination.ts) and how many rows to read. */
type Window = { after?: SQL | undefined; limit: number };

const visible = (seen: readonly SeenPlaces[] | undefined) => (seen ? seenLessonsCondition(seen) : undefined);

const withTitle = { ...getColumns(), lessonTitle: lessons.title };
function getColumns() {
  const { id, lessonId, fromUnitId, organisationId, toUnitId, toOrganisationId, ask, dueBy, status } =
    escalations;
  const { meetingId, authorKeyId, answeredAt, version, createdAt, updatedAt } = escalations;
  return {
    id,
    lessonId,
    fromUnitId,
    organisationId,
    toUnitId,
    toOrganisationId,
    ask,
    dueBy,
    status,
    meetingId,
    authorKeyId,
    answeredAt,
    version,
    createdAt,
    updatedAt,
  };
}

export function insertEscalation(tx: Tx, row: EscalationRow): void {
  tx.insert(escalations).values(row).run();
}

export function insertEscalationResponse(tx: Tx, row: EscalationResponseRow): void {
  tx.insert(escalationResponses).values(row).run();
}

/** Stores an escalation's new status after an answer. */
export function updateEscalationStatus(
  tx: Tx,
  id: string,
  change: Pick<EscalationRow, "status" | "answeredAt" | "version" | "updatedAt">,
): void {
  tx.update(escalations).set(change).where(eq(escalations.id, id)).run();
}

export function escalationById(db: Tx, id: string): EscalationWithTitle | undefined {
  return db
    .select(withTitle)
    .from(escalations)
    .innerJoin(lessons, eq(lessons.id, escalations.lessonId))
    .where(eq(escalations.id, id))
    .get();
}

/** The responses of each escalation, oldest first (escalations without any are absent). */
export function responsesOf(db: Tx, escalationIds: readonly string[]): Map<string, EscalationResponseRow[]> {
  const found = new Map<string, EscalationResponseRow[]>();
  if (escalationIds.length === 0) return found;
  const rows = db
    .select()
    .from(escalationResponses)
    .where(inArray(escalationResponses.escalationId, [...escalationIds]))
    .orderBy(asc(escalationResponses.createdAt), asc(escalationResponses.id))
    .all();
  for (const row of rows) {
    const list = found.get(row.escalationId);
    if (list) list.push(row);
    else found.set(row.escalationId, [row]);
  }
  return found;
}

/** A lesson's escalations, newest first; `organisationId` limits them to one organisation's. */
export function escalationsOfLesson(
  db: Tx,
  params: Window & { lessonId: string; organisationId?: string | undefined; orderBy: SQL[] },
): EscalationWithTitle[] {
  return db
    .select(withTitle)
    .from(escalations)
    .innerJoin(lessons, eq(lessons.id, escalations.lessonId))
    .where(
      and(
        eq(escalations.lessonId, params.lessonId),
        params.organisationId ? eq(escalations.organisationId, params.organisationId) : undefined,
        params.after,
      ),
    )
    .orderBy(...params.orderBy)
    .limit(params.limit)
    .all();
}

/**
 * Open or parked escalations raised by or addressed to any of `unitIds`, or addressed to any of
 * `organisationIds`, about lessons in `seen`; newest first.
 */
export function openEscalationsConcerning(
  db: Tx,
  params: Seen & { unitIds: readonly string[]; organisationIds: readonly string[]; limit: number },
): EscalationWithTitle[] {
  const concerning = or(
    params.unitIds.length > 0 ? inArray(escalations.fromUnitId, [...params.unitIds]) : undefined,
    params.unitIds.length > 0 ? inArray(escalations.toUnitId, [...params.unitIds]) : undefined,
    params.organisationIds.length > 0
      ? inArray(escalations.toOrganisationId, [...params.organisationIds])
      : undefined,
  );
  if (!concerning) return [];
  return db
    .select(withTitle)
    .from(escalations)
    .innerJoin(lessons, eq(lessons.id, escalations.lessonId))
    .where(and(concerning, inArray(escalations.status, ["open", "parked"]), visible(params.seen)))
    .orderBy(desc(escalations.createdAt), desc(escalations.id))
    .limit(params.limit)
    .all();
}

/** Where an escalation is addressed: a unit or an organisation. */
export type AddressedTo = { unitId: string } | { organisationId: string };

const addressedTo = (to: AddressedTo) =>
  "unitId" in to ? eq(escalations.toUnitId, to.unitId) : eq(escalations.toOrganisationId, to.organisationId);

/** Escalations addressed to `to` with one of `statuses`, about lessons in `seen`: a page and the total. */
export function escalationsAddressedTo(
  db: Tx,
  params: Seen & Window & { to: AddressedTo; statuses: readonly EscalationStatus[]; orderBy: SQL[] },
): { rows: EscalationWithTitle[]; count: number } {
  const where = and(
    addressedTo(params.to),
    inArray(escalations.status, [...params.statuses]),
    visible(params.seen),
  );
  const rows = db
    .select(withTitle)
    .from(escalations)
    .innerJoin(lessons, eq(lessons.id, escalations.lessonId))
    .where(and(where, params.after))
    .orderBy(...params.orderBy)
    .limit(params.limit)
    .all();
  return { rows, count: countOf(db, where) };
}

function countOf(db: Tx, where: SQL | undefined): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(escalations)
      .innerJoin(lessons, eq(lessons.id, escalations.lessonId))
      .where(where)
      .get()?.n ?? 0
  );
}

/** A response with the escalation it answers (an answer a raising unit received). */
export type ReceivedAnswer = { response: EscalationResponseRow; escalation: EscalationWithTitle };

/** Responses to escalations `fromUnitId` raised, about lessons in `seen`, newest first: a page and the total. */
export function answersReceived(
  db: Tx,
  params: Seen & Window & { fromUnitId: string; orderBy: SQL[] },
): { rows: ReceivedAnswer[]; count: number } {
  const where = and(eq(escalations.fromUnitId, params.fromUnitId), visible(params.seen));
  const rows = db
    .select({ response: escalationResponses, escalation: withTitle })
    .from(escalationResponses)
    .innerJoin(escalations, eq(escalations.id, escalationResponses.escalationId))
    .innerJoin(lessons, eq(lessons.id, escalations.lessonId))
    .where(and(where, params.after))
    .orderBy(...params.orderBy)
    .limit(params.limit)
    .all();
  const count =
    db
      .select({ n: sql<number>`count(*)` })
      .from(escalationResponses)
      .innerJoin(escalations, eq(escalations.id, escalationResponses.escalationId))
      .innerJoin(lessons, eq(lessons.id, escalations.lessonId))
      .where(where)
      .get()?.n ?? 0;
  return { rows, count };
}

/** An adaptation by another unit of one of a unit's own lessons, with the lesson's title. */
export type AdaptationOfOwnLesson = {
  id: string;
  lessonId: string;
  lessonTitle: string;
  unitId: string;
  result: (typeof adaptations.$inferSelect)["result"];
  notes: string | null;
  createdAt: string;
  updatedAt: string;
};

/** Adaptations (planned ones too) of `unitId`'s lessons by other units, lessons in `seen`: a page and the total. */
export function adaptationsOfOwnLessons(
  db: Tx,
  params: Seen & Window & { unitId: string; orderBy: SQL[] },
): { rows: AdaptationOfOwnLesson[]; count: number } {
  const where = and(
    eq(lessons.unitId, params.unitId),
    ne(adaptations.unitId, params.unitId),
    visible(params.seen),
  );
  const rows = db
    .select({
      id: adaptations.id,
      lessonId: adaptations.lessonId,
      lessonTitle: lessons.title,
      unitId: adaptations.unitId,
      result: adaptations.result,
      notes: adaptations.notes,
      createdAt: adaptations.createdAt,
      updatedAt: adaptations.updatedAt,
    })
    .from(adaptations)
    .innerJoin(lessons, eq(lessons.id, adaptations.lessonId))
    .where(and(where, params.after))
    .orderBy(...params.orderBy)
    .limit(params.limit)
    .all();
  const count =
    db
      .select({ n: sql<number>`count(*)` })
      .from(adaptations)
      .innerJoin(lessons, eq(lessons.id, adaptations.lessonId))
      .where(where)
      .get()?.n ?? 0;
  return { rows, count };
}

/** A lesson a manager returned to its unit in review (a draft with a review). */
export type ReturnedLesson = {
  id: string;
  title: string;
  reviewNote: string | null;
  /** When it was returned. */
  reviewedAt: string;
  reviewedBy: string | null;
};

/** `unitId`'s lessons returned in review and not yet submitted again, in `seen`: a page and the total. */
export function returnedLessons(
  db: Tx,
  params: Seen & Window & { unitId: string; orderBy: SQL[] },
): { rows: ReturnedLesson[]; count: number } {
  // a return moves the lesson back to draft and records the review; submitting it again leaves draft
  const where = and(
    eq(lessons.unitId, params.unitId),
    eq(lessons.status, "draft"),
    isNotNull(lessons.reviewedAt),
    visible(params.seen),
  );
  const rows = db
    .select({
      id: lessons.id,
      title: lessons.title,
      reviewNote: lessons.reviewNote,
      reviewedAt: sql<string>`${lessons.reviewedAt}`,
      reviewedBy: lessons.reviewedBy,
    })
    .from(lessons)
    .where(and(where, params.after))
    .orderBy(...params.orderBy)
    .limit(params.limit)
    .all();
  const count = db.select({ n: sql<number>`count(*)` }).from(lessons).where(where).get()?.n ?? 0;
  return { rows, count };
}
