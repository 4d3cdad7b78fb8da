// Feed-forward and feedback: raise a lesson (POST /v1/lessons/{id}/escalations), read and answer
// escalations, and the inboxes of units and organisations where escalations, answers, adaptations and
// returned lessons arrive.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorOf } from "../actor.js";
import type { Access } from "../auth.js";
import { etagOf } from "../etag.js";
import { Id, PageQuery, page, problemResponses } from "../schemas/common.js";
import {
  Escalation,
  EscalationInput,
  EscalationResponseInput,
  OrganisationInbox,
  OrganisationInboxQuery,
  UnitInbox,
  UnitInboxQuery,
} from "../schemas/escalations.js";

const Params = z.object({ id: Id });
/** Escalations are read by keys (integration keys with lessons:read), never anonymously. */
const KEYS: Access = { roles: ["staff", "manager", "admin"], scopes: ["lessons:read"] };

export const escalationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { escalations, inbox } = app.services;
  const tags = ["escalations"];

  app.post(
    "/v1/lessons/:id/escalations",
    {
      config: { access: { roles: ["staff", "manager", "admin"], scopes: ["lessons:write"] } },
      schema: {
        tags,
        operationId: "createEscalation",
        summary: "Raise a lesson to a unit above or to the organisation, with an ask",
        description:
          "The raising unit is the key's unit; for keys without a unit (an organisation's manager, an integration, an admin) the lesson's unit. The key must be allowed to write for that unit (staff for their unit and below, managers for the units they manage, integration keys with `lessons:write`). The lesson must be visible to the key (404) and published (409); the target a unit above the raising unit or the raising unit's organisation, whose managers may see the lesson (422 naming `/to`, `/to/unitId` or `/to/organisationId`).",
        params: Params,
        body: EscalationInput,
        response: { 201: Escalation, ...problemResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const escalation = escalations.raise(request.params.id, request.body, actorOf(request));
      return reply
        .code(201)
        .header("location", `/v1/escalations/${escalation.id}`)
        .header("etag", etagOf(escalation))
        .send(escalation);
    },
  );

  app.get(
    "/v1/lessons/:id/escalations",
    {
      config: { access: KEYS },
      schema: {
        tags,
        operationId: "listLessonEscalations",
        summary: "List a lesson's escalations, newest first",
        description: "The escalations of the lesson raised in the key's organisation (admins: all).",
        params: Params,
        querystring: z.object(PageQuery),
        response: { 200: page(Escalation), ...problemResponses(400, 403, 404, 422) },
      },
    },
    async (request) => escalations.listOfLesson(request.principal, request.params.id, request.query),
  );

  app.get(
    "/v1/escalations/:id",
    {
      config: { access: KEYS },
      schema: {
        tags,
        operationId: "getEscalation",
        summary: "Read an escalation with its answers",
        description:
          "Read by keys of the escalation's organisation that may see its lesson, and by admins (404 for others).",
        params: Params,
        response: { 200: Escalation, ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      const escalation = escalations.get(request.principal, request.params.id);
      return reply.header("etag", etagOf(escalation)).send(escalation);
    },
  );

  app.post(
    "/v1/escalations/:id/response",
    {
      config: { access: { roles: ["manager", "admin"] } },
      schema: {
        tags,
        operationId: "respondToEscalation",
        summary: "Answer an escalation: adopt, adapt, decline or park, with the reason",
        description:
          "By a manager of the addressed unit (or of a unit above it), of the addressed organisation, or an admin (403 for other keys that can read it; 404 for keys that cannot). `park` leaves the escalation to be answered again; after any other decision it is settled, and another answer is 409.",
        params: Params,
        body: EscalationResponseInput,
        response: { 201: Escalation, ...problemResponses(400, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const escalation = escalations.respond(request.params.id, request.body, actorOf(request));
      return reply
        .code(201)
        .header("location", `/v1/escalations/${escalation.id}`)
        .header("etag", etagOf(escalation))
        .send(escalation);
    },
  );

  app.get(
    "/v1/units/:id/inbox",
    {
      config: { access: { roles: ["staff", "manager", "admin"] } },
      schema: {
        tags,
        operationId: "getUnitInbox",
        summary:
          "A unit's inbox: escalations to answer, answers received, adaptations of its lessons, returned lessons",
        description:
          "Read by the unit's staff, managers of the unit or above it, and admins. Each section is counted and holds its newest items (`limit`); `section` with `cursor` pages on through one section. Only items about lessons the key may see.",
        params: Params,
        querystring: UnitInboxQuery,
        response: { 200: UnitInbox, ...problemResponses(400, 403, 404, 422) },
      },
    },
    async (request) => inbox.unit(request.principal, request.params.id, request.query),
  );

  app.get(
    "/v1/organisations/:id/inbox",
    {
      config: { access: { roles: ["manager", "admin"] } },
      schema: {
        tags,
        operationId: "getOrganisationInbox",
        summary: "An organisation's inbox: escalations addressed to it, to answer and answered",
        description:
          "Read by the organisation's managers (manager keys without a unit) and admins. Sections as in a unit's inbox.",
        params: Params,
        querystring: OrganisationInboxQuery,
        response: { 200: OrganisationInbox, ...problemResponses(400, 403, 404, 422) },
      },
    },
    async (request) => inbox.organisation(request.principal, request.params.id, request.query),
  );
};
