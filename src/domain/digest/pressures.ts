// Pressures per mechanism: how often each was met, the coping that lessons recorded for that very
// pressure (never a lesson's coping for another), and which coping strategies went with lessons that
// worked and with lessons that did not.
import { NEAR_DUPLICATE_SIMILARITY, similarity, termVector } from "../../search/statements.js";
import { COPING_STRATEGIES, type CopingStrategy, type Language } from "../../words.js";
import type { Scored } from "./group.js";
import type { DigestCoping } from "./types.js";

/** A pressure as a lesson records it. */
export type PressureRecord = {
  term: string;
  coping: string | null;
  strategy: CopingStrategy | null;
  carriedOver?: boolean | undefined;
};

export type PressureSource = { language: Language; pressures: readonly PressureRecord[] };

type StrategyCounts = { strategy: CopingStrategy; positive: number; negative: number; other: number };

/**
 * The coping recorded for pressure `slug` in the lessons read (closest to the requester first), at
 * most `max`, near-duplicates left out; and per strategy, the overall directions of those lessons.
 */
export function copingFor(
  slug: string,
  read: readonly Scored[],
  sources: ReadonlyMap<string, PressureSource>,
  max: number,
): { coping: DigestCoping[]; strategies: StrategyCounts[] } {
  const coping: (DigestCoping & { vector: ReturnType<typeof termVector> })[] = [];
  const strategies = new Map<CopingStrategy, StrategyCounts>();
  for (const { doc } of read) {
    const source = sources.get(doc.lessonId);
    const record = source?.pressures.find((p) => p.term === slug);
    if (!source || !record) continue;
    if (record.strategy) {
      const counts = strategies.get(record.strategy) ?? {
        strategy: record.strategy,
        positive: 0,
        negative: 0,
        other: 0,
      };
      const direction = doc.outcomeDirection;
      counts[direction === "positive" || direction === "negative" ? direction : "other"]++;
      strategies.set(record.strategy, counts);
    }
    const text = record.coping?.trim();
    if (!text || coping.length >= max) continue;
    const vector = termVector(text, source.language);
    const seen = coping.some(
      (c) =>
        c.text.toLowerCase() === text.toLowerCase() ||
        similarity(c.vector, vector) > NEAR_DUPLICATE_SIMILARITY,
    );
    if (!seen)
      coping.push({
        text,
        strategy: record.strategy,
        lessonId: doc.lessonId,
        carriedOver: record.carriedOver === true,
        vector,
      });
  }
  return {
    coping: coping.map(({ vector: _vector, ...rest }) => rest),
    strategies: COPING_STRATEGIES.flatMap((s) => strategies.get(s) ?? []),
  };
}
