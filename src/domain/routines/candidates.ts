// Which lessons are new and relevant for a routine: those its saved filter matches for the owner unit
// (only lessons the reading key may see: the filter service's rule), published since the agenda's start,
// not the owner unit's own (nor of a unit below it: they are its own people's), not decided at any of its
// meetings before, and not already adapted by the owner unit (planned or reported: it knows them). The agenda ranks them; the feed lists them newest first.
import type { IndexedLesson } from "../../search/facets.js";
import type { Principal, UnitPath } from "../access.js";
import type { FilterRequest, FilterService } from "../filter/index.js";
import type { RoutineFilter } from "./types.js";

/** Where an agenda starts: after the last meeting (from the start of its day, UTC), else the routine's creation. */
export type AgendaStart = { since: string; lastMeeting: { id: string; heldOn: string } | null };

export function agendaStart(
  createdAt: string,
  lastMeeting: { id: string; heldOn: string } | undefined,
): AgendaStart {
  // from the meeting's day on: a lesson published later that day is not lost; one discussed and left
  // undecided that morning may show again, which costs less than never showing a lesson
  if (!lastMeeting) return { since: createdAt, lastMeeting: null };
  // a meeting recorded with a day before the routine existed does not reach back before it
  const dayStart = `${lastMeeting.heldOn}T00:00:00.000Z`;
  return { since: dayStart > createdAt ? dayStart : createdAt, lastMeeting };
}

/** The filter request an agenda runs: the saved filter for the owner unit, from the agenda's start day on. */
export function agendaRequest(saved: RoutineFilter, ownerUnitId: string, since: string): FilterRequest {
  const sinceDay = since.slice(0, 10);
  const publishedFrom =
    saved.publishedFrom !== undefined && saved.publishedFrom > sinceDay ? saved.publishedFrom : sinceDay;
  // an old saved range that ended before the agenda starts finds nothing new, as it says
  return { ...saved, unitId: ownerUnitId, publishedFrom };
}

export type Candidates = {
  request: FilterRequest;
  /** The candidates, as the search index holds them. */
  lessons: IndexedLesson[];
  ids: ReadonlySet<string>;
};

/** The new relevant lessons of a routine for `principal`. */
export function findCandidates(
  filter: Pick<FilterService, "matchingLessons">,
  principal: Principal,
  routine: { ownerUnitId: string; filter: RoutineFilter },
  start: AgendaStart,
  /** Lessons decided at the routine's meetings or adapted by its owner unit. */
  known: ReadonlySet<string>,
  unitPath: UnitPath,
): Candidates {
  const request = agendaRequest(routine.filter, routine.ownerUnitId, start.since);
  const sinceMs = Date.parse(start.since);
  const { lessons } = filter.matchingLessons(principal, request);
  const candidates = lessons.filter(
    (doc) =>
      doc.publishedAt >= sinceMs &&
      !known.has(doc.lessonId) &&
      !unitPath(doc.unitId).includes(routine.ownerUnitId),
  );
  return { request, lessons: candidates, ids: new Set(candidates.map((doc) => doc.lessonId)) };
}
