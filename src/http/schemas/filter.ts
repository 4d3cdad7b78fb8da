// Request and reply shapes of POST /v1/filter and GET /v1/suggest.
import { z } from "zod";
import {
  DEFAULT_MATCH,
  FilterReplySchema,
  MATCH_MODES,
  SuggestReplySchema,
} from "../../domain/filter/types.js";
import { STAGES } from "../../domain/initiatives.js";
import { DIRECTIONS, EVIDENCE_KINDS } from "../../domain/lessons.js";
import { ContextTags, Id, LanguageCode, queryText, Slug } from "./common.js";

const Language = LanguageCode;
const Direction = z.enum(DIRECTIONS);
const EvidenceKind = z.enum(EVIDENCE_KINDS);

export const FilterRequest = z
  .strictObject({
    unitId: Id.optional().describe("The requesting unit: its context profile ranks the lessons."),
    context: ContextTags.optional().describe(
      "An explicit requester context; replaces the unit's profile when both are given.",
    ),
    q: queryText(200)
      .optional()
      .describe(
        'A question or words in English, Danish or Norwegian. Words and phrases naming a controlled term (a label or synonym in any language) count as that concept and match lessons tagged with it; "quoted phrases" match as phrases; a question about what went wrong ranks counter-examples first.',
      ),
    match: z
      .enum(MATCH_MODES)
      .default(DEFAULT_MATCH)
      .describe(
        "How `q` restricts. `most` (default): lessons matching any informative word or concept of `q`, those matching all of them first, then by how much of the question they cover (a very common word never matches on its own). `all`: every word and concept (a word found in no lesson then finds nothing). `any`: any word, common ones too.",
      ),
    filters: z
      .record(z.string().min(1).max(64), z.array(Slug).min(1).max(50))
      .optional()
      .describe(
        "`{ <facet>: [slug] }`: OR inside a facet, AND across facets; a parent term includes its children.",
      ),
    outcomeDirection: z
      .array(Direction)
      .min(1)
      .max(4)
      .optional()
      .describe(
        "Lessons whose overall direction is one of these (e.g. only the counter-examples: negative, mixed).",
      ),
    evidence: z.array(EvidenceKind).min(1).max(5).optional(),
    stage: z.array(z.enum(STAGES)).min(1).max(6).optional(),
    language: z.array(Language).min(1).max(3).optional(),
    publishedFrom: z.iso.date().optional().describe("Published on or after this day (YYYY-MM-DD)."),
    publishedTo: z.iso.date().optional().describe("Published on or before this day (YYYY-MM-DD)."),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z
      .string()
      .max(1000)
      .optional()
      .describe("`nextCursor` of the previous page, with the same request."),
  })
  .meta({ id: "FilterRequest" });

export const LabelLanguage = z
  .object({
    lang: Language.optional().describe(
      "Language of labels in the reply; else Accept-Language, else English.",
    ),
  })
  .describe("");

/** The reply shapes are the domain's: one schema for validation, types and the OpenAPI document. */
export const FilterReply = FilterReplySchema;

export const SuggestQuery = z.object({
  q: z.string().trim().min(1).max(100),
  lang: Language.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const SuggestReply = SuggestReplySchema;
