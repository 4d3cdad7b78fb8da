// The actor of a write: the request's principal (set by http/auth.ts) and its request id, which the
// domain checks rights against and records in the audit log.
import type { FastifyRequest } from "fastify";
import type { Actor } from "../domain/audit.js";

export const actorOf = (request: FastifyRequest): Actor => ({
  principal: request.principal,
  requestId: String(request.id),
});
