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

type Sentence = Candidate & { source: "summary" | "why" };

/** Lessons whose sentences are kept between digests: about 2 kB each, a few MB in all. */
export const SENTENCE_CACHE_LESSONS = 5000;

/**
 * The statement-fit sentences of lessons, kept between digests (splitting and stemming is most of a
 * digest's work, and the same lessons come back for every requester of a service area). An entry is
 * used only while the lesson's summary and why are unchanged; the least recently used go first.
 */
export function createSentenceCache(max = SENTENCE_CACHE_LESSONS) {
  const entries = new Map<string, { summary: string; why: string; sentences: Sentence[] }>();
  return (lesson: LessonText): Sentence[] => {
    const found = entries.get(lesson.id);
    if (found && found.summary === lesson.summary && found.why === lesson.why) {
      entries.delete(lesson.id);
      entries.set(lesson.id, found);
      return found.sentences;
    }
    const group = { group: lesson.id };
    const sentences = [
      ...statementCandidates(lesson.summary, lesson.language, { ...group, source: "summary" as const }),
      ...statementCandidates(lesson.why, lesson.language, { ...group, source: "why" as const }),
    ];
    entries.delete(lesson.id);
    entries.set(lesson.id, { summary: lesson.summary, why: lesson.why, sentences });
    if (entries.size > max) entries.delete(entries.keys().next().value!);
    return sentences;
  };
}

/**
 * Sentences of every lesson read, with what this digest knows of them (title, direction, the lesson's
 * weight for this requester), made once per digest: a lesson serves several mechanisms.
 */
export function createSentenceSource(
  texts: ReadonlyMap<string, LessonText>,
  sentencesOf: (lesson: LessonText) => readonly Sentence[],
) {
  const made = new Map<string, SentenceCandidate[]>();
  return (scored: Scored): SentenceCandidate[] => {
    const id = scored.doc.lessonId;
    let found = made.get(id);
    if (!found) {
      const lesson = texts.get(id);
      // a sentence from a lesson in a context like the reader's counts for more
      const extra = {
        lessonId: id,
        title: lesson?.title ?? "",
        direction: scored.doc.outcomeDirection,
        weight: scored.weight,
      };
      found = lesson ? sentencesOf(lesson).map((sentence) => ({ ...sentence, ...extra })) : [];
      made.set(id, found);
    }
    return found;
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
