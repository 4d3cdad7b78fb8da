// Where a question's time goes: `npx tsx bench/profile-questions.ts <database> [--size 100000] [--seed 42]`
// on a database `npm run bench -- --keep` left behind (same size and seed, so the same questions).
// Times the filter's four steps (plan, score, page, present) separately, mirroring
// domain/filter/index.ts, and within plan each clause's FTS5 work: the doc-id list of its expression
// (group_concat), the top-500 bm25 query, and typo variants. Prints medians over the questions.
import { parseArgs } from "node:util";
import { buildApp } from "../src/app.js";
import type { ColumnWeights } from "../src/db/text-index.js";
import { contextSimilarity } from "../src/domain/context-similarity.js";
import { createPager } from "../src/domain/filter/page.js";
import { createPlanner } from "../src/domain/filter/plan.js";
import { createPresenter } from "../src/domain/filter/present.js";
import { createScorer, type TextCoverage } from "../src/domain/filter/score.js";
import { LANGUAGES, stem } from "../src/search/analyze.js";
import { phraseExpression, wordExpression } from "../src/search/fts-query.js";
import { readQuery } from "../src/search/query.js";
import { DEFAULT_RANKING, type ScoreParts } from "../src/search/rank.js";
import { generateCorpus } from "./corpus.js";
import { buildQuestions } from "./queries.js";
import { ms, summarize } from "./stats.js";

const { values, positionals } = parseArgs({
  options: { size: { type: "string", default: "100000" }, seed: { type: "string", default: "42" } },
  allowPositionals: true,
});
const path = positionals[0];
if (!path) {
  console.error("usage: profile-questions.ts <database> [--size 100000] [--seed 42]");
  process.exit(2);
}
const seed = Number(values.seed);
const questions = buildQuestions(generateCorpus({ size: Number(values.size), seed }), { seed, count: 80 });

const app = await buildApp({
  config: { databasePath: path, logLevel: "silent", seed: "none", bodyLimitBytes: 1048576 },
});
await app.ready();
const { search, vocabulary, units, lessons, cursors } = app.services;
const ranking = DEFAULT_RANKING;
const planner = createPlanner({ search, vocabulary, units, ranking });
const pager = createPager(cursors);
const presenter = createPresenter({
  vocabulary,
  termWithDescendants: planner.termWithDescendants,
  fieldSet: (facet, value) => search.lessons.fieldSet(facet, value),
});
const columnWeights: ColumnWeights = [
  ranking.columns.title,
  ranking.columns.summary,
  ranking.columns.why,
  ranking.columns.narrative,
];
const newParts = (): ScoreParts & TextCoverage => ({
  text: 0,
  context: 0,
  evidence: 0,
  adaptations: 0,
  recency: 0,
  coverage: 0,
  complete: false,
});

const steps = {
  plan: [] as number[],
  score: [] as number[],
  page: [] as number[],
  present: [] as number[],
  facets: [] as number[],
  total: [] as number[],
};
const perQuestion: { q: string; clauses: number; matching: number; ms: number; ftsMs: number }[] = [];
const clauseRows: {
  text: string;
  kind: string;
  docs: number;
  listMs: number;
  bm25Ms: number;
  typoMs: number;
}[] = [];

