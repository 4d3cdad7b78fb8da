// Who is asking, and the one visibility rule. A request is made by a principal: anonymous (no key), or
// the holder of a key with one role and one place (DESIGN.md, "Access"). `canSee` decides for one
// lesson; every read — lists, GET by id, filter results and facet counts, suggest, digests, maps,
// maturity, feeds — goes through it or through its bitset form in the search index, which must agree
// with it (a property test holds them equal).
import type { LessonStatus, Role, Visibility } from "../words.js";

export { ROLES, type Role } from "../words.js";

export type Principal =
  | { kind: "anonymous" }
  | {
      kind: "key";
      keyId: string;
      /** The key's name, e.g. "Hjemmeplejen Nord – planner": who wrote what, in the audit log. */
      name: string;
      role: Role;
      /** The organisation the key belongs to (null for admin keys: the installation). */
      organisationId: string | null;
      /** The unit, for staff and for a manager of a unit; null for an organisation's manager or integration. */
      unitId: string | null;
      /** What an integration key may do (`lessons:read`, `lessons:write`, …); empty for other roles. */
      scopes: readonly string[];
    };

export const ANONYMOUS: Principal = { kind: "anonymous" };

/** Who reads, for binding a page cursor to its reader: a key's id, or "anonymous". */
export function readerOf(principal: Principal): string {
  return principal.kind === "key" ? principal.keyId : "anonymous";
}

/**
 * The installation itself, for in-process work that answers no request (seeding, the benchmark's
 * admin runs, command-line tools): an admin. Requests always carry their own principal.
 */
export const INSTALLATION: Principal = {
  kind: "key",
  keyId: "installation",
  name: "the installation (in process)",
  role: "admin",
  organisationId: null,
  unitId: null,
  scopes: [],
};

/** The master key's id (ADMIN_KEY, http/auth.ts): it is no stored key, and stands for an admin. */
export const MASTER_KEY_ID = "key_admin";
/** The master key's principal: an admin of the installation. */
export const MASTER_PRINCIPAL: Principal = {
  kind: "key",
  keyId: MASTER_KEY_ID,
  name: "ADMIN_KEY (master key)",
  role: "admin",
  organisationId: null,
  unitId: null,
  scopes: [],
};

/** What the rule needs to know of a lesson. */
export type LessonPlace = {
  unitId: string;
  organisationId: string;
  status: LessonStatus;
  visibility: Visibility;
};

/** The unit tree: a unit and its ancestors, nearest first ([unit, parent, grandparent, …]). */
export type UnitPath = (unitId: string) => readonly string[];

/**
 * May `principal` see `lesson`?
 * - admin: everything.
 * - published (or archived) lessons: `public` to anyone; `network` to every key; `organisation` to
 *   every key of its organisation; `unit` to the people of its unit or of a unit below it (staff, and
 *   managers of such a unit: a manager has all of staff's rights), and to managers of a unit above it
 *   or of its organisation — not to staff of a unit above, nor to integration keys.
 * - drafts and submitted lessons: only staff of their own unit and those managers.
 */
export function canSee(principal: Principal, lesson: LessonPlace, unitPath: UnitPath): boolean {
  if (principal.kind === "anonymous") return isShared(lesson.status) && lesson.visibility === "public";
  if (principal.role === "admin") return true;
  if (isShared(lesson.status)) {
    if (lesson.visibility === "public" || lesson.visibility === "network") return true;
    if (principal.organisationId !== lesson.organisationId) return false;
    if (lesson.visibility === "organisation") return true;
  } else if (principal.organisationId !== lesson.organisationId) return false;
  // unit-only, or not yet published: the unit's own people
  if (principal.role === "manager" && managesUnit(principal.unitId, lesson.unitId, unitPath)) return true;
  if ((principal.role !== "staff" && principal.role !== "manager") || principal.unitId === null) return false;
  if (!isShared(lesson.status)) return principal.role === "staff" && principal.unitId === lesson.unitId;
  // a unit-only lesson: the people of its unit or of a unit below it
  return unitPath(principal.unitId).includes(lesson.unitId);
}

/** A manager of `managerUnitId` (null: of the whole organisation) manages `unitId` when it is that unit or above it. */
export function managesUnit(managerUnitId: string | null, unitId: string, unitPath: UnitPath): boolean {
  return managerUnitId === null || unitPath(unitId).includes(managerUnitId);
}

/** Published and archived lessons are shared by their visibility; drafts and submitted ones are not. */
function isShared(status: LessonStatus): boolean {
  return status === "published" || status === "archived";
}
