// The service measurements, in a process of their own opened on the imported bench database, as a
// user's service runs after `npm start` (not in the bench's process, whose heap holds the generated and
// imported corpus): the filter's query mix in process (as the installation and as a staff, a manager and
// an admin key), the questions, the same mix over HTTP, the bare FTS5 baselines on the same connection,
// and the digest. `node --import tsx bench/service.ts <job.json>`; run.ts writes the job (the database,
// its size, the queries, the questions and the keys' place) and reads the one JSON line printed at the end.
import { readFileSync } from "node:fs";
import * as nodeHttp from "node:http";
import { buildApp } from "../src/app.js";
import { INSTALLATION, MASTER_PRINCIPAL } from "../src/domain/access.js";
import { buildAnyWordExpression } from "../src/search/fts-query.js";
import { type FilterCall, filterServiceOf, MISSING_FILTER } from "./filter-service.js";
import {
  BENCH_ADMIN_KEY,
  BUDGET,
  ftsBaseline,
  int,
  PHASE_BUDGET_MS,
  type Row,
  RUNS_PER_QUERY,
  timeEach,
} from "./measure.js";
import { benchPrincipals } from "./principals.js";
import type { BenchQuery, FilterBody, QueryKind } from "./queries.js";
import { formatLatency, type Latency, ms, summarize } from "./stats.js";

export type ServiceJob = {
  path: string;
  size: number;
  queries: BenchQuery[];
  questions: (BenchQuery & { failure: boolean })[];
  keyPlace: { organisationId: string; unitId: string };
};

export type ServiceResult = {
  rows: Row[];
  notes: string[];
  /** Progress lines, printed by run.ts as they would have been. */
  log: string[];
  /** The filter's text queries, for the ratio to MiniSearch (measured by run.ts in another process). */
  filterText: Latency | undefined;
  filterMissing: boolean;
};

async function measureService({
  path,
  size,
  queries,
  questions,
  keyPlace,
}: ServiceJob): Promise<ServiceResult> {
  const result: ServiceResult = { rows: [], notes: [], log: [], filterText: undefined, filterMissing: false };
  const { rows, notes } = result;
  const log = (message: string) => result.log.push(message);
  const textQueries = queries.filter((q) => q.body.q);
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
      result.filterMissing = true;
      notes.push(MISSING_FILTER);
      rows.push({ metric: "filter (in process)", value: "skipped: no filter service", ok: false });
      log(MISSING_FILTER);
    } else {
      // each query once, as it comes first in a fresh process: a frequent stem's lessons are listed from
      // FTS5 the first time a query asks for them (then kept), and the code is not yet optimised
      const firstRuns = new Map<QueryKind, number[]>();
      for (const query of queries) {
        const started = performance.now();
        try {
          await filter(query.body);
        } catch {
          continue;
        }
        firstRuns.set(query.kind, [...(firstRuns.get(query.kind) ?? []), performance.now() - started]);
      }
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
      rows.push({
        metric:
          "filter in process, each query's first run in the fresh process (text / text + facets / context only)",
        value: (["text", "text+facets", "context"] as const)
          .map((kind) => {
            const l = summarize(firstRuns.get(kind) ?? []);
            return l ? `p50 ${ms(l.p50)} · p99 ${ms(l.p99)}` : "n/a";
          })
          .join(" / "),
      });
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
      // each request over HTTP right after the same call in process as the same key (each the median of
      // three): the two are timed under the same conditions, not in phases minutes apart — this process's
      // speed drifts by several ms between phases, which is more than the budget measures
      const asMaster = filterServiceOf(app, MASTER_PRINCIPAL)!;
      await timeEach(queries.slice(0, 40), (q) => post(q.body)); // warm-up
      const http: number[] = [];
      const beside: number[] = [];
      let httpErrors = 0;
      let firstHttpError: string | undefined;
      const httpStarted = performance.now();
      for (const query of queries) {
        if (performance.now() - httpStarted > PHASE_BUDGET_MS) {
          notes.push(`HTTP: stopped after ${int(PHASE_BUDGET_MS / 1000)} s`);
          break;
        }
        const inProcess = await timeEach([query], (q) => asMaster(q.body));
        const overHttp = await timeEach([query], (q) => post(q.body));
        if (inProcess.timings.length === 1 && overHttp.timings.length === 1) {
          beside.push(inProcess.timings[0]!);
          http.push(overHttp.timings[0]!);
        }
        httpErrors += overHttp.errors + inProcess.errors;
        firstHttpError ??= overHttp.firstError ?? inProcess.firstError;
      }
      const httpAll = summarize(http);
      const besideAll = summarize(beside);
      if (httpErrors > 0) notes.push(`HTTP: ${httpErrors} requests failed; first error: ${firstHttpError}`);
      rows.push({
        metric: "POST /v1/filter over HTTP: all",
        value: `${formatLatency(httpAll)}; the same calls in process, each just before: p50 ${besideAll ? ms(besideAll.p50) : "n/a"} ms`,
        budget: besideAll
          ? `p50 ≤ ${ms(besideAll.p50 + BUDGET.httpOverheadMs)} ms (those calls in process + 1 ms)`
          : "",
        ok:
          httpAll && besideAll
            ? httpAll.p50 <= besideAll.p50 + BUDGET.httpOverheadMs && httpErrors === 0
            : false,
      });
      log(`HTTP: ${formatLatency(httpAll)}; in process beside it: ${formatLatency(besideAll)}`);
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
          filterQuestions && ftsQuestions ? `${(filterQuestions.p50 / ftsQuestions.p50).toFixed(1)}×` : "n/a",
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
  result.filterText = filterText;
  return result;
}

const job = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as ServiceJob;
const result = await measureService(job);
console.log(JSON.stringify(result));
