// /v1/vocabularies: every facet with its terms; new context dimensions; create, read and update terms.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../actor.js";
import { etagOf, versionFromIfMatch } from "../etag.js";
import { IfMatchHeader, problemResponses, Slug } from "../schemas/common.js";
import { Facet, FacetInput, Term, TermInput, TermPatch } from "../schemas/resources.js";

const FacetParams = z.object({
  facet: z.string().min(1).max(64).describe("A facet slug, e.g. `mechanism` or `serviceArea`."),
});
const TermParams = FacetParams.extend({ slug: Slug });

export const vocabularyRoutes: FastifyPluginAsyncZod = async (app) => {
  const vocabulary = app.services.vocabulary;
  const tags = ["vocabularies"];

  app.get(
    "/v1/vocabularies",
    {
      config: { access: "read" },
      schema: {
        tags,
        operationId: "listVocabularies",
        summary: "Every facet with its terms",
        description: "The whole controlled vocabulary in one page (`nextCursor` is always null).",
        response: { 200: z.object({ items: z.array(Facet), nextCursor: z.null() }) },
      },
    },
    async () => ({ items: vocabulary.listFacets(), nextCursor: null }),
  );

  app.post(
    "/v1/vocabularies",
    {
      config: { access: { roles: ["admin"] } },
      schema: {
        tags,
        operationId: "createContextDimension",
        summary: "Add a context dimension",
        description:
          "A new facet of kind `context` (e.g. `housingType`). Units and lessons can be tagged on it at once; no migration is needed.",
        body: FacetInput,
        response: { 201: Facet, ...problemResponses(400, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const facet = vocabulary.createFacet(request.body, actorOf(request));
      return reply.code(201).header("location", `/v1/vocabularies/${facet.slug}`).send(facet);
    },
  );

  app.get(
    "/v1/vocabularies/:facet",
    {
      config: { access: "read" },
      schema: {
        tags,
        operationId: "getVocabulary",
        summary: "One facet with its terms",
        params: FacetParams,
        response: { 200: Facet, ...problemResponses(404) },
      },
    },
    async (request) => vocabulary.getFacet(request.params.facet),
  );

  app.post(
    "/v1/vocabularies/:facet/terms",
    {
      config: { access: { roles: ["admin"] } },
      schema: {
        tags,
        operationId: "createTerm",
        summary: "Add a term to a facet",
        params: FacetParams,
        body: TermInput,
        response: { 201: Term, ...problemResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const term = vocabulary.createTerm(request.params.facet, request.body, {}, actorOf(request));
      return reply
        .code(201)
        .header("location", `/v1/vocabularies/${term.facet}/terms/${term.slug}`)
        .header("etag", etagOf(term))
        .send(term);
    },
  );

  app.get(
    "/v1/vocabularies/:facet/terms/:slug",
    {
      config: { access: "read" },
      schema: {
        tags,
        operationId: "getTerm",
        summary: "Read a term",
        params: TermParams,
        response: { 200: Term, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const term = vocabulary.getTerm(request.params.facet, request.params.slug);
      return reply.header("etag", etagOf(term)).send(term);
    },
  );

  app.patch(
    "/v1/vocabularies/:facet/terms/:slug",
    {
      config: { access: { roles: ["admin"] } },
      schema: {
        tags,
        operationId: "updateTerm",
        summary: "Update a term's labels, synonyms, parent, description or status",
        params: TermParams,
        headers: IfMatchHeader,
        body: TermPatch,
        response: { 200: Term, ...problemResponses(400, 404, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { facet, slug } = request.params;
      const term = vocabulary.updateTerm(
        facet,
        slug,
        request.body,
        versionFromIfMatch(request.headers["if-match"]),
        actorOf(request),
      );
      return reply.header("etag", etagOf(term)).send(term);
    },
  );
};
