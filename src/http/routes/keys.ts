// /v1/keys: issue (the key is shown once), list without secrets, read and revoke API keys. Admin only.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { Id, PageQuery, page, problemResponses } from "../schemas/common.js";
import { IssuedKey, Key, KeyInput, Role } from "../schemas/keys.js";

const KeyParams = z.object({ id: Id });
const ADMINS = { roles: ["admin"] } as const;

export const keyRoutes: FastifyPluginAsyncZod = async (app) => {
  const { keys } = app.services;
  const tags = ["keys"];

  app.post(
    "/v1/keys",
    {
      config: { access: ADMINS },
      schema: {
        tags,
        operationId: "issueKey",
        summary: "Issue a key",
        description:
          "Issues a key of one role and one place: staff need a unitId; a manager a unitId or an organisationId; an integration key an organisationId and scopes; an admin key neither. The reply holds the key itself, this once: only its SHA-256 is kept. An unknown unit or organisation answers 422 naming the field.",
        body: KeyInput,
        response: { 201: IssuedKey, ...problemResponses(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const issued = keys.issue(request.body, {}, { principal: request.principal, requestId: request.id });
      return reply
        .code(201)
        .header("location", `/v1/keys/${issued.id}`)
        .header("cache-control", "no-store")
        .send(issued);
    },
  );

  app.get(
    "/v1/keys",
    {
      config: { access: ADMINS },
      schema: {
        tags,
        operationId: "listKeys",
        summary: "List keys, newest first (without secrets)",
        description: "Revoked and expired keys are listed too, with `revokedAt` and `expiresAt`.",
        querystring: z.object({ role: Role.optional(), organisationId: Id.optional(), ...PageQuery }),
        response: { 200: page(Key), ...problemResponses(400, 422) },
      },
    },
    async (request) => keys.list(request.query),
  );

  app.get(
    "/v1/keys/:id",
    {
      config: { access: ADMINS },
      schema: {
        tags,
        operationId: "getKey",
        summary: "Read a key (without its secret)",
        params: KeyParams,
        response: { 200: Key, ...problemResponses(404) },
      },
    },
    async (request) => keys.get(request.params.id),
  );

  app.delete(
    "/v1/keys/:id",
    {
      config: { access: ADMINS },
      schema: {
        tags,
        operationId: "revokeKey",
        summary: "Revoke a key",
        description:
          "The key stops working at once: the next request with it answers 401. Keys are kept for the record (the audit log names them); revoking again changes nothing.",
        params: KeyParams,
        response: { 200: Key, ...problemResponses(404) },
      },
    },
    async (request) =>
      keys.revoke(request.params.id, { principal: request.principal, requestId: request.id }),
  );
};
