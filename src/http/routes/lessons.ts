// /v1/lessons: log, read, update (If-Match required), archive and list lessons; adaptations under a lesson.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { PreconditionRequired } from "../../domain/errors.js";
import { LESSON_STATUSES } from "../../domain/lessons.js";
import { actorOf } from "../actor.js";
import { etagOf, versionFromIfMatch } from "../etag.js";
import { Id, IfMatchHeader, LanguageCode, PageQuery, page, problemResponses } from "../schemas/common.js";
import {
  Adaptation,
  AdaptationInput,
  AdaptationPatch,
  Lesson,
  LessonInput,
  LessonPatch,
  LessonWithWarnings,
  ReviewInput,
} from "../schemas/resources.js";

const LessonParams = z.object({ id: Id });
const AdaptationParams = z.object({ id: Id, adaptationId: Id });

export const lessonRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lessons, adaptations } = app.services;
  const tags = ["lessons"];

  app.post(
    "/v1/lessons",
    {
      config: { access: { roles: ["staff", "manager", "admin"], scopes: ["lessons:write"] } },
      schema: {
        tags,
        operationId: "createLesson",
        summary: "Log a lesson",
        description:
          "Stores a Context–Mechanism–Outcome lesson. Unknown controlled terms answer 422 with the closest existing ones. A 'why' that reads like a recipe is stored, and the reply's `warnings` say so.",
        body: LessonInput,
        response: { 201: LessonWithWarnings, ...problemResponses(400, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { lesson, warnings } = lessons.create(request.body, {}, actorOf(request));
      return reply
        .code(201)
        .header("location", `/v1/lessons/${lesson.id}`)
        .header("etag", etagOf(lesson))
        .send({ ...lesson, warnings });
    },
  );

  app.get(
    "/v1/lessons",
    {
      config: { access: "read" },
      schema: {
        tags,
        operationId: "listLessons",
        summary: "List lessons, newest first",
        description: "Archived lessons are left out unless `status=archived` is asked for.",
        querystring: z.object({
          unitId: Id.optional(),
          organisationId: Id.optional(),
          initiativeId: Id.optional(),
          status: z.enum(LESSON_STATUSES).optional(),
          language: LanguageCode.optional(),
          ...PageQuery,
        }),
        response: { 200: page(Lesson), ...problemResponses(400, 422) },
      },
    },
    async (request) => lessons.list(request.principal, request.query),
  );

  app.get(
    "/v1/lessons/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        operationId: "getLesson",
        summary: "Read a lesson",
        params: LessonParams,
        response: { 200: Lesson, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const lesson = lessons.read(request.principal, request.params.id);
      return reply.header("etag", etagOf(lesson)).send(lesson);
    },
  );

  app.patch(
    "/v1/lessons/:id",
    {
      config: { access: { roles: ["staff", "manager", "admin"], scopes: ["lessons:write"] } },
      schema: {
        tags,
        operationId: "updateLesson",
        summary: "Update a lesson or move it through its lifecycle",
        description:
          "Needs If-Match with the ETag you read (428 without it, 412 when someone changed the lesson since). Status moves draft → submitted → published → archived (submitted may go back to draft); any other move answers 409 naming the allowed next states.",
        params: LessonParams,
        headers: IfMatchHeader,
        body: LessonPatch,
        response: { 200: LessonWithWarnings, ...problemResponses(400, 404, 409, 412, 413, 415, 422, 428) },
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers["if-match"];
      if (ifMatch === undefined) throw new PreconditionRequired();
      const { lesson, warnings } = lessons.update(
        request.params.id,
        request.body,
        versionFromIfMatch(ifMatch),
        actorOf(request),
      );
      return reply.header("etag", etagOf(lesson)).send({ ...lesson, warnings });
    },
  );

  app.delete(
    "/v1/lessons/:id",
    {
      config: { access: { roles: ["staff", "manager", "admin"], scopes: ["lessons:write"] } },
      schema: {
        tags,
        operationId: "archiveLesson",
        summary: "Archive a lesson",
        description:
          "Lessons are never deleted: DELETE archives (out of lists and search, kept for the record). Repeating it is harmless.",
        params: LessonParams,
        headers: IfMatchHeader,
        response: { 200: Lesson, ...problemResponses(400, 404, 412) },
      },
    },
    async (request, reply) => {
      const lesson = lessons.archive(
        request.params.id,
        versionFromIfMatch(request.headers["if-match"]),
        actorOf(request),
      );
      return reply.header("etag", etagOf(lesson)).send(lesson);
    },
  );

  app.post(
    "/v1/lessons/:id/review",
    {
      config: { access: { roles: ["manager", "admin"] } },
      schema: {
        tags,
        operationId: "reviewLesson",
        summary: "Publish a submitted lesson, or return it to its unit with a note",
        description:
          "By a manager of the lesson's unit, of a unit above it or of its organisation (or an admin). Only a submitted lesson is reviewed (409 naming its `currentStatus` otherwise). `publish` makes it published; `return` sends it back to its unit as a draft and needs a `note` saying what to change (422 at /note without one). The note, time and reviewing key are shown as the lesson's `review`. If-Match is optional: with the ETag you read, 412 when the lesson changed since.",
        params: LessonParams,
        headers: IfMatchHeader,
        body: ReviewInput,
        response: { 200: Lesson, ...problemResponses(400, 404, 409, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const lesson = lessons.review(
        request.params.id,
        request.body,
        versionFromIfMatch(request.headers["if-match"]),
        actorOf(request),
      );
      return reply.header("etag", etagOf(lesson)).send(lesson);
    },
  );

  app.post(
    "/v1/lessons/:id/adaptations",
    {
      config: { access: { roles: ["staff", "manager", "admin"], scopes: ["lessons:write"] } },
      schema: {
        tags,
        operationId: "createAdaptation",
        summary: "Report how a lesson translated into another unit's context",
        params: LessonParams,
        body: AdaptationInput,
        response: { 201: Adaptation, ...problemResponses(400, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const adaptation = adaptations.create(request.params.id, request.body, {}, actorOf(request));
      return reply
        .code(201)
        .header("location", `/v1/lessons/${request.params.id}/adaptations/${adaptation.id}`)
        .header("etag", etagOf(adaptation))
        .send(adaptation);
    },
  );

  app.get(
    "/v1/lessons/:id/adaptations",
    {
      config: { access: "read" },
      schema: {
        tags,
        operationId: "listAdaptations",
        summary: "List a lesson's adaptations, newest first",
        params: LessonParams,
        querystring: z.object(PageQuery),
        response: { 200: page(Adaptation), ...problemResponses(400, 404, 422) },
      },
    },
    async (request) => adaptations.list(request.principal, request.params.id, request.query),
  );

  app.get(
    "/v1/lessons/:id/adaptations/:adaptationId",
    {
      config: { access: "read" },
      schema: {
        tags,
        operationId: "getAdaptation",
        summary: "Read an adaptation",
        params: AdaptationParams,
        response: { 200: Adaptation, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const adaptation = adaptations.get(request.principal, request.params.id, request.params.adaptationId);
      return reply.header("etag", etagOf(adaptation)).send(adaptation);
    },
  );

  app.patch(
    "/v1/lessons/:id/adaptations/:adaptationId",
    {
      config: { access: { roles: ["staff", "manager", "admin"], scopes: ["lessons:write"] } },
      schema: {
        tags,
        operationId: "updateAdaptation",
        summary: "Update an adaptation report",
        params: AdaptationParams,
        headers: IfMatchHeader,
        body: AdaptationPatch,
        response: { 200: Adaptation, ...problemResponses(400, 404, 412, 413, 415) },
      },
    },
    async (request, reply) => {
      const { id, adaptationId } = request.params;
      const adaptation = adaptations.update(
        id,
        adaptationId,
        request.body,
        versionFromIfMatch(request.headers["if-match"]),
        actorOf(request),
      );
      return reply.header("etag", etagOf(adaptation)).send(adaptation);
    },
  );
};
