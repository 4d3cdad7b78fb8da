// Finds the filter service (POST /v1/filter's core) on a built app without depending on its type,
// so the benchmark compiles and reports clearly whether or not the search core exists yet.
import type { FastifyInstance } from "fastify";
import { INSTALLATION, type Principal } from "../src/domain/access.js";
import type { FilterBody } from "./queries.js";

export type FilterReply = { total: number; results: unknown[]; facets?: unknown; nextCursor?: string | null };
export type FilterCall = (body: FilterBody) => Promise<FilterReply>;

export const MISSING_FILTER =
  "app.services.filter.filter is missing: the search core (POST /v1/filter) is not in src/ yet, so the filter, HTTP and ratio measurements were skipped";

/** The filter as `principal` calls it (by default the installation: an admin, who sees every lesson). */
export function filterServiceOf(
  app: FastifyInstance,
  principal: Principal = INSTALLATION,
): FilterCall | undefined {
  const service = (app.services as unknown as { filter?: { filter?: unknown } }).filter;
  const filter = service?.filter;
  if (typeof filter !== "function") return undefined;
  // awaiting a plain value costs a microtask; the service may be synchronous or asynchronous
  return async (body) => (await filter.call(service, principal, body)) as FilterReply;
}
