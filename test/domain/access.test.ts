// The one visibility rule (canSee) against DESIGN.md's "Access" text, written here as explicit lists of
// who sees a lesson of the middle unit of a three-level tree, for every visibility and status.
import { describe, expect, it } from "vitest";
import { ANONYMOUS, canSee, type LessonPlace, managesUnit, type Principal } from "../../src/domain/access.js";
import { LESSON_STATUSES, VISIBILITIES } from "../../src/words.js";

// organisation A: top ← middle ← bottom (each below the one before); organisation B: other (alone)
const PARENT: Record<string, string | null> = { top: null, middle: "top", bottom: "middle", other: null };
const unitPath = (unitId: string): string[] => {
  const path: string[] = [];
  for (let at: string | null | undefined = unitId; at; at = PARENT[at]) path.push(at);
  return path;
};

const key = (
  role: "staff" | "manager" | "integration" | "admin",
  unitId: string | null,
  organisationId: string | null,
): Principal => ({
  kind: "key",
  keyId: `key_${role}_${unitId ?? organisationId}`,
  name: `${role} of ${unitId ?? organisationId ?? "the installation"}`,
  role,
  organisationId,
  unitId,
  scopes: role === "integration" ? ["lessons:read"] : [],
});

const PRINCIPALS = {
  anonymous: ANONYMOUS,
  admin: key("admin", null, null),
  staffTop: key("staff", "top", "A"),
  staffMiddle: key("staff", "middle", "A"),
  staffBottom: key("staff", "bottom", "A"),
  managerTop: key("manager", "top", "A"),
  managerMiddle: key("manager", "middle", "A"),
  managerBottom: key("manager", "bottom", "A"),
  managerOfA: key("manager", null, "A"),
  integrationA: key("integration", null, "A"),
  staffOther: key("staff", "other", "B"),
  managerOfB: key("manager", null, "B"),
} as const;
type Who = keyof typeof PRINCIPALS;

/** Who sees a lesson of `middle`, read from DESIGN.md's "Access". */
const SEES_PUBLISHED: Record<(typeof VISIBILITIES)[number], readonly Who[]> = {
  public: Object.keys(PRINCIPALS) as Who[],
  network: (Object.keys(PRINCIPALS) as Who[]).filter((who) => who !== "anonymous"),
  organisation: [
    "admin",
    "staffTop",
    "staffMiddle",
    "staffBottom",
    "managerTop",
    "managerMiddle",
    "managerBottom",
    "managerOfA",
    "integrationA",
  ],
  // its unit and the units below it (staff and managers of those), managers of its unit and above; not staff above, not integration
  unit: ["admin", "staffMiddle", "staffBottom", "managerMiddle", "managerBottom", "managerTop", "managerOfA"],
};
/** Drafts and submitted lessons: their own unit's staff and the managers of that unit and above. */
const SEES_UNPUBLISHED: readonly Who[] = [
  "admin",
  "staffMiddle",
  "managerMiddle",
  "managerTop",
  "managerOfA",
];

describe("canSee", () => {
  for (const status of LESSON_STATUSES)
    for (const visibility of VISIBILITIES) {
      const lesson: LessonPlace = { unitId: "middle", organisationId: "A", status, visibility };
      const shared = status === "published" || status === "archived";
      const seers = shared ? SEES_PUBLISHED[visibility] : SEES_UNPUBLISHED;
      it(`shows ${status} ${visibility} lessons exactly to ${seers.join(", ")}`, () => {
        const seen = (Object.keys(PRINCIPALS) as Who[]).filter((who) =>
          canSee(PRINCIPALS[who], lesson, unitPath),
        );
        expect(seen.sort()).toEqual([...seers].sort());
      });
    }

  it("never shows another organisation's unit-only or organisation lesson, nor its drafts", () => {
    for (const status of LESSON_STATUSES)
      for (const visibility of ["unit", "organisation"] as const)
        expect(
          canSee(
            PRINCIPALS.managerOfB,
            { unitId: "middle", organisationId: "A", status, visibility },
            unitPath,
          ),
        ).toBe(false);
    const draft: LessonPlace = {
      unitId: "other",
      organisationId: "B",
      status: "draft",
      visibility: "public",
    };
    expect(canSee(PRINCIPALS.managerOfA, draft, unitPath)).toBe(false);
    expect(canSee(PRINCIPALS.managerOfB, draft, unitPath)).toBe(true);
  });
});

describe("managesUnit", () => {
  it("holds for the manager's own unit and the units below it, and for an organisation's manager", () => {
    expect(managesUnit("middle", "middle", unitPath)).toBe(true);
    expect(managesUnit("middle", "bottom", unitPath)).toBe(true);
    expect(managesUnit("middle", "top", unitPath)).toBe(false);
    expect(managesUnit(null, "top", unitPath)).toBe(true);
  });
});
