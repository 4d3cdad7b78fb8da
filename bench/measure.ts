// What run.ts and service.ts share: the budgets, the timing loop (a warm-up pass is the caller's; each
// item is timed three times and its median kept) and the bare FTS5 top-20 baseline.
import type SQLite from "better-sqlite3";
import { buildMatchExpression } from "../src/search/fts-query.js";
import type { BenchQuery } from "./queries.js";

/** The master key of the app the benchmark talks to over HTTP (an admin, like the in-process filter). */
export const BENCH_ADMIN_KEY = "bench-master-key-0123456789abcdef0123456789";
/** Caps per timed phase, so a pathological build still finishes (the loops are bounded by count too). */
export const PHASE_BUDGET_MS = 180_000;

// ── budgets ──────────────────────────────────────────────────────────────────
export const BUDGET = {
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

export type Row = { metric: string; value: string; budget?: string; ok?: boolean | undefined };
export type SizeReport = { size: number; rows: Row[]; notes: string[] };

export const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** `timings` holds one median per timed item; `timed` the items in the same order. */
export type Timed = {
  timings: number[];
  timed: number[];
  errors: number;
  firstError?: string;
  truncated: boolean;
};

/** Timed runs per item; the median is kept. */
export const RUNS_PER_QUERY = 3;

/** Runs `call` for each item in order (bounded by count and by PHASE_BUDGET_MS), timing each call. */
export async function timeEach<T>(
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

export function ftsBaseline(
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
