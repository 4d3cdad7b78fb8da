// The maturity reply's zod schemas: the single source for validation, the OpenAPI document and the
// types (inferred here). The HTTP layer serves them as they are.
import { z } from "zod";
import { INITIATIVE_STATUSES, LANGUAGES, STAGES } from "../../words.js";
import { NEXT_STEP_KINDS } from "../maturity-guidance.js";
import {
  CONTRADICTION_CODES,
  ESCALATION_ANSWER_DAYS,
  EVIDENCE_WINDOW_MONTHS,
  INDICATOR_CODES,
} from "./rung-evidence.js";

const Id = z.string().describe("An opaque identifier.");
const StageName = z.enum(STAGES).describe("A rung of the maturity ladder.");
const StatusName = z.enum(INITIATIVE_STATUSES);
const count = (description: string) => z.number().int().min(0).describe(description);
const perStage = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(STAGES.map((stage) => [stage, value])) as Record<(typeof STAGES)[number], T>);

const StatusCounts = z
  .object({
    total: count("Initiatives on this rung."),
    active: count("Running now."),
    completed: count("Ended."),
    discarded: count("Stopped by decision."),
    institutionalised: count("Made part of everyday practice."),
  })
  .meta({ id: "MaturityStatusCounts", description: "Initiatives on one rung, by status." });

export const InitiativeSummarySchema = z
  .object({
    id: Id,
    title: z.string(),
    stage: StageName,
    status: StatusName,
    leadUnitId: Id,
    programId: Id.nullable().describe("The program this initiative is part of."),
  })
  .meta({ id: "MaturityInitiative" });

export const LineageNodeSchema = InitiativeSummarySchema.extend({
  inScope: z
    .boolean()
    .describe(
      "False for an initiative outside the unit or organisation that one inside it grew from, grew into or belongs to.",
    ),
}).meta({ id: "LineageNode" });

export const LineageEdgeSchema = z
  .object({
    from: Id,
    to: Id,
    kind: z
      .enum(["grew_into", "part_of"])
      .describe(
        "`grew_into`: `to` builds on `from` (a pilot grew into a project, say); `part_of`: `from` is inside program `to`.",
      ),
  })
  .meta({ id: "LineageEdge" });

export const NextStepSchema = z
  .object({
    kind: z
      .enum(NEXT_STEP_KINDS)
      .describe(
        "`revisit_claim`: a contradiction between a label and the lessons to talk through; `strengthen_evidence`: an indicator the rung above the evidenced one asks for and the records do not show; `next_rung`: the records show what the next rung asks for, but no running initiative takes it; `completed_pilot_without_decision`: a completed pilot nothing builds on; `mechanism_without_program`: a mechanism that worked in several units but no program's lessons use; `unit_never_adapts`: a unit that logs lessons but never reports adapting another unit's. While the evidenced rung is below culture there is always at least one step.",
      ),
    text: z.string().describe("What to do next, in the reply's language."),
    initiativeIds: z.array(Id).describe("The initiatives the step refers to."),
    unitIds: z.array(Id).describe("The units the step refers to."),
    lessonIds: z
      .array(Id)
      .describe("The lessons the step refers to (the positive lessons, for a mechanism)."),
    routineIds: z
      .array(Id)
      .describe("The knowledge-sharing routines the step refers to (those that stopped)."),
    escalationIds: z.array(Id).describe("The escalations the step refers to (those waiting for an answer)."),
    mechanism: z
      .object({ slug: z.string(), label: z.string() })
      .nullable()
      .describe("The mechanism, for `mechanism_without_program`."),
    indicator: z
      .enum(INDICATOR_CODES)
      .nullable()
      .describe("The indicator the step would meet, for `strengthen_evidence`."),
    contradiction: z
      .enum(CONTRADICTION_CODES)
      .nullable()
      .describe("The contradiction the step answers, for `revisit_claim`."),
  })
  .meta({ id: "MaturityNextStep" });

