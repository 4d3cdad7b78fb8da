// The access rule's SQL form for lists of lessons: the places (per status and visibility) whose lessons
// a key may see, as one WHERE condition. The places come from the rule (domain/visibility.ts); this
// module only writes them down as SQL.
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { LessonStatus, Visibility } from "../../words.js";
import { lessons } from "../schema.js";

/** Where lessons are seen: everywhere, or in these organisations (every unit of them) and units. */
export type PlaceSet = { all: boolean; organisationIds: readonly string[]; unitIds: readonly string[] };

/** Lessons of these statuses and this visibility are seen in `places`. */
export type SeenPlaces = { statuses: readonly LessonStatus[]; visibility: Visibility; places: PlaceSet };

/** The condition "the lesson lies in one of `seen`" (false when `seen` is empty). */
export function seenLessonsCondition(seen: readonly SeenPlaces[]): SQL {
  const clauses = seen.map(({ statuses, visibility, places }) =>
    and(
      inArray(lessons.status, [...statuses]),
      eq(lessons.visibility, visibility),
      places.all
        ? undefined
        : or(
            places.organisationIds.length > 0
              ? inArray(lessons.organisationId, [...places.organisationIds])
              : undefined,
            places.unitIds.length > 0 ? inArray(lessons.unitId, [...places.unitIds]) : undefined,
          ),
    ),
  );
  return or(...clauses) ?? sql`0`;
}
