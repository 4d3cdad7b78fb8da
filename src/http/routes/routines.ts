// /v1/routines: a unit's knowledge-sharing routine (create, list, read, change with If-Match, delete),
// its agenda (JSON, Markdown or a printable HTML page), its meetings and its feeds (Atom, JSON Feed).
// Managers of the owner unit run a routine; the forum's people read it (domain/routines/access.ts).
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../actor.js";
import type { Access } from "../auth.js";
import { etagOf, versionFromIfMatch } from "../etag.js";
import { negotiateFormat, negotiateLanguage, varyOn } from "../negotiate.js";
import { agendaHtml, agendaMarkdown } from "../render/agenda.js";
import { atomFeed, jsonFeed } from "../render/routine-feed.js";
import { Id, IfMatchHeader, PageQuery, page, problemResponses } from "../schemas/common.js";
import {
  Agenda,
  AgendaQuery,
  Meeting,
  MeetingInput,
  Routine,
  type RoutineFormat,
  RoutineInput,
  RoutinePatch,
} from "../schemas/routines.js";

const tags = ["routines"];
const Params = z.object({ id: Id });
/** The forum's people read (the domain narrows to the routine's units); integration keys with lessons:read. */
const READERS: Access = { roles: ["staff", "manager", "admin"], scopes: ["lessons:read"] };
/** Managers run routines (the domain checks it is the owner unit's manager). */
const RUNNERS: Access = { roles: ["manager", "admin"] };

const MEDIA_TYPES: Record<RoutineFormat, string> = {
  json: "application/json",
  markdown: "text/markdown",
  html: "text/html",
};

/** Sends text the typed reply's JSON serializer must not touch. */
function sendText(reply: FastifyReply, type: string, body: string) {
  return (reply as FastifyReply)
    .type(`${type}; charset=utf-8`)
    .serializer((payload) => payload as string)
    .send(body);
}

/** The absolute base of links in feeds: the request's own origin (a default port left out). */
function originOf(request: FastifyRequest): string {
  return new URL(`${request.protocol}://${request.host}`).origin;
}

