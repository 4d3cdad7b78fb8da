// Opens the embedded SQLite database (WAL, foreign keys on) and applies the drizzle-kit migrations.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { migrationsFolder } from "../project-root.js";
import * as schema from "./schema.js";

export type Db = BetterSQLite3Database<typeof schema>;
/** A Drizzle transaction or the database itself: every query function accepts either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

export type Database = {
  sqlite: SQLite.Database;
  db: Db;
  close(): void;
};

/**
 * How long SQLite itself waits for another process's write lock while serving: a few milliseconds,
 * since its wait blocks the event loop; the HTTP layer waits longer without blocking (busy-retry.ts).
 */
export const BUSY_TIMEOUT_MS = 10;
/** …and at start, while migrating, when nothing is being served yet. */
const STARTUP_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) the database at `path` (":memory:" for tests) and migrates it. WAL: readers
 * never wait on a writer, and other processes can still take the write lock (no exclusive locking).
 */
export function openDatabase(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma(`busy_timeout = ${STARTUP_BUSY_TIMEOUT_MS}`);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return {
    sqlite,
    db,
    close() {
      if (sqlite.open) {
        sqlite.pragma("optimize");
        sqlite.close();
      }
    },
  };
}
