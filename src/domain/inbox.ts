// Inboxes (DESIGN.md, "Knowledge-sharing routines"): per unit, what came back to it or waits for it —
// escalations to answer, answers to the escalations it raised, adaptations of its own lessons by other
// units (planned ones too), its lessons returned in review; per organisation, the escalations addressed
// to it. Every item is about a lesson the reader may see. Sections are counted and bounded: a reader
// pages on through one section at a time (`section` and its `cursor`).
import type { Column } from "drizzle-orm";
import type { Db } from "../db/database.js";
import {
  type AddressedTo,
  adaptationsOfOwnLessons,
  answersReceived,
  escalationsAddressedTo,
  returnedLessons,
} from "../db/queries/escalations.js";
import { adaptations, escalationResponses, escalations, lessons } from "../db/schema.js";
import { managesUnit, type Principal, readerOf } from "./access.js";
import type { AuditLog } from "./audit.js";
import { type CursorCodec, requestScope } from "./cursors.js";
import { Forbidden, NotFound, Unprocessable } from "./errors.js";
import type { Escalation, EscalationResponse, EscalationService } from "./escalations/index.js";
import type { KeyRef } from "./lessons.js";
import type { OrganisationService } from "./organisations.js";
import { keyset, MAX_PAGE_SIZE, type Page, toPage } from "./pagination.js";
import type { UnitService } from "./units.js";
import type { VisibilityService } from "./visibility.js";

export const UNIT_INBOX_SECTIONS = ["toAnswer", "answersReceived", "adaptations", "returned"] as const;
export const ORGANISATION_INBOX_SECTIONS = ["toAnswer", "answered"] as const;
export type UnitInboxSection = (typeof UNIT_INBOX_SECTIONS)[number];
export type OrganisationInboxSection = (typeof ORGANISATION_INBOX_SECTIONS)[number];

/** Items per section unless the reader asks for more (up to MAX_PAGE_SIZE): an inbox is read at a glance. */
export const INBOX_SECTION_SIZE = 10;

/** A section: how many items it holds in all, the newest of them, and where to page on. */
export type Section<T> = Page<T> & { count: number };

export type ReceivedAnswer = { escalation: Escalation; response: EscalationResponse };
export type AdaptationOfOwnLesson = {
  id: string;
  lessonId: string;
  lessonTitle: string;
  /** The adapting unit. */
  unitId: string;
  result: "worked" | "partly" | "did_not_work" | "planned";
  /** The unit decided to try the lesson and has not yet reported what it found. */
  planned: boolean;
  notes: string | null;
  url: string;
  createdAt: string;
  updatedAt: string;
};
export type ReturnedLesson = {
  lessonId: string;
  title: string;
  note: string | null;
  returnedAt: string;
  returnedBy: KeyRef | null;
  url: string;
};

export type UnitInbox = {
  unitId: string;
  toAnswer?: Section<Escalation>;
  answersReceived?: Section<ReceivedAnswer>;
  adaptations?: Section<AdaptationOfOwnLesson>;
  returned?: Section<ReturnedLesson>;
};
export type OrganisationInbox = {
  organisationId: string;
  toAnswer?: Section<Escalation>;
  answered?: Section<Escalation>;
};

/** What the reader asks: the number per section; one section only (needed with a cursor) and where to go on. */
export type InboxRequest<S extends string> = {
  limit?: number | undefined;
  section?: S | undefined;
  cursor?: string | undefined;
};

/** Where a section's page starts and how many rows it reads (one more than it shows). */
type SectionWindow = Pick<ReturnType<typeof keyset>, "after" | "orderBy"> & { limit: number };

export type InboxService = ReturnType<typeof createInboxService>;

