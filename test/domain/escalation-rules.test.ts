// The escalation rules on a small unit tree, without a database: where a lesson may be raised to, and who
// may read and answer an escalation.
import { describe, expect, it } from "vitest";
import type { Principal } from "../../src/domain/access.js";
import {
  checkTarget,
  type Directory,
  mayAnswer,
  mayReadEscalation,
  raisingUnit,
} from "../../src/domain/escalation-rules.js";

// org A: elder ← home ← night; jobs (top level). org B: other.
const PARENT: Record<string, string | null> = {
  elder: null,
  home: "elder",
  night: "home",
  jobs: null,
  other: null,
};
const ORGANISATION: Record<string, string> = { elder: "A", home: "A", night: "A", jobs: "A", other: "B" };
const directory: Directory = {
  unitOrganisation: (id) => ORGANISATION[id],
  organisationExists: (id) => id === "A" || id === "B",
  unitPath: (id) => {
    const path: string[] = [];
    for (let at: string | null | undefined = id; at; at = PARENT[at]) path.push(at);
    return path;
  },
};
const night = { unitId: "night", organisationId: "A" };

const key = (
  role: "staff" | "manager" | "integration" | "admin",
  organisationId: string | null,
  unitId: string | null,
): Principal => ({
  kind: "key",
  keyId: `${role}-${organisationId}-${unitId}`,
  name: role,
  role,
  organisationId,
  unitId,
  scopes: [],
});

describe("where a lesson may be raised to", () => {
  it("is any unit above the raising unit, or its organisation", () => {
    expect(checkTarget({ unitId: "home" }, night, directory)).toEqual({
      target: { unitId: "home" },
      problems: [],
    });
    expect(checkTarget({ unitId: "elder" }, night, directory).target).toEqual({ unitId: "elder" });
    expect(checkTarget({ organisationId: "A" }, night, directory).target).toEqual({ organisationId: "A" });
  });

  it.each([
    [{}, "/to", "one_target"],
    [{ unitId: "home", organisationId: "A" }, "/to", "one_target"],
    [{ unitId: "nope" }, "/to/unitId", "unknown_reference"],
    [{ unitId: "night" }, "/to/unitId", "not_above"], // itself
    [{ unitId: "jobs" }, "/to/unitId", "not_above"], // a sibling tree
    [{ unitId: "other" }, "/to/unitId", "other_organisation"],
    [{ organisationId: "nope" }, "/to/organisationId", "unknown_reference"],
    [{ organisationId: "B" }, "/to/organisationId", "other_organisation"],
  ])("refuses %j, naming %s (%s)", (to, pointer, code) => {
    const { target, problems } = checkTarget(to, night, directory);
    expect(target).toBeNull();
    expect(problems).toMatchObject([{ pointer, code }]);
  });

  it("tells a top-level unit that only its organisation is above it", () => {
    const { problems } = checkTarget({ unitId: "jobs" }, { unitId: "elder", organisationId: "A" }, directory);
    expect(problems[0]?.message).toMatch(/it has none; raise it to the organisation/);
  });
});

describe("the raising unit", () => {
  it("is the one given, else the key's unit, else the lesson's", () => {
    expect(raisingUnit(key("staff", "A", "night"), "home", "elder")).toBe("elder");
    expect(raisingUnit(key("staff", "A", "night"), "home")).toBe("night");
    expect(raisingUnit(key("manager", "A", null), "home")).toBe("home");
    expect(raisingUnit(key("integration", "A", null), "home")).toBe("home");
  });
});

describe("who may answer", () => {
  const toHome = { organisationId: "A", toUnitId: "home", toOrganisationId: null };
  const toA = { organisationId: "A", toUnitId: null, toOrganisationId: "A" };

  it("is a manager of the addressed unit or above it, or of its organisation, and an admin", () => {
    expect(mayAnswer(key("manager", "A", "home"), toHome, directory.unitPath)).toBe(true);
    expect(mayAnswer(key("manager", "A", "elder"), toHome, directory.unitPath)).toBe(true);
    expect(mayAnswer(key("manager", "A", null), toHome, directory.unitPath)).toBe(true);
    expect(mayAnswer(key("admin", null, null), toHome, directory.unitPath)).toBe(true);
    expect(mayAnswer(key("manager", "A", "night"), toHome, directory.unitPath)).toBe(false); // below it
    expect(mayAnswer(key("manager", "A", "jobs"), toHome, directory.unitPath)).toBe(false);
    expect(mayAnswer(key("manager", "B", null), toHome, directory.unitPath)).toBe(false);
    expect(mayAnswer(key("staff", "A", "home"), toHome, directory.unitPath)).toBe(false);
    expect(mayAnswer({ kind: "anonymous" }, toHome, directory.unitPath)).toBe(false);
  });

  it("is, for an organisation, only its own organisation managers (and admins)", () => {
    expect(mayAnswer(key("manager", "A", null), toA, directory.unitPath)).toBe(true);
    expect(mayAnswer(key("manager", "A", "elder"), toA, directory.unitPath)).toBe(false);
    expect(mayAnswer(key("manager", "B", null), toA, directory.unitPath)).toBe(false);
    expect(mayAnswer(key("integration", "A", null), toA, directory.unitPath)).toBe(false);
  });
});

describe("who may read", () => {
  it("is a key of the escalation's organisation that sees the lesson, and any admin that does", () => {
    expect(mayReadEscalation(key("staff", "A", "jobs"), { organisationId: "A" }, true)).toBe(true);
    expect(mayReadEscalation(key("staff", "A", "jobs"), { organisationId: "A" }, false)).toBe(false);
    expect(mayReadEscalation(key("manager", "B", null), { organisationId: "A" }, true)).toBe(false);
    expect(mayReadEscalation(key("admin", null, null), { organisationId: "A" }, true)).toBe(true);
    expect(mayReadEscalation({ kind: "anonymous" }, { organisationId: "A" }, true)).toBe(false);
  });
});
