// Who is asking, and may they ask this? An onRequest hook turns `Authorization: Bearer <key>` into
// `request.principal` (anonymous without the header; the master key ADMIN_KEY is an admin; any other key
// is looked up by its SHA-256) and checks the route's declared requirement, `config: { access }`, before
// the body is even read. A route that declares none is refused to everyone: access fails closed.
// The same requirement is written into each operation of the OpenAPI document.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import { ANONYMOUS, MASTER_KEY_ID, MASTER_PRINCIPAL, type Principal } from "../domain/access.js";
import { Forbidden, Unauthenticated } from "../domain/errors.js";
import type { KeyService } from "../domain/keys.js";
import type { Role, Scope } from "../words.js";
import { problemResponses } from "./schemas/common.js";

/**
 * What a route asks of its caller:
 * - `"public"`: anyone; the key is not even looked at (health, readiness, the API document and docs);
 * - `"read"`: anyone, anonymous too (the domain then shows public lessons only); a key that is sent must
 *   be valid, and an integration key needs the `lessons:read` scope;
 * - `{ roles, scopes }`: a key of one of `roles` (admin always passes: it may do what any role may),
 *   or an integration key holding every scope of `scopes` (without `scopes`, no integration key).
 */
export type Access =
  | "public"
  | "read"
  | { roles: readonly Exclude<Role, "integration">[]; scopes?: readonly Scope[] };

/** The scope an integration key needs on "read" routes. */
const READ_SCOPE: Scope = "lessons:read";

/** The master key's principal (domain/access.ts): an admin of the installation. */
export { MASTER_KEY_ID };

declare module "fastify" {
  interface FastifyRequest {
    /** Who is asking: set before anything else runs (ANONYMOUS without a key). */
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call this route; a route without it is refused to everyone (see http/auth.ts). */
    access?: Access;
  }
}

export type AuthOptions = {
  /** ADMIN_KEY: the master key, or undefined when the installation has none. */
  adminKey: string | undefined;
  keys: Pick<KeyService, "authenticate">;
};

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

export const authentication = fp(
  async (app: FastifyInstance, { adminKey, keys }: AuthOptions) => {
    // compared as SHA-256 digests: equal lengths, and timingSafeEqual leaks nothing of the master key
    const masterDigest = adminKey === undefined ? undefined : digest(adminKey);
    const isMasterKey = (key: string) =>
      masterDigest !== undefined && timingSafeEqual(digest(key), masterDigest);

    function principalFor(request: FastifyRequest): Principal {
      const header = request.headers.authorization;
      if (!header) return ANONYMOUS;
      const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
      if (!match) {
        throw new Unauthenticated("The Authorization header must read `Bearer <key>`.", "invalid_request");
      }
      const key = match[1]!;
      if (isMasterKey(key)) return MASTER_PRINCIPAL;
      const found = keys.authenticate(key);
      if (found.ok) return found.principal;
      throw new Unauthenticated(REFUSED_KEY[found.reason], "invalid_token");
    }

    app.decorateRequest<Principal | null>("principal", null);
    app.addHook("onRequest", async (request, reply) => {
      request.principal = ANONYMOUS;
      if (request.is404) return;
      const access = request.routeOptions.config.access;
      if (access === "public") return;
      request.principal = principalFor(request);
      if (request.principal.kind === "key") {
        // the key's id, never the key, follows the request into the logs: bound on the request's own
        // child logger (pino's, shared by request and reply) rather than a further child per request
        const log = request.log as typeof request.log & { setBindings?: (bindings: object) => void };
        const bindings = { keyId: request.principal.keyId };
        if (log !== app.log && typeof log.setBindings === "function") log.setBindings(bindings);
        else {
          request.log = request.log.child(bindings);
          reply.log = request.log;
        }
      }
      const refusal = refusalOf(access, request.principal);
      if (refusal) {
        if (refusal instanceof Forbidden && access === undefined) {
          request.log.error({ url: request.routeOptions.url }, "route declares no access requirement");
        }
        throw refusal;
      }
    });

    app.addHook("onRoute", (route) => documentAccess(route));
  },
  { name: "authentication" },
);

const REFUSED_KEY = {
  unknown: "The key is not known to this installation.",
  revoked: "The key has been revoked.",
  expired: "The key has expired.",
} as const;

/** Why `principal` may not call a route requiring `access`, or undefined when it may. */
export function refusalOf(
  access: Access | undefined,
  principal: Principal,
): Unauthenticated | Forbidden | undefined {
  if (access === "public") return undefined;
  if (access === undefined)
    return new Forbidden("This operation declares no access requirement, so nobody may call it.");
  if (principal.kind === "anonymous") {
    return access === "read"
      ? undefined
      : new Unauthenticated("This operation needs a key: send `Authorization: Bearer <key>`.");
  }
  if (principal.role === "admin") return undefined;
  if (access === "read") {
    if (principal.role !== "integration" || principal.scopes.includes(READ_SCOPE)) return undefined;
    return new Forbidden(`This integration key lacks the scope '${READ_SCOPE}' that reading lessons needs.`);
  }
  if (principal.role === "integration") {
    const needed = access.scopes ?? [];
    const missing = needed.filter((scope) => !principal.scopes.includes(scope));
    if (needed.length > 0 && missing.length === 0) return undefined;
    return new Forbidden(
      needed.length === 0
        ? `Integration keys may not do this; it needs a key of role ${orList(access.roles)}.`
        : `This integration key lacks the scope ${orList(missing)} this operation needs.`,
    );
  }
  if (access.roles.includes(principal.role as Exclude<Role, "integration">)) return undefined;
  return new Forbidden(
    `A ${principal.role} key may not do this; it needs a key of role ${orList(access.roles)}${
      access.scopes?.length ? ` or an integration key with ${orList(access.scopes)}` : ""
    }.`,
  );
}

/** The requirement in words, for the OpenAPI document and for people. */
export function describeAccess(access: Access): string {
  if (access === "public") return "Open to anyone; no key is needed.";
  if (access === "read")
    return `Open to anyone: without a key, public lessons only; a key sees what its role and place may see (integration keys need \`${READ_SCOPE}\`).`;
  const roles = [...new Set<string>([...access.roles, "admin"])].map((role) => `\`${role}\``);
  const scopes = access.scopes?.length
    ? `, or an \`integration\` key with ${access.scopes.map((scope) => `\`${scope}\``).join(" and ")}`
    : "";
  return `Needs a key of role ${roles.join(", ")}${scopes}.`;
}

/** Adds the requirement, the bearer security and the 401/403 replies to a route's OpenAPI operation. */
function documentAccess(route: RouteOptions) {
  const access = route.config?.access;
  const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined;
  if (!schema || schema.hide || access === undefined || access === "public") return;
  const requirement = `**Access:** ${describeAccess(access)}`;
  schema.description = schema.description ? `${schema.description}\n\n${requirement}` : requirement;
  schema.security = access === "read" ? [{}, { bearer: [] }] : [{ bearer: [] }];
  schema.response = { ...problemResponses(401, 403), ...(schema.response as object | undefined) };
}

function orList(items: readonly string[]): string {
  const quoted = items.map((item) => `'${item}'`);
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}
