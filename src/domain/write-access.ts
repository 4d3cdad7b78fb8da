// Who may write where (DESIGN.md, "Access"): pure rules over a principal, the place written to and the
// unit tree. Reading is domain/access.ts's `canSee`; a write first needs the resource to be visible
// (404 otherwise), then one of these rules (403 otherwise).
import { managesUnit, type Principal, type UnitPath } from "./access.js";
import { Forbidden } from "./errors.js";

/** The scope an integration key needs to log or change lessons and adaptations. */
export const LESSONS_WRITE_SCOPE = "lessons:write";

/** Where a lesson or adaptation is written: the unit it belongs to and that unit's organisation. */
export type UnitPlace = { organisationId: string; unitId: string };

type Key = Extract<Principal, { kind: "key" }>;
const isKey = (principal: Principal): principal is Key => principal.kind === "key";
const isAdmin = (principal: Principal) => isKey(principal) && principal.role === "admin";
const inOrganisation = (principal: Key, organisationId: string) =>
  principal.organisationId === organisationId;

/**
 * May `principal` log or change lessons and adaptations of `place`'s unit? Staff for their unit and the
 * units below it; managers for every unit they manage (their unit and below, or their whole
 * organisation); integration keys with `lessons:write` for their organisation's units; admin anywhere.
 */
export function mayWriteLessons(principal: Principal, place: UnitPlace, unitPath: UnitPath): boolean {
  if (!isKey(principal)) return false;
  if (principal.role === "admin") return true;
  if (!inOrganisation(principal, place.organisationId)) return false;
  switch (principal.role) {
    case "staff":
      return principal.unitId !== null && unitPath(place.unitId).includes(principal.unitId);
    case "manager":
      return managesUnit(principal.unitId, place.unitId, unitPath);
    case "integration":
      return principal.scopes.includes(LESSONS_WRITE_SCOPE);
  }
}

/**
 * May `principal` make a lesson of `place` published without a manager's review (create it as
 * published, or move it to published)? Managers who manage its unit and admins always; staff and
 * integration keys that may write there only when the organisation allows self-publishing.
 */
export function mayPublishDirectly(
  principal: Principal,
  place: UnitPlace,
  unitPath: UnitPath,
  organisationAllowsSelfPublish: boolean,
): boolean {
  if (!mayWriteLessons(principal, place, unitPath)) return false;
  if (isAdmin(principal) || (isKey(principal) && principal.role === "manager")) return true;
  return organisationAllowsSelfPublish;
}

/** May `principal` publish or return a submitted lesson of `place`? A manager of its unit or above, or an admin. */
export function mayReview(principal: Principal, place: UnitPlace, unitPath: UnitPath): boolean {
  if (!isKey(principal)) return false;
  if (principal.role === "admin") return true;
  return (
    principal.role === "manager" &&
    inOrganisation(principal, place.organisationId) &&
    managesUnit(principal.unitId, place.unitId, unitPath)
  );
}

/**
 * May `principal` create or change units, their context profiles and initiatives at this place? `unitId`
 * is the unit concerned (a unit itself, a new unit's parent, an initiative's lead unit); null means the
 * organisation as a whole (a new top-level unit), which only the organisation's managers manage.
 */
export function mayManage(
  principal: Principal,
  place: { organisationId: string; unitId: string | null },
  unitPath: UnitPath,
): boolean {
  if (!isKey(principal)) return false;
  if (principal.role === "admin") return true;
  if (principal.role !== "manager" || !inOrganisation(principal, place.organisationId)) return false;
  if (place.unitId === null) return principal.unitId === null;
  return managesUnit(principal.unitId, place.unitId, unitPath);
}

/** Organisations, vocabularies and keys are the installation's: admins only. */
export function mayAdminister(principal: Principal): boolean {
  return isAdmin(principal);
}

/** Refuses (403) what a rule above did not allow; `why` tells the key's holder what would be allowed. */
export function requireRight(allowed: boolean, why: string): void {
  if (!allowed) throw new Forbidden(why);
}
