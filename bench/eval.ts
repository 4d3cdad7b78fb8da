// `npm run eval`: relevance of POST /v1/filter on the judged demo queries (bench/relevance/judgments.json),
// side by side with a plain bm25 search box over the same text. Flags: --json (numbers), --verbose (top 5 per query).
import { pathToFileURL } from "node:url";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../src/app.js";
import { buildAnyWordExpression } from "../src/search/fts-query.js";
import {
  type FilterBody,
  type JudgedQuery,
  KINDS,
  type Kind,
  loadJudgedSet,
  QUERY_LANGUAGES,
  type QueryLanguage,
} from "./relevance/judged-set.js";
import { type Judgments, mean, ndcgAt, precisionAt, recallAt } from "./relevance/metrics.js";

export { dcg, mean, ndcgAt, precisionAt, recallAt } from "./relevance/metrics.js";

/** Results asked of either system per query (the filter's default page size). */
export const RESULT_LIMIT = 20;
/** Hits the baseline takes from the full-text index before dropping unpublished or filtered-out lessons. */
const BASELINE_HITS = 50;

export type Scores = { ndcg10: number; p5: number; r10: number };
export type QueryOutcome = {
  id: string;
  kind: Kind;
  language: QueryLanguage;
  samskab: Scores;
  baseline: Scores;
  samskabRanking: string[];
  baselineRanking: string[];
  /** The text the plain search box was given. */
  baselineText: string;
};
export type Row = { queries: number; samskab: Scores; baseline: Scores };
export type Evaluation = {
  queries: QueryOutcome[];
  byKind: Record<Kind, Row>;
  byLanguage: Record<QueryLanguage, Row>;
  overall: Row;
};

export function scores(ranking: readonly string[], judgments: Judgments): Scores {
  return {
    ndcg10: ndcgAt(ranking, judgments, 10),
    p5: precisionAt(ranking, judgments, 5),
    r10: recallAt(ranking, judgments, 10),
  };
}

function row(outcomes: readonly QueryOutcome[]): Row {
  const avg = (system: "samskab" | "baseline"): Scores => ({
    ndcg10: mean(outcomes.map((o) => o[system].ndcg10)),
    p5: mean(outcomes.map((o) => o[system].p5)),
    r10: mean(outcomes.map((o) => o[system].r10)),
  });
  return { queries: outcomes.length, samskab: avg("samskab"), baseline: avg("baseline") };
}

/** The demo app's master key: relevance is judged over every lesson, as an admin sees them. */
const EVAL_ADMIN_KEY = "eval-master-key-0123456789abcdef0123456789";
const AS_ADMIN = { authorization: `Bearer ${EVAL_ADMIN_KEY}` };

async function postFilter(app: FastifyInstance, body: Record<string, unknown>) {
  const response = await app.inject({ method: "POST", url: "/v1/filter", payload: body, headers: AS_ADMIN });
  if (response.statusCode !== 200)
    throw new Error(`POST /v1/filter ${JSON.stringify(body)}: ${response.statusCode} ${response.body}`);
  return JSON.parse(response.body) as { results: { id: string }[]; nextCursor: string | null };
}

async function getJson<T>(app: FastifyInstance, url: string): Promise<T> {
  const response = await app.inject({ method: "GET", url, headers: AS_ADMIN });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
  return JSON.parse(response.body) as T;
}

/** The restricting part of a request: what a lesson must satisfy, whoever asks and whatever the text. */
function restriction(request: FilterBody): FilterBody | undefined {
  const { unitId: _unit, context: _context, q: _q, ...rest } = request;
  return Object.keys(rest).length === 0 ? undefined : rest;
}

