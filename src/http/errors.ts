// The one place that builds RFC 9457 problem+json replies: domain errors, request validation failures,
// Fastify's own errors (body too large, wrong content type, malformed JSON) and unknown routes.
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { DomainError, type FieldProblem } from "../domain/errors.js";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
const problemType = (name: string) => `urn:samskab:problem:${name}`;

type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: (FieldProblem & { in?: string })[];
  [extension: string]: unknown;
};

/** A request-level error raised by the HTTP layer itself (bad header syntax and the like). */
export class BadRequest extends DomainError {
  readonly status = 400;
  readonly type = "bad-request";
  readonly title = "Bad request";
  constructor(
    message: string,
    readonly problem?: FieldProblem & { in?: string },
  ) {
    super(message);
  }
  override extensions() {
    return this.problem ? { errors: [this.problem] } : {};
  }
}

/** The service cannot answer yet (readiness). */
export class ServiceUnavailable extends DomainError {
  readonly status = 503;
  readonly type = "not-ready";
  readonly title = "Not ready";
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, body: ProblemBody) {
  return reply
    .code(body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...body, instance: request.url.split("?")[0], requestId: String(request.id) });
}

/**
 * Errors Fastify's router raises before a route is found (a path that is not valid URL encoding, a
 * path parameter over the length limit): problem+json like every other error. Fastify's
 * `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === "FST_ERR_MAX_PARAM_LENGTH";
  return sendProblem(request, reply, {
    type: problemType(tooLong ? "path-too-long" : "bad-url"),
    title: tooLong ? "Path too long" : "Bad URL",
    status: tooLong ? 414 : 400,
    detail: tooLong
      ? "A path parameter is longer than any identifier the service issues."
      : "The path is not valid URL encoding (e.g. a lone %ff).",
  });
}

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers too large, a body longer
 * than its Content-Length, a malformed request line, a timeout): answered on the socket as
 * problem+json. Fastify's `clientErrorHandler` option.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: NodeJS.ErrnoException,
  socket: Socket,
): void {
  // a reset connection has nobody to answer
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const [status, detail] =
    error.code === "ERR_HTTP_REQUEST_TIMEOUT"
      ? [408, "The request did not arrive in time."]
      : error.code === "HPE_HEADER_OVERFLOW"
        ? [431, "The request's headers are too large."]
        : [400, "The request is not valid HTTP (e.g. a body that does not match its Content-Length)."];
  const title = STATUS_CODES[status] ?? "Client error";
  const body = JSON.stringify({ type: problemType("client-error"), title, status, detail });
  this.log.debug({ err: error }, "client error");
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}

type ValidationItem = {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
};

function validationProblems(items: ValidationItem[], where: string): (FieldProblem & { in: string })[] {
  const location = (["body", "querystring", "params", "headers"].includes(where) ? where : "body") as "body";
  return items.flatMap((item) => {
    const pointer = item.instancePath === "/" ? "" : item.instancePath;
    if (item.keyword === "unrecognized_keys" && Array.isArray(item.params.keys)) {
      return item.params.keys.map((key) => ({
        in: location,
        pointer: `${pointer}/${String(key)}`,
        code: "unknown_field",
        message: `Unknown field '${String(key)}'.`,
      }));
    }
    const message = (item.message ?? "Invalid value").replace(
      /^Invalid input: expected (\w+), received undefined$/,
      "Required ($1).",
    );
    // a custom check names its own reason (personal_data, lone_surrogate…) and, for personal data, where
    const custom = item.params.params as { code?: string; start?: number; end?: number } | undefined;
    const range = custom?.start === undefined ? {} : { range: { start: custom.start, end: custom.end } };
    return [{ in: location, pointer: pointer || "/", code: custom?.code ?? item.keyword, message, ...range }];
  });
}

const FASTIFY_ERRORS: Record<string, { type: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { type: "body-too-large", title: "Request body too large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { type: "unsupported-media-type", title: "Unsupported media type" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { type: "bad-request", title: "Bad request" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { type: "malformed-body", title: "Malformed request body" },
  FST_ERR_CTP_INVALID_JSON_BODY: { type: "malformed-body", title: "Malformed request body" },
};

export const problemDetails = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof DomainError) {
        reply.headers(error.headers());
        return sendProblem(request, reply, {
          type: problemType(error.type),
          title: error.title,
          status: error.status,
          detail: error.message,
          ...error.extensions(),
        });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const errors = validationProblems(
          error.validation as unknown as ValidationItem[],
          error.validationContext ?? "body",
        );
        // well-formed, but holding personal data: 422, like any other content the service will not store
        const personal = errors.every((e) => e.code === "personal_data");
        return sendProblem(request, reply, {
          type: problemType(personal ? "personal-data" : "validation"),
          title: personal ? "Personal data is not stored" : "The request is not valid",
          status: personal ? 422 : 400,
          detail: errors.map((e) => `${e.in} ${e.pointer}: ${e.message}`).join("; "),
          errors,
        });
      }
      if (isResponseSerializationError(error)) {
        request.log.error({ err: error, issues: error.cause.issues }, "reply does not match its schema");
      } else if (error instanceof SyntaxError || (error.statusCode && error.statusCode < 500)) {
        const status = error.statusCode ?? 400;
        const known = FASTIFY_ERRORS[error.code] ?? { type: "bad-request", title: "Bad request" };
        let detail = error.message;
        if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
          detail = `Content-Type '${request.headers["content-type"] ?? "(none)"}' is not supported here; send application/json.`;
        } else if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
          detail = `The body is larger than the limit of ${app.initialConfig.bodyLimit} bytes.`;
        }
        return sendProblem(request, reply, {
          type: problemType(known.type),
          title: known.title,
          status,
          detail,
        });
      } else {
        request.log.error({ err: error }, "unhandled error");
      }
      return sendProblem(request, reply, {
        type: problemType("internal"),
        title: "Internal server error",
        status: 500,
        detail: "Something went wrong on our side. The request id is in the logs.",
      });
    });

    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, {
        type: problemType("route-not-found"),
        title: "Not found",
        status: 404,
        detail: `No route ${request.method} ${request.url.split("?")[0]}. The API is described at /openapi.json and /docs.`,
      }),
    );
  },
  { name: "problem-details" },
);