export const routineRoutes: FastifyPluginAsyncZod = async (app) => {
  const { routines } = app.services;

  app.post(
    "/v1/routines",
    {
      config: { access: RUNNERS },
      schema: {
        tags,
        operationId: "createRoutine",
        summary: "Create a knowledge-sharing routine",
        description:
          "A unit's standing forum (a staff meeting, a network meeting): a saved filter ranked for the owner unit, audience units of the same organisation, and a cadence. Made by a manager of the owner unit (or an admin). The first agenda falls due one cadence after creation.",
        body: RoutineInput,
        response: { 201: Routine, ...problemResponses(400, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = routines.create(request.body, actorOf(request));
      return reply
        .code(201)
        .header("location", `/v1/routines/${created.id}`)
        .header("etag", etagOf(created))
        .send(created);
    },
  );

  app.get(
    "/v1/routines",
    {
      config: { access: READERS },
      schema: {
        tags,
        operationId: "listRoutines",
        summary: "List the routines you may read, newest first",
        querystring: z.object(PageQuery),
        response: { 200: page(Routine), ...problemResponses(400, 422) },
      },
    },
    async (request) => routines.list(request.principal, request.query),
  );

  app.get(
    "/v1/routines/:id",
    {
      config: { access: READERS },
      schema: {
        tags,
        operationId: "getRoutine",
        summary: "Read a routine",
        params: Params,
        response: { 200: Routine, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const found = routines.get(request.principal, request.params.id);
      return reply.header("etag", etagOf(found)).send(found);
    },
  );

  app.patch(
    "/v1/routines/:id",
    {
      config: { access: RUNNERS },
      schema: {
        tags,
        operationId: "updateRoutine",
        summary: "Change a routine",
        description:
          "Send If-Match with the ETag you read to be told (412) when someone else changed it first. A new cadence keeps the schedule's anchor (the routine's creation).",
        params: Params,
        headers: IfMatchHeader,
        body: RoutinePatch,
        response: { 200: Routine, ...problemResponses(400, 403, 404, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const updated = routines.update(
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers["if-match"]),
        actorOf(request),
      );
      return reply.header("etag", etagOf(updated)).send(updated);
    },
  );

  app.delete(
    "/v1/routines/:id",
    {
      config: { access: RUNNERS },
      schema: {
        tags,
        operationId: "deleteRoutine",
        summary: "Delete a routine with its meetings",
        description:
          "What its meetings set going stays: planned adaptations are the unit's, and escalations keep their ask and answers.",
        params: Params,
        headers: IfMatchHeader,
        response: { 204: z.null().describe("Deleted."), ...problemResponses(400, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      routines.delete(request.params.id, versionFromIfMatch(request.headers["if-match"]), actorOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/v1/routines/:id/agenda",
    {
      config: { access: READERS },
      schema: {
        tags,
        operationId: "getRoutineAgenda",
        summary: "What is new and relevant since the last meeting",
        description:
          "Computed when asked: the lessons the saved filter matches that were published since the last meeting's day (or the routine's creation), not the owner unit's own, not already adapted by it and not decided at an earlier meeting, ranked for the owner unit's context — each with its why, direction, pitfalls, mechanisms, unit and what the units that adapted it found —, and the open escalations of the forum's units. Only lessons your key may see. JSON, `text/markdown` or `text/html` (printable) by Accept or `?format=`; labels in `?lang=`, else the routine's language, else Accept-Language.",
        params: Params,
        querystring: AgendaQuery,
        response: { 200: Agenda, ...problemResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const format = negotiateFormat(request, MEDIA_TYPES, request.query.format);
      const own = request.query.lang ?? routines.languageOf(request.principal, id) ?? undefined;
      const language = negotiateLanguage(request, own);
      const agenda = routines.agenda(request.principal, id, { limit: request.query.limit, language });
      varyOn(reply, { format: !request.query.format, lang: own === undefined });
      if (format === "json") return agenda;
      if (format === "html")
        reply.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'");
      return sendText(
        reply,
        MEDIA_TYPES[format],
        format === "markdown" ? agendaMarkdown(agenda) : agendaHtml(agenda),
      );
    },
  );

  app.post(
    "/v1/routines/:id/meetings",
    {
      config: { access: RUNNERS },
      schema: {
        tags,
        operationId: "recordMeeting",
        summary: "Record a meeting and what it decided",
        description:
          "All or nothing. `try`/`adapt` give the owner unit a planned adaptation of the lesson (listed with the lesson's adaptations with result `planned`; PATCH it with the real result later) — or link the adaptation it already has. `escalate` raises the lesson (by default to the organisation) with `note` as the ask. A lesson is decided once per routine (409 for one decided before), and the next agenda starts from this meeting's day.",
        params: Params,
        body: MeetingInput,
        response: { 201: Meeting, ...problemResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const meeting = routines.recordMeeting(request.params.id, request.body, actorOf(request));
      return reply.code(201).send(meeting);
    },
  );

  app.get(
    "/v1/routines/:id/meetings",
    {
      config: { access: READERS },
      schema: {
        tags,
        operationId: "listMeetings",
        summary: "A routine's meetings with their decisions, latest recorded first",
        description: "Each meeting lists its decisions on the lessons your key may see.",
        params: Params,
        querystring: z.object(PageQuery),
        response: { 200: page(Meeting), ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => routines.meetings(request.principal, request.params.id, request.query),
  );

  app.get(
    "/v1/routines/:id/feed.atom",
    {
      config: { access: READERS },
      schema: {
        tags,
        operationId: "getRoutineFeedAtom",
        summary: "The routine's new relevant lessons as an Atom feed",
        description: `One entry per lesson of the agenda's candidates (no ranking cut), newest first, at most 50; only lessons your key may see. Send the key as for every request (Authorization: Bearer).`,
        params: Params,
        produces: ["application/atom+xml"],
        response: {
          200: z.string().describe("An Atom 1.0 feed."),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const feed = routines.feed(request.principal, request.params.id);
      return sendText(reply, "application/atom+xml", atomFeed(feed, originOf(request)));
    },
  );

  app.get(
    "/v1/routines/:id/feed.json",
    {
      config: { access: READERS },
      schema: {
        tags,
        operationId: "getRoutineFeedJson",
        summary: "The routine's new relevant lessons as a JSON Feed 1.1",
        description: "The same entries as the Atom feed, as JSON Feed 1.1 (application/feed+json).",
        params: Params,
        produces: ["application/feed+json"],
        response: {
          200: z.string().describe("A JSON Feed 1.1 document."),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const feed = routines.feed(request.principal, request.params.id);
      return sendText(reply, "application/feed+json", jsonFeed(feed, originOf(request)));
    },
  );
};