export const IndicatorSchema = z
  .object({
    code: z
      .enum(INDICATOR_CODES)
      .describe(
        `What is measured: \`collective_lessons\` (published lessons from collective ad hoc work or an initiative), \`initiative_lessons\` (from a pilot or later), \`project_lessons\` (from a project or later), \`pilots_grown\` (pilots or ad hoc initiatives that grew into a project or program in scope), \`program_projects\` (most initiatives inside one program in scope), \`adapted_by_other_units\` (lessons of the scope tried by another unit), \`recent_unit_share\` and \`recent_service_area_share\` (share of units and of top-level service areas with a lesson in the window), \`recent_influence_pitfalls\` (lessons in the window reporting symbolic involvement, a diluted voice, professional dominance or consultation fatigue), \`embedded_counter_examples\` (lessons in the window of initiatives labelled culture or institutionalised that were not wholly positive or report a pitfall), \`routines_running\` (knowledge-sharing routines of the scope's units that met within two of their cadences), \`escalations_answered\` (escalations raised by or to the scope's units, about lessons the key may see, unanswered for more than ${ESCALATION_ANSWER_DAYS} days: at most 0 for culture).`,
      ),
    rung: StageName.describe("The rung that asks for this evidence."),
    met: z
      .boolean()
      .nullable()
      .describe(
        "Whether the records show it; null when the service cannot record it yet (it blocks nothing).",
      ),
    observed: z
      .number()
      .min(0)
      .nullable()
      .describe("The value found: a count, or a share from 0 to 1 for the `*_share` indicators."),
    atLeast: z.number().min(0).nullable().describe("The rung needs at least this much."),
    atMost: z.number().min(0).nullable().describe("The rung allows at most this much."),
    detail: z.string().describe("What was measured and found, in the reply's language."),
    lessonIds: z
      .array(Id)
      .describe("The lessons that keep it from being met, for the indicators that count what went wrong."),
    routineIds: z
      .array(Id)
      .describe("For `routines_running`: the routines that have not met for two cadences."),
    escalationIds: z
      .array(Id)
      .describe(
        `For \`escalations_answered\`: the escalations unanswered for more than ${ESCALATION_ANSWER_DAYS} days.`,
      ),
  })
  .meta({ id: "MaturityIndicator" });

export const ContradictionSchema = z
  .object({
    code: z
      .enum(CONTRADICTION_CODES)
      .describe(
        `\`embedded_label_with_counter_examples\`: an initiative labelled institutionalised (or a running culture initiative) whose own recent lessons were not wholly positive or report a pitfall; \`program_claim_without_adaptation\`: the claimed rung is program or culture, but no lesson of the scope was tried by another unit; \`culture_claim_with_influence_pitfall\`: culture is claimed while recent lessons report a pitfall that denies citizens a real say (one entry per pitfall); \`program_claim_with_stalled_routines\`: program or culture is claimed while knowledge-sharing routines of the scope have not met for two of their cadences; \`program_claim_with_unanswered_escalations\`: program or culture is claimed while escalations have waited more than ${ESCALATION_ANSWER_DAYS} days for an answer.`,
      ),
    detail: z.string().describe("The contradiction in words, naming the lessons, in the reply's language."),
    lessonIds: z.array(Id).describe("The lessons that show it."),
    initiativeIds: z.array(Id).describe("The initiatives whose labels make the claim."),
    routineIds: z.array(Id).describe("The routines that show it (routines that stopped meeting)."),
    escalationIds: z
      .array(Id)
      .describe(`The escalations that show it (unanswered for more than ${ESCALATION_ANSWER_DAYS} days).`),
    pitfall: z
      .object({ slug: z.string(), label: z.string() })
      .nullable()
      .describe("The pitfall, for `culture_claim_with_influence_pitfall`."),
  })
  .meta({ id: "MaturityContradiction" });

export const RungSchema = z
  .object({
    claimed: StageName.describe(
      "The rung the labels claim: the highest stage with an active or institutionalised initiative; without one, ad hoc (collective when there is collective ad hoc activity).",
    ),
    evidenced: StageName.describe(
      "The rung the records bear out: the highest whose evidence (see `indicators`), and that of every rung below it, is on record, and never above `claimed`. `ad_hoc_individual` needs nothing.",
    ),
    since: z
      .string()
      .describe(`Start of the window of recent lessons: ${EVIDENCE_WINDOW_MONTHS} months before \`asOf\`.`),
    indicators: z
      .array(IndicatorSchema)
      .describe("Every piece of evidence the rungs above the lowest ask for, in ladder order."),
    contradictions: z
      .array(ContradictionSchema)
      .describe("Where the labels and the lessons disagree, each with the lessons that show it."),
    current: z.enum(STAGES).meta({
      description:
        "Deprecated: the same as `claimed`, kept for integrations that read it. Use `claimed` and `evidenced`.",
      deprecated: true,
    }),
    basis: z
      .enum(["initiatives", "ad_hoc_activity", "none"])
      .describe(
        "What `claimed` rests on: running or embedded initiatives, ad hoc activity only, or nothing yet.",
      ),
    occupied: z
      .array(StageName)
      .describe(
        "Every rung with an active or institutionalised initiative: an organisation stands on several.",
      ),
  })
  .describe(
    "Where on the ladder the unit or organisation stands: what its labels claim and what its records show.",
  );

