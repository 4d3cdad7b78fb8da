// The in-memory lesson index saved at shutdown and loaded at the next start: it is loaded only while the
// database holds exactly what it was saved from. Any write to what the index is derived from, by this
// process or another connection, makes a start read the index from the database again.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { GENERATION_TRIGGERS } from "../../src/domain/index-snapshot.js";
import { createServices } from "../../src/domain/services.js";
import { loadSeed } from "../../src/seed/load.js";
import { buildTestApp } from "../helpers/app.js";

const folder = mkdtempSync(join(tmpdir(), "samskab-snapshot-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const snapshotOf = (path: string) => `${path}.index-snapshot`;

/** Opens the database as a start does (migrations, services, the index read); `close` is not a shutdown. */
function start(path: string) {
  const database = openDatabase(path);
  const services = createServices({ database });
  return { database, services, close: () => database.close() };
}

/** The demo content in a file database, its index saved as a shutdown saves it. */
const template = join(folder, "template.db");
beforeAll(() => {
  const { database, services, close } = start(template);
  loadSeed(services, database, "demo");
  expect(services.search.saveSnapshot()).toBe(true);
  close();
}, 60_000);

let copies = 0;
/** A copy of the demo database with its saved index. */
function demoCopy(): string {
  const path = join(folder, `copy-${copies++}.db`);
  copyFileSync(template, path);
  copyFileSync(snapshotOf(template), snapshotOf(path));
  return path;
}

/** Runs SQL on the database as another process would (its own connection, no samskab code). */
function otherConnection(path: string, sql: string): number {
  const sqlite = new SQLite(path);
  // a process that does not keep the foreign keys (it may delete a lesson without its terms)
  sqlite.pragma("foreign_keys = OFF");
  try {
    return sqlite.prepare(sql).run().changes;
  } finally {
    sqlite.close();
  }
}

describe("the saved search index", () => {
  it("is loaded at the next start, equal to the index read from the database", () => {
    const path = demoCopy();
    const { services, close } = start(path);
    try {
      expect(services.search.loadedFrom).toBe("snapshot");
      expect(services.search.lessons.size).toBeGreaterThan(10);
      expect(services.search.lessons).toStrictEqual(services.search.indexFromDatabase());
    } finally {
      close();
    }
  });

  const writes: [string, string][] = [
    [
      "a lesson's status",
      "UPDATE lessons SET status = CASE status WHEN 'published' THEN 'draft' ELSE 'published' END WHERE id = (SELECT min(id) FROM lessons)",
    ],
    [
      "a lesson's visibility",
      "UPDATE lessons SET visibility = CASE visibility WHEN 'public' THEN 'unit' ELSE 'public' END WHERE id = (SELECT min(id) FROM lessons)",
    ],
    ["a lesson's stage", "UPDATE lessons SET stage = 'other_stage' WHERE id = (SELECT min(id) FROM lessons)"],
    [
      "a lesson's language",
      "UPDATE lessons SET language = CASE language WHEN 'en' THEN 'da' ELSE 'en' END WHERE id = (SELECT min(id) FROM lessons)",
    ],
    [
      "a lesson's evidence",
      "UPDATE lessons SET evidence_kind = 'other_kind' WHERE id = (SELECT min(id) FROM lessons)",
    ],
    [
      "a lesson's publication time",
      "UPDATE lessons SET published_at = '2001-02-03T04:05:06.000Z' WHERE id = (SELECT min(id) FROM lessons)",
    ],
    [
      "a lesson's unit",
      "UPDATE lessons SET unit_id = (SELECT max(id) FROM units) WHERE id = (SELECT min(id) FROM lessons WHERE unit_id <> (SELECT max(id) FROM units))",
    ],
    [
      "a lesson's organisation",
      "UPDATE lessons SET organisation_id = (SELECT max(id) FROM organisations) WHERE id = (SELECT min(id) FROM lessons WHERE organisation_id <> (SELECT max(id) FROM organisations))",
    ],
    [
      "a lesson deleted",
      "DELETE FROM lessons WHERE id = (SELECT min(id) FROM lessons WHERE id NOT IN (SELECT lesson_id FROM adaptations))",
    ],
    [
      "a lesson added without its text indexed",
      "INSERT INTO lessons (id, organisation_id, unit_id, title, summary, language, why, evidence_kind, stage, status, visibility, created_at, updated_at, published_at) SELECT 'les_snapshot_copy', organisation_id, unit_id, title, summary, language, why, evidence_kind, stage, status, visibility, created_at, updated_at, published_at FROM lessons WHERE status = 'published' LIMIT 1",
    ],
    [
      "a lesson's doc id",
      "UPDATE lesson_docs SET doc_id = doc_id + 100000 WHERE doc_id = (SELECT min(doc_id) FROM lesson_docs)",
    ],
    [
      "a lesson's doc removed",
      "DELETE FROM lesson_docs WHERE doc_id = (SELECT min(doc_id) FROM lesson_docs)",
    ],
    [
      "a term added to a lesson",
      "INSERT INTO lesson_terms (lesson_id, term_id, direction, position) SELECT l.id, t.id, NULL, 99 FROM lessons l, terms t WHERE NOT EXISTS (SELECT 1 FROM lesson_terms x WHERE x.lesson_id = l.id AND x.term_id = t.id) LIMIT 1",
    ],
    [
      "a term taken from a lesson",
      "DELETE FROM lesson_terms WHERE rowid = (SELECT min(rowid) FROM lesson_terms)",
    ],
    [
      "an outcome's direction",
      "UPDATE lesson_terms SET direction = CASE direction WHEN 'positive' THEN 'negative' ELSE 'positive' END WHERE rowid = (SELECT min(rowid) FROM lesson_terms WHERE direction IS NOT NULL)",
    ],
    [
      "a lesson's term replaced",
      "UPDATE lesson_terms SET term_id = (SELECT min(t.id) FROM terms t WHERE NOT EXISTS (SELECT 1 FROM lesson_terms x WHERE x.lesson_id = lesson_terms.lesson_id AND x.term_id = t.id)) WHERE rowid = (SELECT min(rowid) FROM lesson_terms)",
    ],
    [
      "an adaptation added",
      "INSERT INTO adaptations (id, lesson_id, unit_id, result, created_at, updated_at) SELECT 'adp_snapshot', l.id, u.id, 'did_not_work', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM lessons l, units u WHERE NOT EXISTS (SELECT 1 FROM adaptations a WHERE a.lesson_id = l.id AND a.unit_id = u.id) LIMIT 1",
    ],
  ];

  it.each(writes)("is not loaded after another connection changed %s: the index is read again", (_, sql) => {
    const path = demoCopy();
    const first = start(path);
    const before = first.services.search.lessons;
    expect(first.services.search.loadedFrom).toBe("snapshot");
    first.close();

    expect(otherConnection(path, sql)).toBe(1);

    const second = start(path);
    try {
      expect(second.services.search.loadedFrom).toBe("database");
      // the write changed what the index holds, and the index read holds it
      expect(second.services.search.lessons).not.toStrictEqual(before);
      expect(second.services.search.lessons).toStrictEqual(second.services.search.indexFromDatabase());
    } finally {
      second.close();
    }
  });

  it("is not loaded after an adaptation's result changed or an adaptation went", () => {
    const path = demoCopy();
    const add = writes.find(([what]) => what === "an adaptation added")![1];
    expect(otherConnection(path, add)).toBe(1);
    for (const sql of [
      "UPDATE adaptations SET result = 'worked' WHERE id = 'adp_snapshot'",
      "DELETE FROM adaptations WHERE id = 'adp_snapshot'",
    ]) {
      const first = start(path);
      expect(first.services.search.saveSnapshot()).toBe(true);
      const before = first.services.search.lessons;
      first.close();
      expect(otherConnection(path, sql)).toBe(1);
      const second = start(path);
      try {
        expect(second.services.search.loadedFrom).toBe("database");
        expect(second.services.search.lessons).not.toStrictEqual(before);
      } finally {
        second.close();
      }
    }
  });

  it("is loaded after a write that changes nothing it holds (a lesson's title)", () => {
    const path = demoCopy();
    expect(
      otherConnection(
        path,
        "UPDATE lessons SET title = title || '!' WHERE id = (SELECT min(id) FROM lessons)",
      ),
    ).toBe(1);
    const { services, close } = start(path);
    try {
      expect(services.search.loadedFrom).toBe("snapshot");
    } finally {
      close();
    }
  });

  it("after writes through the service, is saved as the database holds it at shutdown", () => {
    const path = demoCopy();
    const first = start(path);
    const [lessonId] = first.database.sqlite
      .prepare<[], string>("SELECT id FROM lessons WHERE status = 'published' ORDER BY id LIMIT 1")
      .pluck()
      .all();
    first.services.lessons.archive(lessonId!);
    // and a write the in-memory index never hears of, which the saved index must hold all the same
    first.database.sqlite
      .prepare("DELETE FROM lesson_terms WHERE rowid = (SELECT min(rowid) FROM lesson_terms)")
      .run();
    expect(first.services.search.saveSnapshot()).toBe(true);
    first.close();

    const second = start(path);
    try {
      expect(second.services.search.loadedFrom).toBe("snapshot");
      const docId = second.services.search.lessons.docIdOf(lessonId!)!;
      expect(second.services.search.lessons.get(docId)?.status).toBe("archived");
      expect(second.services.search.lessons).toStrictEqual(second.services.search.indexFromDatabase());
    } finally {
      second.close();
    }
  });

  it("is saved unchanged under the label it was read at when a write bypassed the index", () => {
    const path = demoCopy();
    const first = start(path);
    // the in-memory index does not change, but the database does: the saved index must not pass for it
    first.database.sqlite
      .prepare(
        "UPDATE lessons SET status = 'draft' WHERE id = (SELECT min(id) FROM lessons WHERE status = 'published')",
      )
      .run();
    first.services.search.saveSnapshot();
    first.close();
    const second = start(path);
    try {
      expect(second.services.search.loadedFrom).toBe("database");
      expect(second.services.search.lessons).toStrictEqual(second.services.search.indexFromDatabase());
    } finally {
      second.close();
    }
  });

  it("is not loaded when one of the generation's triggers is gone", () => {
    for (const trigger of GENERATION_TRIGGERS) {
      const path = demoCopy();
      otherConnection(path, `DROP TRIGGER ${trigger}`);
      const { services, close } = start(path);
      try {
        expect(services.search.loadedFrom, trigger).toBe("database");
        // nor saved: a later write could go unnoticed
        expect(services.search.saveSnapshot()).toBe(false);
      } finally {
        close();
      }
    }
  });

  it("is not loaded after a migration was applied since it was saved", () => {
    const path = demoCopy();
    otherConnection(
      path,
      "INSERT INTO __drizzle_migrations (hash, created_at) SELECT 'a-later-migration', min(created_at) FROM __drizzle_migrations",
    );
    const { services, close } = start(path);
    try {
      expect(services.search.loadedFrom).toBe("database");
    } finally {
      close();
    }
  });

  it("is read again from the database when the saved file is damaged", () => {
    for (const damage of [
      (file: string) => writeFileSync(file, Buffer.from("not an index")),
      (file: string) => {
        const bytes = readFileSync(file);
        writeFileSync(file, bytes.subarray(0, bytes.length - 1000));
      },
      (file: string) => writeFileSync(file, Buffer.alloc(0)),
    ]) {
      const path = demoCopy();
      damage(snapshotOf(path));
      const { services, close } = start(path);
      try {
        expect(services.search.loadedFrom).toBe("database");
        expect(services.search.lessons).toStrictEqual(services.search.indexFromDatabase());
      } finally {
        close();
      }
    }
  });

  it("is saved by the app when it closes, and loaded by the next app on the same file", async () => {
    const path = join(folder, "app.db");
    const first = await buildTestApp({ databasePath: path, seed: "demo" });
    expect(first.services.search.loadedFrom).toBe("database");
    await first.close();
    expect(existsSync(snapshotOf(path))).toBe(true);
    const second = await buildTestApp({ databasePath: path, seed: "demo" });
    try {
      expect(second.services.search.loadedFrom).toBe("snapshot");
      expect(second.services.search.lessons).toStrictEqual(second.services.search.indexFromDatabase());
    } finally {
      await second.close();
    }
  });

  const triggersIn = (sqlite: SQLite.Database) =>
    sqlite
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_index_%'")
      .pluck()
      .all()
      .sort();
  const imported = (unitId: string, id: string) => ({
    id,
    unitId,
    title: "Coffee visits with neighbours",
    summary: "Neighbours came for coffee visits every week and stayed to help each other.",
    language: "en" as const,
    context: { narrative: "A small district with many residents living alone." },
    mechanisms: ["recognition"],
    why: "Coffee visits gave residents a regular excuse to meet, so help was asked for earlier.",
    outcomes: [{ term: "social_network", direction: "positive" as const }],
    evidence: { kind: "observation" as const },
    status: "published" as const,
  });

  it("is stale after an import, which puts the generation's triggers back before it commits", () => {
    const path = demoCopy();
    const first = start(path);
    const unitId = first.database.sqlite.prepare<[], string>("SELECT min(id) FROM units").pluck().get()!;
    expect(first.services.lessons.importMany([imported(unitId, "les_imported")])).toBe(1);
    expect(triggersIn(first.database.sqlite)).toEqual([...GENERATION_TRIGGERS].sort());
    expect(first.services.search.lessons.docIdOf("les_imported")).toBeDefined();
    first.close(); // not a shutdown: nothing saved since the import
    const second = start(path);
    try {
      expect(second.services.search.loadedFrom).toBe("database");
      expect(second.services.search.lessons.docIdOf("les_imported")).toBeDefined();
    } finally {
      second.close();
    }
  });

  it("keeps the triggers and the index as they were when an import fails", () => {
    const path = demoCopy();
    const { database, services, close } = start(path);
    try {
      const unitId = database.sqlite.prepare<[], string>("SELECT min(id) FROM units").pluck().get()!;
      expect(() =>
        services.lessons.importMany([imported(unitId, "les_good"), imported("unit_missing", "les_bad")]),
      ).toThrow();
      expect(triggersIn(database.sqlite)).toEqual([...GENERATION_TRIGGERS].sort());
      expect(services.search.lessons.docIdOf("les_good")).toBeUndefined();
      expect(services.search.lessons).toStrictEqual(services.search.indexFromDatabase());
    } finally {
      close();
    }
  });

  it("is never kept for an in-memory database", () => {
    const { services, close } = start(":memory:");
    try {
      expect(services.search.snapshotFile).toBeUndefined();
      expect(services.search.saveSnapshot()).toBe(false);
    } finally {
      close();
    }
  });
});
