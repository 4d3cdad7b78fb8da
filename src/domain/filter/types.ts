// What a filter request asks and what its reply holds. The reply's zod schemas are the single source:
// the HTTP layer validates and documents with them, and the types here are inferred from them.
import { z } from "zod";
import type { Language } from "../../search/analyze.js";
import { LANGUAGES } from "../../search/analyze.js";
import type { Direction } from "../../search/facets.js";
import { EVIDENCE_KINDS, type EvidenceKind } from "../../search/rank.js";
import type { Stage } from "../initiatives.js";
import { DIRECTIONS } from "../lessons.js";
import type { ContextTags } from "../units.js";

export const MATCH_MODES = ["most", "all", "any"] as const;
/**
 * How `q` restricts: `most` (default) — lessons matching any informative word or concept, those
 * matching all of them first; `all` — every word or concept; `any` — any word, common ones too.
 */
export type MatchMode = (typeof MATCH_MODES)[number];
export const DEFAULT_MATCH: MatchMode = "most";

export type FilterRequest = {
  unitId?: string | undefined;
  context?: ContextTags | undefined;
  q?: string | undefined;
  match?: MatchMode | undefined;
  filters?: Record<string, string[]> | undefined;
  outcomeDirection?: Direction[] | undefined;
  evidence?: EvidenceKind[] | undefined;
  stage?: Stage[] | undefined;
  language?: Language[] | undefined;
  publishedFrom?: string | undefined;
  publishedTo?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
};

const Labelled = z.object({ slug: z.string(), label: z.string() });
const TermRef = z.object({ facet: z.string(), slug: z.string(), label: z.string() });

export const FilterResultSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    unitId: z.string(),
    language: z.enum(LANGUAGES),
    stage: z.string(),
    publishedAt: z.string().nullable(),
    mechanisms: z.array(Labelled),
    outcomes: z.array(Labelled.extend({ direction: z.enum(DIRECTIONS) })),
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
          matchedTerms: z
            .array(z.string())
            .describe(
              "The words, phrases and concepts of `q` this lesson matches (as `query.words[].word`).",
            ),
          missingWords: z
            .array(z.string())
            .describe("The words, phrases and concepts of `q` this lesson does not match."),
          vocabularyTerms: z
            .array(z.object({ facet: z.string(), slug: z.string(), word: z.string() }))
            .describe("Controlled terms named in `q` that the lesson is tagged with (or with one below it)."),
          coverage: z
            .number()
            .describe(
              "Share of the question's information (its words weighed by rarity) the lesson matches, 0..1.",
            ),
          allInformative: z
            .boolean()
            .describe("Matches every informative word or concept of `q`: such lessons come first."),
          score: z.number(),
        })
        .nullable(),
      evidence: z.enum(EVIDENCE_KINDS),
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

export const QueryReadingSchema = z
  .object({
    match: z.enum(MATCH_MODES),
    intent: z
      .enum(["failure"])
      .nullable()
      .describe("`failure` when the question asks what went wrong: negative and mixed lessons rank first."),
    words: z
      .array(
        z.object({
          word: z.string().describe("A content word, or the words of a concept or quoted phrase."),
          kind: z.enum(["word", "concept", "phrase"]),
          stems: z.array(z.string()),
          terms: z.array(TermRef).describe("Controlled terms it names: lessons tagged with them match it."),
          partOfName: z
            .boolean()
            .optional()
            .describe(
              "A word in no lesson that is part of the terms' longer names: read as pointing at them.",
            ),
          lessons: z.number().int().describe("Published lessons matching it."),
          weight: z.number().describe("Its information: rarer words and concepts weigh more."),
          common: z
            .boolean()
            .describe("In so many lessons that it says little: it never makes a lesson match on its own."),
        }),
      )
      .describe("The question's clauses, in order."),
    noise: z.array(z.string()).describe("Words read as grammar or as the question's intent."),
    missingWords: z
      .array(z.string())
      .describe(
        'Words (or phrases) found in no lesson — also those read through a term name they are part of (`partOfName`): `match: "all"` then finds nothing.',
      ),
  })
  .meta({ id: "QueryReading" });

export const FilterReplySchema = z
  .object({
    total: z.number().int(),
    results: z.array(FilterResultSchema),
    facets: z
      .record(z.string(), z.record(z.string(), z.number().int()))
      .describe(
        "Per facet, matching lessons per term; each facet is counted under every constraint but its own.",
      ),
    facetLabels: z.record(
      z.string(),
      z.object({ label: z.string(), terms: z.record(z.string(), z.string()) }),
    ),
    query: QueryReadingSchema.nullable().describe(
      "How `q` was read: its words and concepts with their weights, noise words, the intent; null without `q`.",
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "FilterReply" });

export type FilterResult = z.infer<typeof FilterResultSchema>;
export type FilterReply = z.infer<typeof FilterReplySchema>;
export type QueryReading = z.infer<typeof QueryReadingSchema>;

export const SuggestReplySchema = z
  .object({
    terms: z.array(
      z.object({ facet: z.string(), slug: z.string(), label: z.string(), matchedOn: z.string() }),
    ),
    lessons: z.array(z.object({ id: z.string(), title: z.string() })),
  })
  .meta({ id: "SuggestReply" });
export type SuggestReply = z.infer<typeof SuggestReplySchema>;
