// What a digest request asks besides the filter request, the rules' constants, and the reply's zod
// schemas: the single source for validation, the OpenAPI document and the types (inferred here).
import { z } from "zod";
import {
  ADAPTATION_RESULTS,
  COPING_STRATEGIES,
  DIRECTIONS,
  type Direction,
  EVIDENCE_KINDS,
  LANGUAGES,
} from "../../words.js";

export const DIGEST_SCOPES = ["context", "all"] as const;
export type DigestScope = (typeof DIGEST_SCOPES)[number];
export const DIGEST_DETAILS = ["brief", "full"] as const;
export type DigestDetail = (typeof DIGEST_DETAILS)[number];

/**
 * The context dimensions that bound a digest's default scope: a home-care team's digest covers the
 * lessons from its own service area or user group (a parent or child term counts), not everything.
 */
export const SCOPE_DIMENSIONS = ["serviceArea", "userGroup"] as const;

/** What the reader of each form gets at most. `full` still samples: a digest is not a dump. */
export type DigestLimits = {
  mechanisms: number;
  /** Sentences from lessons where the mechanism worked (overall direction positive). */
  supportStatements: number;
  /** Sentences from lessons where it failed or was mixed or made no difference. */
  failureStatements: number;
  adaptationNotes: number;
  pressures: number;
  copingPerPressure: number;
  contrasts: number;
  /** Longest sentence (or sentences joined to stand alone) quoted, and longest note or coping text before it is clipped. */
  quoteChars: number;
};
export const LIMITS: Record<DigestDetail, DigestLimits> = {
  // a meeting's worth: about two printed pages
  brief: {
    mechanisms: 5,
    supportStatements: 3,
    failureStatements: 2,
    adaptationNotes: 2,
    pressures: 2,
    copingPerPressure: 1,
    contrasts: 2,
    quoteChars: 220,
  },
  full: {
    mechanisms: Number.POSITIVE_INFINITY,
    supportStatements: 4,
    failureStatements: 3,
    adaptationNotes: 6,
    pressures: Number.POSITIVE_INFINITY,
    copingPerPressure: 3,
    contrasts: 5,
    quoteChars: 400,
  },
};

/**
 * Statements are drawn from this many lessons per mechanism and side (worked / did not), those
 * closest to the requester's context: reading every lesson's text would not fit the 60 ms budget.
 */
export const STATEMENT_SAMPLE = 12;
/** A context term is listed under worksIn/failsIn only when at least this many lessons carry it. */
export const MIN_CONTRAST_LESSONS = 2;
/** …and its share among one side's lessons exceeds its share among the other side's by this much. */
export const MIN_SHARE_DIFFERENCE = 0.25;
/** A lesson this similar to the requester's context (0..1) counts as being "in a context like yours". */
export const CONTESTED_SIMILARITY = 0.5;
/**
 * A lesson's weight in a mechanism's relevance is FLOOR + (1 − FLOOR) × its context similarity: a
 * lesson from the requester's own kind of context counts fully, one from elsewhere still a little,
 * since a mechanism often travels where a recipe does not.
 */
export const RELEVANCE_FLOOR = 0.2;
/** Adaptation notes are read for at most this many of a digest's adapted lessons, closest first. */
export const ADAPTED_LESSONS_READ = 200;

/** Directions whose sentences say why something worked; every other direction's say what went wrong. */
export const SUPPORTING: ReadonlySet<Direction> = new Set(["positive"]);

const Count = z.number().int().min(0);
const Id = z.string().describe("An opaque identifier.");
const Labelled = z.object({ slug: z.string(), label: z.string() });
const TermRef = z.object({ facet: z.string(), slug: z.string(), label: z.string() });
const DirectionSchema = z.enum(DIRECTIONS);

const ContextContrast = TermRef.extend({
  facet: z.string().describe("The context dimension, e.g. `serviceArea`."),
  positive: Count.describe("The mechanism's positive lessons carrying this term."),
  negative: Count.describe("The mechanism's negative lessons carrying this term."),
});

const Statement = z.object({
  text: z
    .string()
    .describe(
      "Taken verbatim from the lesson's summary or why; a sentence that refers back (“they”, “this”) comes with the sentence before it, or is not quoted.",
    ),
  lessonId: Id,
  title: z.string().describe("The lesson's title."),
  direction: DirectionSchema.describe(
    "The lesson's overall direction. Only `positive` lessons are quoted for why it worked; the others' sentences say what went wrong.",
  ),
  source: z.enum(["summary", "why"]),
});

