// Request and reply shapes of POST /v1/filter and GET /v1/suggest.
import { z } from "zod";
import { STAGES } from "../../domain/initiatives.js";
import { DIRECTIONS, EVIDENCE_KINDS } from "../../domain/lessons.js";
import { ContextTags, Id, LanguageCode, Slug, text } from "./common.js";

const Language = LanguageCode;
const Direction = z.enum(DIRECTIONS);
const EvidenceKind = z.enum(EVIDENCE_KINDS);
const Labelled = z.object({ slug: z.string(), label: z.string() });

export const FilterRequest = z
  .strictObject({
    unitId: Id.optional().describe("The requesting unit: its context profile ranks the lessons."),
    context: ContextTags.optional().describe(
      "An explicit requester context; replaces the unit's profile when both are given.",
    ),
    q: text(200)
      .optional()
      .describe(
        "Free text in English, Danish or Norwegian. Words naming a controlled term also match lessons tagged with it.",
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

const FilterResult = z
  .object({
    id: Id,
    title: z.string(),
    summary: z.string(),
    unitId: Id,
    language: Language,
    stage: z.string(),
    publishedAt: z.string().nullable(),
    mechanisms: z.array(Labelled),
    outcomes: z.array(Labelled.extend({ direction: Direction })),
    context: z.record(z.string(), z.array(Labelled)),
    score: z.number().describe("0..1; results are ordered by it."),
    relevance: z.object({
      context: z.object({
        matched: z
          .record(z.string(), z.array(z.string()))
          .describe("The requester's context terms the lesson shares, per dimension."),
        related: z
          .record(z.string(), z.array(z.string()))
          .describe("Parent or child terms of the requester's, counted partly."),
        score: z.number(),
      }),
      text: z
        .object({
          matchedTerms: z.array(z.string()).describe("Query words found in the lesson's text."),
          vocabularyTerms: z
            .array(z.object({ facet: z.string(), slug: z.string(), word: z.string() }))
            .describe("Controlled terms named by query words that the lesson is tagged with."),
          score: z.number(),
        })
        .nullable(),
      evidence: EvidenceKind,
      evidenceScore: z.number(),
      adaptations: z.object({
        worked: z.number().int(),
        partly: z.number().int(),
        didNotWork: z.number().int(),
      }),
      recency: z.number(),
    }),
    highlights: z
      .object({ summary: z.string().optional(), why: z.string().optional() })
      .describe("HTML-escaped snippets with <mark> around the matched words."),
  })
  .meta({ id: "FilterResult" });

export const FilterReply = z
  .object({
    total: z.number().int(),
    results: z.array(FilterResult),
    facets: z
      .record(z.string(), z.record(z.string(), z.number().int()))
      .describe(
        "Per facet, matching lessons per term; each facet is counted under every constraint but its own.",
      ),
    facetLabels: z.record(
      z.string(),
      z.object({ label: z.string(), terms: z.record(z.string(), z.string()) }),
    ),
    query: z
      .object({
        words: z.array(
          z.object({
            word: z.string(),
            stems: z.array(z.string()),
            terms: z.array(z.object({ facet: z.string(), slug: z.string(), label: z.string() })),
          }),
        ),
      })
      .nullable()
      .describe("How `q` was understood: its content words, their stems and the controlled terms they name."),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "FilterReply" });

export const SuggestQuery = z.object({
  q: z.string().trim().min(1).max(100),
  lang: Language.optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const SuggestReply = z
  .object({
    terms: z.array(
      z.object({ facet: z.string(), slug: z.string(), label: z.string(), matchedOn: z.string() }),
    ),
    lessons: z.array(z.object({ id: Id, title: z.string() })),
  })
  .meta({ id: "SuggestReply" });
