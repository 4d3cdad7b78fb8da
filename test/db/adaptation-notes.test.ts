// adaptationNotes(db, lessonIds): every adaptation of many lessons at once, as the digest reads them,
// checked on the demo data against the seed files themselves.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/db/database.js";
import { adaptationNotes } from "../../src/db/queries/adaptations.js";
import { createServices } from "../../src/domain/services.js";
import { projectRoot } from "../../src/project-root.js";
import { loadSeed } from "../../src/seed/load.js";

type SeedAdaptation = {
  id: string;
  lessonId: string;
  unitId: string;
  result: string;
  notes?: string | null;
  mechanisms?: string[];
  loggedDaysAgo: number;
};
const seeded: SeedAdaptation[] = ["lessons-fjordby.json", "lessons-nordvik.json"].flatMap(
  (file) =>
    JSON.parse(readFileSync(join(projectRoot, "seed", "demo", file), "utf8")).adaptations as SeedAdaptation[],
);

describe("adaptationNotes", () => {
  let database: Database;
  beforeAll(() => {
    database = openDatabase(":memory:");
    loadSeed(createServices({ database }), database, "demo");
  });
  afterAll(() => database.close());

  it("gives every adaptation of the lessons asked for, per lesson, newest first, with notes and mechanism slugs", () => {
    const lessonIds = ["les_fj_01", "les_fj_10", "les_nv_01"];
    const notes = adaptationNotes(database.db, lessonIds);
    expect([...notes.keys()].sort()).toEqual(lessonIds);
    for (const lessonId of lessonIds) {
      const expected = seeded
        .filter((a) => a.lessonId === lessonId)
        .sort((a, b) => a.loggedDaysAgo - b.loggedDaysAgo)
        .map((a) => ({
          id: a.id,
          unitId: a.unitId,
          result: a.result,
          notes: a.notes ?? null,
          mechanisms: a.mechanisms ?? [],
        }));
      expect(notes.get(lessonId)?.map(({ createdAt: _c, translated: _t, ...note }) => note)).toEqual(
        expected,
      );
    }
    const dementia = notes.get("les_fj_01")?.find((a) => a.result === "partly");
    expect(dementia?.notes).toContain("For borgere med demens gav valget mindre mening");
  });

  it("leaves out lessons without adaptations and answers an empty map for no lessons", () => {
    expect(adaptationNotes(database.db, ["les_fj_02", "les_unknown"]).size).toBe(0);
    expect(adaptationNotes(database.db, []).size).toBe(0);
  });
});
