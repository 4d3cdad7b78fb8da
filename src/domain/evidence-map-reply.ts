// What an evidence map reply holds. The zod schemas are the single source: the HTTP layer validates
// and documents with them, and the domain's types are inferred from them.
import { z } from "zod";
import { EVIDENCE_KINDS, LANGUAGES } from "../words.js";

const Count = z.number().int().min(0);

const Labelled = z.object({ slug: z.string(), label: z.string() });

const AxisTerm = z
  .object({
    slug: z.string(),
    label: z.string(),
    parent: z
      .string()
      .optional()
      .describe("The broader term on the same axis, when there is one (its row or column comes first)."),
    rollup: z
      .literal(true)
      .optional()
      .describe(
        "Present on a broader term (one with narrower terms) when the map rolls up: its row or column counts its own lessons and those of every term below it, each lesson once.",
      ),
  })
  .meta({ id: "EvidenceMapTerm" });

export const EvidenceCellSchema = z
  .object({
    row: z.string().describe("The row term's slug."),
    col: z.string().describe("The column term's slug."),
    count: Count.describe(
      "Matching lessons tagged with both terms, each once. A rolled-up term (`rollup: true`) includes the lessons tagged with the terms below it (a home-care lesson counts under `home_care` and under `elder_care`); with `rollup=false`, exact terms only.",
    ),
    positive: Count.describe(
      "Of those, lessons that came out positive. When outcomes are an axis, the direction recorded for that outcome in the lesson (for a rolled-up outcome, the overall direction of the lesson's outcomes under it); otherwise the lesson's overall direction (every outcome positive).",
    ),
    negative: Count.describe("…negative (only negative or no-effect outcomes, at least one negative)."),
    mixed: Count.describe("…mixed (positive and negative outcomes)."),
    none: Count.describe("…none (no effect). The four add up to `count`."),
    strongestEvidence: z
      .enum(EVIDENCE_KINDS)
      .describe(
        "The strongest evidence among the lessons: anecdote < observation < local_evaluation < external_evaluation < research.",
      ),
    lessonIds: z.array(z.string()).describe("The lessons, each once, in index order (oldest first)."),
  })
  .meta({ id: "EvidenceCell" });

export const GAP_REASONS = ["empty", "anecdote_only"] as const;

export const EvidenceGapSchema = z
  .object({
    row: z.string(),
    col: z.string(),
    reason: z
      .enum(GAP_REASONS)
      .describe(
        "`empty`: no matching lesson carries both terms (rolled-up terms included); `anecdote_only`: every such lesson is an anecdote.",
      ),
  })
  .meta({ id: "EvidenceGap" });

/** How a cell's `positive`/`negative` were counted: per outcome when outcomes are an axis. */
export const CELL_DIRECTIONS = ["per_outcome", "overall"] as const;

export const EvidenceMapSchema = z
  .object({
    rowFacet: Labelled.describe("The facet of the rows."),
    colFacet: Labelled.describe("The facet of the columns."),
    labelLanguage: z.enum(LANGUAGES),
    total: Count.describe(
      "Published lessons the request matches (POST /v1/filter's `total` for the same request), whether or not they carry terms of both facets.",
    ),
    rollup: z
      .boolean()
      .describe(
        "Whether broader terms count the lessons of the terms below them (`rollup=false` turns it off).",
      ),
    cellDirection: z
      .enum(CELL_DIRECTIONS)
      .describe(
        "`per_outcome` when `outcome` is the row or column facet: a cell's positive and negative are the direction of that outcome in each lesson; `overall` otherwise: the lesson's overall direction.",
      ),
    rows: z
      .array(AxisTerm)
      .describe(
        "Every active term of the row facet, in vocabulary order with each narrower term after its broader one.",
      ),
    cols: z.array(AxisTerm).describe("Every active term of the column facet, in the same order."),
    cells: z
      .array(EvidenceCellSchema)
      .describe(
        "One per row × column pair that has lessons, row by row; pairs without lessons are in `gaps` as `empty`.",
      ),
    gaps: z.array(EvidenceGapSchema).describe("Where evidence is missing or thin, row by row."),
  })
  .meta({
    id: "EvidenceMap",
    description:
      "Two facets crossed over the lessons a filter request matches: per pair of terms, how many lessons, how they came out and how strong their evidence is.",
  });

export type EvidenceMap = z.infer<typeof EvidenceMapSchema>;
export type EvidenceMapTerm = z.infer<typeof AxisTerm>;
export type EvidenceCell = z.infer<typeof EvidenceCellSchema>;
export type EvidenceGap = z.infer<typeof EvidenceGapSchema>;
export type GapReason = (typeof GAP_REASONS)[number];
export type CellDirection = (typeof CELL_DIRECTIONS)[number];
