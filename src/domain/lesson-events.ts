// What lesson and adaptation writes announce to webhooks (issue 11): `lesson.published` when a lesson becomes
// published (logged as published, patched to published, published in review), `lesson.updated` when a
// published lesson changes, `lesson.archived` when a published lesson is archived. Drafts and submitted
// lessons announce nothing: nobody outside their unit has heard of them. A new adaptation report
// announces `adaptation.created`. Only writes made for a request announce; the seed and bulk imports
// load history, which is not news.
import type { LessonStatus, Visibility, WebhookEvent } from "../words.js";
import type { EventInput } from "./events.js";

type LessonEventType = Extract<WebhookEvent, `lesson.${string}`>;

/** The event a move from `from` to `to` announces (null from: a new lesson), or undefined for none. */
export function lessonEventType(from: LessonStatus | null, to: LessonStatus): LessonEventType | undefined {
  if (to === "published") return from === "published" ? "lesson.updated" : "lesson.published";
  if (to === "archived" && from === "published") return "lesson.archived";
  return undefined;
}

/** A lesson event as appended to the outbox (DESIGN.md's data convention for lesson.*). */
export function lessonEvent(
  type: LessonEventType,
  lesson: {
    id: string;
    title: string;
    status: LessonStatus;
    visibility: Visibility;
    unitId: string;
    organisationId: string;
    version: number;
  },
): EventInput {
  return {
    type,
    lessonId: lesson.id,
    organisationId: lesson.organisationId,
    data: {
      lessonId: lesson.id,
      title: lesson.title,
      status: lesson.status,
      visibility: lesson.visibility,
      unitId: lesson.unitId,
      organisationId: lesson.organisationId,
      version: lesson.version,
      url: `/v1/lessons/${lesson.id}`,
    },
  };
}

/** `adaptation.created`: another unit reported how a lesson translated (or plans to try it). */
export function adaptationEvent(
  adaptation: { id: string; lessonId: string; unitId: string; result: string },
  organisationId: string,
): EventInput {
  return {
    type: "adaptation.created",
    lessonId: adaptation.lessonId,
    organisationId,
    data: {
      adaptationId: adaptation.id,
      lessonId: adaptation.lessonId,
      unitId: adaptation.unitId,
      result: adaptation.result,
      url: `/v1/lessons/${adaptation.lessonId}/adaptations/${adaptation.id}`,
    },
  };
}
