// Builds dist/ only when it is missing or older than a source: `npm start` runs this, so a start with
// nothing changed skips the compiler, and a source change is still compiled by the next start. With
// `--start` it then runs the server in the same process (one process fewer to start than a prestart
// script and `node dist/server.js` after it).
// Plain JavaScript with no dependencies, so it runs before anything is built. `--force` always builds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stampPath = join(root, "dist", ".build-stamp");
const entryPoint = join(root, "dist", "server.js");
/** tsc's incremental state (tsconfig.build.json): a rebuild after a small change compiles less. */
const buildInfo = join(root, "dist", ".tsbuildinfo");
/** What the build reads: every file and folder under src/ (a folder's time changes when a file goes). */
const inputs = ["src", "tsconfig.json", "tsconfig.build.json", "package.json"];

/** The newest modification time among `path` and, for a folder, everything in it. */
function newestChange(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** When the last successful build started (the stamp holds it), or undefined when there is none. */
function lastBuildStart() {
  if (!existsSync(entryPoint)) return undefined;
  try {
    const started = Number(readFileSync(stampPath, "utf8"));
    return Number.isFinite(started) ? started : undefined;
  } catch {
    return undefined;
  }
}

/** `full`: forget the incremental state, which would skip emitting files it believes are still in dist/. */
function build({ full }) {
  // the start time, not the end: a file saved while the compiler runs is older than the stamp's
  // mtime but newer than this, so the next start compiles it
  const started = Date.now();
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch {
    // an install without dev dependencies (npm ci --omit=dev) runs with the dist/ it was given
    if (existsSync(entryPoint)) {
      console.error("TypeScript is not installed: running the existing build in dist/.");
      return;
    }
    console.error("Cannot build: TypeScript is not installed (run `npm install` with dev dependencies).");
    process.exit(1);
  }
  if (full) rmSync(buildInfo, { force: true });
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stampPath, String(started));
}

const force = process.argv.includes("--force");
const builtAt = lastBuildStart();
const changedAt = Math.max(...inputs.map((input) => newestChange(join(root, input))));
if (force || builtAt === undefined || changedAt >= builtAt) {
  if (!force)
    console.error(builtAt === undefined ? "Building (no build yet)…" : "Sources changed: rebuilding…");
  build({ full: force || builtAt === undefined });
}

if (process.argv.includes("--start")) await import(pathToFileURL(entryPoint).href);
