// Migrations on an empty file database, SEED modes at start, and the seed loading idempotently.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { INSTALLATION } from "../../src/domain/access.js";
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
          "adaptation_mechanisms",
          "adaptations",
          "api_keys",
          "audit_log",
          "escalation_responses",
          "escalations",
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
          "outbox",
          "routine_agendas",
          "routine_audience",
          "routine_decisions",
          "routine_meetings",
          "routines",
          "search_index_state",
          "service_secrets",
          "terms",
          "unit_context",
          "units",
          "webhook_attempts",
          "webhook_deliveries",
          "webhooks",
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

/** A copy of migrations/ that stops after migration `last` (e.g. "0006"): a database as an older version left it. */
function migrationsUpTo(last: string): string {
  const source = join(projectRoot, "migrations");
  const target = join(folder, `migrations-to-${last}`);
  mkdirSync(join(target, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(source, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  journal.entries = journal.entries.filter((entry) => entry.tag.slice(0, 4) <= last);
  for (const entry of journal.entries)
    cpSync(join(source, `${entry.tag}.sql`), join(target, `${entry.tag}.sql`));
  writeFileSync(join(target, "meta", "_journal.json"), JSON.stringify(journal));
  return target;
}

describe("migration 0007: coping per pressure", () => {
  /** A database at migration 0006 with lessons as they were stored then: one coping text per lesson. */
  function databaseAt0006(path: string) {
    const sqlite = new SQLite(path);
    migrate(drizzle(sqlite), { migrationsFolder: migrationsUpTo("0006") });
    const now = "2026-01-01T00:00:00.000Z";
    const run = (statement: string, ...params: unknown[]) => sqlite.prepare(statement).run(...params);
    run(
      "INSERT INTO organisations (id, name, kind, created_at, updated_at) VALUES ('org_1', 'Gammelby', 'municipality', ?, ?)",
      now,
      now,
    );
    run(
      "INSERT INTO units (id, organisation_id, name, created_at, updated_at) VALUES ('unit_1', 'org_1', 'Hjemmeplejen', ?, ?)",
      now,
      now,
    );
    const term = (id: string, facet: string, slug: string) =>
      run(
        "INSERT INTO terms (id, facet, slug, labels, synonyms, created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?)",
        id,
        facet,
        slug,
        JSON.stringify({ en: slug }),
        now,
        now,
      );
    term("term_trust", "mechanism", "trust");
    term("term_wellbeing", "outcome", "user_wellbeing");
    term("term_time", "pressure", "time");
    term("term_budget", "pressure", "budget");
    const lesson = (id: string, coping: string | null, pressures: string[]) => {
      run(
        `INSERT INTO lessons (id, organisation_id, unit_id, title, summary, language, why, evidence_kind, coping,
           stage, status, visibility, version, created_at, updated_at, published_at)
         VALUES (?, 'org_1', 'unit_1', ?, 'A summary of the lesson as it was stored.', 'en',
           'Because the citizens decided, they trusted the staff more than before.', 'anecdote', ?,
           'ad_hoc_individual', 'published', 'organisation', 1, ?, ?, ?)`,
        id,
        `Lesson ${id}`,
        coping,
        now,
        now,
        now,
      );
      // the outcome first, so the first pressure is not at position 0
      const links = [
        ["term_trust", null],
        ["term_wellbeing", "positive"],
        ...pressures.map((p) => [p, null]),
      ];
      for (const [position, [termId, direction]] of links.entries()) {
        run(
          "INSERT INTO lesson_terms (lesson_id, term_id, direction, position) VALUES (?, ?, ?, ?)",
          id,
          termId,
          direction,
          position,
        );
      }
    };
    lesson("les_two", "We traded route efficiency for continuity.", ["term_budget", "term_time"]);
    lesson("les_none", "We kept the pilot small on purpose.", []);
    lesson("les_quiet", null, ["term_time"]);
    sqlite.close();
  }

  it("moves a lesson's coping onto its first pressure, marked carried over, and none onto the second", async () => {
    const path = join(folder, "at-0006.db");
    databaseAt0006(path);
    const app = await buildTestApp({ seed: "none", databasePath: path });
    try {
      type Lesson = { pressures: unknown[]; coping: string | null };
      const read = async (id: string) => expectStatus<Lesson>(await app.inject(`/v1/lessons/${id}`), 200);
      expect(await read("les_two")).toMatchObject({
        coping: null,
        pressures: [
          {
            term: "budget",
            coping: "We traded route efficiency for continuity.",
            strategy: null,
            carriedOver: true,
          },
          { term: "time", coping: null, strategy: null },
        ],
      });
      // without a pressure to take it, the text stays on the lesson
      expect(await read("les_none")).toMatchObject({
        coping: "We kept the pilot small on purpose.",
        pressures: [],
      });
      expect(await read("les_quiet")).toMatchObject({
        coping: null,
        pressures: [{ term: "time", coping: null, strategy: null }],
      });
      // the lessons stored before the search index existed are indexed at start, coping included
      const found = expectStatus<{ results: { id: string }[] }>(
        await app.inject({ method: "POST", url: "/v1/filter", payload: { q: "route efficiency" } }),
        200,
      );
      expect(found.results.map((r) => r.id)).toEqual(["les_two"]);
    } finally {
      await app.close();
    }
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
      expect(services.filter.filter(INSTALLATION, {}).total).toBe(0);
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

  it("records the demo's coping per pressure, with strategies, and adaptations that say why", async () => {
    const app = await buildTestApp({ seed: "demo", databasePath: join(folder, "seed-coping.db") });
    try {
      type Pressure = { term: string; coping: string | null; strategy: string | null; carriedOver?: true };
      type Lesson = { id: string; pressures: Pressure[]; coping: string | null };
      const lessons: Lesson[] = [];
      for (let cursor: string | null = ""; cursor !== null; ) {
        const page: { items: Lesson[]; nextCursor: string | null } = expectStatus(
          await app.inject(`/v1/lessons?status=published&limit=100${cursor ? `&cursor=${cursor}` : ""}`),
          200,
        );
        lessons.push(...page.items);
        cursor = page.nextCursor;
      }
      const pressures = lessons.flatMap((l) => l.pressures);
      expect(lessons.every((l) => l.coping === null)).toBe(true);
      expect(pressures.some((p) => p.carriedOver)).toBe(false);
      expect(pressures.filter((p) => p.coping).length).toBeGreaterThanOrEqual(60);
      // a lesson's second pressure has coping of its own somewhere, not only the first
      expect(lessons.some((l) => l.pressures.slice(1).some((p) => p.coping))).toBe(true);
      expect(new Set(pressures.map((p) => p.strategy).filter(Boolean))).toEqual(
        new Set(["trade_off", "buffer", "renegotiate", "escalate", "not_handled"]),
      );
      type Adaptation = { result: string; notes: string | null; mechanisms: string[] };
      const adaptations: Adaptation[] = [];
      for (const lesson of lessons) {
        const page = expectStatus<{ items: Adaptation[] }>(
          await app.inject(`/v1/lessons/${lesson.id}/adaptations?limit=100`),
          200,
        );
        adaptations.push(...page.items);
      }
      const notWorked = adaptations.filter((a) => a.result !== "worked");
      expect(notWorked.length).toBeGreaterThanOrEqual(10);
      expect(notWorked.every((a) => (a.notes ?? "").length > 20)).toBe(true);
      expect(adaptations.filter((a) => a.mechanisms.length > 0).length).toBeGreaterThanOrEqual(10);
    } finally {
      await app.close();
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
