// Request and reply shapes for organisations, units, vocabularies, initiatives, lessons and adaptations.
import { z } from "zod";
import { ADAPTATION_RESULTS, STORED_ADAPTATION_RESULTS } from "../../domain/adaptations.js";
import { INITIATIVE_STATUSES, STAGES } from "../../domain/initiatives.js";
import { DIRECTIONS, EVIDENCE_KINDS, LESSON_STATUSES } from "../../domain/lessons.js";
import { REVIEW_DECISIONS } from "../../domain/review.js";
import { FACET_KINDS } from "../../domain/vocabulary.js";
import { COPING_STRATEGIES, type CopingStrategy as Strategy, VISIBILITIES } from "../../words.js";
import {
  ContextTags,
  Id,
  LanguageCode,
  LocalizedList,
  LocalizedText,
  name,
  optionalText,
  Slug,
  Timestamps,
  text,
  Warning,
} from "./common.js";

const Stage = z.enum(STAGES).meta({
  id: "Stage",
  description: "Maturity stage: ad hoc (individual or collective) → pilot → project → program → culture.",
});
const LessonLanguage = LanguageCode.describe("en, da or nb.");
const IsoDate = z.iso.date().describe("YYYY-MM-DD");
const slugs = (max: number) => z.array(Slug).max(max);

// ── organisations ───────────────────────────────────────────────────────────
const OrganisationKind = z.enum(["municipality", "region", "third_sector", "other"]);
export const OrganisationInput = z
  .strictObject({
    name: name(200).describe(
      "Unique across the service (case, spacing, full-width forms and invisible characters aside).",
    ),
    kind: OrganisationKind.optional().describe("Default municipality."),
    allowSelfPublish: z
      .boolean()
      .optional()
      .describe(
        "May the organisation's staff publish their own lessons without a manager's review? Default false: staff save drafts and submit, and a manager publishes or returns them.",
      ),
  })
  .meta({ id: "NewOrganisation" });
export const OrganisationPatch = OrganisationInput.partial().meta({ id: "OrganisationPatch" });
export const Organisation = z
  .object({
    id: Id,
    name: z.string(),
    kind: OrganisationKind,
    allowSelfPublish: z.boolean().describe("Staff may publish without a manager's review."),
    ...Timestamps,
  })
  .meta({ id: "Organisation" });

// ── units ─────────────────────────────────────────────────────────────────────
export const UnitInput = z
  .strictObject({
    organisationId: Id,
    name: name(200).describe(
      "Unique within the organisation (case, spacing, full-width forms and invisible characters aside).",
    ),
    parentId: Id.nullable().optional().describe("The unit this one sits in."),
    description: optionalText(2000),
    context: ContextTags.optional().describe(
      "The unit's context profile; lessons logged by the unit default to it.",
    ),
  })
  .meta({ id: "NewUnit" });
export const UnitPatch = UnitInput.omit({ organisationId: true }).partial().meta({ id: "UnitPatch" });
export const Unit = z
  .object({
    id: Id,
    organisationId: Id,
    parentId: Id.nullable(),
    name: z.string(),
    description: z.string().nullable(),
    context: ContextTags,
    ...Timestamps,
  })
  .meta({ id: "Unit" });

// ── vocabularies ─────────────────────────────────────────────────────────────
const TermStatus = z.enum(["active", "proposed", "retired"]);
export const TermInput = z
  .strictObject({
    slug: Slug,
    labels: LocalizedText,
    synonyms: LocalizedList.optional(),
    parent: Slug.nullable()
      .optional()
      .describe("A broader term of the same facet; filtering by it includes this one."),
    description: optionalText(1000),
    status: TermStatus.optional().describe(
      "Default active. Retired terms are kept on old records but refused on new ones.",
    ),
  })
  .meta({ id: "NewTerm" });
export const TermPatch = TermInput.omit({ slug: true })
  .extend({ labels: LocalizedText.partial() })
  .partial()
  .meta({ id: "TermPatch", description: "Labels merge per language; synonyms replace." });
export const Term = z
  .object({
    facet: z.string(),
    slug: z.string(),
    labels: LocalizedText,
    synonyms: LocalizedList,
    description: z.string().nullable(),
    parent: z.string().nullable(),
    status: TermStatus,
    ...Timestamps,
  })
  .meta({ id: "Term" });
