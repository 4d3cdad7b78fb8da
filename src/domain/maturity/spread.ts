// How far a scope's lessons and adaptations spread, pure: recent lessons per unit, published lessons per
// rung, and adaptations between units (the `spread` of the maturity reply).
import { STAGES, type Stage } from "../../words.js";
import type { RungFacts } from "./rung.js";
import type { MaturityReport } from "./types.js";

export function spreadOf(facts: RungFacts): MaturityReport["spread"] {
  const { unitIds, lessons, adaptations, since } = facts;
  const inScope = new Set(unitIds);
  const lessonsByStage = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  const recentUnits = new Set<string>();
  let recentLessons = 0;
  for (const l of lessons) {
    lessonsByStage[l.stage]++;
    if (l.publishedAt && l.publishedAt >= since) {
      recentLessons++;
      recentUnits.add(l.unitId);
    }
  }
  return {
    since,
    units: unitIds.length,
    unitsWithRecentLessons: recentUnits.size,
    recentLessonsShare: unitIds.length ? Math.round((recentUnits.size / unitIds.length) * 1000) / 1000 : 0,
    publishedLessons: lessons.length,
    recentLessons,
    lessonsByStage,
    adaptations: {
      acrossUnits: adaptations.length,
      distinctUnitPairs: new Set(adaptations.map((a) => `${a.lessonUnitId}\u0000${a.unitId}`)).size,
      madeByScopeUnits: adaptations.filter((a) => inScope.has(a.unitId)).length,
      ofScopeLessons: adaptations.filter((a) => inScope.has(a.lessonUnitId)).length,
    },
  };
}
