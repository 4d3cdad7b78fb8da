// The samskab benchmark: `npm run bench [-- --sizes 1000,10000 | --quick] [--seed 42]`.
// Per corpus size: bulk import into a file database, cold start in a fresh process and through
// `npm start` (until /ready answers), the fixed query mix through the filter service in process and
// over HTTP, questions of 6–12 words in process, a bare FTS5 top-20 baseline for each (AND of the
// words for the short queries, OR for the questions) and MiniSearch alone on the same text. The filter,
// HTTP, FTS5 and digest timings run in a fresh process opened on the imported database (bench/service.ts),
// as a user's service runs; this process, whose heap held the generated corpus, only generates and imports.
// `--keep` leaves each size's database behind (its path is printed) for bench/profile-questions.ts. Prints a Markdown table per size and writes them all to bench/results.md.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/database.js";
import { createServices } from "../src/domain/services.js";
import { loadSeed } from "../src/seed/load.js";
import { type Corpus, type CorpusLesson, generateCorpus } from "./corpus.js";
import { MISSING_FILTER } from "./filter-service.js";
import { BUDGET, int, PHASE_BUDGET_MS, type Row, type SizeReport } from "./measure.js";
import { timeNpmStart } from "./npm-start.js";
import { buildQueryMix, buildQuestions } from "./queries.js";
import type { ServiceJob, ServiceResult } from "./service.js";
import { formatLatency, type Latency, mb, ms, projectRoot, runChild, summarize } from "./stats.js";

// ── options ──────────────────────────────────────────────────────────────────
const { values: args } = parseArgs({
  options: {
    sizes: { type: "string" },
    quick: { type: "boolean", default: false },
    seed: { type: "string", default: "42" },
    out: { type: "string", default: join(projectRoot, "bench", "results.md") },
    keep: { type: "boolean", default: false },
  },
  strict: true,
});
const sizes = (args.sizes ?? (args.quick ? "1000,10000" : "1000,10000,100000"))
  .split(",")
  .map((s) => Number(s.trim().replace(/_/g, "")));
if (sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 1_000_000)) {
  console.error(
    `--sizes wants positive integers up to 1,000,000, e.g. --sizes 1000,10000 (got '${args.sizes}')`,
  );
  process.exit(2);
}
const seed = Number(args.seed);
if (!Number.isInteger(seed)) {
  console.error(`--seed wants an integer (got '${args.seed}')`);
  process.exit(2);
}
const QUERY_MIX = { text: 80, textWithFacets: 70, contextOnly: 50 };
/** Questions of 6–12 words, timed apart from the mix (their own budget), with their own FTS5 baseline. */
const QUESTIONS = 80;
/** Timed starts through `npm start` after one untimed start (which builds dist/ if it is stale). */
const NPM_STARTS = 3;
const DAY_MS = 86_400_000;
const gc = () => globalThis.gc?.();

// ── phases ───────────────────────────────────────────────────────────────────
async function importCorpus(path: string, corpus: Corpus) {
  const database = openDatabase(path);
  try {
    const services = createServices({ database });
    const t0 = performance.now();
    loadSeed(services, database, "vocabulary");
    const setupAt = new Date(Date.now() - 3.2 * 365 * DAY_MS).toISOString();
    database.sqlite.transaction(() => {
      for (const { id, ...organisation } of corpus.organisations)
        services.organisations.create(organisation, { id, createdAt: setupAt });
      for (const { id, ...unit } of corpus.units) services.units.create(unit, { id, createdAt: setupAt });
    })();
    const setupMs = performance.now() - t0;

    const bulk = (services.lessons as unknown as { importMany?: (lessons: CorpusLesson[]) => unknown })
      .importMany;
    const t1 = performance.now();
    let method: "importMany" | "create (fallback)";
    if (typeof bulk === "function") {
      method = "importMany";
      await bulk.call(services.lessons, corpus.lessons);
    } else {
      method = "create (fallback)";
      database.sqlite.transaction(() => {
        for (const { id, createdAt, ...input } of corpus.lessons)
          services.lessons.create(input, { id, createdAt });
      })();
    }
    const importMs = performance.now() - t1;
    const { n } = database.sqlite.prepare("SELECT count(*) AS n FROM lessons").get() as { n: number };
    return { method, setupMs, importMs, stored: n };
  } finally {
    database.close();
  }
}

type ColdStart = {
  importMs: number;
  buildReadyMs: number;
  indexLoadedFrom?: "snapshot" | "database";
  gcExposed: boolean;
  afterReady: { rss: number; heapUsed: number };
  firstFilterMs: number | null;
  afterFirstFilter: { rss: number; heapUsed: number } | null;
};

