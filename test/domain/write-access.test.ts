// The write rules as tables: each principal against each place of a small tree of two organisations.
import { describe, expect, it } from "vitest";
import { ANONYMOUS, type Principal } from "../../src/domain/access.js";
import type { DomainError } from "../../src/domain/errors.js";
import { ReviewConflict, reviewedStatus } from "../../src/domain/review.js";
import {
  mayAdminister,
  mayManage,
  mayPublishDirectly,
  mayReview,
  mayWriteLessons,
} from "../../src/domain/write-access.js";

// org_a: a_top ⊃ a_child, and a_other beside them; org_b: b_unit
const PARENT: Record<string, string | null> = { a_top: null, a_child: "a_top", a_other: null, b_unit: null };
const ORG: Record<string, string> = { a_top: "org_a", a_child: "org_a", a_other: "org_a", b_unit: "org_b" };
const unitPath = (unitId: string): string[] => {
  const path: string[] = [];
  for (let at: string | null | undefined = unitId; at; at = PARENT[at]) path.push(at);
  return path;
};
const place = (unitId: string) => ({ organisationId: ORG[unitId]!, unitId });

const key = (
  role: "staff" | "manager" | "integration" | "admin",
  organisationId: string | null,
  unitId: string | null,
  scopes: string[] = [],
): Principal => ({ kind: "key", keyId: `key_${role}`, name: role, role, organisationId, unitId, scopes });

const PRINCIPALS: Record<string, Principal> = {
  "staff of a_top": key("staff", "org_a", "a_top"),
  "staff of a_child": key("staff", "org_a", "a_child"),
  "manager of a_top": key("manager", "org_a", "a_top"),
  "manager of a_child": key("manager", "org_a", "a_child"),
  "manager of org_a": key("manager", "org_a", null),
  "manager of org_b": key("manager", "org_b", null),
  "integration of org_a (lessons:write)": key("integration", "org_a", null, [
    "lessons:read",
    "lessons:write",
  ]),
  "integration of org_a (lessons:read)": key("integration", "org_a", null, ["lessons:read"]),
  admin: key("admin", null, null),
  anonymous: ANONYMOUS,
};
const UNITS = ["a_top", "a_child", "a_other", "b_unit"] as const;

/** The units each principal may write lessons for, as DESIGN.md's table says. */
const WRITES_LESSONS: Record<string, readonly string[]> = {
  "staff of a_top": ["a_top", "a_child"],
  "staff of a_child": ["a_child"],
  "manager of a_top": ["a_top", "a_child"],
  "manager of a_child": ["a_child"],
  "manager of org_a": ["a_top", "a_child", "a_other"],
  "manager of org_b": ["b_unit"],
  "integration of org_a (lessons:write)": ["a_top", "a_child", "a_other"],
  "integration of org_a (lessons:read)": [],
  admin: UNITS,
  anonymous: [],
};

/** The units whose submitted lessons each principal reviews, and whose units and initiatives it manages. */
const MANAGES: Record<string, readonly string[]> = {
  "manager of a_top": ["a_top", "a_child"],
  "manager of a_child": ["a_child"],
  "manager of org_a": ["a_top", "a_child", "a_other"],
  "manager of org_b": ["b_unit"],
  admin: UNITS,
};

describe("write access by role and place", () => {
  for (const [who, principal] of Object.entries(PRINCIPALS)) {
    for (const unitId of UNITS) {
      const writes = WRITES_LESSONS[who]!.includes(unitId);
      const manages = (MANAGES[who] ?? []).includes(unitId);
      it(`${who} ${writes ? "writes" : "does not write"} lessons of ${unitId}, ${manages ? "manages" : "does not manage"} it`, () => {
        expect(mayWriteLessons(principal, place(unitId), unitPath)).toBe(writes);
        expect(mayReview(principal, place(unitId), unitPath)).toBe(manages);
        expect(mayManage(principal, place(unitId), unitPath)).toBe(manages);
      });
    }
  }

  it("lets only an organisation's managers (and admins) manage the organisation as a whole", () => {
    const whole = { organisationId: "org_a", unitId: null };
    const allowed = Object.entries(PRINCIPALS)
      .filter(([, principal]) => mayManage(principal, whole, unitPath))
      .map(([who]) => who);
    expect(allowed.sort()).toEqual(["admin", "manager of org_a"]);
  });

  it("lets only admins administer organisations and vocabularies", () => {
    const allowed = Object.entries(PRINCIPALS)
      .filter(([, principal]) => mayAdminister(principal))
      .map(([who]) => who);
    expect(allowed).toEqual(["admin"]);
  });
});

describe("publishing without review", () => {
  const cases: [who: string, unitId: string, selfPublish: boolean, expected: boolean][] = [
    ["staff of a_top", "a_top", false, false],
    ["staff of a_top", "a_top", true, true],
    ["staff of a_top", "b_unit", true, false], // self-publishing does not widen where staff write
    ["integration of org_a (lessons:write)", "a_other", false, false],
    ["integration of org_a (lessons:write)", "a_other", true, true],
    ["manager of a_child", "a_child", false, true],
    ["manager of a_child", "a_top", false, false],
    ["manager of org_a", "a_other", false, true],
    ["admin", "b_unit", false, true],
    ["anonymous", "a_top", true, false],
  ];
  for (const [who, unitId, selfPublish, expected] of cases) {
    it(`${who} ${expected ? "may" : "may not"} publish a lesson of ${unitId} directly when self-publishing is ${selfPublish ? "on" : "off"}`, () => {
      expect(mayPublishDirectly(PRINCIPALS[who]!, place(unitId), unitPath, selfPublish)).toBe(expected);
    });
  }
});

describe("review decisions", () => {
  it("publishes or returns a submitted lesson", () => {
    expect(reviewedStatus("submitted", "publish", undefined)).toBe("published");
    expect(reviewedStatus("submitted", "return", "Say which mechanism fired.")).toBe("draft");
  });

  it("reviews only submitted lessons, naming the current status", () => {
    for (const status of ["draft", "published", "archived"] as const) {
      const refusal = (() => {
        try {
          reviewedStatus(status, "publish", "fine");
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(ReviewConflict);
      expect((refusal as ReviewConflict).extensions()).toEqual({ currentStatus: status });
      expect((refusal as DomainError).status).toBe(409);
    }
  });

  it("needs a note to return a lesson", () => {
    for (const note of [undefined, null, "", "   "]) {
      expect(() => reviewedStatus("submitted", "return", note)).toThrow(/\/note/);
    }
  });
});
