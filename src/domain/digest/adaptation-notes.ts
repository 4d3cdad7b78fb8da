// What other units found when they tried a mechanism's lessons: their adaptation notes, read rather
// than only counted. A note that names the mechanisms that fired in the new context appears under
// those (firedHere: true) and, when the adaptation did not fully work, under the lesson's other
// mechanisms as evidence that they did not travel (firedHere: false); a note naming none appears
// under each of the lesson's mechanisms (firedHere: null).
import type { AdaptationResult } from "../../words.js";
import type { Scored } from "./group.js";
import type { DigestAdaptationNote } from "./types.js";

/** An adaptation as the digest reads it. */
export type AdaptationRecord = {
  unitId: string;
  result: AdaptationResult;
  notes: string | null;
  /** Slugs of the lesson's mechanisms that fired in the adapting unit's context; empty: not said. */
  mechanisms: readonly string[];
};

export type TermRef = { facet: string; slug: string; label: string };
/** The adapting unit: its name and its context terms (id and how to show it). */
export type AdaptingUnit = { name: string | null; context: readonly (TermRef & { termId: string })[] };

const RESULT_ORDER: Record<AdaptationResult, number> = { did_not_work: 0, partly: 1, worked: 2 };

function firedHere(record: AdaptationRecord, mechanism: string): boolean | null | undefined {
  if (record.mechanisms.length === 0) return null;
  if (record.mechanisms.includes(mechanism)) return true;
  return record.result === "worked" ? undefined : false;
}

/**
 * The notes for `mechanism` over its lessons (closest first): those that did not work first, then
 * partly, then worked; at most `max`.
 */
export function notesFor(
  mechanism: string,
  docs: readonly Scored[],
  records: ReadonlyMap<string, readonly AdaptationRecord[]>,
  unit: (unitId: string) => AdaptingUnit,
  title: (lessonId: string) => string,
  max: number,
): DigestAdaptationNote[] {
  if (max <= 0) return [];
  const found: (DigestAdaptationNote & { order: number })[] = [];
  docs.forEach(({ doc }, position) => {
    const { worked, partly, didNotWork } = doc.adaptations;
    if (worked + partly + didNotWork === 0) return;
    let lessonTerms: Set<string> | undefined;
    for (const record of records.get(doc.lessonId) ?? []) {
      const text = record.notes?.trim();
      const fired = firedHere(record, mechanism);
      if (!text || fired === undefined) continue;
      const adapting = unit(record.unitId);
      lessonTerms ??= new Set(doc.termIds);
      const own = lessonTerms;
      found.push({
        text,
        result: record.result,
        lessonId: doc.lessonId,
        title: title(doc.lessonId),
        unitId: record.unitId,
        unitName: adapting.name,
        firedHere: fired,
        contextDiffers: adapting.context
          .filter((term) => !own.has(term.termId))
          .map(({ facet, slug, label }) => ({ facet, slug, label })),
        order: RESULT_ORDER[record.result] * docs.length + position,
      });
    }
  });
  return found
    .sort((a, b) => a.order - b.order)
    .slice(0, max)
    .map(({ order: _order, ...note }) => note);
}
