// Request and reply shapes of the audit log (GET /v1/audit).
import { z } from "zod";
import { AUDIT_ACTIONS } from "../../domain/audit.js";
import { ROLES } from "../../words.js";
import { Id, PageQuery, page } from "./common.js";

export const AuditQuery = z.object({
  resourceId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Only entries about this resource: a lesson, unit, key… id, or `facet/slug` for a term."),
  actor: Id.optional().describe("Only what this key did (a key id)."),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("Only entries at or after this time (ISO 8601)."),
  ...PageQuery,
});

export const AuditEntry = z
  .object({
    id: Id,
    at: z.string().describe("When the change was committed."),
    actor: z
      .object({
        keyId: Id,
        name: z.string().describe("The key's name at the time: who holds it."),
        role: z.enum(ROLES),
      })
      .describe("The key that made the change."),
    action: z
      .string()
      .describe(`What was done: ${AUDIT_ACTIONS.map((action) => `\`${action}\``).join(", ")}.`),
    resource: z.object({
      type: z.string().describe("lesson, adaptation, unit, initiative, organisation, facet, term or key."),
      id: z.string(),
    }),
    organisationId: Id.nullable().describe("The resource's organisation; null for the installation's own."),
    versionBefore: z.number().int().nullable().describe("null when the change created the resource."),
    versionAfter: z.number().int().nullable().describe("null for resources without versions (keys, facets)."),
    requestId: z.string().nullable().describe("The request that made the change (its x-request-id)."),
  })
  .meta({ id: "AuditEntry", description: "One write, as the append-only audit log recorded it." });

export const AuditPage = page(AuditEntry);
