// Request and reply shapes of /v1/routines: routines, their agenda, meetings and feeds. The saved filter is
// POST /v1/filter's request without the requester (the owner unit is) and without paging; the reply
// schemas are the domain's (one source for validation, types and the OpenAPI document).
import { z } from "zod";
import {
  AGENDA_DEFAULT_ITEMS,
  AGENDA_MAX_ITEMS,
  AgendaSchema,
  MeetingSchema,
  RoutineSchema,
} from "../../domain/routines/index.js";
import { CADENCES, MEETING_DECISIONS } from "../../words.js";
import { Id, LanguageCode, name, optionalText } from "./common.js";
import { FilterRequest, LabelLanguage } from "./filter.js";

export const RoutineFilter = FilterRequest.omit({ unitId: true, context: true, cursor: true, limit: true })
  .describe(
    "POST /v1/filter's request without `unitId`, `context`, `cursor` and `limit`: the owner unit is the requester, and the agenda adds `publishedFrom` (since the last meeting).",
  )
  .meta({ id: "RoutineFilter" });

export const RoutineInput = z
  .strictObject({
    name: name(200).describe('e.g. "Hjemmeplejen Nord\'s Monday meeting".'),
    ownerUnitId: Id.describe(
      "The unit whose forum it is: its managers run it, and the agenda is ranked for its context.",
    ),
    audienceUnitIds: z
      .array(Id)
      .max(50)
      .optional()
      .describe("Other units of the same organisation the forum brings together (their staff may read it)."),
    filter: RoutineFilter,
    cadence: z
      .enum(CADENCES)
      .describe("How often the forum meets: the next agenda falls due one cadence on."),
    forum: name(200).nullable().optional().describe('Where it meets, e.g. "Mandagsmøde".'),
    language: LanguageCode.nullable()
      .optional()
      .describe("Language of the agenda's labels and pages; else the reader's Accept-Language."),
  })
  .meta({ id: "NewRoutine" });

export const RoutinePatch = RoutineInput.omit({ ownerUnitId: true })
  .partial()
  .describe("Fields to change; the owner unit stays (who may read the routine's history follows from it).")
  .meta({ id: "RoutinePatch" });

export const Routine = RoutineSchema;

export const ROUTINE_FORMATS = ["json", "markdown", "html"] as const;
export type RoutineFormat = (typeof ROUTINE_FORMATS)[number];

export const AgendaQuery = LabelLanguage.extend({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(AGENDA_MAX_ITEMS)
    .default(AGENDA_DEFAULT_ITEMS)
    .describe(`Lessons on the agenda (1–${AGENDA_MAX_ITEMS}).`),
  format: z
    .enum(ROUTINE_FORMATS)
    .optional()
    .describe(
      "`json`, `markdown` (text/markdown) or `html` (a printable page); overrides the Accept header.",
    ),
});

export const Agenda = AgendaSchema;

const EscalationTarget = z.union([
  z.strictObject({ unitId: Id.describe("A unit above the owner unit.") }),
  z.strictObject({ organisationId: Id.describe("The owner unit's organisation.") }),
]);

export const MeetingInput = z
  .strictObject({
    heldOn: z.iso.date().describe("The day it was held (YYYY-MM-DD), not after today."),
    decisions: z
      .array(
        z.strictObject({
          lessonId: Id.describe(
            "A lesson from the agenda (each lesson once; never one decided at an earlier meeting).",
          ),
          decision: z
            .enum(MEETING_DECISIONS)
            .describe(
              "`try`/`adapt`: the owner unit plans an adaptation (result `planned`, completed later by PATCH with what it found); `pass`: not for us; `escalate`: raise it (`note` is the ask).",
            ),
          note: optionalText(2000).describe("What the meeting said; for `escalate`, the ask (required)."),
          escalateTo: EscalationTarget.optional().describe(
            "`escalate` only: where to raise it; by default the owner unit's organisation.",
          ),
          dueBy: z.iso.date().optional().describe("`escalate` only: when an answer is wanted."),
        }),
      )
      .max(50),
  })
  .meta({ id: "NewMeeting" });

export const Meeting = MeetingSchema;

export { LabelLanguage };