export const FacetInput = z
  .strictObject({
    slug: z
      .string()
      .regex(/^[a-z][A-Za-z0-9]{1,40}$/, "a dimension is camelCase letters and digits, e.g. `housingType`"),
    labels: LocalizedText,
    description: optionalText(1000),
  })
  .meta({ id: "NewContextDimension", description: "A new context dimension." });
export const Facet = z
  .object({
    slug: z.string(),
    kind: z.enum(FACET_KINDS),
    labels: LocalizedText,
    description: z.string().nullable(),
    terms: z.array(Term),
  })
  .meta({ id: "Facet" });

// ── initiatives ──────────────────────────────────────────────────────────────
const InitiativeStatus = z.enum(INITIATIVE_STATUSES);
export const InitiativeInput = z
  .strictObject({
    title: text(200),
    description: text(8000),
    stage: Stage,
    status: InitiativeStatus.describe("active, completed, discarded or institutionalised."),
    leadUnitId: Id,
    unitIds: z.array(Id).max(100).optional().describe("Participating units besides the lead."),
    approaches: slugs(20).optional().describe("Approach terms, e.g. `bikva`, `picture_cards`."),
    programId: Id.nullable()
      .optional()
      .describe("The program (an initiative of stage `program`) this belongs to."),
    buildsOn: z.array(Id).max(50).optional().describe("The pilots or projects this grew from."),
    startedOn: IsoDate.nullable().optional(),
    endedOn: IsoDate.nullable().optional(),
  })
  .meta({ id: "NewInitiative" });
export const InitiativePatch = InitiativeInput.partial().meta({ id: "InitiativePatch" });
export const Initiative = z
  .object({
    id: Id,
    organisationId: Id,
    title: z.string(),
    description: z.string(),
    stage: Stage,
    status: InitiativeStatus,
    leadUnitId: Id,
    unitIds: z.array(Id),
    approaches: z.array(z.string()),
    programId: Id.nullable(),
    buildsOn: z.array(Id),
    startedOn: z.string().nullable(),
    endedOn: z.string().nullable(),
    ...Timestamps,
  })
  .meta({ id: "Initiative" });

// ── lessons ───────────────────────────────────────────────────────────────────
export const KeyRef = z
  .object({ keyId: Id, name: z.string().describe("The key's name: who holds it.") })
  .meta({ id: "KeyRef", description: "An API key, named by its id and its holder's name." });
const LessonReview = z
  .object({
    note: z
      .string()
      .nullable()
      .describe("The reviewing manager's note; a returned lesson always has one (what to change)."),
    reviewedAt: z.string(),
    reviewedBy: KeyRef.nullable(),
  })
  .meta({ id: "LessonReview" });
const Direction = z.enum(DIRECTIONS);
const EvidenceKind = z.enum(EVIDENCE_KINDS);
const LessonStatus = z.enum(LESSON_STATUSES);
const Visibility = z
  .enum(VISIBILITIES)
  .describe(
    "Who may read the lesson once published: `unit` (its unit and the units below it, and the managers above it), `organisation`, `network` (every key of the installation) or `public` (anyone, without a key).",
  );
const Outcome = z.strictObject({
  term: Slug.describe("An outcome term."),
  direction: Direction.describe("positive, negative, mixed or none."),
});
const Evidence = z.strictObject({
  kind: EvidenceKind.describe("anecdote, observation, local_evaluation, external_evaluation or research."),
  reference: optionalText(1000).describe("A report, link or citation."),
});
const uniqueSlugs = (max: number) =>
  slugs(max).refine((list) => new Set(list).size === list.length, { message: "each term only once" });
const copingStrategyMeta = {
  id: "CopingStrategy",
  description:
    "How a pressure was coped with: trade_off (gave up something else for it), buffer (shielded the work from it), renegotiate (changed the demand with whoever made it), escalate (raised it to someone who could act), not_handled (met, and nothing was done about it).",
};
const CopingStrategy = z.enum(COPING_STRATEGIES).meta(copingStrategyMeta);
const isCopingStrategy = (value: string): value is Strategy =>
  (COPING_STRATEGIES as readonly string[]).includes(value);
