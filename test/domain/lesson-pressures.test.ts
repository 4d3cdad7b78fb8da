// The pure rules of a lesson's pressures (where the deprecated lesson-level coping lands, when a text
// stays marked as carried over, duplicates) and of adaptation notes, without a database.
import { describe, expect, it } from "vitest";
import { missingNotes } from "../../src/domain/adaptations.js";
import type { FieldProblem } from "../../src/domain/errors.js";
import { type LessonPressure, resolvePressures } from "../../src/domain/lesson-pressures.js";

/** A resolver over a vocabulary where every slug but `unknown` is a term with id `t_<slug>`. */
function resolver() {
  const problems: FieldProblem[] = [];
  const check = {
    term: (_facet: string, slug: string, pointer: string) => {
      if (slug !== "unknown") return `t_${slug}`;
      problems.push({ pointer, code: "unknown_term", message: "unknown" });
      return undefined;
    },
    problem: (problem: FieldProblem) => void problems.push(problem),
  };
  return { check: check as unknown as Parameters<typeof resolvePressures>[0], problems };
}

describe("resolvePressures", () => {
  it("puts the lesson-level text on the first pressure, carried over, and on no other", () => {
    const { check, problems } = resolver();
    const { links, unpinnedCoping } = resolvePressures(check, ["time", { term: "budget" }], " One text. ");
    expect(problems).toEqual([]);
    expect(unpinnedCoping).toBeNull();
    expect(links).toEqual([
      { termId: "t_time", coping: "One text.", strategy: null, copingCarriedOver: true },
      { termId: "t_budget", coping: null, strategy: null, copingCarriedOver: false },
    ]);
  });

  it("keeps the lesson-level text unpinned without pressures, or when the first has coping of its own", () => {
    expect(resolvePressures(resolver().check, [], "Alone.").unpinnedCoping).toBe("Alone.");
    const own = resolvePressures(resolver().check, [{ term: "time", coping: "Own." }], "General.");
    expect(own.unpinnedCoping).toBe("General.");
    expect(own.links[0]).toMatchObject({ coping: "Own.", copingCarriedOver: false });
  });

  it("keeps the carried-over mark only for the same term with the same text", () => {
    const previous: LessonPressure[] = [{ term: "time", coping: "Old.", strategy: null, carriedOver: true }];
    const same = resolvePressures(
      resolver().check,
      [{ term: "time", coping: "Old.", carriedOver: true }],
      null,
      previous,
    );
    expect(same.links[0]?.copingCarriedOver).toBe(true);
    const edited = resolvePressures(
      resolver().check,
      [{ term: "time", coping: "New.", carriedOver: true }],
      null,
      previous,
    );
    expect(edited.links[0]?.copingCarriedOver).toBe(false);
    const claimed = resolvePressures(
      resolver().check,
      [{ term: "time", coping: "Old.", carriedOver: true }],
      null,
    );
    expect(claimed.links[0]?.copingCarriedOver).toBe(false);
  });

  it("reports a duplicate at its own index and an unknown term at /term for an object", () => {
    const { check, problems } = resolver();
    resolvePressures(check, ["time", { term: "unknown" }, { term: "time", coping: "Again." }], null);
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([
      ["/pressures/1/term", "unknown_term"],
      ["/pressures/2", "duplicate_pressure"],
    ]);
  });
});

describe("missingNotes", () => {
  it("asks for notes when an adaptation partly worked or did not work, never when it worked", () => {
    expect(missingNotes("worked", null)).toBeUndefined();
    expect(missingNotes("partly", "Only for some.")).toBeUndefined();
    expect(missingNotes("partly", null)?.pointer).toBe("/notes");
    expect(missingNotes("did_not_work", "  ")?.code).toBe("notes_required");
  });
});
