// The pressures a lesson met and how each was coped with: resolving the input (a slug, or an object with
// its own coping text and strategy), where the deprecated lesson-level `coping` lands, and when a text
// keeps its "carried over" mark (written once for all of a lesson's pressures, not for this one alone).
import type { CopingStrategy } from "../words.js";
import type { VocabularyService } from "./vocabulary.js";

/** As sent: a plain slug is a pressure met with nothing recorded about coping. */
export type PressureInput =
  | string
  | {
      term: string;
      coping?: string | null | undefined;
      strategy?: CopingStrategy | null | undefined;
      /** Read-only: ignored on input (the mark stays while the text is unchanged). */
      carriedOver?: boolean | undefined;
    };

/** As stored and returned; `carriedOver` appears only when true. */
export type LessonPressure = {
  term: string;
  coping: string | null;
  strategy: CopingStrategy | null;
  carriedOver?: true;
};

/** A pressure's lesson_terms row, besides its term id. */
export type PressureLink = {
  termId: string;
  coping: string | null;
  strategy: CopingStrategy | null;
  copingCarriedOver: boolean;
};

type Resolver = ReturnType<VocabularyService["resolver"]>;

/**
 * Resolves a lesson's pressures (unknown terms and duplicates become problems on `check`) and places the
 * deprecated lesson-level coping text: on the first pressure, marked carried over, unless that pressure
 * has coping of its own; otherwise (or without any pressure) it stays on the lesson, tied to no pressure.
 * `previous` are the pressures the lesson had: a carried-over text sent back unchanged keeps its mark.
 */
export function resolvePressures(
  check: Resolver,
  pressures: readonly PressureInput[],
  lessonCoping: string | null,
  previous: readonly LessonPressure[] = [],
): { links: PressureLink[]; unpinnedCoping: string | null } {
  const links: PressureLink[] = [];
  const seenAt = new Map<string, number>();
  pressures.forEach((pressure, i) => {
    const entry = typeof pressure === "string" ? { term: pressure } : pressure;
    const termId = check.term(
      "pressure",
      entry.term,
      `/pressures/${i}${typeof pressure === "string" ? "" : "/term"}`,
    );
    if (!termId) return;
    const first = seenAt.get(termId);
    if (first !== undefined) {
      check.problem({
        pointer: `/pressures/${i}`,
        code: "duplicate_pressure",
        message: `Pressure '${entry.term}' is already listed at /pressures/${first}: name each pressure once, with all its coping.`,
      });
      return;
    }
    seenAt.set(termId, i);
    const coping = entry.coping?.trim() || null;
    const before = previous.find((p) => p.term === entry.term);
    links.push({
      termId,
      coping,
      strategy: entry.strategy ?? null,
      copingCarriedOver: coping !== null && before?.carriedOver === true && before.coping === coping,
    });
  });
  const text = lessonCoping?.trim() || null;
  const first = links[0];
  if (text === null || !first || (first.coping !== null && !first.copingCarriedOver)) {
    return { links, unpinnedCoping: text };
  }
  links[0] = { ...first, coping: text, copingCarriedOver: true };
  return { links, unpinnedCoping: null };
}

/**
 * A lesson's pressures without the texts carried over from the lesson-level field: what a PATCH that
 * sets the deprecated `coping` (or clears it with null) starts from, so that field replaces them.
 */
export function withoutCarriedOver(pressures: readonly LessonPressure[]): LessonPressure[] {
  return pressures.map((p) => (p.carriedOver ? { term: p.term, coping: null, strategy: p.strategy } : p));
}

/** The reply form of a stored pressure link. */
export function lessonPressure(term: string, link: Omit<PressureLink, "termId">): LessonPressure {
  return {
    term,
    coping: link.coping,
    strategy: link.strategy,
    ...(link.copingCarriedOver ? { carriedOver: true as const } : {}),
  };
}
