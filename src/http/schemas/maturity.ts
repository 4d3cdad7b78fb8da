// Reply shape of GET /v1/units/{id}/maturity and GET /v1/organisations/{id}/maturity.
import { z } from "zod";
import { INITIATIVE_STATUSES, STAGES } from "../../domain/initiatives.js";
import { NEXT_STEP_KINDS } from "../../domain/maturity-guidance.js";
import { Id, LanguageCode } from "./common.js";

const Language = LanguageCode;
const StageName = z.enum(STAGES).describe("A rung of the maturity ladder.");
const StatusName = z.enum(INITIATIVE_STATUSES);
const count = (description: string) => z.number().int().min(0).describe(description);
const perStage = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(STAGES.map((stage) => [stage, value])) as Record<(typeof STAGES)[number], T>);

export const MaturityQuery = z.object({
  lang: Language.optional().describe(
    "Language of the guidance texts and labels (en, da, nb); else Accept-Language, else English.",
  ),
});

const StatusCounts = z
  .object({
    total: count("Initiatives on this rung."),
    active: count("Running now."),
    completed: count("Ended."),
    discarded: count("Stopped by decision."),
    institutionalised: count("Made part of everyday practice."),
  })
  .meta({ id: "MaturityStatusCounts", description: "Initiatives on one rung, by status." });

const InitiativeSummary = z
  .object({
    id: Id,
    title: z.string(),
    stage: StageName,
    status: StatusName,
    leadUnitId: Id,
    programId: Id.nullable().describe("The program this initiative is part of."),
  })
  .meta({ id: "MaturityInitiative" });

const LineageNode = InitiativeSummary.extend({
  inScope: z
    .boolean()
    .describe(
      "False for an initiative outside the unit or organisation that one inside it grew from, grew into or belongs to.",
    ),
}).meta({ id: "LineageNode" });

const LineageEdge = z
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

const NextStep = z
  .object({
    kind: z
      .enum(NEXT_STEP_KINDS)
      .describe(
        "`completed_pilot_without_decision`: a completed pilot nothing builds on; `mechanism_without_program`: a mechanism that worked in several units but no program's lessons use; `unit_never_adapts`: a unit that logs lessons but never reports adapting another unit's.",
      ),
    text: z.string().describe("What to do next, in the reply's language."),
    initiativeIds: z.array(Id).describe("The initiatives the step refers to."),
    unitIds: z.array(Id).describe("The units the step refers to."),
    lessonIds: z
      .array(Id)
      .describe("The lessons the step refers to (the positive lessons, for a mechanism)."),
    mechanism: z
      .object({ slug: z.string(), label: z.string() })
      .nullable()
      .describe("The mechanism, for `mechanism_without_program`."),
  })
  .meta({ id: "MaturityNextStep" });

export const MaturityReport = z
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
          .array(InitiativeSummary)
          .describe("The initiatives, in ladder order, oldest first per rung."),
      })
      .describe("Initiatives per rung and status."),
    lineage: z
      .object({
        nodes: z.array(LineageNode),
        edges: z.array(LineageEdge),
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
    rung: z
      .object({
        current: StageName.describe(
          "The highest rung with an active or institutionalised initiative; without one, ad hoc (collective when there is collective ad hoc activity).",
        ),
        basis: z
          .enum(["initiatives", "ad_hoc_activity", "none"])
          .describe(
            "What `current` rests on: running or embedded initiatives, ad hoc activity only, or nothing yet.",
          ),
        occupied: z
          .array(StageName)
          .describe(
            "Every rung with an active or institutionalised initiative: an organisation stands on several.",
          ),
      })
      .describe("Where on the ladder the unit or organisation stands."),
    guidance: z
      .object({
        language: Language,
        ladder: z.string().describe("How to read the ladder."),
        rungs: z
          .array(z.object({ stage: StageName, label: z.string(), description: z.string() }))
          .describe("The paper's description of each occupied rung (or of the current one)."),
        nextSteps: z
          .array(NextStep)
          .describe("Concrete next steps found in the data, each with the ids it refers to."),
      })
      .describe("What the rungs mean and what to do next, in the language asked for."),
  })
  .meta({
    id: "MaturityReport",
    description:
      "A maturity diagnosis after the co-production maturity ladder (Mortensen, McMullin & Brix): ad hoc → pilot → project → program → culture.",
  });