/** Every lesson id a restriction lets through, by paging POST /v1/filter without text. */
export async function allowedLessons(app: FastifyInstance, request: FilterBody): Promise<Set<string>> {
  const allowed = new Set<string>();
  let cursor: string | null = null;
  do {
    const page = await postFilter(app, { ...request, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const result of page.results) allowed.add(result.id);
    cursor = page.nextCursor;
  } while (cursor);
  return allowed;
}

/** The English labels of the requester's context terms: what a user would type into a plain search box. */
async function contextText(app: FastifyInstance, request: FilterBody): Promise<string> {
  const context =
    request.context ??
    (request.unitId
      ? (await getJson<{ context: Record<string, string[]> }>(app, `/v1/units/${request.unitId}`)).context
      : {});
  const vocabulary = await getJson<{
    items: { slug: string; terms: { slug: string; labels: { en: string } }[] }[];
  }>(app, "/v1/vocabularies");
  const label = (facet: string, slug: string) =>
    vocabulary.items.find((f) => f.slug === facet)?.terms.find((t) => t.slug === slug)?.labels.en ?? slug;
  return Object.entries(context)
    .flatMap(([facet, slugs]) => slugs.map((slug) => label(facet, slug)))
    .join(" ");
}

/** A plain search box: bm25 over the lessons' FTS5 text, any of the words (OR), equal column weights. */
export function plainSearch(app: FastifyInstance, text: string, allowed?: ReadonlySet<string>): string[] {
  const expression = buildAnyWordExpression(text);
  if (!expression) return [];
  const { search } = app.services;
  const hits = search.text.search(expression, [1, 1, 1, 1], BASELINE_HITS);
  const ranking: string[] = [];
  for (const docId of hits.docIds) {
    if (!search.lessons.published.has(docId)) continue;
    const lessonId = search.lessons.get(docId)?.lessonId;
    if (lessonId && (!allowed || allowed.has(lessonId))) ranking.push(lessonId);
  }
  return ranking.slice(0, RESULT_LIMIT);
}

async function evaluateQuery(app: FastifyInstance, query: JudgedQuery): Promise<QueryOutcome> {
  const reply = await postFilter(app, { ...query.request, limit: RESULT_LIMIT });
  const samskabRanking = reply.results.map((result) => result.id);
  const restricted = restriction(query.request);
  const allowed = restricted ? await allowedLessons(app, restricted) : undefined;
  const baselineText = query.request.q ?? (await contextText(app, query.request));
  const baselineRanking = plainSearch(app, baselineText, allowed);
  return {
    id: query.id,
    kind: query.kind,
    language: query.language,
    samskab: scores(samskabRanking, query.judgments),
    baseline: scores(baselineRanking, query.judgments),
    samskabRanking,
    baselineRanking,
    baselineText,
  };
}

/** Sends every judged query to the app (built with the demo seed) and to the baseline; means per kind and language. */
export async function evaluate(
  app: FastifyInstance,
  queries: readonly JudgedQuery[] = loadJudgedSet(),
): Promise<Evaluation> {
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) outcomes.push(await evaluateQuery(app, query));
  return {
    queries: outcomes,
    byKind: Object.fromEntries(
      KINDS.map((kind) => [kind, row(outcomes.filter((o) => o.kind === kind))]),
    ) as Record<Kind, Row>,
    byLanguage: Object.fromEntries(
      QUERY_LANGUAGES.map((language) => [language, row(outcomes.filter((o) => o.language === language))]),
    ) as Record<QueryLanguage, Row>,
    overall: row(outcomes),
  };
}

const fixed = (n: number) => n.toFixed(3);
const signed = (n: number) => `${n >= 0 ? "+" : "−"}${Math.abs(n).toFixed(3)}`;

/** The Markdown table: per kind, per language and overall, samskab | bm25 | difference for each metric. */
export function markdownTable(evaluation: Evaluation): string {
  const metrics = [
    ["nDCG@10", "ndcg10"],
    ["P@5", "p5"],
    ["R@10", "r10"],
  ] as const;
  const header = [
    "| Queries | n |",
    ...metrics.map(([name]) => ` ${name} samskab | ${name} bm25 | Δ |`),
  ].join("");
  const rule = `|---|--:|${metrics.map(() => "--:|--:|--:|").join("")}`;
  const line = (label: string, r: Row) =>
    `| ${label} | ${r.queries} |${metrics
      .map(
        ([, key]) =>
          ` ${fixed(r.samskab[key])} | ${fixed(r.baseline[key])} | ${signed(r.samskab[key] - r.baseline[key])} |`,
      )
      .join("")}`;
  return [
    header,
    rule,
    ...KINDS.map((kind) => line(`kind: ${kind}`, evaluation.byKind[kind])),
    ...QUERY_LANGUAGES.map((language) => line(`language: ${language}`, evaluation.byLanguage[language])),
    line("**all (mean)**", evaluation.overall),
  ].join("\n");
}

function verboseReport(evaluation: Evaluation, queries: readonly JudgedQuery[]): string {
  const judgmentsOf = new Map(queries.map((q) => [q.id, q.judgments]));
  const top = (ranking: readonly string[], judgments: Judgments) =>
    ranking
      .slice(0, 5)
      .map((id) => `${id}(${judgments[id] ?? 0})`)
      .join(" ");
  return evaluation.queries
    .map((o) => {
      const judgments = judgmentsOf.get(o.id) ?? {};
      return [
        `${o.id} [${o.kind}/${o.language}] nDCG@10 samskab ${fixed(o.samskab.ndcg10)} bm25 ${fixed(o.baseline.ndcg10)}`,
        `  samskab: ${top(o.samskabRanking, judgments) || "(nothing)"}`,
        `  bm25:    ${top(o.baselineRanking, judgments) || "(nothing)"}   ← "${o.baselineText}"`,
      ].join("\n");
    })
    .join("\n");
}

export async function buildDemoApp(): Promise<FastifyInstance> {
  const app = await buildApp({
    config: {
      databasePath: ":memory:",
      logLevel: "silent",
      seed: "demo",
      bodyLimitBytes: 1 << 20,
      adminKey: EVAL_ADMIN_KEY,
    },
  });
  await app.ready();
  return app;
}

async function main(args: readonly string[]): Promise<void> {
  const app = await buildDemoApp();
  try {
    const queries = loadJudgedSet();
    const evaluation = await evaluate(app, queries);
    if (args.includes("--json")) {
      console.log(JSON.stringify(evaluation, null, 2));
      return;
    }
    if (args.includes("--verbose")) console.log(`${verboseReport(evaluation, queries)}\n`);
    console.log(
      `Relevance on the demo seed: ${queries.length} judged queries; samskab = POST /v1/filter, bm25 = a plain search box (OR of the words).\n`,
    );
    console.log(markdownTable(evaluation));
  } finally {
    await app.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
