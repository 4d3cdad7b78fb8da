// The four routes every plain resource has (create, list, read, update with optional If-Match),
// built from its schemas and its domain service so organisations, units and initiatives behave alike.
// (Typed loosely inside: the zod schemas passed in validate every request before a handler runs.)
import type { FastifyPluginAsync, FastifySchema } from "fastify";
import { z } from "zod";
import type { Actor } from "../../domain/audit.js";
import type { Page } from "../../domain/pagination.js";
import { actorOf } from "../actor.js";
import type { Access } from "../auth.js";
import { etagOf, versionFromIfMatch } from "../etag.js";
import { Id, IfMatchHeader, PageQuery, page, problemResponses } from "../schemas/common.js";

type Versioned = { id: string; version: number };

export type ResourceSpec<
  Input extends z.ZodType,
  Patch extends z.ZodType,
  Output extends z.ZodType,
  Query extends z.ZodRawShape,
> = {
  path: string;
  tag: string;
  /** The resource's name in operation ids and summaries, e.g. "Organisation". */
  noun: string;
  input: Input;
  patch: Patch;
  output: Output;
  /** List filters besides cursor and limit. */
  filters: Query;
  summaries?: { create?: string; update?: string };
  /** Who may create, read (list and get) and update (http/auth.ts). */
  access: { create: Access; read: Access; update: Access };
  service: {
    /** `actor`: who writes, checked for the right and recorded in the audit log by the domain. */
    create(input: z.output<Input>, options: Record<string, never>, actor: Actor): Versioned;
    get(id: string): Versioned;
    list(
      query: z.output<z.ZodObject<Query>> & { cursor?: string | undefined; limit: number },
    ): Page<Versioned>;
    update(id: string, patch: z.output<Patch>, expectedVersion: number | undefined, actor: Actor): Versioned;
  };
};

export function resourceRoutes<
  Input extends z.ZodType,
  Patch extends z.ZodType,
  Output extends z.ZodType,
  Query extends z.ZodRawShape,
>(spec: ResourceSpec<Input, Patch, Output, Query>): FastifyPluginAsync {
  const { path, noun, service } = spec;
  const tags = [spec.tag];
  const Params = z.object({ id: Id });
  const lower = noun.toLowerCase();
  return async (app) => {
    app.post(
      path,
      {
        config: { access: spec.access.create },
        schema: {
          tags,
          operationId: `create${noun}`,
          summary: spec.summaries?.create ?? `Create ${article(lower)} ${lower}`,
          body: spec.input,
          response: { 201: spec.output, ...problemResponses(400, 409, 413, 415, 422) },
        } as FastifySchema,
      },
      async (request, reply) => {
        const created = service.create(request.body as z.output<Input>, {}, actorOf(request));
        return reply
          .code(201)
          .header("location", `${path}/${created.id}`)
          .header("etag", etagOf(created))
          .send(created);
      },
    );

    app.get(
      path,
      {
        config: { access: spec.access.read },
        schema: {
          tags,
          operationId: `list${noun}s`,
          summary: `List ${lower}s, newest first`,
          querystring: z.object({ ...spec.filters, ...PageQuery }),
          response: { 200: page(spec.output), ...problemResponses(400, 422) },
        } as FastifySchema,
      },
      async (request) => service.list(request.query as never),
    );

    app.get(
      `${path}/:id`,
      {
        config: { access: spec.access.read },
        schema: {
          tags,
          operationId: `get${noun}`,
          summary: `Read ${article(lower)} ${lower}`,
          params: Params,
          response: { 200: spec.output, ...problemResponses(404) },
        } as FastifySchema,
      },
      async (request, reply) => {
        const found = service.get((request.params as { id: string }).id);
        return reply.header("etag", etagOf(found)).send(found);
      },
    );

    app.patch(
      `${path}/:id`,
      {
        config: { access: spec.access.update },
        schema: {
          tags,
          operationId: `update${noun}`,
          summary: spec.summaries?.update ?? `Update ${article(lower)} ${lower}`,
          description:
            "Send If-Match with the ETag you read to be told (412) when someone else changed it first.",
          params: Params,
          headers: IfMatchHeader,
          body: spec.patch,
          response: { 200: spec.output, ...problemResponses(400, 404, 409, 412, 413, 415, 422) },
        } as FastifySchema,
      },
      async (request, reply) => {
        const version = versionFromIfMatch(request.headers["if-match"] as string | undefined);
        const updated = service.update(
          (request.params as { id: string }).id,
          request.body as z.output<Patch>,
          version,
          actorOf(request),
        );
        return reply.header("etag", etagOf(updated)).send(updated);
      },
    );
  };
}

const article = (word: string) => (/^[aeiou]/.test(word) ? "an" : "a");
