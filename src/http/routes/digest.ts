// POST /v1/digests: "why it worked" per mechanism over the lessons a filter request matches, as JSON,
// Markdown or a printable HTML page (Accept, or ?format= which wins).
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { negotiateFormat, negotiateLanguage, varyOn } from "../negotiate.js";
import { digestHtml, digestMarkdown } from "../render/digest.js";
import { problemResponses } from "../schemas/common.js";
import { type DigestFormat, DigestQuery, DigestReply, DigestRequest } from "../schemas/digest.js";

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
      config: { access: { roles: ["manager", "admin"], scopes: ["lessons:read"] } },
      schema: {
        tags: ["digests"],
        operationId: "createDigest",
        summary: "Why it worked: the matching lessons condensed per mechanism",
        description:
          "Takes POST /v1/filter's request plus `scope` and `detail`, and groups the lessons in scope by mechanism, most relevant to the requester first: outcome balance, contexts where it worked or failed, sentences from the lessons — why it worked only from lessons where it worked, what went wrong from the others, each with its lesson's title and direction —, what other units found when they tried the lessons (their notes), each pressure with the coping recorded for it, the evidence mix, and whether it is contested in contexts like yours. By default a digest covers the lessons sharing the requester's service area or user group and says how many others it left out (`scope: all` includes them). Besides JSON, `text/markdown` and `text/html` (a self-contained page for printing; brief by default) by `Accept` or `?format=`.",
        querystring: DigestQuery,
        body: DigestRequest,
        response: { 200: DigestReply, ...problemResponses(400, 413, 415, 422) },
      },
      // built by the domain to the schema (tested): re-validating thousands of lesson ids costs time
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request, reply) => {
      const format = negotiateFormat(request, MEDIA_TYPES, request.query.format);
      const { scope, detail, ...filter } = request.body;
      const digest = digests.digest(request.principal, filter, {
        labels: negotiateLanguage(request, request.query.lang),
        scope,
        // a page to read is brief unless asked otherwise; a system asking for JSON gets everything
        detail: detail ?? (format === "json" ? "full" : "brief"),
      });
      varyOn(reply, { format: !request.query.format, lang: !request.query.lang });
      if (format === "json") return digest;
      const body = format === "markdown" ? digestMarkdown(digest) : digestHtml(digest);
      // the typed reply knows only the JSON schema; text bypasses its serializer
      if (format === "html")
        reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
      return (reply as FastifyReply)
        .type(`${MEDIA_TYPES[format]}; charset=utf-8`)
        .serializer((payload) => payload as string)
        .send(body);
    },
  );
};
