// POST /v1/filter (lessons ranked for the requester's context) and GET /v1/suggest (as-you-type).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { negotiateLanguage } from "../negotiate.js";
import { problemResponses } from "../schemas/common.js";
import { FilterReply, FilterRequest, LabelLanguage, SuggestQuery, SuggestReply } from "../schemas/filter.js";

/** The label language: ?lang=, else the first of Accept-Language we have (nb also for no/nn), else English. */
export const filterRoutes: FastifyPluginAsyncZod = async (app) => {
  const { filter } = app.services;

  app.post(
    "/v1/filter",
    {
      config: { access: "read" },
      schema: {
        tags: ["filter"],
        operationId: "filterLessons",
        summary: "Lessons relevant to your context, ranked, with facet counts",
        description:
          "The requester (`unitId` or `context`) ranks; `q` and `filters` restrict. Only published lessons. Counter-examples (negative and mixed outcomes) are never left out unless `outcomeDirection` asks for that. Page with `nextCursor`, repeating the same request.",
        querystring: LabelLanguage,
        body: FilterRequest,
        response: { 200: FilterReply, ...problemResponses(400, 413, 415, 422) },
      },
      // the hot route: its reply is built by the domain to the schema (and tested); re-validating
      // it on every request cost more than the rest of the HTTP layer together
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) =>
      filter.filter(request.principal, request.body, {
        labels: negotiateLanguage(request, request.query.lang),
      }),
  );

  app.get(
    "/v1/suggest",
    {
      config: { access: "read" },
      schema: {
        tags: ["filter"],
        operationId: "suggest",
        summary: "Term and lesson title suggestions as the user types",
        querystring: SuggestQuery,
        response: { 200: SuggestReply, ...problemResponses(400) },
      },
    },
    async (request) =>
      filter.suggest(
        request.principal,
        request.query.q,
        request.query.limit,
        negotiateLanguage(request, request.query.lang),
      ),
  );
};
