// The samskab benchmark: `npm run bench [-- --sizes 1000,10000 | --quick] [--seed 42]`.
// Per corpus size: bulk import into a file database, cold start in a fresh process and through
// `npm start` (until /ready answers), the fixed query mix through the filter service in process and
// over HTTP, questions of 6–12 words in process, a bare FTS5 top-20 baseline for each (AND of the
// words for the short queries, OR for the questions) and MiniSearch alone on the same text.
// `--keep` leaves each size's database behind (its path is printed) for bench/profile-questions.ts. Prints a Markdown table per size and writes them all to bench/results.md.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as nodeHttp from "node:http";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type SQLite from "better-sqlite3";
import { buildApp } from "../src/app.js";
import { openDatabase } from "../src/db/database.js";
import { INSTALLATION } from "../src/domain/access.js";
import { createServices } from "../src/domain/services.js";
import { buildAnyWordExpression, buildMatchExpression } from "../src/search/fts-query.js";
import { loadSeed } from "../src/seed/load.js";
import { type Corpus, type CorpusLesson, generateCorpus } from "./corpus.js";
import { type FilterCall, filterServiceOf, MISSING_FILTER } from "./filter-service.js";
import { timeNpmStart } from "./npm-start.js";
import { benchPrincipals } from "./principals.js";
import {
  type BenchQuery,
  buildQueryMix,
  buildQuestions,
  type FilterBody,
  type QueryKind,
} from "./queries.js";
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
/** The master key of the app the benchmark talks to over HTTP (an admin, like the in-process filter). */
const BENCH_ADMIN_KEY = "bench-master-key-0123456789abcdef0123456789";
/** Caps per timed phase, so a pathological build still finishes (the loops are bounded by count too). */
const PHASE_BUDGET_MS = 180_000;

// ── budgets ──────────────────────────────────────────────────────────────────
const BUDGET = {
  filterP50: 15,
  filterP99: 120,
  contextP50: 10,
  questionP50: 30,
  questionP99: 150,
  httpOverheadMs: 1,
  ftsFactor: 2,
  miniSearchFactor: 5,
  coldStartMs: 2000,
  rssBytes: 400 * 1048576,
  importPerSecond: 2000,
  digestP50: 60,
};

type Row = { metric: string; value: string; budget?: string; ok?: boolean | undefined };
type SizeReport = { size: number; rows: Row[]; notes: string[] };

const int = (n: number) => Math.round(n).toLocaleString("en-US");
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
  gcExposed: boolean;
  afterReady: { rss: number; heapUsed: number };
  firstFilterMs: number | null;
  afterFirstFilter: { rss: number; heapUsed: number } | null;
};

/** `timings` holds one median per timed item; `timed` the items in the same order. */
type Timed = { timings: number[]; timed: number[]; errors: number; firstError?: string; truncated: boolean };

/** Runs `call` for each item in order (bounded by count and by PHASE_BUDGET_MS), timing each call. */
const RUNS_PER_QUERY = 3;

async function timeEach<T>(
  items: readonly T[],
  call: (item: T) => Promise<unknown> | unknown,
): Promise<Timed> {
  const out: Timed = { timings: [], timed: [], errors: 0, truncated: false };
  const started = performance.now();
  for (const [index, item] of items.entries()) {
    if (performance.now() - started > PHASE_BUDGET_MS) {
      out.truncated = true;
      break;
    }
    try {
      // the median of three runs per query: one garbage collection or noisy neighbour is not the query's cost
      const runs: number[] = [];
      for (let r = 0; r < RUNS_PER_QUERY; r++) {
        const t = performance.now();
        await call(item);
        runs.push(performance.now() - t);
      }
      out.timings.push(runs.sort((a, b) => a - b)[RUNS_PER_QUERY >> 1]!);
      out.timed.push(index);
    } catch (error) {
      out.errors++;
      out.firstError ??= error instanceof Error ? error.message : String(error);
    }
  }
  return out;
}

