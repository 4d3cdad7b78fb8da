// Where a lesson may be raised to, and who may read and answer an escalation: pure rules over a
// principal, the places involved and the unit tree (write-access.ts decides who may raise: whoever may
// write for the raising unit). escalations/ applies them.
import { managesUnit, type Principal, type UnitPath } from "./access.js";
import type { FieldProblem } from "./errors.js";

/** Where an escalation is addressed: a unit above the raising unit, or its organisation. */
export type EscalationTarget = { unitId: string } | { organisationId: string };

/** Where it is addressed as stored: exactly one of the two. */
export type StoredTarget = { toUnitId: string | null; toOrganisationId: string | null };

/** What the target rule needs to know of the directory. */
export type Directory = {
  unitOrganisation: (unitId: string) => string | undefined;
  organisationExists: (organisationId: string) => boolean;
  unitPath: UnitPath;
};

/** The unit that raises: the one given (a routine's owner unit), the key's own, or (keys without a unit) the lesson's. */
export function raisingUnit(principal: Principal, lessonUnitId: string, given?: string | undefined): string {
  if (given) return given;
  if (principal.kind === "key" && principal.unitId) return principal.unitId;
  return lessonUnitId;
}

/**
 * The place a lesson is raised to: exactly one of `unitId` (a unit above the raising unit, in its
 * organisation) and `organisationId` (the raising unit's organisation). Returns the target, or the
 * problems, each naming its field.
 */
export function checkTarget(
  to: { unitId?: string | undefined; organisationId?: string | undefined },
  from: { unitId: string; organisationId: string },
  directory: Directory,
): { target: EscalationTarget; problems: [] } | { target: null; problems: FieldProblem[] } {
  const refused = (problem: FieldProblem) => ({ target: null, problems: [problem] });
  if ((to.unitId === undefined) === (to.organisationId === undefined)) {
    return refused({
      pointer: "/to",
      code: "one_target",
      message:
        "Name exactly one place that can act on the lesson: `{ unitId }` for a unit above yours, or `{ organisationId }` for your organisation.",
    });
  }
  if (to.unitId !== undefined) {
    const unitId = to.unitId;
    const organisationId = directory.unitOrganisation(unitId);
    const above = directory.unitPath(from.unitId).slice(1);
    if (organisationId === undefined)
      return refused({
        pointer: "/to/unitId",
        code: "unknown_reference",
        message: `No unit with id '${unitId}'.`,
      });
    if (organisationId !== from.organisationId)
      return refused({
        pointer: "/to/unitId",
        code: "other_organisation",
        message: `Unit '${unitId}' belongs to another organisation: a lesson is raised within the raising unit's own organisation ('${from.organisationId}').`,
      });
    if (!above.includes(unitId))
      return refused({
        pointer: "/to/unitId",
        code: "not_above",
        message: `Unit '${unitId}' is not above the raising unit '${from.unitId}': a lesson is raised to a unit above it (${
          above.map((u) => `'${u}'`).join(", ") || "it has none; raise it to the organisation"
        }) or to its organisation.`,
      });
    return { target: { unitId }, problems: [] };
  }
  const organisationId = to.organisationId as string;
  if (!directory.organisationExists(organisationId))
    return refused({
      pointer: "/to/organisationId",
      code: "unknown_reference",
      message: `No organisation with id '${organisationId}'.`,
    });
  if (organisationId !== from.organisationId)
    return refused({
      pointer: "/to/organisationId",
      code: "other_organisation",
      message: `A lesson is raised to the raising unit's own organisation ('${from.organisationId}'), not to '${organisationId}'.`,
    });
  return { target: { organisationId }, problems: [] };
}

/**
 * May `principal` read an escalation? It must see the escalation's lesson and belong to the escalation's
 * organisation (the raising and the addressed place are both in it); admins read every one.
 */
export function mayReadEscalation(
  principal: Principal,
  escalation: { organisationId: string },
  seesLesson: boolean,
): boolean {
  if (principal.kind !== "key" || !seesLesson) return false;
  return principal.role === "admin" || principal.organisationId === escalation.organisationId;
}

/**
 * The managers an escalation to `target` asks to act, as one principal: a manager of the addressed unit,
 * or of the addressed organisation. They must see the lesson to read what they are asked.
 */
export function addressedManagers(target: EscalationTarget, organisationId: string): Principal {
  return {
    kind: "key",
    keyId: "addressed-managers",
    name: "the addressed place's managers",
    role: "manager",
    organisationId: "organisationId" in target ? target.organisationId : organisationId,
    unitId: "unitId" in target ? target.unitId : null,
    scopes: [],
  };
}

/** May `principal` answer it? A manager of the addressed unit (or above it), of the addressed organisation, or an admin. */
export function mayAnswer(
  principal: Principal,
  escalation: { organisationId: string } & StoredTarget,
  unitPath: UnitPath,
): boolean {
  if (principal.kind !== "key") return false;
  if (principal.role === "admin") return true;
  if (principal.role !== "manager") return false;
  if (escalation.toUnitId) {
    return (
      principal.organisationId === escalation.organisationId &&
      managesUnit(principal.unitId, escalation.toUnitId, unitPath)
    );
  }
  return principal.unitId === null && principal.organisationId === escalation.toOrganisationId;
}

/** The stored target as the API shows it: one object. */
export function targetOf(row: StoredTarget): EscalationTarget {
  return row.toUnitId ? { unitId: row.toUnitId } : { organisationId: row.toOrganisationId as string };
}
