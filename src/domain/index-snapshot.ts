// A saved copy of the in-memory lesson index next to the database file (`<database>.index-snapshot`), so
// that a start loads it instead of rebuilding the index lesson by lesson. It is used only when its label
// equals the database's at start, and the label holds:
// - the index generation (migrations/0012_index_generation.sql): triggers draw a new random one in the
//   same transaction as every write to what the index is derived from, so any such write since the save,
//   by this process or another, makes it stale; it is read in the same read transaction as the index;
// - that every one of those triggers is still there (a migration that rebuilds a table drops its triggers);
// - the migrations applied (a migration may rewrite rows while its triggers are away);
// - the code that derives the index (a fingerprint of its modules: a new version rebuilds once).
// Anything unreadable, missing or different means a rebuild from the database, never a guess.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type SQLite from "better-sqlite3";
import type { LessonIndex } from "../search/facets.js";
import { codecFits, decodeLessonIndex, encodeLessonIndex } from "../search/lesson-index-codec.js";

/** The triggers of migration 0012: without all of them a write could go unnoticed. */
export const GENERATION_TRIGGERS = ["lessons", "lesson_docs", "lesson_terms", "adaptations"].flatMap(
  (table) => ["insert", "update", "delete"].map((event) => `${table}_index_${event}`),
);

/** The modules the index's content depends on (relative to src/ or dist/, without extension). */
const DERIVING_MODULES = [
  "domain/search-index",
  "domain/index-snapshot",
  "db/lesson-facts",
  "search/facets",
  "search/bitset",
  "search/rank",
  "search/lesson-index-codec",
  "words",
];

let codeFingerprint: string | null | undefined;
/** A hash of the deriving modules' source as this process runs them; null when one cannot be read. */
function fingerprintOfCode(): string | null {
  if (codeFingerprint !== undefined) return codeFingerprint;
  try {
    const here = fileURLToPath(import.meta.url);
    const root = dirname(dirname(here));
    const hash = createHash("sha256");
    for (const module of DERIVING_MODULES) hash.update(readFileSync(join(root, module + extname(here))));
    codeFingerprint = hash.digest("hex");
  } catch {
    codeFingerprint = null;
  }
  return codeFingerprint;
}

export type IndexSnapshots = ReturnType<typeof createIndexSnapshots>;

/**
 * Snapshots of the lesson index for a file database (none for an in-memory one). `label()` must be read
 * inside the same read transaction as the index it labels.
 */
export function createIndexSnapshots(sqlite: SQLite.Database) {
  const file = sqlite.memory || !sqlite.name ? undefined : `${sqlite.name}.index-snapshot`;
  const prepare = <R>(sql: string) => {
    try {
      return sqlite.prepare<[], R>(sql).pluck();
    } catch {
      return undefined; // an older database (before migration 0012): no snapshots
    }
  };
  const generation = prepare<string>("SELECT CAST(generation AS TEXT) FROM search_index_state WHERE id = 1");
  const triggers = prepare<string>(
    `SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (${GENERATION_TRIGGERS.map((n) => `'${n}'`).join(", ")}) ORDER BY name)`,
  );
  const migrations = prepare<string>(
    "SELECT count(*) || ':' || coalesce(group_concat(hash), '') FROM (SELECT hash FROM __drizzle_migrations ORDER BY created_at, hash)",
  );

  return {
    /** Where snapshots are kept, if anywhere. */
    file,

    /**
     * What a snapshot of the index as the database holds it now must be labelled with; undefined when
     * snapshots cannot be trusted here (no file, a trigger missing, the codec out of date).
     */
    label(): string | undefined {
      if (!file || !generation || !triggers || !migrations || !codecFits()) return undefined;
      const code = fingerprintOfCode();
      if (!code) return undefined;
      if (triggers.get() !== [...GENERATION_TRIGGERS].sort().join()) return undefined;
      const current = generation.get();
      if (current === undefined) return undefined;
      return `${current}|${migrations.get()}|${code}`;
    },

    /** The saved index if it carries `label`; undefined otherwise (or when it cannot be read). */
    load(label: string): LessonIndex | undefined {
      if (!file) return undefined;
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        return undefined;
      }
      try {
        return decodeLessonIndex(bytes, label);
      } catch {
        return undefined;
      }
    },

    /** Saves `index` labelled `label`: written aside and renamed, so a reader never sees half a file. */
    save(index: LessonIndex, label: string): boolean {
      if (!file) return false;
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, encodeLessonIndex(index, label));
        renameSync(temporary, file);
        return true;
      } catch {
        rmSync(temporary, { force: true });
        return false;
      }
    },
  };
}
