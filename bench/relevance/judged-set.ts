// The judged queries of the relevance evaluation (bench/relevance/judgments.json), read and typed.
// See the "about" note in that file for what the grades mean.
import { readFileSync } from "node:fs";
import type { Judgments } from "./metrics.js";

export const KINDS = ["context", "question", "failure", "synonym", "facets"] as const;
export type Kind = (typeof KINDS)[number];

export const QUERY_LANGUAGES = ["en", "da", "nb"] as const;
export type QueryLanguage = (typeof QUERY_LANGUAGES)[number];

/** The body sent to POST /v1/filter (the runner adds `limit`). */
export type FilterBody = {
  unitId?: string;
  context?: Record<string, string[]>;
  q?: string;
  filters?: Record<string, string[]>;
  outcomeDirection?: string[];
  evidence?: string[];
  stage?: string[];
  language?: string[];
  publishedFrom?: string;
  publishedTo?: string;
};

export type JudgedQuery = {
  id: string;
  kind: Kind;
  language: QueryLanguage;
  request: FilterBody;
  judgments: Judgments;
};

export const JUDGMENTS_URL = new URL("./judgments.json", import.meta.url);

/** Every judged query, in file order. Throws on a query whose kind or language is unknown. */
export function loadJudgedSet(url: URL = JUDGMENTS_URL): JudgedQuery[] {
  const file = JSON.parse(readFileSync(url, "utf8")) as { queries: JudgedQuery[] };
  for (const query of file.queries) {
    if (!(KINDS as readonly string[]).includes(query.kind))
      throw new Error(`${query.id}: unknown kind ${query.kind}`);
    if (!(QUERY_LANGUAGES as readonly string[]).includes(query.language))
      throw new Error(`${query.id}: unknown language ${query.language}`);
  }
  return file.queries;
}
