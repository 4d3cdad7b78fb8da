// Who may read and run a routine (DESIGN.md, "Access"): its forum's people read it — staff of its owner
// or audience units (and of units below them), managers of those units or above them, the organisation's
// integration keys (the route asks them for `lessons:read`) —, and the managers of its owner unit run it
// (create, change, delete, record meetings). Pure rules over a principal and the unit tree.
import { managesUnit, type Principal, type UnitPath } from "../access.js";
import { mayManage } from "../write-access.js";

/** Where a routine sits: its organisation and the units it brings together (owner first). */
export type RoutinePlace = { organisationId: string; ownerUnitId: string; unitIds: readonly string[] };

/** May `principal` read the routines that bring `unitId` (of `organisationId`) together? */
export function readsRoutinesOf(
  principal: Principal,
  organisationId: string,
  unitId: string,
  unitPath: UnitPath,
): boolean {
  if (principal.kind === "anonymous") return false;
  if (principal.role === "admin") return true;
  if (principal.organisationId !== organisationId) return false;
  if (principal.role === "integration") return true;
  if (principal.unitId === null) return principal.role === "manager";
  // the people of the unit or of a unit below it, as for a unit-only lesson
  if (unitPath(principal.unitId).includes(unitId)) return true;
  return principal.role === "manager" && managesUnit(principal.unitId, unitId, unitPath);
}

export function mayReadRoutine(principal: Principal, routine: RoutinePlace, unitPath: UnitPath): boolean {
  return routine.unitIds.some((unitId) =>
    readsRoutinesOf(principal, routine.organisationId, unitId, unitPath),
  );
}

/** Managers of the owner unit (of it, a unit above it, or its organisation) and admins run a routine. */
export function mayRunRoutine(principal: Principal, routine: RoutinePlace, unitPath: UnitPath): boolean {
  return mayManage(
    principal,
    { organisationId: routine.organisationId, unitId: routine.ownerUnitId },
    unitPath,
  );
}