export function createInboxService(deps: {
  db: Db;
  units: Pick<UnitService, "find" | "path">;
  organisations: Pick<OrganisationService, "exists">;
  visibility: Pick<VisibilityService, "seenPlaces">;
  escalations: Pick<EscalationService, "present">;
  audit: Pick<AuditLog, "keyNames">;
  cursors: CursorCodec;
}) {
  const { db } = deps;

  /** Reads one section's page: the keyset over `columns`, the query, and the page with its cursor. */
  function section<Row extends { createdAt: string; id: string }, T>(spec: {
    /** The inbox's place ("unit:…" or "organisation:…") and the section's name: the cursor's scope. */
    place: string;
    name: string;
    request: InboxRequest<string>;
    principal: Principal;
    columns: { createdAt: Column; id: Column };
    read: (window: SectionWindow) => { rows: Row[]; count: number };
    present: (rows: Row[]) => T[];
  }): Section<T> {
    const { request, principal } = spec;
    const limit = Math.min(Math.max(request.limit ?? INBOX_SECTION_SIZE, 1), MAX_PAGE_SIZE);
    const signed = {
      codec: deps.cursors,
      scope: requestScope("inbox", {
        place: spec.place,
        section: spec.name,
        limit,
        reader: readerOf(principal),
      }),
    };
    const cursor = request.section === spec.name ? request.cursor : undefined;
    const { after, orderBy } = keyset(spec.columns, cursor, signed);
    const { rows, count } = spec.read({ after, orderBy, limit: limit + 1 });
    const page = toPage(rows, limit, signed, (row) => row);
    return { count, items: spec.present(page.items), nextCursor: page.nextCursor };
  }

  const wanted = <S extends string>(request: InboxRequest<S>, name: S) =>
    request.section === undefined || request.section === name;

  function checkCursor(request: InboxRequest<string>): void {
    if (request.cursor !== undefined && request.section === undefined) {
      throw new Unprocessable([
        {
          pointer: "/cursor",
          code: "section_required",
          message:
            "A cursor pages on through one section: send `section` with it (the section the cursor came from).",
        },
      ]);
    }
  }

  /** What every section of one inbox reading shares: who reads, which inbox, what was asked. */
  type Reading = { principal: Principal; place: string; request: InboxRequest<string> };

  function escalationsTo(
    reading: Reading,
    name: string,
    to: AddressedTo,
    statuses: ("open" | "parked" | "answered")[],
  ): Section<Escalation> {
    const seen = deps.visibility.seenPlaces(reading.principal);
    return section({
      ...reading,
      name,
      columns: escalations,
      read: (window) => escalationsAddressedTo(db, { ...window, seen, to, statuses }),
      present: (rows) => deps.escalations.present(rows),
    });
  }

  /** Answers to the escalations the unit raised, newest answer first, each with its escalation. */
  function answersTo(reading: Reading, unitId: string): Section<ReceivedAnswer> {
    const seen = deps.visibility.seenPlaces(reading.principal);
    return section({
      ...reading,
      name: "answersReceived",
      columns: escalationResponses,
      read: (window) => {
        const { rows, count } = answersReceived(db, { ...window, seen, fromUnitId: unitId });
        // the page is keyed by the answer, not by the escalation
        return {
          rows: rows.map((row) => ({ ...row, id: row.response.id, createdAt: row.response.createdAt })),
          count,
        };
      },
      present: (rows) => {
        const presented = new Map(
          deps.escalations.present(rows.map((row) => row.escalation)).map((e) => [e.id, e]),
        );
        return rows.map((row) => {
          const escalation = presented.get(row.escalation.id)!;
          return { escalation, response: escalation.responses.find((r) => r.id === row.response.id)! };
        });
      },
    });
  }

  /** Other units' adaptations of the unit's lessons, planned ones marked. */
  function adaptationsOf(reading: Reading, unitId: string): Section<AdaptationOfOwnLesson> {
    const seen = deps.visibility.seenPlaces(reading.principal);
    return section({
      ...reading,
      name: "adaptations",
      columns: adaptations,
      read: (window) => adaptationsOfOwnLessons(db, { ...window, seen, unitId }),
      present: (rows) =>
        rows.map((row) => ({
          ...row,
          planned: row.result === "planned",
          url: `/v1/lessons/${row.lessonId}/adaptations/${row.id}`,
        })),
    });
  }

  /** The unit's lessons a manager returned in review, newest return first, with the reviewer's note. */
  function returnedTo(reading: Reading, unitId: string): Section<ReturnedLesson> {
    const seen = deps.visibility.seenPlaces(reading.principal);
    return section({
      ...reading,
      name: "returned",
      columns: { createdAt: lessons.reviewedAt, id: lessons.id },
      read: (window) => {
        const { rows, count } = returnedLessons(db, { ...window, seen, unitId });
        return { rows: rows.map((row) => ({ ...row, createdAt: row.reviewedAt })), count };
      },
      present: (rows) => {
        const names = deps.audit.keyNames(rows.flatMap((row) => row.reviewedBy ?? []));
        return rows.map((row) => ({
          lessonId: row.id,
          title: row.title,
          note: row.reviewNote,
          returnedAt: row.reviewedAt,
          returnedBy: row.reviewedBy
            ? { keyId: row.reviewedBy, name: names.get(row.reviewedBy) ?? row.reviewedBy }
            : null,
          url: `/v1/lessons/${row.id}`,
        }));
      },
    });
  }

  return {
    /**
     * A unit's inbox: read by the unit's staff, managers of the unit or above it, and admins (403 for
     * other keys; 404 for an unknown unit).
     */
    unit(principal: Principal, unitId: string, request: InboxRequest<UnitInboxSection>): UnitInbox {
      const unit = deps.units.find(unitId);
      if (!unit) throw new NotFound("unit", unitId);
      if (!mayReadUnitInbox(principal, unit, (id) => deps.units.path(id))) {
        throw new Forbidden(
          `The inbox of unit '${unitId}' is read by the unit's staff, by managers of the unit, of a unit above it or of its organisation, and by admins.`,
        );
      }
      checkCursor(request);
      const reading = { principal, place: `unit:${unitId}`, request };
      const inbox: UnitInbox = { unitId };
      if (wanted(request, "toAnswer"))
        inbox.toAnswer = escalationsTo(reading, "toAnswer", { unitId }, ["open", "parked"]);
      if (wanted(request, "answersReceived")) inbox.answersReceived = answersTo(reading, unitId);
      if (wanted(request, "adaptations")) inbox.adaptations = adaptationsOf(reading, unitId);
      if (wanted(request, "returned")) inbox.returned = returnedTo(reading, unitId);
      return inbox;
    },

    /**
     * An organisation's inbox: the escalations addressed to it, to answer and answered; read by its
     * organisation managers and admins (403 for other keys; 404 for an unknown organisation).
     */
    organisation(
      principal: Principal,
      organisationId: string,
      request: InboxRequest<OrganisationInboxSection>,
    ): OrganisationInbox {
      if (!deps.organisations.exists(organisationId)) throw new NotFound("organisation", organisationId);
      if (!mayReadOrganisationInbox(principal, organisationId)) {
        throw new Forbidden(
          `The inbox of organisation '${organisationId}' is read by its organisation managers (keys of a manager without a unit) and by admins.`,
        );
      }
      checkCursor(request);
      const reading = { principal, place: `organisation:${organisationId}`, request };
      const to = { organisationId };
      const inbox: OrganisationInbox = { organisationId };
      if (wanted(request, "toAnswer"))
        inbox.toAnswer = escalationsTo(reading, "toAnswer", to, ["open", "parked"]);
      if (wanted(request, "answered")) inbox.answered = escalationsTo(reading, "answered", to, ["answered"]);
      return inbox;
    },
  };
}

/** A unit's own staff, managers of it or above it (in its organisation), and admins. */
export function mayReadUnitInbox(
  principal: Principal,
  unit: { id: string; organisationId: string },
  unitPath: (unitId: string) => readonly string[],
): boolean {
  if (principal.kind !== "key") return false;
  if (principal.role === "admin") return true;
  if (principal.organisationId !== unit.organisationId) return false;
  if (principal.role === "staff") return principal.unitId === unit.id;
  return principal.role === "manager" && managesUnit(principal.unitId, unit.id, unitPath);
}

/** The organisation's own managers (a manager key without a unit) and admins. */
export function mayReadOrganisationInbox(principal: Principal, organisationId: string): boolean {
  if (principal.kind !== "key") return false;
  if (principal.role === "admin") return true;
  return (
    principal.role === "manager" && principal.unitId === null && principal.organisationId === organisationId
  );
}
