// Migrations on an empty file database, SEED modes at start, and the seed loading idempotently.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { createServices } from "../../src/domain/services.js";
import { projectRoot } from "../../src/project-root.js";
import { loadSeed } from "../../src/seed/load.js";
import { buildTestApp, expectProblem, expectStatus } from "../helpers/app.js";

const folder = mkdtempSync(join(tmpdir(), "samskab-test-"));
/** The pitfall terms migration 0004 gives every database. */
const PITFALL_SLUGS = [
  "symbolic_involvement",
  "responsibility_dumping",
  "creaming",
  "consultation_fatigue",
  "voice_diluted",
  "professional_dominance",
  "pilot_trap",
];
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const tableCount = (path: string) => {
  const database = openDatabase(path);
  try {
    return database.sqlite
      .prepare(
        "select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite%' and name not like 'lesson_text_%'",
      )
      .get() as { n: number };
  } finally {
    database.close();
  }
};

describe("migrations", () => {
  it("create every table, in WAL mode with foreign keys on, in a new file database", () => {
    const path = join(folder, "fresh.db");
    const database = openDatabase(path);
    try {
      const tables = database.sqlite
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name not like 'sqlite%' and name not like 'lesson\\_text\\_%' escape '\\'",
        )
        .all()
        .map((row) => (row as { name: string }).name)
        .sort();
      expect(tables).toEqual(
        [
          "adaptations",
          "facets",
          "initiative_approaches",
          "initiative_lineage",
          "initiative_units",
          "initiatives",
          "lesson_docs",
          "lesson_terms",
          "lesson_text",
          "lessons",
          "organisations",
          "service_secrets",
          "terms",
          "unit_context",
          "units",
        ].sort(),
      );
      expect(database.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(database.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      const facets = database.sqlite.prepare("select slug from facets order by position").all() as {
        slug: string;
      }[];
      expect(facets.map((f) => f.slug)).toEqual([
        "mechanism",
        "outcome",
        "pressure",
        "approach",
        "pitfall",
        "serviceArea",
        "userGroup",
        "setting",
        "organisationForm",
        "scale",
      ]);
    } finally {
      database.close();
    }
  });

  it("are applied once: reopening a migrated database changes nothing", () => {
    const path = join(folder, "reopen.db");
    const first = tableCount(path);
    expect(tableCount(path)).toEqual(first);
    const database = openDatabase(path);
    const applied = database.sqlite.prepare("select count(*) as n from __drizzle_migrations").get() as {
      n: number;
    };
    database.close();
    const journal = JSON.parse(
      readFileSync(join(projectRoot, "migrations", "meta", "_journal.json"), "utf8"),
    );
    expect(applied.n).toBe(journal.entries.length);
  });
});

describe("the seed", () => {
  const demoLessonCount = readdirSync(join(projectRoot, "seed", "demo"))
    .filter((f) => f.startsWith("lessons-"))
    .reduce(
      (n, f) => n + JSON.parse(readFileSync(join(projectRoot, "seed", "demo", f), "utf8")).lessons.length,
      0,
    );

  it("loads the demo cleanly, and a second load adds nothing and changes nothing", () => {
    const database = openDatabase(join(folder, "seed-twice.db"));
    try {
      const services = createServices({ database });
      const first = loadSeed(services, database, "demo");
      expect(first.lessons).toBe(demoLessonCount);
      expect(first.lessons).toBeGreaterThanOrEqual(80);
      expect(first.organisations).toBeGreaterThanOrEqual(3);
      expect(first.units).toBeGreaterThanOrEqual(12);
      expect(first.initiatives).toBeGreaterThanOrEqual(20);
      const snapshot = () =>
        ["terms", "lessons", "lesson_terms", "units", "unit_context", "initiatives", "adaptations"].map(
          (table) => database.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number },
        );
      const before = snapshot();
      const second = loadSeed(services, database, "demo");
      expect(Object.values(second).every((n) => n === 0)).toBe(true);
      expect(snapshot()).toEqual(before);
    } finally {
      database.close();
    }
  });

  it("rolls back whole when it fails half-way, and the search index follows the database", () => {
    const database = openDatabase(join(folder, "seed-fails.db"));
    try {
      const services = createServices({ database });
      let calls = 0;
      const create = services.adaptations.create;
      services.adaptations.create = (...args) => {
        if (++calls === 4) throw new Error("disk full, say");
        return create(...args);
      };
      expect(() => loadSeed(services, database, "demo")).toThrow("disk full, say");
      const stored = database.sqlite.prepare("select count(*) as n from lessons").get() as { n: number };
      expect(stored.n).toBe(0);
      expect(services.filter.filter({}).total).toBe(0);
      // only the pitfall terms every database is created with (migration 0004)
      expect(services.vocabulary.termCount()).toBe(services.vocabulary.getFacet("pitfall").terms.length);
    } finally {
      database.close();
    }
  });

  it("has the demo's promised mix: three languages and at least 15 negative or mixed lessons", () => {
    const database = openDatabase(join(folder, "seed-mix.db"));
    try {
      loadSeed(createServices({ database }), database, "demo");
      const languages = database.sqlite
        .prepare("select language, count(*) as n from lessons group by language")
        .all();
      expect(languages.map((row) => (row as { language: string }).language).sort()).toEqual([
        "da",
        "en",
        "nb",
      ]);
      const counterExamples = database.sqlite
        .prepare(
          "select count(distinct lesson_id) as n from lesson_terms where direction in ('negative', 'mixed')",
        )
        .get() as { n: number };
      expect(counterExamples.n).toBeGreaterThanOrEqual(15);
    } finally {
      database.close();
    }
  });

  it("SEED=demo fills a new database at start; SEED=vocabulary gives terms only; SEED=none gives facets and pitfall terms only", async () => {
    const counts = async (seed: "demo" | "vocabulary" | "none") => {
      const app = await buildTestApp({ seed, databasePath: join(folder, `start-${seed}.db`) });
      try {
        const vocabularies = expectStatus<{ items: { terms: unknown[] }[] }>(
          await app.inject("/v1/vocabularies"),
          200,
        );
        const lessons = expectStatus<{ items: unknown[] }>(await app.inject("/v1/lessons?limit=5"), 200);
        return {
          facets: vocabularies.items.length,
          terms: vocabularies.items.reduce((n, f) => n + f.terms.length, 0),
          lessons: lessons.items.length,
        };
      } finally {
        await app.close();
      }
    };
    const demo = await counts("demo");
    expect(demo.facets).toBe(10);
    expect(demo.terms).toBeGreaterThan(50);
    expect(demo.lessons).toBe(5);
    expect(await counts("vocabulary")).toEqual({ facets: 10, terms: demo.terms, lessons: 0 });
    expect(await counts("none")).toEqual({ facets: 10, terms: PITFALL_SLUGS.length, lessons: 0 });
  });

  it("is not applied again at start to a database that has content", async () => {
    const path = join(folder, "restart.db");
    const first = await buildTestApp({ seed: "vocabulary", databasePath: path });
    const term = { slug: "local_only", labels: { en: "Local only" } };
    expectStatus(
      await first.inject({ method: "POST", url: "/v1/vocabularies/mechanism/terms", payload: term }),
      201,
    );
    await first.close();
    const second = await buildTestApp({ seed: "demo", databasePath: path });
    try {
      const lessons = expectStatus<{ items: unknown[] }>(await second.inject("/v1/lessons"), 200);
      expect(lessons.items).toEqual([]);
      expectStatus(await second.inject("/v1/vocabularies/mechanism/terms/local_only"), 200);
    } finally {
      await second.close();
    }
  });
});

