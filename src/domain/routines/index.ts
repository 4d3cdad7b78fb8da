// Knowledge-sharing routines (DESIGN.md): a unit's standing forum with a saved filter and a cadence.
// The service reads as its steps: the records (routines.ts), the agenda's start and candidates
// (candidates.ts), ranking and items (agenda.ts), meetings and their decisions (meeting-book.ts, with
// the body's checks in meetings.ts), and the feed's entries. Every read of a lesson goes through the reading key's visibility.
import type { Db } from "../../db/database.js";
import { adaptationNotes } from "../../db/queries/adaptations.js";
import { decidedLessonIds, lastMeeting, lessonsAdaptedBy } from "../../db/queries/routines.js";
import type { Language } from "../../words.js";
import type { Principal, UnitPath } from "../access.js";
import type { AdaptationService } from "../adaptations.js";
import type { AuditLog } from "../audit.js";
import type { Clock } from "../clock.js";
import type { CursorCodec } from "../cursors.js";
import type { EventLog } from "../events.js";
import type { FilterService } from "../filter/index.js";
import type { Lesson, LessonService } from "../lessons.js";
import type { OrganisationService } from "../organisations.js";
import type { UnitService } from "../units.js";
import type { VisibilityService } from "../visibility.js";
import type { VocabularyService } from "../vocabulary.js";
import { agendaEscalation, agendaItem, type OpenEscalation, rankCandidates } from "./agenda.js";
import { agendaStart, type Candidates, findCandidates } from "./candidates.js";
import { createMeetingBook, type EscalationRaiser } from "./meeting-book.js";
import { createRoutineRecords, type StoredRoutine } from "./routines.js";
import {
  AGENDA_DEFAULT_ITEMS,
  AGENDA_MAX_ITEMS,
  type Agenda,
  FEED_MAX_ENTRIES,
  type RoutineFilter,
} from "./types.js";

export * from "./types.js";

/** What the routines need of escalations: raising one for a meeting's decision, and the open ones. */
export type EscalationPort = EscalationRaiser & {
  openConcerning(principal: Principal, unitIds: string[]): OpenEscalation[];
};

/** A feed's entry: a candidate lesson, newest first. */
export type FeedEntry = { lesson: Lesson; unitName: string | null };
export type Feed = {
  routine: {
    id: string;
    name: string;
    forum: string | null;
    language: Language | null;
    ownerUnitName: string | null;
  };
  updatedAt: string;
  entries: FeedEntry[];
};

export type RoutineService = ReturnType<typeof createRoutineService>;

