// What a routine must say before it is stored: units that exist, an audience of the owner's own
// organisation (a routine is its organisation's: it is listed and authorised there, and its agenda is
// read by people who may not see another organisation's unit-only lessons), and a saved filter the
// filter service accepts. Every problem is reported at once, by the field's pointer.
import { INSTALLATION } from "../access.js";
import { type FieldProblem, Unprocessable } from "../errors.js";
import type { FilterService } from "../filter/index.js";
import type { UnitService } from "../units.js";
import type { RoutineFilter } from "./types.js";

type Units = Pick<UnitService, "find">;

/** Problems with the owner unit (when given) and the audience units. */
export function unitProblems(
  units: Units,
  owner: { id: string; organisationId: string | undefined },
  audience: readonly string[] | undefined,
  checkOwner: boolean,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (checkOwner && owner.organisationId === undefined)
    problems.push({
      pointer: "/ownerUnitId",
      code: "unknown_reference",
      message: `No unit with id '${owner.id}'.`,
    });
  const seen = new Set<string>();
  (audience ?? []).forEach((unitId, i) => {
    const pointer = `/audienceUnitIds/${i}`;
    const unit = units.find(unitId);
    if (!unit) problems.push({ pointer, code: "unknown_reference", message: `No unit with id '${unitId}'.` });
    else if (unitId === owner.id)
      problems.push({
        pointer,
        code: "owner_in_audience",
        message: "The owner unit is not listed in its own audience.",
      });
    else if (seen.has(unitId))
      problems.push({ pointer, code: "duplicate", message: `Unit '${unitId}' is listed twice.` });
    else if (owner.organisationId !== undefined && unit.organisationId !== owner.organisationId)
      problems.push({
        pointer,
        code: "other_organisation",
        message: `Unit '${unitId}' belongs to another organisation: a routine's audience is of the owner unit's organisation.`,
      });
    seen.add(unitId);
  });
  return problems;
}

/**
 * Problems with the saved filter, as the filter service finds them when it plans the request for the
 * owner unit (unknown facets and terms with suggestions, a reversed date range), under `/filter`.
 */
export function filterProblems(
  filter: Pick<FilterService, "matchingLessons">,
  saved: RoutineFilter,
  ownerUnitId: string,
): FieldProblem[] {
  try {
    filter.matchingLessons(INSTALLATION, { ...saved, unitId: ownerUnitId });
    return [];
  } catch (error) {
    if (!(error instanceof Unprocessable)) throw error;
    // the owner unit's own profile is checked where it is kept; only the saved filter's problems are ours
    return error.problems
      .filter((problem) => problem.pointer !== "/unitId" && !problem.pointer.startsWith("/unitId/"))
      .map((problem) => ({ ...problem, pointer: `/filter${problem.pointer}` }));
  }
}

/** Throws every problem at once (422), or nothing. */
export function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new Unprocessable(problems);
}
