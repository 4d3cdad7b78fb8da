// Requests and replies of /v1/keys. A key's secret appears in exactly one reply: the one that issues it.
import { z } from "zod";
import { ROLES, SCOPES } from "../../words.js";
import { Id, name } from "./common.js";

export const Role = z
  .enum(ROLES)
  .describe(
    "`staff` (a unit), `manager` (a unit or an organisation), `integration` (an organisation, with scopes), `admin` (the installation).",
  );

export const Scope = z
  .enum(SCOPES)
  .describe(
    "What an integration key may do: `lessons:read` (read lessons, the filter, digests, maps, maturity), `lessons:write` (log and update lessons and adaptations), `webhooks` (register and manage the organisation's webhooks: /v1/webhooks).",
  );

export const KeyInput = z
  .strictObject({
    name: name(200).describe(
      "Who holds the key, e.g. `Hjemmeplejen Nord – planner`: shown in the audit log.",
    ),
    role: Role,
    unitId: Id.optional().describe(
      "The key's unit: required for staff; a manager's unit (or give organisationId).",
    ),
    organisationId: Id.optional().describe(
      "The key's organisation: required for integration keys; a manager of a whole organisation. Derived from unitId when a unit is given.",
    ),
    scopes: z
      .array(Scope)
      .min(1)
      .max(SCOPES.length)
      .refine((scopes) => new Set(scopes).size === scopes.length, "each scope once")
      .optional()
      .describe("Integration keys only (at least one)."),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        "When the key stops working (ISO 8601, in the future); without it the key works until revoked.",
      ),
  })
  .meta({ id: "KeyRequest" });

export const Key = z
  .object({
    id: Id,
    prefix: z
      .string()
      .describe("The key's first characters (`smk_` and 8 more), to tell keys apart; not a secret."),
    name: z.string(),
    role: Role,
    organisationId: z.string().nullable(),
    unitId: z.string().nullable(),
    scopes: z.array(Scope),
    createdBy: z
      .string()
      .nullable()
      .describe("The id of the key that issued it (null: the seed or the command line)."),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable().describe("Set when revoked; a revoked key is refused with 401."),
  })
  .meta({ id: "Key", description: "An API key without its secret." });

export const IssuedKey = Key.extend({
  key: z
    .string()
    .describe("The key itself: `smk_` and 43 characters. Shown this once; only its SHA-256 is stored."),
}).meta({ id: "IssuedKey", description: "A newly issued key, with its secret (shown once)." });

export type KeyReply = z.infer<typeof Key>;
export type IssuedKeyReply = z.infer<typeof IssuedKey>;
