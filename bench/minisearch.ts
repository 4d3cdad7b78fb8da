// MiniSearch alone, in its own process (its index is large at 100k): `… bench/minisearch.ts <job.json>`.
// The job names the corpus (size, seed, now: regenerated, so the text is identical) and the queries.
// Indexes title, summary, why, narratives and coping with default options and no stored fields, then
// times search(q, { prefix: true, fuzzy: 0.2 }) keeping the first 20. Prints one JSON line.
import { readFileSync } from "node:fs";
import MiniSearch from "minisearch";
import { generateCorpus } from "./corpus.js";

type Job = { size: number; seed: number; now: string; queries: string[]; timeBudgetMs: number };
const job = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as Job;

type Doc = {
  id: string;
  title: string;
  summary: string;
  why: string;
  narrative: string;
  outcomeNarrative: string;
  coping: string;
};
const docs: Doc[] = generateCorpus({ size: job.size, seed: job.seed, now: new Date(job.now) }).lessons.map(
  (l) => ({
    id: l.id,
    title: l.title,
    summary: l.summary,
    why: l.why,
    narrative: l.context?.narrative ?? "",
    outcomeNarrative: l.outcomeNarrative ?? "",
    coping: l.coping ?? "",
  }),
);

const search = new MiniSearch<Doc>({
  fields: ["title", "summary", "why", "narrative", "outcomeNarrative", "coping"],
});
const t0 = performance.now();
search.addAll(docs);
const buildMs = performance.now() - t0;
docs.length = 0;
globalThis.gc?.();
const rss = process.memoryUsage().rss;

const run = (q: string) => search.search(q, { prefix: true, fuzzy: 0.2 }).slice(0, 20).length;
for (const q of job.queries.slice(0, 20)) run(q); // warm-up
const timings: number[] = [];
let hits = 0;
const started = performance.now();
for (const q of job.queries) {
  if (performance.now() - started > job.timeBudgetMs) break;
  // median of three runs per query, as for the filter
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const found = run(q);
    runs.push(performance.now() - t);
    if (r === 0) hits += found;
  }
  timings.push(runs.sort((a, b) => a - b)[1]!);
}
console.log(JSON.stringify({ buildMs, rss, timings, meanHits: timings.length ? hits / timings.length : 0 }));