function profile(q: string, record: boolean) {
  const t0 = performance.now();
  const request = { q, limit: 20 };
  const plan = planner.plan(request, search.lessons.published);
  const t1 = performance.now();
  const asOf = Date.now();
  const similarity = contextSimilarity(plan.requester, { vocabulary, ranking });
  const scorer = createScorer({
    query: plan.query,
    context: { similarity, scores: similarity.over(plan.matching, search.lessons) },
    index: search.lessons,
    ranking,
    asOf,
  });
  const scratch = newParts();
  // the score pass alone (the pager runs it again inside its top-k loop)
  let sink = 0;
  plan.matching.forEach((docId) => {
    sink += scorer.score(docId, scratch);
  });
  const t2 = performance.now();
  const { page } = pager.page({
    matching: plan.matching,
    score: (docId) => scorer.score(docId, scratch),
    limit: 20,
    asOf,
    scope: "profile",
    after: undefined,
  });
  const t3 = performance.now();
  const byId = new Map(
    lessons.getMany(page.map((p) => search.lessons.get(p.docId)!.lessonId)).map((l) => [l.id, l]),
  );
  const marks =
    plan.query && plan.query.clauses.length > 0 ? presenter.highlightQuery(plan.query) : undefined;
  for (const { score, docId } of page) {
    const doc = search.lessons.get(docId)!;
    const parts = newParts();
    scorer.score(docId, parts);
    presenter.result(byId.get(doc.lessonId)!, doc, score, parts, plan, marks, undefined);
  }
  const t4 = performance.now();
  presenter.facetsOf(plan, undefined);
  presenter.queryReading(plan, undefined);
  const t5 = performance.now();
  if (!record) return sink;
  steps.plan.push(t1 - t0);
  steps.score.push(t2 - t1);
  // page includes a second score pass: report it net of the score pass
  steps.page.push(Math.max(0, t3 - t2 - (t2 - t1)));
  steps.present.push(t4 - t3);
  steps.facets.push(t5 - t4);
  steps.total.push(t5 - t0 - (t2 - t1));

  // each clause's FTS5 work, as plan.ts does it
  const read = readQuery(q, (words) => vocabulary.index.namedSpans(words));
  let ftsMs = 0;
  for (const clause of read.clauses) {
    const a = performance.now();
    const typos =
      clause.kind === "word" && clause.words.length === 1 ? search.typos.variants(clause.words[0]!) : [];
    const b = performance.now();
    const expression =
      clause.words.length === 1
        ? wordExpression(clause.words[0]!, typos)
        : phraseExpression(LANGUAGES.map((language) => clause.words.map((w) => stem(w.text, language))));
    const docs = search.text.matching(expression).length;
    const c = performance.now();
    // as plan.ts: bm25 only for a clause in at most 2,000 lessons; else the title/summary matches
    const costly =
      clause.words.length === 1 &&
      search.text.estimateMatches([...clause.words.flatMap((w) => w.stems), ...typos]) > 2000;
    if (!costly) search.text.search(expression, columnWeights, 500);
    else search.text.matching(`{title summary} : (${expression})`);
    const d = performance.now();
    ftsMs += d - b;
    clauseRows.push({
      text: clause.text,
      kind: clause.kind,
      docs,
      listMs: c - b,
      bm25Ms: costly ? Number.NaN : d - c,
      typoMs: b - a,
    });
  }
  perQuestion.push({
    q,
    clauses: read.clauses.length,
    matching: plan.matching.count(),
    ms: t5 - t0 - (t2 - t1),
    ftsMs,
  });
  return sink;
}

for (const { body } of questions) profile(body.q!, false); // warm-up
for (const { body } of questions) profile(body.q!, true);

const line = (label: string, timings: number[]) => {
  const l = summarize(timings)!;
  return `| ${label} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.max)} | ${ms(l.mean)} |`;
};
console.log(`questions: ${questions.length}; database ${path}\n`);
console.log("| step | p50 ms | p95 ms | max ms | mean ms |\n|---|---|---|---|---|");
console.log(line("plan (read, per-clause FTS5 + bm25, bitsets)", steps.plan));
console.log(line("score (one pass over every match)", steps.score));
console.log(line("page (top-k walk, net of its score pass)", steps.page));
console.log(line("present (load page, results, highlights)", steps.present));
console.log(line("facets + query reading", steps.facets));
console.log(line("total (plan + score + page + present + facets)", steps.total));

const buckets = [
  [0, 1000],
  [1000, 10_000],
  [10_000, 30_000],
  [30_000, Number.POSITIVE_INFINITY],
] as const;
console.log(
  "\n| clause docs | clauses | doc-id list p50 / max ms | bm25 top 500 p50 / max ms (clauses scored) | typos p50 ms |",
);
console.log("|---|---|---|---|---|");
for (const [lo, hi] of buckets) {
  const rows = clauseRows.filter((r) => r.docs >= lo && r.docs < hi);
  if (rows.length === 0) continue;
  const list = summarize(rows.map((r) => r.listMs))!;
  const scored = rows.filter((r) => !Number.isNaN(r.bm25Ms));
  const bm25 = summarize(scored.map((r) => r.bm25Ms));
  const typo = summarize(rows.map((r) => r.typoMs))!;
  console.log(
    `| ${lo.toLocaleString("en-US")}–${Number.isFinite(hi) ? hi.toLocaleString("en-US") : "∞"} | ${rows.length} | ${ms(list.p50)} / ${ms(list.max)} | ${bm25 ? `${ms(bm25.p50)} / ${ms(bm25.max)} (${scored.length})` : "skipped"} | ${ms(typo.p50)} |`,
  );
}
const slowest = [...perQuestion].sort((a, b) => b.ms - a.ms).slice(0, 5);
console.log("\nslowest questions (total ms, of which clause FTS5 ms; clauses; matches):");
for (const s of slowest)
  console.log(`- ${ms(s.ms)} (${ms(s.ftsMs)}) · ${s.clauses} clauses · ${s.matching} matches · ${s.q}`);
const cost = (c: (typeof clauseRows)[number]) => c.listMs + (Number.isNaN(c.bm25Ms) ? 0 : c.bm25Ms);
const costliest = [...clauseRows].sort((a, b) => cost(b) - cost(a)).slice(0, 8);
console.log("\ncostliest clauses (doc-id list + bm25 ms; docs):");
for (const c of costliest)
  console.log(
    `- ${ms(c.listMs)} + ${Number.isNaN(c.bm25Ms) ? "no bm25" : ms(c.bm25Ms)} · ${c.docs} docs · ${c.kind} '${c.text}'`,
  );
await app.close();
