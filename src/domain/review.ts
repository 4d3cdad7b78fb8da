// Review before publishing: a manager above a submitted lesson's unit publishes it, or returns it to its
// unit as a draft with a note saying what to change. Pure rules; lessons.review() stores the result.
import type { LessonStatus } from "../words.js";
import { DomainError, Unprocessable } from "./errors.js";

export const REVIEW_DECISIONS = ["publish", "return"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The status a review moves a lesson to; only submitted lessons are reviewed, and a return says why. */
export function reviewedStatus(
  current: LessonStatus,
  decision: ReviewDecision,
  note: string | null | undefined,
): LessonStatus {
  if (current !== "submitted") {
    throw new ReviewConflict(current);
  }
  if (decision === "return" && (note ?? "").trim() === "") {
    throw new Unprocessable([
      {
        pointer: "/note",
        code: "note_required",
        message: "A returned lesson needs a note: tell its unit what to change before it is submitted again.",
      },
    ]);
  }
  return decision === "publish" ? "published" : "draft";
}

/** Only submitted lessons are reviewed (409); the problem names the lesson's current status. */
export class ReviewConflict extends DomainError {
  readonly status = 409;
  readonly type = "not-submitted";
  readonly title = "Only a submitted lesson can be reviewed";
  constructor(readonly currentStatus: LessonStatus) {
    super(
      `Only a submitted lesson can be reviewed; this one is ${currentStatus}.${currentStatus === "draft" ? " Its unit submits it first." : ""}`,
    );
  }
  override extensions() {
    return { currentStatus: this.currentStatus };
  }
}