export const MaturityReportSchema = z
  .object({
    scope: z
      .object({
        kind: z.enum(["unit", "organisation"]),
        id: Id,
        name: z.string(),
        organisationId: Id,
        unitIds: z
          .array(Id)
          .describe("Every unit counted: the unit and the units below it, or the organisation's."),
      })
      .describe("What was diagnosed."),
    asOf: z.string().describe("When the diagnosis was made (ISO timestamp)."),
    initiatives: z
      .object({
        total: count("Initiatives a unit in scope leads or takes part in."),
        byStage: perStage(StatusCounts).describe("Per rung, in ladder order, by status."),
        byStatus: z.object(Object.fromEntries(INITIATIVE_STATUSES.map((s) => [s, count(s)]))),
        items: z
          .array(InitiativeSummarySchema)
          .describe("The initiatives, in ladder order, oldest first per rung."),
      })
      .describe("Initiatives per rung and status."),
    lineage: z
      .object({
        nodes: z.array(LineageNodeSchema),
        edges: z.array(LineageEdgeSchema),
        chains: z
          .array(z.array(Id))
          .describe(
            "Each path through the edges from an initiative nothing grew into to one that grew no further, e.g. pilot → project → program.",
          ),
      })
      .describe("Which pilots grew into projects and programs (buildsOn and programId)."),
    spread: z
      .object({
        since: z.string().describe("Start of the window for recent lessons: 12 months before `asOf`."),
        units: count("Units in scope."),
        unitsWithRecentLessons: count("Units in scope that published a lesson since `since`."),
        recentLessonsShare: z.number().min(0).max(1).describe("unitsWithRecentLessons / units."),
        publishedLessons: count("Published lessons of the units in scope, all time."),
        recentLessons: count("Of those, published since `since`."),
        lessonsByStage: perStage(count("Published lessons on this rung.")).describe(
          "Published lessons per rung (the stage of their initiative, or their own when ad hoc).",
        ),
        adaptations: z
          .object({
            acrossUnits: count(
              "Adaptations of published lessons by another unit than the lesson's, where either unit is in scope.",
            ),
            distinctUnitPairs: count("Distinct (lesson's unit → adapting unit) pairs among them."),
            madeByScopeUnits: count("Of those, reported by a unit in scope."),
            ofScopeLessons: count("Of those, of a lesson logged by a unit in scope."),
          })
          .describe("How lessons travel between units."),
      })
      .describe("How far lessons and adaptations spread."),
    rung: RungSchema,
    guidance: z
      .object({
        language: z.enum(LANGUAGES),
        gap: z
          .string()
          .describe(
            "What the records claim against what they show: the contradictions with the lessons that show them, or what the next rung still lacks.",
          ),
        ladder: z.string().describe("How to read the ladder."),
        rungs: z
          .array(z.object({ stage: StageName, label: z.string(), description: z.string() }))
          .describe("The paper's description of each occupied rung (or of the claimed one)."),
        nextSteps: z
          .array(NextStepSchema)
          .describe(
            "Concrete next steps found in the data, each with the ids it refers to; never empty while the evidenced rung is below culture.",
          ),
      })
      .describe(
        "What the rungs mean, the gap between claim and evidence, and what to do next, in the language asked for.",
      ),
  })
  .meta({
    id: "MaturityReport",
    description:
      "A maturity diagnosis after the co-production maturity ladder (Mortensen, McMullin & Brix): ad hoc → pilot → project → program → culture, keeping the rung the labels claim apart from the rung the records evidence.",
  });

export type MaturityReport = z.infer<typeof MaturityReportSchema>;
export type InitiativeSummary = z.infer<typeof InitiativeSummarySchema>;
export type LineageNode = z.infer<typeof LineageNodeSchema>;
export type LineageEdge = z.infer<typeof LineageEdgeSchema>;
export type NextStep = z.infer<typeof NextStepSchema>;
export type Indicator = z.infer<typeof IndicatorSchema>;
export type Contradiction = z.infer<typeof ContradictionSchema>;
export type RungReport = z.infer<typeof RungSchema>;