export function createRoutineService(deps: {
  db: Db;
  clock: Clock;
  units: Pick<UnitService, "find">;
  organisations: Pick<OrganisationService, "exists" | "get">;
  visibility: Pick<VisibilityService, "unitPath" | "canSee">;
  filter: Pick<FilterService, "matchingLessons" | "filter">;
  lessons: Pick<LessonService, "exists" | "getMany">;
  vocabulary: Pick<VocabularyService, "findTerm">;
  adaptations: Pick<AdaptationService, "plan">;
  escalations: EscalationPort;
  audit: Pick<AuditLog, "append" | "keyNames">;
  events: Pick<EventLog, "committed">;
  cursors: CursorCodec;
}) {
  const { db, clock } = deps;
  const unitPath: UnitPath = (unitId) => deps.visibility.unitPath(unitId);
  const records = createRoutineRecords({ ...deps, unitPath });
  const meetingBook = createMeetingBook({ ...deps, unitPath, records });
  const unitName = (unitId: string) => deps.units.find(unitId)?.name ?? null;
  const places = {
    unit: unitName,
    organisation: (id: string) => (deps.organisations.exists(id) ? deps.organisations.get(id).name : null),
  };

  function candidatesOf(principal: Principal, stored: StoredRoutine) {
    const start = agendaStart(stored.row.createdAt, lastMeeting(db, stored.row.id));
    const routine = { ownerUnitId: stored.row.ownerUnitId, filter: stored.row.filter as RoutineFilter };
    const known = decidedLessonIds(db, stored.row.id);
    for (const lessonId of lessonsAdaptedBy(db, stored.row.ownerUnitId)) known.add(lessonId);
    return { start, candidates: findCandidates(deps.filter, principal, routine, start, known, unitPath) };
  }

  /**
   * The open escalations raised by or addressed to the forum's units, of lessons `principal` may see
   * (one raised by another unit to the whole organisation is that unit's business, not this forum's).
   */
  function openEscalations(principal: Principal, stored: StoredRoutine) {
    const forum = new Set([stored.row.ownerUnitId, ...stored.audience]);
    return deps.escalations
      .openConcerning(principal, [...forum])
      .filter((escalation) => {
        const addressed = "unitId" in escalation.to ? escalation.to.unitId : undefined;
        if (!forum.has(escalation.fromUnitId) && !(addressed && forum.has(addressed))) return false;
        const lesson = deps.lessons.exists(escalation.lessonId);
        return lesson !== undefined && deps.visibility.canSee(principal, lesson);
      })
      .map((escalation) => agendaEscalation(escalation, places));
  }

  return {
    exists: records.exists,
    list: records.list,
    get: records.get,
    create: records.create,
    update: records.update,
    delete: records.delete,

    /** The language a routine's pages speak: its own, else the reader's. */
    languageOf(principal: Principal, id: string): Language | null {
      return records.readable(principal, id).row.language;
    },

    /**
     * What is new and relevant for the routine since its last meeting, ranked for its owner unit, as
     * `principal` may see it: the best `limit` lessons, and the open escalations of its units.
     */
    agenda(
      principal: Principal,
      id: string,
      options: { limit?: number | undefined; language: Language },
    ): Agenda {
      const stored = records.readable(principal, id);
      const language = options.language;
      const limit = Math.min(Math.max(options.limit ?? AGENDA_DEFAULT_ITEMS, 1), AGENDA_MAX_ITEMS);
      const { start, candidates } = candidatesOf(principal, stored);
      const ranked = rankCandidates(deps.filter, principal, candidates, limit, language);
      const ids = ranked.map((result) => result.id);
      const lessons = new Map(deps.lessons.getMany(ids).map((lesson) => [lesson.id, lesson]));
      const directions = new Map(candidates.lessons.map((doc) => [doc.lessonId, doc.outcomeDirection]));
      const sources = {
        vocabulary: deps.vocabulary,
        unitName,
        lessons,
        adaptations: adaptationNotes(db, ids),
        direction: (lessonId: string) => directions.get(lessonId) ?? "none",
      };
      const { row } = stored;
      return {
        routine: {
          id: row.id,
          name: row.name,
          forum: row.forum,
          ownerUnitId: row.ownerUnitId,
          ownerUnitName: unitName(row.ownerUnitId),
          cadence: row.cadence,
        },
        since: start.since,
        lastMeeting: start.lastMeeting,
        total: candidates.ids.size,
        items: ranked.map((result) => agendaItem(result, sources, language)),
        escalations: openEscalations(principal, stored),
        language,
        generatedAt: clock.now().toISOString(),
      };
    },

    /** Every candidate of the agenda (no ranking cut), newest first, at most FEED_MAX_ENTRIES. */
    feed(principal: Principal, id: string): Feed {
      const stored = records.readable(principal, id);
      const { candidates } = candidatesOf(principal, stored);
      const newest = newestFirst(candidates).slice(0, FEED_MAX_ENTRIES);
      const lessons = deps.lessons.getMany(newest);
      const { row } = stored;
      return {
        routine: {
          id: row.id,
          name: row.name,
          forum: row.forum,
          language: row.language,
          ownerUnitName: unitName(row.ownerUnitId),
        },
        // a feed changes when a lesson joins it or the routine changes
        updatedAt: [row.updatedAt, ...lessons.map((lesson) => lesson.publishedAt ?? lesson.updatedAt)]
          .sort()
          .at(-1)!,
        entries: lessons.map((lesson) => ({ lesson, unitName: unitName(lesson.unitId) })),
      };
    },

    /** The routine's meetings with their decisions, latest recorded first. */
    meetings: meetingBook.list,
    /** Records a meeting and what it decided, all or nothing (see meeting-book.ts). */
    recordMeeting: meetingBook.record,
  };
}

/** The candidates' lesson ids, newest publication first. */
function newestFirst(candidates: Candidates): string[] {
  return [...candidates.lessons]
    .sort((a, b) => b.publishedAt - a.publishedAt || (a.lessonId < b.lessonId ? 1 : -1))
    .map((doc) => doc.lessonId);
}