const AdaptationNote = z.object({
  text: z.string().describe("What the adapting unit found (its notes)."),
  result: z.enum(ADAPTATION_RESULTS),
  lessonId: Id,
  title: z.string().describe("The title of the lesson that was tried."),
  unitId: Id,
  unitName: z.string().nullable(),
  firedHere: z
    .boolean()
    .describe(
      "True when the adapting unit said this mechanism fired in its context; false when it named other mechanisms; null when it did not say.",
    )
    .nullable(),
  contextDiffers: z
    .array(TermRef)
    .describe("The adapting unit's context terms that the lesson's context does not have."),
});

const Coping = z.object({
  text: z.string(),
  strategy: z.enum(COPING_STRATEGIES).nullable(),
  lessonId: Id,
  carriedOver: z
    .boolean()
    .describe("The lesson once had one coping text for all its pressures; it was kept on its first."),
});

const StrategyOutcome = z.object({
  strategy: z.enum(COPING_STRATEGIES),
  positive: Count,
  negative: Count,
  other: Count.describe("Mixed or no direction."),
});

export const MechanismDigestSchema = z
  .object({
    mechanism: Labelled,
    lessons: Count.describe("Lessons in scope tagged with this mechanism."),
    lessonIds: z.array(Id).describe("Those lessons, closest to the requester's context first."),
    relevance: z
      .number()
      .describe(
        `The order of mechanisms: each lesson counts ${RELEVANCE_FLOOR} + ${1 - RELEVANCE_FLOOR} × its context similarity to the requester (every lesson 1 without a requester).`,
      ),
    outcomes: z
      .object({ positive: Count, mixed: Count, negative: Count, none: Count })
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
      .array(Statement)
      .describe(
        "Representative sentences (most central among the lessons closest to the requester, near-duplicates left out): first why it worked, from positive lessons; then what went wrong, from negative, mixed and no-effect lessons.",
      ),
    adaptations: z
      .object({
        worked: Count,
        partly: Count,
        didNotWork: Count,
        notes: z
          .array(AdaptationNote)
          .describe(
            "What other units found when they tried these lessons: notes naming this mechanism (or naming none), closest lessons first, the ones that did not fully work first.",
          ),
      })
      .describe("Results other units reported when they tried these lessons, summed, and their notes."),
    pressures: z
      .array(
        Labelled.extend({
          lessons: Count,
          coping: z
            .array(Coping)
            .describe(
              "How lessons coped with this very pressure (only coping recorded for it), closest to the requester first.",
            ),
          strategies: z
            .array(StrategyOutcome)
            .describe(
              `Per coping strategy recorded for this pressure, the overall direction of those lessons (among the ${STATEMENT_SAMPLE}+${STATEMENT_SAMPLE} lessons read per mechanism).`,
            ),
        }),
      )
      .describe("Pressures met, most frequent first."),
    pitfalls: z
      .array(Labelled.extend({ lessons: Count }))
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

export const DigestReplySchema = z
  .object({
    total: Count.describe("Lessons the digest covers: those matching the request, within its scope."),
    scope: z
      .object({
        requested: z.enum(DIGEST_SCOPES),
        applied: z
          .enum(DIGEST_SCOPES)
          .describe("`all` when `context` was asked but the requester has no service area or user group."),
        basis: z
          .array(TermRef)
          .describe("The requester's service areas and user groups that bound the scope."),
        matching: Count.describe("Lessons matching the request in any context (POST /v1/filter's total)."),
        leftOut: Count.describe('Matching lessons outside the scope: send `"scope": "all"` to include them.'),
      })
      .describe(
        `By default a digest covers the matching lessons sharing a ${SCOPE_DIMENSIONS.join(" or ")} with the requester (a parent or child term counts).`,
      ),
    detail: z.enum(DIGEST_DETAILS),
    omittedMechanisms: Count.describe(
      "Mechanisms of the scope the brief form leaves out (0 in full): send `detail: full` for all.",
    ),
    requester: z.object({
      unitId: Id.nullable(),
      unitName: z.string().nullable(),
      context: z.record(z.string(), z.array(Labelled)).describe("The context that ranks, per dimension."),
    }),
    labelLanguage: z.enum(LANGUAGES),
    generatedAt: z.string(),
    mechanisms: z.array(MechanismDigestSchema).describe("One entry per mechanism, most relevant first."),
  })
  .meta({ id: "DigestReply" });

export type DigestReply = z.infer<typeof DigestReplySchema>;
export type MechanismDigest = z.infer<typeof MechanismDigestSchema>;
export type DigestStatement = z.infer<typeof Statement>;
export type DigestAdaptationNote = z.infer<typeof AdaptationNote>;
export type DigestCoping = z.infer<typeof Coping>;
export type ContextContrast = z.infer<typeof ContextContrast>;
export type DigestOptions = {
  labels?: (typeof LANGUAGES)[number] | undefined;
  scope?: DigestScope | undefined;
  detail?: DigestDetail | undefined;
};