function ftsBaseline(
  sqlite: SQLite.Database,
  queries: readonly BenchQuery[],
  expressionOf: (q: string) => string | undefined = buildMatchExpression,
) {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'lesson_text'").get();
  if (!table) return { skipped: "no lesson_text table in the database" } as const;
  const statement = sqlite.prepare<[string], { rowid: number; rank: number }>(
    "SELECT rowid, bm25(lesson_text) AS rank FROM lesson_text WHERE lesson_text MATCH ? ORDER BY rank LIMIT 20",
  );
  const expressions = queries.flatMap((query) => {
    const expression = query.body.q ? expressionOf(query.body.q) : undefined;
    return expression ? [expression] : [];
  });
  return { statement, expressions };
}

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
        metric: "in a fresh process: buildApp + ready",
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

    // cold start as a user starts it: spawning `npm start` until GET /ready answers 200
    try {
      const starts = await timeNpmStart(path, { runs: NPM_STARTS, log });
      const timedMs = starts.timed.map((s) => s.readyMs).sort((a, b) => a - b);
      const median = timedMs[timedMs.length >> 1];
      const rebuilt = starts.timed.filter((s) => s.rebuilt).length;
      rows.push({
        metric: `cold start: \`npm start\` until /ready is 200 (median of ${timedMs.length})`,
        value:
          median === undefined
            ? "failed"
            : `${int(median)} ms (runs ${timedMs.map(int).join(", ")} ms; RSS at ready ${starts.rssAtReady ? mb(starts.rssAtReady) : "n/a"})`,
        budget: `≤ ${int(BUDGET.coldStartMs)} ms`,
        ok: median !== undefined && median <= BUDGET.coldStartMs && rebuilt === 0,
      });
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

    // the app in this process: filter in process, over HTTP, and bare FTS5 on its connection
    const app = await buildApp({
      config: {
        databasePath: path,
        logLevel: "silent",
        seed: "none",
        bodyLimitBytes: 1048576,
        adminKey: BENCH_ADMIN_KEY,
      },
    });
    let filterText: Latency | undefined;
    let filterAll: Latency | undefined;
    let ftsText: Latency | undefined;
    let filterQuestions: Latency | undefined;
    try {
      await app.ready();
      const filter: FilterCall | undefined = filterServiceOf(app);
      if (!filter) {
        filterMissing = true;
        notes.push(MISSING_FILTER);
        rows.push({ metric: "filter (in process)", value: "skipped: no filter service", ok: false });
        log(MISSING_FILTER);
      } else {
        await timeEach(queries, (query) => filter(query.body)); // warm-up pass
        const replies = new Map<BenchQuery, { total: number; results: number }>();
        const byKind = new Map<QueryKind, number[]>();
        const all: number[] = [];
        const text: number[] = [];
        const timed = await timeEach(queries, async (query) => {
          const reply = await filter(query.body);
          replies.set(query, { total: reply.total, results: reply.results.length });
        });
        timed.timed.forEach((index, k) => {
          const query = queries[index]!;
          const elapsed = timed.timings[k]!;
          byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), elapsed]);
          all.push(elapsed);
          if (query.body.q) text.push(elapsed);
        });
        if (timed.errors > 0)
          notes.push(`filter: ${timed.errors} calls failed; first error: ${timed.firstError}`);
        if (timed.truncated) notes.push(`filter: stopped after ${int(PHASE_BUDGET_MS / 1000)} s`);
        const latencyRow = (kind: QueryKind, label: string, p50: number, p99?: number) => {
          const l = summarize(byKind.get(kind) ?? []);
          rows.push({
            metric: `filter in process: ${label}`,
            value: formatLatency(l),
            budget: p99 === undefined ? `p50 ≤ ${p50} ms` : `p50 ≤ ${p50} ms, p99 ≤ ${p99} ms`,
            ok: l ? l.p50 <= p50 && (p99 === undefined || l.p99 <= p99) && timed.errors === 0 : false,
          });
        };
        latencyRow("text", "text", BUDGET.filterP50, BUDGET.filterP99);
        latencyRow("text+facets", "text + facets", BUDGET.filterP50, BUDGET.filterP99);
        latencyRow("context", "context only", BUDGET.contextP50);
        filterText = summarize(text);
        filterAll = summarize(all);
        rows.push({
          metric: "filter in process: all",
          value: formatLatency(filterAll),
          budget: `p50 ≤ ${BUDGET.filterP50} ms, p99 ≤ ${BUDGET.filterP99} ms`,
          ok: filterAll
            ? filterAll.p50 <= BUDGET.filterP50 && filterAll.p99 <= BUDGET.filterP99 && timed.errors === 0
            : false,
        });
        const textReplies = textQueries.flatMap((q) => replies.get(q) ?? []);
        const zero = textReplies.filter((r) => r.total === 0).length;
        const meanTotal = textReplies.reduce((a, r) => a + r.total, 0) / Math.max(1, textReplies.length);
        rows.push({
          metric: "text queries: matches",
          value: `mean total ${int(meanTotal)}; ${zero} of ${textReplies.length} with no match`,
        });
        log(`filter in process: ${formatLatency(filterAll)}`);

        // the same mix as a staff, a manager and an admin key: visibility's cost per role
        for (const { label, principal } of benchPrincipals(keyPlace)) {
          const asKey = filterServiceOf(app, principal)!;
          await timeEach(queries.slice(0, 40), (query) => asKey(query.body)); // warm-up
          const keyed = await timeEach(queries, (query) => asKey(query.body));
          const latency = summarize(keyed.timings);
          if (keyed.errors > 0)
            notes.push(`filter as ${label}: ${keyed.errors} calls failed; first error: ${keyed.firstError}`);
          rows.push({
            metric: `filter in process as ${label}: all`,
            value: formatLatency(latency),
            budget: `p50 ≤ ${BUDGET.filterP50} ms, p99 ≤ ${BUDGET.filterP99} ms`,
            ok: latency
              ? latency.p50 <= BUDGET.filterP50 && latency.p99 <= BUDGET.filterP99 && keyed.errors === 0
              : false,
          });
          log(`filter as ${label}: ${formatLatency(latency)}`);
        }

        // questions of 6–12 words, apart from the mix: their own budget
        await timeEach(questions, (query) => filter(query.body)); // warm-up
        const questionReplies = new Map<BenchQuery, { total: number; failure: boolean; asked: boolean }>();
        const askedTimed = await timeEach(questions, async (query) => {
          const reply = (await filter(query.body)) as Awaited<ReturnType<FilterCall>> & {
            query?: { intent?: string | null };
          };
          questionReplies.set(query, {
            total: reply.total,
            failure: reply.query?.intent === "failure",
            asked: query.failure,
          });
        });
        if (askedTimed.errors > 0)
          notes.push(`questions: ${askedTimed.errors} calls failed; first error: ${askedTimed.firstError}`);
        if (askedTimed.truncated) notes.push(`questions: stopped after ${int(PHASE_BUDGET_MS / 1000)} s`);
        filterQuestions = summarize(askedTimed.timings);
        rows.push({
          metric: `filter in process: questions (6–12 words, match most)`,
          value: formatLatency(filterQuestions),
          budget: `p50 ≤ ${BUDGET.questionP50} ms, p99 ≤ ${BUDGET.questionP99} ms`,
          ok: filterQuestions
            ? filterQuestions.p50 <= BUDGET.questionP50 &&
              filterQuestions.p99 <= BUDGET.questionP99 &&
              askedTimed.errors === 0
            : false,
        });
        const once = [...questionReplies.values()];
        const askedFailure = once.filter((r) => r.asked).length;
        const readFailure = once.filter((r) => r.asked && r.failure).length;
        rows.push({
          metric: "questions: matches",
          value: `mean total ${int(once.reduce((a, r) => a + r.total, 0) / Math.max(1, once.length))}; ${once.filter((r) => r.total === 0).length} of ${once.length} with no match; failure intent read in ${readFailure} of ${askedFailure} failure questions (${once.filter((r) => !r.asked && r.failure).length} others)`,
        });
        log(`questions in process: ${formatLatency(filterQuestions)}`);

        // over HTTP with a plain keep-alive node:http client (undici's fetch adds its own ~0.5 ms)
        const address = await app.listen({ port: 0, host: "127.0.0.1" });
        const port = Number(new URL(address).port);
        const agent = new nodeHttp.Agent({ keepAlive: true, maxSockets: 1 });
        const post = (body: FilterBody) =>
          new Promise<void>((resolve, reject) => {
            const data = JSON.stringify(body);
            const request = nodeHttp.request(
              {
                host: "127.0.0.1",
                port,
                path: "/v1/filter",
                method: "POST",
                agent,
                headers: {
                  "content-type": "application/json",
                  "content-length": Buffer.byteLength(data),
                  authorization: `Bearer ${BENCH_ADMIN_KEY}`,
                },
              },
              (response) => {
                const chunks: Buffer[] = [];
                response.on("data", (chunk: Buffer) => chunks.push(chunk));
                response.on("end", () => {
                  if (response.statusCode === 200) resolve();
                  else
                    reject(
                      new Error(
                        `HTTP ${response.statusCode}: ${Buffer.concat(chunks).toString("utf8").slice(0, 300)}`,
                      ),
                    );
                });
              },
            );
            request.on("error", reject);
            request.end(data);
          });
        await timeEach(queries.slice(0, 40), (q) => post(q.body)); // warm-up
        const http = await timeEach(queries, (q) => post(q.body));
        const httpAll = summarize(http.timings);
        if (http.errors > 0)
          notes.push(`HTTP: ${http.errors} requests failed; first error: ${http.firstError}`);
        if (http.truncated) notes.push(`HTTP: stopped after ${int(PHASE_BUDGET_MS / 1000)} s`);
        rows.push({
          metric: "POST /v1/filter over HTTP: all",
          value: formatLatency(httpAll),
          budget: filterAll
            ? `p50 ≤ ${ms(filterAll.p50 + BUDGET.httpOverheadMs)} ms (in process + 1 ms)`
            : "",
          ok:
            httpAll && filterAll
              ? httpAll.p50 <= filterAll.p50 + BUDGET.httpOverheadMs && http.errors === 0
              : false,
        });
        log(`HTTP: ${formatLatency(httpAll)}`);
      }

      // bare FTS5 top 20 on the same connection and the same text queries
      const fts = ftsBaseline(app.database.sqlite, textQueries);
      if ("skipped" in fts) {
        rows.push({ metric: "bare FTS5 top 20", value: `skipped: ${fts.skipped}` });
      } else {
        await timeEach(fts.expressions, (e) => fts.statement.all(e)); // warm-up
        let rowsFound = 0;
        const timed = await timeEach(fts.expressions, (e) => {
          rowsFound += fts.statement.all(e).length / RUNS_PER_QUERY;
        });
        if (timed.errors > 0)
          notes.push(`FTS5: ${timed.errors} queries failed; first error: ${timed.firstError}`);
        ftsText = summarize(timed.timings);
        rows.push({
          metric: "bare FTS5 top 20 (text queries)",
          value: `${formatLatency(ftsText)}; mean ${(rowsFound / Math.max(1, timed.timings.length)).toFixed(1)} rows`,
        });
        if (fts.expressions.length < textQueries.length)
          notes.push(`FTS5: ${textQueries.length - fts.expressions.length} queries had no MATCH expression`);
        rows.push({
          metric: "filter text p50 vs bare FTS5 p50",
          value: filterText && ftsText ? `${(filterText.p50 / ftsText.p50).toFixed(1)}×` : "n/a",
          budget: `≤ ${BUDGET.ftsFactor}×`,
          ok: filterText && ftsText ? filterText.p50 <= BUDGET.ftsFactor * ftsText.p50 : false,
        });
        log(`FTS5: ${formatLatency(ftsText)}`);
      }

      // bare FTS5 top 20 for the questions: the OR of their words (a search box's reading of a question)
      const ftsQ = ftsBaseline(app.database.sqlite, questions, buildAnyWordExpression);
      if (!("skipped" in ftsQ)) {
        await timeEach(ftsQ.expressions, (e) => ftsQ.statement.all(e)); // warm-up
        let rowsFound = 0;
        const timed = await timeEach(ftsQ.expressions, (e) => {
          rowsFound += ftsQ.statement.all(e).length / RUNS_PER_QUERY;
        });
        if (timed.errors > 0)
          notes.push(`FTS5 (questions): ${timed.errors} queries failed; first error: ${timed.firstError}`);
        const ftsQuestions = summarize(timed.timings);
        rows.push({
          metric: "bare FTS5 OR top 20 (questions)",
          value: `${formatLatency(ftsQuestions)}; mean ${(rowsFound / Math.max(1, timed.timings.length)).toFixed(1)} rows`,
        });
        rows.push({
          metric: "filter questions p50 vs bare FTS5 OR p50",
          value:
            filterQuestions && ftsQuestions
              ? `${(filterQuestions.p50 / ftsQuestions.p50).toFixed(1)}×`
              : "n/a",
          budget: `≤ ${BUDGET.ftsFactor}×`,
          ok:
            filterQuestions && ftsQuestions
              ? filterQuestions.p50 <= BUDGET.ftsFactor * ftsQuestions.p50
              : false,
        });
        log(`FTS5 OR (questions): ${formatLatency(ftsQuestions)}`);
      }

      // digest over about 5% of the corpus (the service area closest to that), for each context-only requester
      const target = 0.05 * size;
      const [area = "", matching = 0] =
        Object.entries(app.services.filter.filter(INSTALLATION, { limit: 1 }).facets.serviceArea ?? {}).sort(
          (a, b) => Math.abs(a[1] - target) - Math.abs(b[1] - target),
        )[0] ?? [];
      const digest = ({ body }: BenchQuery) =>
        app.services.digests.digest(
          INSTALLATION,
          { unitId: body.unitId, context: body.context, filters: { serviceArea: [area] } },
          // every matching lesson, every mechanism: the heaviest form (a requester from another service area
          // would otherwise see only the lessons of its own scope)
          { scope: "all", detail: "full" },
        );
      const requesters = queries.filter((q) => q.kind === "context");
      await timeEach(requesters, digest); // warm-up
      const digests = await timeEach(requesters, digest);
      const digestLatency = summarize(digests.timings);
      if (digests.errors > 0)
        notes.push(`digest: ${digests.errors} calls failed; first error: ${digests.firstError}`);
      rows.push({
        metric: `digest in process (${int(matching)} matching lessons, serviceArea ${area})`,
        value: formatLatency(digestLatency),
        budget: `p50 ≤ ${BUDGET.digestP50} ms`,
        ok: digestLatency ? digestLatency.p50 <= BUDGET.digestP50 && digests.errors === 0 : false,
      });
      log(`digest: ${formatLatency(digestLatency)}`);
    } finally {
      await app.close();
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
    `- Cold start: one untimed \`npm start\`, then ${NPM_STARTS} timed ones, each from spawning \`npm start\` (DATABASE_PATH = the bench database, SEED=none, a free port on 127.0.0.1) until GET /ready answers 200; "buildApp + ready" is the same work inside one process, without npm and module loading`,
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
