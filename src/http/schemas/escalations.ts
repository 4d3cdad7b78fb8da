// Request and reply shapes of escalations (feed-forward), their responses (feedback) and the inboxes.
import { z } from "zod";
import { INBOX_SECTION_SIZE, ORGANISATION_INBOX_SECTIONS, UNIT_INBOX_SECTIONS } from "../../domain/inbox.js";
import { MAX_PAGE_SIZE } from "../../domain/pagination.js";
import { ESCALATION_DECISIONS, STORED_ADAPTATION_RESULTS } from "../../words.js";
import { Id, text } from "./common.js";
import { KeyRef } from "./resources.js";

const Decision = z
  .enum(ESCALATION_DECISIONS)
  .describe("adopt, adapt, decline, or park (not decided yet: the escalation may be answered again).");

export const EscalationInput = z
  .strictObject({
    to: z
      .strictObject({
        unitId: Id.optional().describe("A unit above the raising unit."),
        organisationId: Id.optional().describe("The raising unit's organisation."),
      })
      .describe("Where the lesson is raised to: exactly one of `unitId` and `organisationId`."),
    ask: text(4000).describe(
      "What the raising unit asks of the addressed place, e.g. 'our KPI counts visits, not citizen influence'.",
    ),
    dueBy: z.iso
      .date()
      .nullable()
      .optional()
      .describe("When the raising unit would like an answer (YYYY-MM-DD)."),
  })
  .meta({ id: "NewEscalation" });

export const EscalationResponseInput = z
  .strictObject({
    decision: Decision,
    reason: text(4000).describe("Why: the answer the raising unit reads."),
    actions: z
      .array(text(500))
      .max(20)
      .optional()
      .describe("What the addressed place will do, one step each."),
  })
  .meta({ id: "NewEscalationResponse" });

export const EscalationResponse = z
  .object({
    id: Id,
    decision: Decision,
    reason: z.string(),
    actions: z.array(z.string()),
    author: KeyRef.nullable().describe("The key that answered."),
    createdAt: z.string(),
  })
  .meta({ id: "EscalationResponse" });

const Target = z
  .union([z.object({ unitId: Id }), z.object({ organisationId: Id })])
  .describe("The addressed place: a unit or an organisation.");

export const Escalation = z
  .object({
    id: Id,
    lessonId: Id,
    lessonTitle: z.string(),
    fromUnitId: Id.describe("The raising unit."),
    organisationId: Id.describe("The raising unit's organisation."),
    to: Target,
    ask: z.string(),
    dueBy: z.string().nullable(),
    status: z
      .enum(["open", "parked", "answered"])
      .describe(
        "open until answered; parked: answered with `park`, to be answered again; answered: settled.",
      ),
    meetingId: Id.nullable().describe("The routine meeting whose `escalate` decision raised it, if any."),
    author: KeyRef.nullable().describe("The key that raised it."),
    answeredAt: z.string().nullable(),
    responses: z.array(EscalationResponse).describe("The answers, oldest first."),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Escalation" });

const section = <T extends z.ZodType>(item: T) =>
  z.object({
    count: z.number().int().describe("How many items the section holds in all (the reader may see)."),
    items: z.array(item).describe("The newest items, at most `limit`."),
    nextCursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor`, with `section`, for the section's next items; null: no more."),
  });

export const ReceivedAnswer = z
  .object({ escalation: Escalation, response: EscalationResponse })
  .meta({ id: "ReceivedAnswer" });

export const AdaptationOfOwnLesson = z
  .object({
    id: Id,
    lessonId: Id,
    lessonTitle: z.string(),
    unitId: Id.describe("The adapting unit."),
    result: z.enum(STORED_ADAPTATION_RESULTS),
    planned: z
      .boolean()
      .describe("The unit decided to try it (at a routine's meeting) and has not reported yet."),
    notes: z.string().nullable(),
    url: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "AdaptationOfOwnLesson" });

export const ReturnedLesson = z
  .object({
    lessonId: Id,
    title: z.string(),
    note: z.string().nullable().describe("What the reviewing manager asked to change."),
    returnedAt: z.string(),
    returnedBy: KeyRef.nullable(),
    url: z.string(),
  })
  .meta({ id: "ReturnedLesson" });

export const UnitInbox = z
  .object({
    unitId: Id,
    toAnswer: section(Escalation).optional().describe("Escalations addressed to the unit, open or parked."),
    answersReceived: section(ReceivedAnswer).optional().describe("Answers to escalations the unit raised."),
    adaptations: section(AdaptationOfOwnLesson)
      .optional()
      .describe("Adaptations of the unit's own lessons by other units, planned ones included."),
    returned: section(ReturnedLesson)
      .optional()
      .describe("The unit's lessons returned in review, not yet submitted again."),
  })
  .meta({ id: "UnitInbox", description: "Every section unless `section` names one." });

export const OrganisationInbox = z
  .object({
    organisationId: Id,
    toAnswer: section(Escalation)
      .optional()
      .describe("Escalations addressed to the organisation, open or parked."),
    answered: section(Escalation).optional().describe("Escalations addressed to the organisation, answered."),
  })
  .meta({ id: "OrganisationInbox", description: "Every section unless `section` names one." });

const inboxQuery = <S extends readonly [string, ...string[]]>(sections: S) =>
  z.object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE)
      .default(INBOX_SECTION_SIZE)
      .describe(`Items per section (1–${MAX_PAGE_SIZE}).`),
    section: z.enum(sections).optional().describe("Only this section (needed to page on with `cursor`)."),
    cursor: z.string().max(500).optional().describe("The section's `nextCursor`."),
  });

export const UnitInboxQuery = inboxQuery(UNIT_INBOX_SECTIONS);
export const OrganisationInboxQuery = inboxQuery(ORGANISATION_INBOX_SECTIONS);
