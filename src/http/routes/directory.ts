// /v1/organisations, /v1/units and /v1/initiatives: the plain resources, each with create, list, read, update.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { INITIATIVE_STATUSES, STAGES } from "../../domain/initiatives.js";
import type { Access } from "../auth.js";
import { Id } from "../schemas/common.js";
import {
  Initiative,
  InitiativeInput,
  InitiativePatch,
  Organisation,
  OrganisationInput,
  OrganisationPatch,
  Unit,
  UnitInput,
  UnitPatch,
} from "../schemas/resources.js";
import { resourceRoutes } from "./resource.js";

// The directory (names, the unit tree, context profiles, initiatives) is read like public lessons,
// which name their unit and organisation: anyone may read it. Writing it takes a manager or an admin.
const MANAGERS: Access = { roles: ["manager", "admin"] };
const ADMINS: Access = { roles: ["admin"] };

export const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { organisations, units, initiatives } = app.services;

  await app.register(
    resourceRoutes({
      path: "/v1/organisations",
      tag: "organisations",
      noun: "Organisation",
      input: OrganisationInput,
      patch: OrganisationPatch,
      output: Organisation,
      filters: {},
      access: { create: ADMINS, read: "read", update: ADMINS },
      service: organisations,
    }),
  );

  await app.register(
    resourceRoutes({
      path: "/v1/units",
      tag: "units",
      noun: "Unit",
      input: UnitInput,
      patch: UnitPatch,
      output: Unit,
      filters: {
        organisationId: Id.optional(),
        parentId: Id.optional().describe("Only the units directly below this one."),
      },
      summaries: {
        create: "Create a unit with its context profile",
        update: "Update a unit; a given context replaces its profile",
      },
      access: { create: MANAGERS, read: "read", update: MANAGERS },
      service: units,
    }),
  );

  await app.register(
    resourceRoutes({
      path: "/v1/initiatives",
      tag: "initiatives",
      noun: "Initiative",
      input: InitiativeInput,
      patch: InitiativePatch,
      output: Initiative,
      filters: {
        organisationId: Id.optional(),
        unitId: Id.optional().describe("Initiatives the unit leads or takes part in."),
        stage: z.enum(STAGES).optional(),
        status: z.enum(INITIATIVE_STATUSES).optional(),
        programId: Id.optional().describe("The initiatives inside this program."),
      },
      summaries: {
        update: "Update an initiative; given lists (unitIds, approaches, buildsOn) replace the stored ones",
      },
      access: { create: MANAGERS, read: "read", update: MANAGERS },
      service: initiatives,
    }),
  );
};
