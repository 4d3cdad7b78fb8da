// What a routine, its agenda and its meetings look like to a reader. The reply's zod schemas are the
// single source: the HTTP layer validates and documents with them, and the types here are inferred.
import { z } from "zod";
import {
  ADAPTATION_RESULTS,
  CADENCES,
  type Cadence,
  DIRECTIONS,
  LANGUAGES,
  type Language,
  MEETING_DECISIONS,
  type MeetingDecision,
} from "../../words.js";
import type { FilterRequest } from "../filter/index.js";

/** The saved filter: POST /v1/filter's request without the requester (the owner unit is) and paging. */
export type RoutineFilter = Omit<FilterRequest, "unitId" | "context" | "cursor" | "limit">;

/** Default and largest number of lessons on an agenda (a meeting discusses a handful). */
export const AGENDA_DEFAULT_ITEMS = 5;
export const AGENDA_MAX_ITEMS = 20;
/** Entries in a routine's feed: the newest of its candidates (feed readers keep older entries). */
export const FEED_MAX_ENTRIES = 50;

export type RoutineInput = {
  name: string;
  ownerUnitId: string;
  audienceUnitIds?: string[] | undefined;
  filter: RoutineFilter;
  cadence: Cadence;
  forum?: string | null | undefined;
  language?: Language | null | undefined;
};
/** The owner unit is fixed: who may read a routine's history follows from it. */
export type RoutinePatch = Partial<Omit<RoutineInput, "ownerUnitId">>;

const KeyRef = z.object({ keyId: z.string(), name: z.string() });

export const RoutineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    ownerUnitId: z.string().describe("The unit whose forum this is: the agenda is ranked for its context."),
    organisationId: z.string().describe("The owner unit's organisation."),
    audienceUnitIds: z
      .array(z.string())
      .describe("Other units of the organisation the forum brings together; their staff may read it."),
    filter: z
      .record(z.string(), z.unknown())
      .describe(
        "The saved filter (POST /v1/filter's request without `unitId`, `context`, `cursor` and `limit`).",
      ),
    cadence: z.enum(CADENCES),
    forum: z.string().nullable().describe('Where the routine meets, e.g. "Mandagsmøde".'),
    language: z
      .enum(LANGUAGES)
      .nullable()
      .describe("Language of its agenda; else the reader's Accept-Language."),
    nextAgendaAt: z.string().describe("When the next agenda falls due (the cadence after creation)."),
    author: KeyRef.nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Routine" });
export type Routine = z.infer<typeof RoutineSchema>;

const Labelled = z.object({ slug: z.string(), label: z.string() });

export const AgendaAdaptationSchema = z.object({
  unitId: z.string(),
  unitName: z.string().nullable(),
  result: z.enum(ADAPTATION_RESULTS),
  notes: z.string().nullable(),
  mechanisms: z.array(z.string()).describe("The lesson's mechanisms that fired there, as the unit reported."),
  createdAt: z.string(),
});

export const AgendaEscalationSchema = z.object({
  id: z.string(),
  lessonId: z.string(),
  title: z.string().describe("The escalated lesson's title."),
  fromUnitId: z.string(),
  fromUnitName: z.string().nullable(),
  to: z.object({ unitId: z.string().optional(), organisationId: z.string().optional() }),
  toName: z.string().nullable().describe("The addressed unit's or organisation's name."),
  ask: z.string(),
  status: z.string(),
  dueBy: z.string().nullable(),
  createdAt: z.string(),
});
export type AgendaEscalation = z.infer<typeof AgendaEscalationSchema>;

export const AgendaItemSchema = z.object({
  lessonId: z.string(),
  title: z.string(),
  summary: z.string(),
  why: z.string(),
  direction: z.enum(DIRECTIONS).describe("The lesson's overall outcome direction."),
  language: z.enum(LANGUAGES),
  publishedAt: z.string(),
  score: z
    .number()
    .describe("Its relevance for the owner unit (POST /v1/filter's score); items are ordered by it."),
  unit: z
    .object({ id: z.string(), name: z.string().nullable() })
    .describe("The unit that logged the lesson."),
  mechanisms: z.array(Labelled),
  pitfalls: z.array(Labelled),
  adaptations: z
    .object({
      worked: z.number().int(),
      partly: z.number().int(),
      didNotWork: z.number().int(),
      reports: z
        .array(AgendaAdaptationSchema)
        .describe("What the units that adapted it found, newest first."),
    })
    .describe("Planned adaptations are not counted: they found nothing yet."),
});
export type AgendaItem = z.infer<typeof AgendaItemSchema>;

export const AgendaSchema = z
  .object({
    routine: z.object({
      id: z.string(),
      name: z.string(),
      forum: z.string().nullable(),
      ownerUnitId: z.string(),
      ownerUnitName: z.string().nullable(),
      cadence: z.enum(CADENCES),
    }),
    since: z.string().describe("The agenda holds lessons published from this time on (ISO)."),
    lastMeeting: z
      .object({ id: z.string(), heldOn: z.string() })
      .nullable()
      .describe("The meeting the agenda starts after; null before the first."),
    total: z.number().int().describe("New relevant lessons in all; `items` are the best `limit` of them."),
    items: z.array(AgendaItemSchema),
    escalations: z
      .array(AgendaEscalationSchema)
      .describe("Open escalations raised by or addressed to the owner or audience units."),
    language: z.enum(LANGUAGES).describe("Language of labels and of the rendered page."),
    generatedAt: z.string(),
  })
  .meta({ id: "Agenda" });
export type Agenda = z.infer<typeof AgendaSchema>;

export const DecisionSchema = z.object({
  lessonId: z.string(),
  decision: z.enum(MEETING_DECISIONS),
  note: z.string().nullable(),
  adaptationId: z
    .string()
    .nullable()
    .describe(
      "`try`/`adapt`: the owner unit's adaptation of the lesson (planned until it reports a result).",
    ),
  escalationId: z.string().nullable().describe("`escalate`: the escalation raised."),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const MeetingSchema = z
  .object({
    id: z.string(),
    routineId: z.string(),
    heldOn: z.string().describe("YYYY-MM-DD"),
    decisions: z.array(DecisionSchema),
    author: KeyRef.nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Meeting" });
export type Meeting = z.infer<typeof MeetingSchema>;

export type MeetingInput = {
  heldOn: string;
  decisions: {
    lessonId: string;
    decision: MeetingDecision;
    note?: string | null | undefined;
    escalateTo?: { unitId: string } | { organisationId: string } | undefined;
    dueBy?: string | undefined;
  }[];
};
