// GET /v1/units/{id}/maturity and GET /v1/organisations/{id}/maturity: the maturity diagnosis.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { negotiateLanguage } from "../negotiate.js";
import { Id, problemResponses } from "../schemas/common.js";
import { MaturityQuery, MaturityReport } from "../schemas/maturity.js";

const Params = z.object({ id: Id });
const tags = ["maturity"];
const description =
  "Initiatives per rung and status, the lineage from pilots to projects to programs, how lessons and adaptations spread across units, the rung the initiatives' labels claim beside the rung the records evidence (with the indicators behind it and the contradictions, naming the lessons that show them), and next steps found in the data. Only published lessons count. Texts follow `?lang=` or Accept-Language (en, da, nb).";

export const maturityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { maturity } = app.services;

  app.get(
    "/v1/units/:id/maturity",
    {
      config: { access: { roles: ["manager", "admin"], scopes: ["lessons:read"] } },
      schema: {
        tags,
        operationId: "getUnitMaturity",
        summary: "Maturity diagnosis of a unit and the units below it",
        description,
        params: Params,
        querystring: MaturityQuery,
        response: { 200: MaturityReport, ...problemResponses(400, 404) },
      },
    },
    async (request) =>
      maturity.forUnit(request.principal, request.params.id, {
        language: negotiateLanguage(request, request.query.lang),
      }),
  );

  app.get(
    "/v1/organisations/:id/maturity",
    {
      config: { access: { roles: ["manager", "admin"], scopes: ["lessons:read"] } },
      schema: {
        tags,
        operationId: "getOrganisationMaturity",
        summary: "Maturity diagnosis of an organisation",
        description,
        params: Params,
        querystring: MaturityQuery,
        response: { 200: MaturityReport, ...problemResponses(400, 404) },
      },
    },
    async (request) =>
      maturity.forOrganisation(request.principal, request.params.id, {
        language: negotiateLanguage(request, request.query.lang),
      }),
  );
};
