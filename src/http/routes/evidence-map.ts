// GET /v1/maps/evidence: two facets crossed over the lessons a filter request matches, as JSON, CSV or
// an HTML heat map (by `format`, else the Accept header).
import { type FastifyPluginAsyncZod, serializerCompiler } from "fastify-type-provider-zod";
import { type FieldProblem, UnknownTerm, Unprocessable } from "../../domain/errors.js";
import type { EvidenceMap as EvidenceMapData, EvidenceMapRequest } from "../../domain/evidence-map.js";
import type { FilterRequest } from "../../domain/filter/index.js";
import { negotiateFormat, negotiateLanguage, varyOn } from "../negotiate.js";
import { evidenceMapCsv, evidenceMapHtml } from "../render/evidence-map.js";
import { Problem, problemResponses } from "../schemas/common.js";
import {
  CONTEXT_PREFIX,
  EvidenceMap,
  type EvidenceMapFormat,
  EvidenceMapQuery,
  EvidenceMapReply,
  FILTER_PREFIX,
} from "../schemas/evidence-map.js";

const MEDIA_TYPES: Record<EvidenceMapFormat, string> = {
  json: "application/json",
  csv: "text/csv",
  html: "text/html",
};

/** The domain request: `filter.<facet>` and `context.<dimension>` parameters become filters and context. */
function toRequest(query: EvidenceMapQuery): EvidenceMapRequest {
  const filters: Record<string, string[]> = {};
  const context: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith(FILTER_PREFIX)) filters[key.slice(FILTER_PREFIX.length)] = value as string[];
    else if (key.startsWith(CONTEXT_PREFIX)) context[key.slice(CONTEXT_PREFIX.length)] = value as string[];
  }
  const filter: FilterRequest = {
    unitId: query.unitId,
    context: Object.keys(context).length > 0 ? context : undefined,
    q: query.q,
    match: query.match,
    filters,
    outcomeDirection: query.outcomeDirection,
    evidence: query.evidence,
    stage: query.stage,
    language: query.language,
    publishedFrom: query.publishedFrom,
    publishedTo: query.publishedTo,
  };
  return { rows: query.rows, cols: query.cols, rollup: query.rollup, filter };
}

/** Points a problem of the filter request (`/filters/serviceArea/0`) at its query parameter (`/filter.serviceArea/0`). */
function asQueryProblem(problem: FieldProblem): FieldProblem {
  const pointer = problem.pointer.replace(
    /^\/(filters|context)\/([^/]+)/,
    (_, part: string, facet: string) => `/${part === "filters" ? FILTER_PREFIX : CONTEXT_PREFIX}${facet}`,
  );
  return Object.assign({}, problem, { pointer, in: "querystring" });
}

export const evidenceMapRoutes: FastifyPluginAsyncZod = async (app) => {
  const { evidenceMap } = app.services;

  app.get(
    "/v1/maps/evidence",
    {
      config: { access: { roles: ["manager", "admin"], scopes: ["lessons:read"] } },
      schema: {
        tags: ["maps"],
        operationId: "getEvidenceMap",
        summary: "Evidence map: two facets crossed, with counts, outcome balance and gaps",
        description:
          "Crosses the active terms of two facets (`rows` and `cols`: mechanism, outcome, pressure, approach, pitfall or a context dimension; e.g. `rows=mechanism&cols=pitfall` shows which failure patterns were met where a mechanism was at work) over the published lessons a filter request matches — matched exactly as POST /v1/filter matches, with its fields as query parameters: `unitId`, `q`, `outcomeDirection`, `evidence`, `stage`, `language`, `publishedFrom`, `publishedTo` (lists comma-separated or repeated), `filter.<facet>=slug,slug` for its `filters` (e.g. `filter.serviceArea=home_care,elder_care`; a parent term includes its children) and `context.<dimension>=slug,slug` for its `context`. The requester (`unitId`, `context.*`) ranks in POST /v1/filter and restricts nothing, so it changes no count here; it is checked all the same. A lesson counts in a cell when tagged with both terms, each lesson once. Broader terms roll up (the default, `rollup=true`): the row or column of a term with narrower terms (`rollup: true` on it, e.g. `trust` above `interpersonal_trust`, `elder_care` above `home_care`) counts its own lessons and those of every term below it, so a parent row is never empty when its children have evidence; `rollup=false` counts exact terms only. When `outcome` is the row or column facet (`cellDirection: per_outcome`), a cell's positive and negative are that outcome's own direction in each lesson — a lesson positive for citizen influence and negative for staff motivation is positive in the one column and negative in the other —; for a rolled-up outcome, the overall direction of the lesson's outcomes below it. Otherwise (`cellDirection: overall`) they are the lesson's overall direction. `gaps` lists the pairs with no lesson (`empty`) or only anecdotes (`anecdote_only`), rolled-up pairs included.\n\nJSON by default; `text/csv` (a header row, then one line per pair including empty ones, RFC 4180) or `text/html` (a printable heat map, every word in the language of `lang`/Accept-Language: en, da or nb; the table scrolls in its own box on a narrow screen) by `format=` or the Accept header.",
        querystring: EvidenceMapQuery,
        response: { 200: EvidenceMapReply, ...problemResponses(400, 422) },
      },
      // the documented 200 schema lists three formats; JSON replies are checked against the map's own
      serializerCompiler: (route) =>
        serializerCompiler({ ...route, schema: String(route.httpStatus) === "200" ? EvidenceMap : Problem }),
    },
    async (request, reply) => {
      const { query } = request;
      const labels = negotiateLanguage(request, query.lang);
      const mapRequest = toRequest(query);
      let map: EvidenceMapData;
      try {
        map = evidenceMap.build(request.principal, mapRequest, { labels });
      } catch (error) {
        if (!(error instanceof Unprocessable)) throw error;
        const problems = error.problems.map(asQueryProblem);
        throw error instanceof UnknownTerm ? new UnknownTerm(problems) : new Unprocessable(problems);
      }
      const format = negotiateFormat(request, MEDIA_TYPES, query.format);
      varyOn(reply, { format: !query.format, lang: !query.lang });
      if (format === "json") return map;
      const filename = `evidence-map-${map.rowFacet.slug}-${map.colFacet.slug}`;
      // text is the body as it is, not a JSON string
      if (format === "csv")
        return reply
          .type("text/csv; charset=utf-8; header=present")
          .header("content-disposition", `inline; filename="${filename}.csv"`)
          .serializer((body) => body as string)
          .send(evidenceMapCsv(map));
      return reply
        .type("text/html; charset=utf-8")
        .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'")
        .serializer((body) => body as string)
        .send(evidenceMapHtml(map, evidenceMap.scope(mapRequest.filter, labels)));
    },
  );
};
