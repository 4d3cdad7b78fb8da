// Shared zod shapes: problem details, pagination, localised text. Registered ones become OpenAPI components.
import { z } from "zod";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../../domain/pagination.js";
import { findPersonalData, type PersonalDataKind, redactPersonalData } from "../../domain/personal-data.js";
import { normalizeName, type TextFault, textFault, visibleLength } from "../../domain/text-hygiene.js";
import { LANGUAGES } from "../../search/analyze.js";

const PERSONAL_DATA_LABELS: Record<PersonalDataKind, string> = {
  cpr: "a CPR number",
  fodselsnummer: "a fødselsnummer",
  email: "an e-mail address",
  phone: "a phone number",
};

/** A language samskab speaks: en, da or nb (Norwegian Bokmål). */
export const LanguageCode = z.enum(LANGUAGES);

/** What stored free text does with personal data: refuse it (422) or store a marker instead. */
export const PERSONAL_DATA_POLICIES = ["reject", "redact"] as const;
export type PersonalDataPolicy = (typeof PERSONAL_DATA_POLICIES)[number];
let personalDataPolicy: PersonalDataPolicy = "reject";
/** The installation's policy (PERSONAL_DATA), set once by buildApp: one per process. */
export function setPersonalDataPolicy(policy: PersonalDataPolicy): void {
  personalDataPolicy = policy;
}

const TEXT_FAULTS: Record<TextFault, string> = {
  lone_surrogate: "contains a lone surrogate (not valid Unicode)",
  control_character: "contains a control character (NUL, escape…; tab and line breaks are fine)",
};

/** Unicode that cannot be stored: lone surrogates, NUL and other control characters (400, naming the field). */
const clean = z.string().superRefine((value, ctx) => {
  const fault = textFault(value);
  if (fault)
    ctx.addIssue({ code: "custom", message: `The text ${TEXT_FAULTS[fault]}.`, params: { code: fault } });
});

/** A text needs a visible character: zero-width and bidi characters alone are not text. */
const visible = (min: number) => (value: string) =>
  min === 0 || value.length < min || visibleLength(value) > 0;

/**
 * Personal data in stored free text: refused with each finding's kind and character range (never the
 * value), or replaced by its marker, as the installation's policy says.
 */
function guardPersonalData<T extends z.ZodType<string, string>>(schema: T) {
  return schema
    .superRefine((value, ctx) => {
      if (personalDataPolicy !== "reject") return;
      for (const { kind, start, end } of findPersonalData(value))
        ctx.addIssue({
          code: "custom",
          message: `Looks like personal data (${PERSONAL_DATA_LABELS[kind]}) at characters ${start}–${end}: samskab does not store personal data.`,
          params: { code: "personal_data", kind, start, end },
        });
    })
    .transform((value) => (personalDataPolicy === "redact" ? redactPersonalData(value) : value));
}

/** Text typed to be searched, not stored: clean Unicode, NFC, trimmed. */
export const queryText = (max: number, min = 1) =>
  clean.trim().normalize("NFC").min(min).max(max).refine(visible(min), "No visible character.");

/**
 * Stored free text (titles, summaries, narratives, why, coping, notes…): clean Unicode, NFC, trimmed,
 * at least one visible character, within `max`, and no personal data (see guardPersonalData).
 */
export const text = (max: number, min = 1) => guardPersonalData(queryText(max, min));
export const optionalText = (max: number) => text(max).nullable().optional();

/** A name (organisation, unit, key): like text, with runs of white space made one space. */
export const name = (max: number) =>
  guardPersonalData(
    clean
      .transform(normalizeName)
      .pipe(z.string().min(1).max(max).refine(visible(1), "No visible character.")),
  );

export const Id = z.string().min(1).max(100).describe("An opaque identifier.");
export const Slug = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    "a slug is lower-case letters, digits and underscores, starting with a letter",
  )
  .describe("A controlled term's slug, e.g. `trust` or `home_care`.");

export const FieldProblem = z
  .object({
    pointer: z.string().describe("JSON pointer to the failing field within `in` (e.g. `/mechanisms/0`)."),
    in: z
      .enum(["body", "querystring", "params", "headers"])
      .optional()
      .describe("Which part of the request."),
    message: z.string(),
    code: z.string().optional().describe("A machine-readable reason, e.g. `unknown_term`, `invalid_type`."),
    suggestions: z
      .array(
        z.object({
          facet: z.string(),
          slug: z.string(),
          label: z.string(),
          matchedOn: z.string().optional().describe("Which label or synonym the suggestion was found by."),
        }),
      )
      .optional()
      .describe("For unknown controlled terms: the closest existing ones."),
    range: z
      .object({ start: z.number().int(), end: z.number().int().optional() })
      .optional()
      .describe(
        "Where in the field's text (characters, end exclusive), e.g. of personal data, which is never echoed.",
      ),
  })
  .meta({ id: "FieldProblem" });

export const Problem = z
  .object({
    type: z.string().describe("A URI naming the kind of problem."),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional().describe("The request path."),
    requestId: z.string().optional().describe("Quote this when reporting a problem: it is in the logs."),
    errors: z.array(FieldProblem).optional().describe("Every failing field."),
  })
  .catchall(z.unknown())
  .meta({ id: "Problem", description: "An RFC 9457 problem document (`application/problem+json`)." });

export const Warning = z
  .object({
    code: z.string().describe("e.g. `why_reads_like_recipe`, `language_detected`."),
    pointer: z.string(),
    message: z.string(),
    signals: z.array(z.string()).optional(),
  })
  .meta({ id: "Warning", description: "Stored, but worth the author's attention." });

export const PageQuery = {
  cursor: z.string().max(500).optional().describe("`nextCursor` from the previous page."),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page (1–${MAX_PAGE_SIZE}).`),
};

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
  });

export const LocalizedText = z
  .strictObject({ en: text(200), da: text(200).optional(), nb: text(200).optional() })
  .meta({
    id: "LocalizedText",
    description: "Text per language: English required, Danish and Norwegian Bokmål optional.",
  });

export const LocalizedList = z
  .strictObject({
    en: z.array(text(100)).max(30).optional(),
    da: z.array(text(100)).max(30).optional(),
    nb: z.array(text(100)).max(30).optional(),
  })
  .meta({ id: "LocalizedList", description: "Synonyms per language." });

export const ContextTags = z
  .record(z.string().min(1).max(64), z.array(Slug).max(20))
  .describe("Context tags per dimension: `{ <dimension>: [termSlug] }`, e.g. `{ serviceArea: [home_care] }`.")
  .meta({ id: "ContextTags" });

export const IfMatchHeader = z.object({
  "if-match": z
    .string()
    .max(100)
    .optional()
    .describe('The version you read, as given in the ETag header (e.g. `"3"`).'),
});

export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, Problem])) as Record<number, typeof Problem>;

export const Timestamps = {
  version: z.number().int().describe("Increases with every change; the ETag."),
  createdAt: z.string(),
  updatedAt: z.string(),
};
