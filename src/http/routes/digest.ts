// POST /v1/digests: "why it worked" per mechanism over the lessons a filter request matches, as JSON,
// Markdown or a printable HTML page (Accept, or ?format= which wins).
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { negotiateFormat, negotiateLanguage, varyOn } from "../negotiate.js";
import { digestHtml, digestMarkdown } from "../render/digest.js";
import { problemResponses } from "../schemas/common.js";
import { type DigestFormat, DigestQuery, DigestReply } from "../schemas/digest.js";
import { FilterRequest } from "../schemas/filter.js";

const MEDIA_TYPES: Record<DigestFormat, string> = {
  json: "application/json",
  markdown: "text/markdown",
  html: "text/html",
};

export const digestRoutes: FastifyPluginAsyncZod = async (app) => {
  const { digests } = app.services;

  app.post(
    "/v1/digests",
    {
      schema: {
        tags: ["digests"],
        operationId: "createDigest",
        summary: "Why it worked: the matching lessons condensed per mechanism",
        description:
          "Takes the same request as POST /v1/filter (`limit` and `cursor` are ignored: a digest covers every matching lesson) and groups the lessons by mechanism, most relevant to the requester first: outcome balance, contexts where it worked or failed, representative sentences from the lessons, adaptation results, pressures met and how they were coped with, the evidence mix, and whether it is contested in contexts like yours. Besides JSON, `text/markdown` and `text/html` (a self-contained page for printing) by `Accept` or `?format=`.",
        querystring: DigestQuery,
        body: FilterRequest,
        response: { 200: DigestReply, ...problemResponses(400, 413, 415, 422) },
      },
      // built by the domain to the schema (tested): re-validating thousands of lesson ids costs time
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      const digest = digests.digest(request.body, {
        labels: negotiateLanguage(request, request.query.lang),
      });
      const format = negotiateFormat(request, MEDIA_TYPES, request.query.format);
      varyOn(reply, { format: !request.query.format, lang: !request.query.lang });
      if (format === "json") return digest;
      const body = format === "markdown" ? digestMarkdown(digest) : digestHtml(digest);
      // the typed reply knows only the JSON schema; text bypasses its serializer
      return (reply as FastifyReply)
        .type(`${MEDIA_TYPES[format]}; charset=utf-8`)
        .serializer((payload) => payload as string)
        .send(body);
    },
  );
};
