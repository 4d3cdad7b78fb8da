// What every reply carries and every client meets before a route runs: security headers (helmet, with
// a Content-Security-Policy the HTML digest, the evidence map and /docs work under), CORS only for the
// origins the installation names (a preflight needs no key), and a rate limit per key — per address
// for requests without one — answered with 429 problem+json, Retry-After and RateLimit-* headers.
import { createHash } from "node:crypto";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { DomainError } from "../domain/errors.js";

export type ProtectionOptions = {
  /** Requests per minute per key or address; 0 turns limiting off. */
  rateLimitPerMinute: number;
  /** Origins allowed to call from a browser; empty: CORS off. */
  corsOrigins: readonly string[];
};

/** Too many requests from one key or address (429, with when to try again). */
export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly type = "rate-limited";
  readonly title = "Too many requests";
  constructor(
    readonly limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      `More than ${limit} requests in a minute from this key or address. Try again in ${retryAfterSeconds} s.`,
    );
  }
  override headers() {
    return { "retry-after": String(this.retryAfterSeconds) };
  }
}

/** Whom a request counts against: its key (by a hash, never the key itself), else its address. */
export function rateLimitKey(request: Pick<FastifyRequest, "headers" | "ip">): string {
  const authorization = request.headers.authorization;
  const token = typeof authorization === "string" ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  return token ? `key:${createHash("sha256").update(token).digest("hex").slice(0, 32)}` : `ip:${request.ip}`;
}

/** Pages samskab renders carry their own stricter policy (default-src 'none'); this one covers the rest. */
const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", "data:"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
};

export const protection = fp<ProtectionOptions>(
  async (app, { rateLimitPerMinute, corsOrigins }) => {
    await app.register(helmet, {
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      // the API is meant to be called from other origins' servers; CORS decides for browsers
      crossOriginResourcePolicy: { policy: "same-site" },
    });
    if (corsOrigins.length > 0)
      await app.register(cors, {
        origin: [...corsOrigins],
        methods: ["GET", "HEAD", "POST", "PATCH", "DELETE"],
        allowedHeaders: [
          "authorization",
          "content-type",
          "if-match",
          "accept",
          "accept-language",
          "x-request-id",
        ],
        exposedHeaders: [
          "etag",
          "location",
          "x-request-id",
          "retry-after",
          "ratelimit-limit",
          "ratelimit-remaining",
          "ratelimit-reset",
        ],
        maxAge: 600,
      });
    if (rateLimitPerMinute > 0)
      await app.register(rateLimit, {
        max: rateLimitPerMinute,
        timeWindow: 60_000,
        keyGenerator: rateLimitKey,
        // liveness and readiness probes are never limited
        allowList: (request) => request.url === "/health" || request.url === "/ready",
        enableDraftSpec: true,
        errorResponseBuilder: (_request, context) =>
          new TooManyRequests(context.max, Math.max(1, Math.ceil(context.ttl / 1000))),
      });
  },
  { name: "protection" },
);
