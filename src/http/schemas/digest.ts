// Request and reply shapes of POST /v1/digests: the request is POST /v1/filter's (FilterRequest).
import { z } from "zod";
import {
  CONTESTED_SIMILARITY,
  MIN_CONTRAST_LESSONS,
  MIN_SHARE_DIFFERENCE,
  RELEVANCE_FLOOR,
  STATEMENTS_PER_MECHANISM,
} from "../../domain/digest.js";
import { DIRECTIONS, EVIDENCE_KINDS } from "../../domain/lessons.js";
import { Id, LanguageCode } from "./common.js";
import { LabelLanguage } from "./filter.js";

const Labelled = z.object({ slug: z.string(), label: z.string() });
const Count = z.number().int().min(0);

export const DIGEST_FORMATS = ["json", "markdown", "html"] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

export const DigestQuery = LabelLanguage.extend({
  format: z
    .enum(DIGEST_FORMATS)
    .optional()
    .describe(
      "`json`, `markdown` (text/markdown) or `html` (a self-contained, printable page); overrides the Accept header.",
    ),
});

const ContextContrast = z.object({
  facet: z.string().describe("The context dimension, e.g. `serviceArea`."),
  slug: z.string(),
  label: z.string(),
  positive: Count.describe("The mechanism's positive lessons carrying this term."),
  negative: Count.describe("The mechanism's negative lessons carrying this term."),
});

const MechanismDigest = z
  .object({
    mechanism: Labelled,
    lessons: Count.describe("Matching lessons tagged with this mechanism."),
    lessonIds: z.array(Id).describe("Those lessons, closest to the requester's context first."),
    relevance: z
      .number()
      .describe(
        `The order of mechanisms: each lesson counts ${RELEVANCE_FLOOR} + ${1 - RELEVANCE_FLOOR} × its context similarity to the requester (every lesson 1 without a requester).`,
      ),
    outcomes: z
      .object(
        Object.fromEntries(DIRECTIONS.map((d) => [d, Count])) as Record<
          (typeof DIRECTIONS)[number],
          typeof Count
        >,
      )
      .describe(
        "Lessons by overall direction: all outcomes positive → positive; all none → none; only negative or none → negative; else mixed.",
      ),
    worksIn: z
      .array(ContextContrast)
      .describe(
        `Context terms over-represented among the positive lessons: carried by ≥ ${MIN_CONTRAST_LESSONS} positive lessons, with a share among positive lessons ≥ ${MIN_SHARE_DIFFERENCE} above the share among negative ones.`,
      ),
    failsIn: z
      .array(ContextContrast)
      .describe("The same for the negative lessons: where the mechanism tended to fail."),
    statements: z
      .array(
        z.object({
          text: z.string().describe("A sentence taken verbatim from the lesson's summary or why."),
          lessonId: Id,
          source: z.enum(["summary", "why"]),
        }),
      )
      .describe(
        `Up to ${STATEMENTS_PER_MECHANISM} representative sentences: the most central (highest average similarity of stemmed words to the others) among the lessons closest to the requester, near-duplicates left out.`,
      ),
    adaptations: z
      .object({ worked: Count, partly: Count, didNotWork: Count })
      .describe("Results other units reported when they tried these lessons, summed."),
    pressures: z
      .array(
        z.object({
          slug: z.string(),
          label: z.string(),
          lessons: Count,
          coping: z
            .array(z.string())
            .describe(
              "How a few of those lessons (the closest to the requester) coped, near-duplicates left out.",
            ),
        }),
      )
      .describe("Pressures met, most frequent first."),
    pitfalls: z
      .array(z.object({ slug: z.string(), label: z.string(), lessons: Count }))
      .describe(
        "Pitfalls (failure patterns such as symbolic involvement) met in the mechanism's lessons, most frequent first.",
      ),
    evidence: z
      .object(Object.fromEntries(EVIDENCE_KINDS.map((k) => [k, Count.optional()])))
      .describe("Lessons per evidence kind (kinds with none are left out)."),
    contested: z
      .boolean()
      .describe(
        `True when the mechanism both worked (positive) and failed (negative) in lessons whose context similarity to the requester's is ≥ ${CONTESTED_SIMILARITY} (without a requester: anywhere).`,
      ),
  })
  .meta({ id: "MechanismDigest" });

export const DigestReply = z
  .object({
    total: Count.describe("Matching lessons: the same number POST /v1/filter gives for this request."),
    requester: z.object({
      unitId: Id.nullable(),
      unitName: z.string().nullable(),
      context: z.record(z.string(), z.array(Labelled)).describe("The context that ranks, per dimension."),
    }),
    labelLanguage: LanguageCode,
    generatedAt: z.string(),
    mechanisms: z.array(MechanismDigest).describe("One entry per mechanism, most relevant first."),
  })
  .meta({ id: "DigestReply" });
