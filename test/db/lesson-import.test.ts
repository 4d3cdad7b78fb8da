// A bulk import (importMany) stores exactly what one create per lesson stores: the lesson rows, their
// term links (with a unit's inherited context and a pressure's coping), the searchable text and the
// in-memory index; and a lesson imported that way is updated like any other.
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { INSTALLATION } from "../../src/domain/access.js";
import type { LessonInput } from "../../src/domain/lessons.js";
import { createServices } from "../../src/domain/services.js";
import { loadSeed } from "../../src/seed/load.js";

const NOW = new Date("2025-06-01T08:00:00.000Z");

function setup() {
  const database = openDatabase(":memory:");
  const services = createServices({ database, clock: { now: () => NOW } });
  loadSeed(services, database, "vocabulary");
  const organisation = services.organisations.create(
    { name: "Testby Kommune", kind: "municipality" },
    { id: "org_1" },
  );
  services.units.create(
    {
      organisationId: organisation.id,
      name: "Hjemmeplejen",
      context: { serviceArea: ["home_care"], userGroup: ["older_adults"] },
    },
    { id: "unit_1" },
  );
  services.units.create({ organisationId: organisation.id, name: "Jobcenter" }, { id: "unit_2" });
  return { database, services };
}

const inputs: (LessonInput & { id: string; createdAt: string })[] = [1, 2, 3].map((n) => ({
  id: `les_import_${n}`,
  createdAt: `2025-0${n}-01T08:00:00.000Z`,
  unitId: n === 2 ? "unit_2" : "unit_1",
  title: `Coffee visits ${n} with neighbours`,
  summary: "Neighbours came for coffee visits every week and stayed to help each other.",
  language: "en",
  // no tags: the lesson takes its unit's context
  context: { narrative: "A small district with many residents living alone." },
  mechanisms: ["recognition"],
  why: "Coffee visits gave residents a regular excuse to meet, so help was asked for earlier.",
  outcomes: [{ term: "social_network", direction: "positive" }],
  pressures: n === 3 ? [{ term: "time", coping: "Shorter visits, twice as often." }] : [],
  evidence: { kind: "observation" },
  status: "published",
}));

function stored(database: ReturnType<typeof openDatabase>) {
  return {
    lessons: database.sqlite.prepare("SELECT * FROM lessons ORDER BY id").all(),
    links: database.sqlite
      .prepare(
        "SELECT l.lesson_id, t.slug, l.direction, l.position, l.coping, l.strategy, l.coping_carried_over FROM lesson_terms l JOIN terms t ON t.id = l.term_id ORDER BY l.lesson_id, l.position",
      )
      .all(),
    docs: database.sqlite.prepare("SELECT lesson_id FROM lesson_docs ORDER BY doc_id").all(),
  };
}

describe("importMany", () => {
  it("stores what one create per lesson stores", () => {
    const imported = setup();
    const created = setup();
    try {
      expect(imported.services.lessons.importMany(inputs)).toBe(3);
      for (const { id, createdAt, ...input } of inputs)
        created.services.lessons.create(input, { id, createdAt });
      const a = stored(imported.database);
      expect(a.lessons).toHaveLength(3);
      expect(a.links.length).toBeGreaterThan(6);
      expect(a).toEqual(stored(created.database));
      for (const { id } of inputs)
        expect(imported.services.lessons.get(id)).toEqual(created.services.lessons.get(id));
      expect(imported.services.lessons.get("les_import_1").context.tags).toEqual({
        serviceArea: ["home_care"],
        userGroup: ["older_adults"],
      });
      expect(imported.services.lessons.get("les_import_3").pressures).toEqual(
        created.services.lessons.get("les_import_3").pressures,
      );
      const search = (s: ReturnType<typeof setup>) =>
        s.services.filter
          .filter(INSTALLATION, { q: "coffee" })
          .results.map((r) => r.id)
          .sort();
      expect(search(imported)).toEqual(["les_import_1", "les_import_2", "les_import_3"]);
      expect(search(imported)).toEqual(search(created));
    } finally {
      imported.database.close();
      created.database.close();
    }
  });

  it("lets an imported lesson be updated: its links and text are replaced, not added to", () => {
    const { database, services } = setup();
    try {
      services.lessons.importMany(inputs);
      services.lessons.update("les_import_3", { mechanisms: [], pressures: [], title: "Tea instead" }, 1);
      const lesson = services.lessons.get("les_import_3");
      expect(lesson.mechanisms).toEqual([]);
      expect(lesson.pressures).toEqual([]);
      const search = (q: string) =>
        services.filter
          .filter(INSTALLATION, { q })
          .results.map((r) => r.id)
          .sort();
      expect(search("tea")).toEqual(["les_import_3"]);
      expect(search("coffee")).toEqual(["les_import_1", "les_import_2", "les_import_3"]);
      const links = database.sqlite
        .prepare("SELECT count(*) AS n FROM lesson_terms WHERE lesson_id = ?")
        .get("les_import_3") as { n: number };
      expect(links.n).toBe(lesson.outcomes.length + Object.values(lesson.context.tags).flat().length);
    } finally {
      database.close();
    }
  });

  it("stores nothing when one lesson is invalid", () => {
    const { database, services } = setup();
    try {
      expect(() =>
        services.lessons.importMany([...inputs, { ...inputs[0]!, id: "les_bad", unitId: "unit_missing" }]),
      ).toThrow();
      expect(stored(database)).toEqual({ lessons: [], links: [], docs: [] });
    } finally {
      database.close();
    }
  });
});
