// Gathers what the maturity rules need about a scope from the database and the vocabulary: its initiatives
// and their lineage, its published lessons (with overall direction, pitfalls, service areas and
// mechanisms), the adaptations that carry lessons between units, its service areas, and how knowledge
// flows: its routines (when each last met) and its escalations.
import type { Db } from "../../db/database.js";
import {
  crossUnitAdaptations,
  escalationsOfUnits,
  initiativesOfUnits,
  publishedLessonsOfUnits,
  publishedLessonTermsOfUnits,
  routinesOfUnits,
  unitProfileTerms,
} from "../../db/maturity.js";
import { type Direction, overallDirection } from "../../words.js";
import type { VocabularyService } from "../vocabulary.js";
import { lineageOf } from "./lineage.js";
import { type ClaimedRung, claimedRung, type RungFacts, type RungLesson, stageRank } from "./rung.js";
import type { InitiativeSummary, MaturityReport } from "./types.js";

/** The dimension whose top-level terms count as a scope's service areas. */
export const SERVICE_AREA_DIMENSION = "serviceArea";

export type ScopeLesson = RungLesson & { mechanismIds: string[] };

export type ScopeFacts = {
  items: InitiativeSummary[];
  lineage: MaturityReport["lineage"];
  lessons: ScopeLesson[];
  adaptations: RungFacts["adaptations"];
  claimed: ClaimedRung;
  rung: RungFacts;
};

type Vocabulary = Pick<VocabularyService, "termById" | "facetKind">;

/** The top-level term above a term (itself when it has no parent); cycle-safe. */
function rootOf(vocabulary: Vocabulary, termId: string): string {
  const seen = new Set<string>();
  let id = termId;
  for (let parent = vocabulary.termById(id)?.parentId; parent && !seen.has(parent); ) {
    seen.add(id);
    id = parent;
    parent = vocabulary.termById(id)?.parentId;
  }
  return id;
}

type LessonTerms = { directions: Direction[]; pitfalls: string[]; areas: Set<string>; mechanisms: string[] };

/** Sorts each lesson's terms by what they are: outcomes (directions), pitfalls, service areas, mechanisms. */
function termsByLesson(
  vocabulary: Vocabulary,
  rows: { lessonId: string; termId: string; direction: Direction | null }[],
) {
  const byLesson = new Map<string, LessonTerms>();
  for (const { lessonId, termId, direction } of rows) {
    const entry = byLesson.get(lessonId) ?? {
      directions: [],
      pitfalls: [],
      areas: new Set(),
      mechanisms: [],
    };
    byLesson.set(lessonId, entry);
    if (direction) {
      entry.directions.push(direction);
      continue;
    }
    const term = vocabulary.termById(termId);
    if (!term) continue;
    const kind = vocabulary.facetKind(term.facet);
    if (kind === "pitfall") entry.pitfalls.push(term.slug);
    else if (kind === "mechanism") entry.mechanisms.push(termId);
    else if (term.facet === SERVICE_AREA_DIMENSION) entry.areas.add(rootOf(vocabulary, termId));
  }
  return byLesson;
}

function unitServiceAreas(db: Db, vocabulary: Vocabulary, unitIds: string[]) {
  const areas = new Map<string, Set<string>>();
  for (const { unitId, termId } of unitProfileTerms(db, { unitIds })) {
    if (vocabulary.termById(termId)?.facet !== SERVICE_AREA_DIMENSION) continue;
    const set = areas.get(unitId) ?? new Set();
    set.add(rootOf(vocabulary, termId));
    areas.set(unitId, set);
  }
  return areas;
}

/**
 * `visible`: whether the requester may see a published lesson; the others are not counted (nor are
 * escalations about them). `since` starts the window of recent lessons; `asOf` is now.
 */
export function gatherFacts(
  deps: { db: Db; vocabulary: Vocabulary },
  unitIds: string[],
  { since, asOf }: { since: string; asOf: string },
  visible: (lessonId: string) => boolean,
): ScopeFacts {
  const { db, vocabulary } = deps;
  const items = initiativesOfUnits(db, { unitIds })
    .sort(
      (a, b) =>
        stageRank(a.stage) - stageRank(b.stage) ||
        a.createdAt.localeCompare(b.createdAt) ||
        a.id.localeCompare(b.id),
    )
    .map(({ createdAt: _, ...summary }) => summary);
  const lineage = lineageOf(db, items);
  const terms = termsByLesson(
    vocabulary,
    publishedLessonTermsOfUnits(db, { unitIds }).filter((row) => visible(row.lessonId)),
  );
  const unitAreas = unitServiceAreas(db, vocabulary, unitIds);
  const lessons: ScopeLesson[] = publishedLessonsOfUnits(db, { unitIds })
    .filter((row) => visible(row.id))
    .map((row) => {
      const t = terms.get(row.id);
      const areas = t?.areas.size ? t.areas : (unitAreas.get(row.unitId) ?? new Set<string>());
      return {
        ...row,
        direction: overallDirection(t?.directions ?? []),
        pitfalls: t?.pitfalls ?? [],
        serviceAreas: [...areas].sort(),
        mechanismIds: t?.mechanisms ?? [],
      };
    });
  const adaptations = crossUnitAdaptations(db, { unitIds }).filter((row) => visible(row.lessonId));
  const serviceAreas = new Set([...unitAreas.values()].flatMap((s) => [...s]));
  for (const l of lessons) for (const a of l.serviceAreas) serviceAreas.add(a);
  const claimed = claimedRung(
    items,
    lessons.map((l) => l.stage),
  );
  return {
    items,
    lineage,
    lessons,
    adaptations,
    claimed,
    rung: {
      asOf,
      since,
      claimed: claimed.current,
      unitIds,
      serviceAreas: [...serviceAreas].sort(),
      initiatives: lineage.nodes,
      lineage: lineage.edges,
      lessons,
      adaptations,
      routines: routinesOfUnits(db, { unitIds }),
      escalations: escalationsOfUnits(db, { unitIds }).filter((row) => visible(row.lessonId)),
    },
  };
}
