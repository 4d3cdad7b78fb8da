// Cold start in a fresh process: `node --expose-gc --import tsx bench/cold-start.ts <database path>`.
// Times importing the app, buildApp() + ready() on an existing database (migrations, in-memory
// indexes), the resident memory after a GC, and the first filter call. Prints one JSON line.
import { filterServiceOf } from "./filter-service.js";

const path = process.argv[2];
if (!path) {
  console.error("usage: cold-start.ts <database path>");
  process.exit(2);
}

const memory = () => {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};

const t0 = performance.now();
const { buildApp } = await import("../src/app.js");
const t1 = performance.now();
const app = await buildApp({
  config: { databasePath: path, logLevel: "silent", seed: "none", bodyLimitBytes: 1048576 },
});
await app.ready();
const t2 = performance.now();
const indexLoadedFrom = app.services.search.loadedFrom;
const afterReady = memory();

let firstFilterMs: number | null = null;
let afterFirstFilter: { rss: number; heapUsed: number } | null = null;
const filter = filterServiceOf(app);
if (filter) {
  const started = performance.now();
  await filter({ q: "tillid", limit: 20 });
  firstFilterMs = performance.now() - started;
  afterFirstFilter = memory();
}
await app.close();

console.log(
  JSON.stringify({
    importMs: t1 - t0,
    buildReadyMs: t2 - t1,
    indexLoadedFrom,
    gcExposed: typeof globalThis.gc === "function",
    afterReady,
    firstFilterMs,
    afterFirstFilter,
  }),
);
