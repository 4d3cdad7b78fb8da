// /v1/audit: the append-only record of every write. Read only: no route changes or removes an entry.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AuditPage, AuditQuery } from "../schemas/audit.js";
import { problemResponses } from "../schemas/common.js";

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { audit } = app.services;

  app.get(
    "/v1/audit",
    {
      config: { access: { roles: ["manager", "admin"] } },
      schema: {
        tags: ["audit"],
        operationId: "listAuditEntries",
        summary: "Who changed what, and when: the audit log, newest first",
        description:
          "One entry per successful write (lessons, reviews, adaptations, terms, units, initiatives, organisations, keys), with the key that made it, the versions before and after and the request id. Admins read every entry; managers the entries of their own organisation. Filters combine; `since` is inclusive.",
        querystring: AuditQuery,
        response: { 200: AuditPage, ...problemResponses(400, 422) },
      },
    },
    async (request) => {
      const { actor, resourceId, since, cursor, limit } = request.query;
      return audit.list(request.principal, { actor, resourceId, since, cursor, limit });
    },
  );
};