describe("the pitfall facet", () => {
  type Facet = {
    slug: string;
    kind: string;
    terms: {
      slug: string;
      labels: Record<string, string>;
      synonyms: Record<string, string[]>;
      description: string | null;
    }[];
  };

  it("exists with its terms in en, da and nb in a database started with SEED=none", async () => {
    const app = await buildTestApp({ seed: "none", databasePath: join(folder, "pitfalls-none.db") });
    try {
      const facet = expectStatus<Facet>(await app.inject("/v1/vocabularies/pitfall"), 200);
      expect(facet.kind).toBe("pitfall");
      expect(facet.terms.map((t) => t.slug).sort()).toEqual([...PITFALL_SLUGS].sort());
      for (const term of facet.terms) {
        expect(term.slug).toMatch(/^[a-z]+(_[a-z]+)*$/);
        expect(Object.keys(term.labels).sort(), term.slug).toEqual(["da", "en", "nb"]);
        for (const language of ["en", "da", "nb"]) {
          expect(term.synonyms[language]?.length, `${term.slug} ${language}`).toBeGreaterThan(0);
        }
        expect(term.description, term.slug).toMatch(/^[A-Z].{30,}\.$/);
      }
      const symbolic = facet.terms.find((t) => t.slug === "symbolic_involvement")!;
      expect(symbolic.synonyms.en).toContain("tokenism");
      expect(symbolic.synonyms.da).toContain("alibi-inddragelse");
      expect(symbolic.synonyms.nb).toContain("skinnmedvirkning");
    } finally {
      await app.close();
    }
  });

  it("is resolved from its synonyms: an unknown pitfall slug is answered with the closest term", async () => {
    const app = await buildTestApp({ seed: "none" });
    try {
      const problem = expectProblem(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: {
            unitId: "unit_missing",
            title: "A lesson",
            summary: "A lesson with a pitfall written as a synonym.",
            mechanisms: ["trust"],
            why: "Because the citizens were only asked for show, they stopped coming.",
            outcomes: [{ term: "participation", direction: "negative" }],
            pitfalls: ["tokenism"],
          },
        }),
        422,
      );
      const pitfall = problem.errors?.find((e) => e.pointer === "/pitfalls/0");
      expect(pitfall?.suggestions?.[0]).toMatchObject({ facet: "pitfall", slug: "symbolic_involvement" });
    } finally {
      await app.close();
    }
  });

  it("is left alone by the seed: loading the vocabulary and the demo twice keeps one row per pitfall term", () => {
    const database = openDatabase(join(folder, "pitfalls-seed.db"));
    try {
      const services = createServices({ database });
      const pitfallTerms = () =>
        database.sqlite.prepare("select slug from terms where facet = 'pitfall' order by slug").all();
      const before = pitfallTerms();
      loadSeed(services, database, "demo");
      loadSeed(services, database, "demo");
      expect(pitfallTerms()).toEqual(before);
      expect(before).toHaveLength(PITFALL_SLUGS.length);
    } finally {
      database.close();
    }
  });
});
