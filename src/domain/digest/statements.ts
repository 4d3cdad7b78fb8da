// What the lessons themselves say, per mechanism: the most representative sentences from the lessons
// where it worked (why it worked), and separately from those where it failed, was mixed or made no
// difference (what went wrong). A sentence is quoted with its lesson's title and overall direction,
// so a sentence from a failed lesson can never pass for a reason something worked.
import type { LessonText } from "../../db/queries/lesson-texts.js";
import { type Candidate, representativeStatements, statementCandidates } from "../../search/statements.js";
import type { Direction } from "../../words.js";
import type { Scored } from "./group.js";
import { type DigestStatement, STATEMENT_SAMPLE, SUPPORTING } from "./types.js";

type SentenceCandidate = Candidate & {
  lessonId: string;
  title: string;
  direction: Direction;
  source: "summary" | "why";
};

/** The lessons of a group whose texts are read: the closest STATEMENT_SAMPLE on each side. */
export function sampleOf(docs: readonly Scored[]): { supporting: Scored[]; other: Scored[] } {
  const supporting: Scored[] = [];
  const other: Scored[] = [];
  for (const scored of docs) {
    const side = SUPPORTING.has(scored.doc.outcomeDirection) ? supporting : other;
    if (side.length < STATEMENT_SAMPLE) side.push(scored);
    if (supporting.length >= STATEMENT_SAMPLE && other.length >= STATEMENT_SAMPLE) break;
  }
  return { supporting, other };
}

/** Sentences of every lesson read, computed once per digest (a lesson serves several mechanisms). */
export function createSentenceSource(texts: ReadonlyMap<string, LessonText>) {
  const cache = new Map<string, SentenceCandidate[]>();
  return (scored: Scored): SentenceCandidate[] => {
    const id = scored.doc.lessonId;
    let cached = cache.get(id);
    if (!cached) {
      const lesson = texts.get(id);
      // a sentence from a lesson in a context like the reader's counts for more
      const extra = {
        group: id,
        lessonId: id,
        title: lesson?.title ?? "",
        direction: scored.doc.outcomeDirection,
        weight: scored.weight,
      };
      cached = lesson
        ? [
            ...statementCandidates(lesson.summary, lesson.language, { ...extra, source: "summary" as const }),
            ...statementCandidates(lesson.why, lesson.language, { ...extra, source: "why" as const }),
          ]
        : [];
      cache.set(id, cached);
    }
    return cached;
  };
}

/** Why it worked (from positive lessons), then what went wrong (from the others). */
export function chooseStatements(
  docs: readonly Scored[],
  sentences: (scored: Scored) => SentenceCandidate[],
  limits: { supportStatements: number; failureStatements: number; quoteChars: number },
): DigestStatement[] {
  const { supporting, other } = sampleOf(docs);
  const pick = (side: Scored[], max: number) =>
    max <= 0
      ? []
      : representativeStatements(
          side.flatMap(sentences).filter((c) => c.text.length <= limits.quoteChars),
          { max },
        ).map(({ text, lessonId, title, direction, source }) => ({
          text,
          lessonId,
          title,
          direction,
          source,
        }));
  return [...pick(supporting, limits.supportStatements), ...pick(other, limits.failureStatements)];
}