// A refinement rather than z.enum inside the pressure union: a failing enum would abort that branch, and
// the union would then report only "/pressures/<i>: invalid input" instead of naming the strategy.
const CopingStrategyInput = z
  .string()
  .refine(isCopingStrategy, { message: `one of ${COPING_STRATEGIES.join(", ")}` })
  .meta({ description: copingStrategyMeta.description, enum: [...COPING_STRATEGIES] });
const PressureInput = z
  .union([
    Slug.describe("A pressure term met, with nothing recorded about how it was coped with."),
    z.strictObject({
      term: Slug.describe("A pressure term, e.g. `budget`."),
      coping: optionalText(4000).describe("What was done about this pressure (not about the others)."),
      strategy: CopingStrategyInput.nullable().optional(),
      carriedOver: z
        .boolean()
        .optional()
        .describe("Read-only, ignored on input: a lesson read back can be sent as it is."),
    }),
  ])
  .meta({
    id: "PressureInput",
    description: "A pressure met: a plain slug, or the term with its own coping text and strategy.",
  });
export const LessonPressure = z
  .object({
    term: z.string(),
    coping: z.string().nullable().describe("What was done about this pressure; null: nothing recorded."),
    strategy: CopingStrategy.nullable(),
    carriedOver: z
      .literal(true)
      .optional()
      .describe(
        "Present when the text was written once for all of the lesson's pressures (the former lesson-level `coping`) and placed on its first pressure: it may be about the others too.",
      ),
  })
  .meta({ id: "LessonPressure" });

const lessonFields = {
  unitId: Id.describe("The unit logging the lesson."),
  initiativeId: Id.nullable().optional().describe("Omit for an ad hoc lesson."),
  externalAuthorRef: optionalText(200).describe(
    "Integration keys only: the author's reference in the sending system. The author of a lesson is the key that logs it (`author` in the reply); the free-text `authorId` of earlier versions is refused as an unknown field.",
  ),
  title: text(200, 3),
  summary: text(1000, 10).describe("The condensed lesson: one or two sentences."),
  language: LessonLanguage.optional().describe(
    "Detected from the text when omitted (the reply then carries a warning).",
  ),
  context: z
    .strictObject({
      narrative: optionalText(8000),
      tags: ContextTags.optional().describe("Omitted: the logging unit's context profile."),
    })
    .optional(),
  mechanisms: uniqueSlugs(10).min(1).describe("The mechanism terms that fired or failed, e.g. `trust`."),
  why: text(8000, 20).describe(
    "Why it worked (or did not): the mechanism at work. Required; not a list of steps.",
  ),
  outcomes: z
    .array(Outcome)
    .min(1)
    .max(10)
    .refine((list) => new Set(list.map((o) => o.term)).size === list.length, {
      message: "each outcome term only once",
    }),
  outcomeNarrative: optionalText(8000),
  evidence: Evidence.optional().describe("Default: anecdote."),
  pressures: z
    .array(PressureInput)
    .max(10)
    .optional()
    .describe(
      'The conflicting pressures met, each once, e.g. `["time", { "term": "budget", "coping": "…", "strategy": "trade_off" }]`.',
    ),
  coping: optionalText(8000).meta({
    deprecated: true,
    description:
      "Deprecated: write `coping` on each pressure. One text for all pressures: it lands on the first pressure (marked `carriedOver`) unless that one has coping of its own; otherwise, or without pressures, it is kept as the lesson's `coping`, tied to no pressure.",
  }),
  approaches: uniqueSlugs(10).optional(),
  pitfalls: uniqueSlugs(10)
    .optional()
    .describe(
      "Failure patterns present in the lesson (pitfall terms, e.g. `symbolic_involvement`, `responsibility_dumping`, `creaming`), so counter-examples can be found by what went wrong. Default none.",
    ),
  stage: Stage.optional().describe("Defaults to the initiative's stage, or ad_hoc_individual without one."),
  visibility: Visibility.optional().describe("Default organisation."),
};

export const LessonInput = z
  .strictObject({
    ...lessonFields,
    status: z
      .enum(["draft", "submitted", "published"])
      .optional()
      .describe("Default submitted (awaiting curation)."),
  })
  .meta({ id: "NewLesson" });