async function runSize(size: number): Promise<SizeReport> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const folder = mkdtempSync(join(os.tmpdir(), "samskab-bench-"));
  const path = join(folder, "bench.db");
  const now = new Date(
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()),
  );
  const log = (message: string) => console.log(`[${size}] ${message}`);
  try {
    // corpus and query mix
    const t = performance.now();
    let corpus: Corpus | undefined = generateCorpus({ size, seed, now });
    const corpusMs = performance.now() - t;
    const queries = buildQueryMix(corpus, { seed, ...QUERY_MIX });
    const textQueries = queries.filter((q) => q.body.q);
    const questions = buildQuestions(corpus, { seed, count: QUESTIONS });
    rows.push({ metric: "corpus generation", value: `${int(corpusMs)} ms (${int(size)} lessons)` });
    log(`corpus generated in ${int(corpusMs)} ms; ${queries.length} queries, ${questions.length} questions`);

    // import
    const imported = await importCorpus(path, corpus);
    // the busiest unit (the corpus's first: units log less the later they come) and its organisation
    const keyPlace = { organisationId: corpus.units[0]!.organisationId, unitId: corpus.units[0]!.id };
    corpus = undefined;
    gc();
    const perSecond = (imported.stored / imported.importMs) * 1000;
    const dbBytes = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    if (imported.stored !== size) notes.push(`only ${imported.stored} of ${size} lessons were stored`);
    rows.push({
      metric: `import (${imported.method})`,
      value: `${int(perSecond)} lessons/s (${int(imported.stored)} in ${(imported.importMs / 1000).toFixed(1)} s)`,
      budget: `≥ ${int(BUDGET.importPerSecond)} lessons/s`,
      ok: perSecond >= BUDGET.importPerSecond && imported.stored === size,
    });
    rows.push({
      metric: "vocabulary, organisations, units",
      value: `${int(imported.setupMs)} ms; database file ${mb(dbBytes)}`,
    });
    log(`imported ${imported.stored} lessons with ${imported.method} at ${int(perSecond)}/s`);

    // cold start in a fresh process
    try {
      const { result: cold, wallMs } = await runChild<ColdStart>("cold-start.ts", [path], {
        nodeFlags: ["--expose-gc"],
        timeoutMs: 300_000,
      });
      rows.push({
        metric: `in a fresh process: buildApp + ready (search index read from the ${cold.indexLoadedFrom ?? "?"})`,
        value: `${int(cold.buildReadyMs)} ms (+ ${int(cold.importMs)} ms module load through tsx; process ${int(wallMs)} ms)`,
      });
      rows.push({
        metric: "memory after ready (RSS / heapUsed)",
        value: `${mb(cold.afterReady.rss)} / ${mb(cold.afterReady.heapUsed)}${cold.gcExposed ? "" : " (no gc)"}`,
        budget: `RSS ≤ ${mb(BUDGET.rssBytes)}`,
        ok: cold.afterReady.rss <= BUDGET.rssBytes,
      });
      if (cold.afterFirstFilter && cold.firstFilterMs !== null) {
        rows.push({
          metric: "first filter call; memory after it",
          value: `${ms(cold.firstFilterMs)} ms; ${mb(cold.afterFirstFilter.rss)} / ${mb(cold.afterFirstFilter.heapUsed)}`,
          budget: `RSS ≤ ${mb(BUDGET.rssBytes)}`,
          ok: cold.afterFirstFilter.rss <= BUDGET.rssBytes,
        });
      }
      log(`cold start ${int(cold.buildReadyMs)} ms, RSS ${mb(cold.afterReady.rss)}`);
    } catch (error) {
      rows.push({
        metric: "cold start",
        value: "failed",
        budget: `≤ ${int(BUDGET.coldStartMs)} ms`,
        ok: false,
      });
      notes.push(`cold start failed: ${error instanceof Error ? error.message : String(error)}`);
    }

    // cold start as a user starts it: spawning `npm start` until GET /ready answers 200. The untimed
    // start reads the search index from the database and saves it when stopped; the timed ones load it.
    const snapshot = `${path}.index-snapshot`;
    try {
      let saved = 0;
      const starts = await timeNpmStart(path, {
        runs: NPM_STARTS,
        log,
        beforeEach: () => {
          saved += existsSync(snapshot) ? 1 : 0;
        },
      });
      const timedMs = starts.timed.map((s) => s.readyMs).sort((a, b) => a - b);
      const median = timedMs[timedMs.length >> 1];
      const rebuilt = starts.timed.filter((s) => s.rebuilt).length;
      rows.push({
        metric: `cold start: \`npm start\` until /ready is 200, loading the search index saved at the previous shutdown (median of ${timedMs.length})`,
        value:
          median === undefined
            ? "failed"
            : `${int(median)} ms (runs ${timedMs.map(int).join(", ")} ms; RSS at ready ${starts.rssAtReady ? mb(starts.rssAtReady) : "n/a"})`,
        budget: `≤ ${int(BUDGET.coldStartMs)} ms`,
        ok: median !== undefined && median <= BUDGET.coldStartMs && rebuilt === 0,
      });
      if (saved < NPM_STARTS)
        notes.push(`npm start: ${NPM_STARTS - saved} timed start(s) found no saved search index`);
      rows.push({
        metric: "first `npm start` (untimed warm-up)",
        value: `${int(starts.first.readyMs)} ms${starts.first.rebuilt ? " (rebuilt dist/: sources were newer than the last build)" : " (dist/ up to date)"}`,
      });
      // the same start without npm and the build check: what npm's own start-up costs
      const direct = await timeNpmStart(path, { runs: NPM_STARTS, command: "node dist/server.js" });
      const directMs = direct.timed.map((s) => s.readyMs).sort((a, b) => a - b);
      rows.push({
        metric: `… \`node dist/server.js\` alone until /ready is 200 (median of ${directMs.length})`,
        value: `${int(directMs[directMs.length >> 1] ?? Number.NaN)} ms (runs ${directMs.map(int).join(", ")} ms)`,
      });
      // and without a saved index (a first start, or one after another process wrote to the lessons)
      const unsaved = await timeNpmStart(path, {
        runs: NPM_STARTS,
        command: "node dist/server.js",
        beforeEach: () => rmSync(snapshot, { force: true }),
      });
      const unsavedMs = unsaved.timed.map((s) => s.readyMs).sort((a, b) => a - b);
      rows.push({
        metric: `… \`node dist/server.js\` without a saved search index (read from the database; median of ${unsavedMs.length})`,
        value: `${int(unsavedMs[unsavedMs.length >> 1] ?? Number.NaN)} ms (runs ${unsavedMs.map(int).join(", ")} ms)`,
      });
      if (rebuilt > 0)
        notes.push(`npm start: ${rebuilt} timed start(s) rebuilt dist/ (src/ changed meanwhile)`);
      log(`npm start until ready: ${timedMs.map(int).join(", ")} ms`);
    } catch (error) {
      rows.push({
        metric: "cold start: `npm start` until /ready is 200",
        value: "failed",
        budget: `≤ ${int(BUDGET.coldStartMs)} ms`,
        ok: false,
      });
      notes.push(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
    }

    // the service, as a user's runs: a fresh process opened on the imported database (this one's heap
    // holds the generated and imported corpus), timing the filter in process and over HTTP, the bare
    // FTS5 baselines on its connection and the digest
    let filterText: Latency | undefined;
    const serviceJob = join(folder, "service-job.json");
    writeFileSync(
      serviceJob,
      JSON.stringify({ path, size, queries, questions, keyPlace } satisfies ServiceJob),
    );
    try {
      const { result } = await runChild<ServiceResult>("service.ts", [serviceJob], { timeoutMs: 1_800_000 });
      rows.push(...result.rows);
      notes.push(...result.notes);
      for (const line of result.log) log(line);
      filterText = result.filterText;
      if (result.filterMissing) filterMissing = true;
    } catch (error) {
      rows.push({ metric: "filter, HTTP, FTS5 and digest (service process)", value: "failed", ok: false });
      notes.push(`service measurements failed: ${error instanceof Error ? error.message : String(error)}`);
    }

    // MiniSearch alone, in its own process on the regenerated (identical) corpus
    const job = join(folder, "minisearch-job.json");
    writeFileSync(
      job,
      JSON.stringify({
        size,
        seed,
        now: now.toISOString(),
        queries: textQueries.map((q) => q.body.q),
        timeBudgetMs: PHASE_BUDGET_MS,
      }),
    );
    try {
      const { result } = await runChild<{
        buildMs: number;
        rss: number;
        timings: number[];
        meanHits: number;
      }>("minisearch.ts", [job], {
        nodeFlags: ["--expose-gc", "--max-old-space-size=8192"],
        timeoutMs: 600_000,
      });
      const mini = summarize(result.timings);
      rows.push({
        metric: "MiniSearch build (same text)",
        value: `${int(result.buildMs)} ms; RSS ${mb(result.rss)}`,
      });
      rows.push({
        metric: "MiniSearch query (prefix, fuzzy 0.2)",
        value: `${formatLatency(mini)}; mean ${result.meanHits.toFixed(1)} hits`,
      });
      rows.push({
        metric: "filter text p50 speed-up over MiniSearch p50",
        value: filterText && mini ? `${(mini.p50 / filterText.p50).toFixed(1)}×` : "n/a",
        budget: `≥ ${BUDGET.miniSearchFactor}× faster`,
        ok: filterText && mini ? mini.p50 >= BUDGET.miniSearchFactor * filterText.p50 : false,
      });
      log(`MiniSearch: build ${int(result.buildMs)} ms, ${formatLatency(mini)}`);
    } catch (error) {
      rows.push({ metric: "MiniSearch", value: "failed" });
      notes.push(`MiniSearch failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  } finally {
    if (args.keep) log(`kept the database at ${path}`);
    else rmSync(folder, { recursive: true, force: true });
  }
  return { size, rows, notes };
}

// ── report ───────────────────────────────────────────────────────────────────
function table(report: SizeReport): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const lines = [
    `## ${int(report.size)} lessons`,
    "",
    "| metric | value | budget | |",
    "|---|---|---|---|",
    ...report.rows.map(
      (r) =>
        `| ${cell(r.metric)} | ${cell(r.value)} | ${cell(r.budget ?? "")} | ${r.ok === undefined ? "" : r.ok ? "✓" : "✗"} |`,
    ),
  ];
  if (report.notes.length > 0) lines.push("", ...report.notes.map((n) => `- ${n}`));
  return lines.join("\n");
}

function header(): string {
  const cpus = os.cpus();
  return [
    "# samskab benchmark results",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Node.js: ${process.version} (${process.platform} ${process.arch})`,
    `- CPU: ${cpus[0]?.model ?? "unknown"}, ${cpus.length} cores; memory ${mb(os.totalmem())}`,
    `- Command: npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    `- Corpus seed ${seed}; query mix ${QUERY_MIX.text} text, ${QUERY_MIX.textWithFacets} text + facets, ${QUERY_MIX.contextOnly} context-only (limit 20), plus ${QUESTIONS} questions of 6–12 words (da/nb/en, about a third asking what went wrong); one warm-up pass, then each timed 3× (median per query)`,
    "- Where: the filter (in process, as the three keys, the questions), HTTP, the bare FTS5 baselines and the digest are timed in a fresh process opened on the imported database (`bench/service.ts`), as a user's service runs after `npm start`; before 2026-11-29 they ran in the process that had generated and imported the corpus (a large, fragmented heap), which made them 30–60% slower. Same queries, warm-up and median-of-three method",
    `- Cold start: one untimed \`npm start\`, then ${NPM_STARTS} timed ones, each from spawning \`npm start\` (DATABASE_PATH = the bench database, SEED=none, a free port on 127.0.0.1) until GET /ready answers 200; the untimed start reads the search index from the database and saves it when stopped, the timed ones load it (as a restart does when nothing was written since); \`node dist/server.js\` is timed with and without that saved index; "buildApp + ready" is the same work inside one process, without npm and module loading, after the import (no saved index)`,
    "- Budgets: filter p50 ≤ 15 ms and p99 ≤ 120 ms; context-only p50 ≤ 10 ms; questions p50 ≤ 30 ms and p99 ≤ 150 ms; HTTP p50 ≤ in-process p50 + 1 ms; filter ≤ 2× bare FTS5 (AND for short queries, OR for questions); ≥ 5× faster than MiniSearch; cold start through `npm start` ≤ 2 s; RSS ≤ 400 MB; import ≥ 2,000 lessons/s; digest over ~5% of the corpus p50 ≤ 60 ms",
  ].join("\n");
}

let filterMissing = false;
const reports: SizeReport[] = [];
const started = performance.now();
for (const size of sizes) {
  const sizeStarted = performance.now();
  const loadBefore = os.loadavg()[0]!.toFixed(2);
  const report = await runSize(size);
  report.notes.push(
    `1-minute load average ${loadBefore} before, ${os.loadavg()[0]!.toFixed(2)} after (above the core count means other work shared the CPU)`,
  );
  report.notes.push(`this size took ${int((performance.now() - sizeStarted) / 1000)} s`);
  reports.push(report);
  console.log(`\n${table(report)}\n`);
  // rewritten after every size, so a long run leaves its results behind even if stopped
  writeFileSync(args.out, `${header()}\n\n${reports.map(table).join("\n\n")}\n`);
}
console.log(`wrote ${args.out} (${int((performance.now() - started) / 1000)} s in all)`);
if (filterMissing) {
  console.error(`\nbench incomplete: ${MISSING_FILTER}.`);
  process.exitCode = 1;
}
