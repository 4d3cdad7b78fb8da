// Which running service holds a database file: the service writes `<database>.pid` while it serves,
// and command-line tools that write (npm run seed) refuse to write under it, naming it, instead of
// racing it for the write lock.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const lockPath = (databasePath: string) => `${databasePath}.pid`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of a live process (other than this one) that serves `databasePath`, if any. */
export function databaseHolder(databasePath: string): number | undefined {
  if (databasePath === ":memory:") return undefined;
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(lockPath(databasePath), "utf8"), 10);
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
}

/** Marks `databasePath` as served by this process until `release` (a stale mark of a dead process is replaced). */
export function holdDatabase(databasePath: string): { release(): void } {
  if (databasePath === ":memory:") return { release() {} };
  const holder = databaseHolder(databasePath);
  if (holder !== undefined)
    throw new Error(`${databasePath} is already served by another samskab process (pid ${holder}).`);
  // a first start: the database's folder is made here, before the database itself
  mkdirSync(dirname(databasePath), { recursive: true });
  writeFileSync(lockPath(databasePath), String(process.pid));
  return {
    release() {
      if (databaseHolder(databasePath) === undefined) rmSync(lockPath(databasePath), { force: true });
    },
  };
}