const { unitId: _unitId, ...patchable } = lessonFields;
export const LessonPatch = z
  .strictObject({ ...patchable, status: LessonStatus.optional().describe("A lifecycle transition.") })
  .partial()
  .meta({
    id: "LessonPatch",
    description: "Fields given replace the stored ones; `null` clears an optional field.",
  });

export const Lesson = z
  .object({
    id: Id,
    organisationId: Id,
    unitId: Id,
    initiativeId: Id.nullable(),
    author: KeyRef.nullable().describe("The key that logged the lesson; null for lessons from before keys."),
    externalAuthorRef: z
      .string()
      .nullable()
      .describe("The author's reference in the integration that sent the lesson."),
    title: z.string(),
    summary: z.string(),
    language: LessonLanguage,
    context: z.object({ narrative: z.string().nullable(), tags: ContextTags }),
    mechanisms: z.array(z.string()),
    why: z.string(),
    outcomes: z.array(z.object({ term: z.string(), direction: Direction })),
    outcomeNarrative: z.string().nullable(),
    evidence: z.object({ kind: EvidenceKind, reference: z.string().nullable() }),
    pressures: z.array(LessonPressure).describe("The pressures met, each with its own coping."),
    coping: z
      .string()
      .nullable()
      .describe(
        "Coping recorded for the lesson as a whole and tied to none of its pressures (a lesson without pressures); usually null.",
      ),
    approaches: z.array(z.string()),
    pitfalls: z.array(z.string()).describe("Pitfall terms: the failure patterns present."),
    stage: Stage,
    status: LessonStatus,
    visibility: Visibility,
    adaptations: z.object({
      worked: z.number().int(),
      partly: z.number().int(),
      didNotWork: z.number().int(),
    }),
    publishedAt: z.string().nullable(),
    review: LessonReview.nullable().describe("The last review by a manager; null: not reviewed yet."),
    ...Timestamps,
  })
  .meta({ id: "Lesson" });

export const ReviewInput = z
  .strictObject({
    decision: z
      .enum(REVIEW_DECISIONS)
      .describe("publish: the lesson becomes published; return: it goes back to its unit as a draft."),
    note: optionalText(4000).describe(
      "For the lesson's unit: what to change (required to return a lesson), or a word with the publication.",
    ),
  })
  .meta({ id: "LessonReviewDecision" });

export const LessonWithWarnings = Lesson.extend({ warnings: z.array(Warning) }).meta({
  id: "LessonWithWarnings",
});

// ── adaptations ───────────────────────────────────────────────────────────────
const AdaptationResult = z.enum(ADAPTATION_RESULTS);
export const AdaptationInput = z
  .strictObject({
    unitId: Id.describe("The unit that translated the lesson (not the one that logged it)."),
    result: AdaptationResult.describe("worked, partly or did_not_work."),
    translated: optionalText(8000).describe("What was translated and what was changed for the new context."),
    notes: optionalText(8000).describe(
      "What the unit found. Required when `result` is `partly` or `did_not_work`: why it did not translate.",
    ),
    mechanisms: uniqueSlugs(10)
      .optional()
      .describe(
        "Which of the lesson's mechanisms fired in this unit's context (each one of the lesson's own). Omitted: not said.",
      ),
  })
  .meta({ id: "NewAdaptation" });
export const AdaptationPatch = AdaptationInput.omit({ unitId: true })
  .partial()
  .meta({ id: "AdaptationPatch" });
export const Adaptation = z
  .object({
    id: Id,
    lessonId: Id,
    unitId: Id,
    result: z
      .enum(STORED_ADAPTATION_RESULTS)
      .describe(
        "worked, partly or did_not_work; `planned` while a unit has decided to try the lesson (at a routine's meeting) and not yet reported what it found.",
      ),
    translated: z.string().nullable(),
    notes: z.string().nullable(),
    mechanisms: z
      .array(z.string())
      .describe("The lesson's mechanisms that fired here, as the unit reported."),
    author: KeyRef.nullable().describe("The key that reported it; null for reports from before keys."),
    ...Timestamps,
  })
  .meta({ id: "Adaptation" });
