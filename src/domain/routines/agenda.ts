// A routine's agenda, computed when asked: its candidates (candidates.ts) ranked for the owner unit's
// context by the filter service's own score, the best few with what a meeting needs to decide — why it
// worked, the direction, pitfalls, mechanisms, the unit it comes from and what the units that adapted it
// found — and the open escalations that concern the forum's units.
import type { AdaptationNote } from "../../db/queries/adaptations.js";
import type { Language } from "../../words.js";
import type { Principal } from "../access.js";
import type { FilterResult, FilterService } from "../filter/index.js";
import type { Lesson } from "../lessons.js";
import { labelIn, type VocabularyService } from "../vocabulary.js";
import type { AgendaStart, Candidates } from "./candidates.js";
import type { AgendaEscalation, AgendaItem } from "./types.js";

/** Pages of this many lessons are ranked at a time while looking for the candidates among the matches. */
const RANKED_PAGE = 100;

/**
 * The best `limit` candidates in the filter's order. The filter ranks every lesson the request matches;
 * the candidates are a subset (new since the start, not the unit's own, not decided), so pages are read
 * until enough of them are found.
 */
export function rankCandidates(
  filter: Pick<FilterService, "filter">,
  principal: Principal,
  candidates: Candidates,
  limit: number,
  labels: Language,
): FilterResult[] {
  const wanted = Math.min(limit, candidates.ids.size);
  const found: FilterResult[] = [];
  let cursor: string | undefined;
  while (found.length < wanted) {
    const page = filter.filter(principal, { ...candidates.request, limit: RANKED_PAGE, cursor }, { labels });
    for (const result of page.results) if (candidates.ids.has(result.id)) found.push(result);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return found.slice(0, wanted);
}

export type ItemSources = {
  vocabulary: Pick<VocabularyService, "findTerm">;
  unitName: (unitId: string) => string | null;
  lessons: ReadonlyMap<string, Lesson>;
  adaptations: ReadonlyMap<string, readonly AdaptationNote[]>;
  direction: (lessonId: string) => AgendaItem["direction"];
};

/** One agenda item from its ranked result, the lesson and the adaptations reported. */
export function agendaItem(result: FilterResult, sources: ItemSources, language: Language): AgendaItem {
  const lesson = sources.lessons.get(result.id);
  const label = (facet: string, slug: string) => {
    const term = sources.vocabulary.findTerm(facet, slug);
    return term ? labelIn(term.labels, language) : slug;
  };
  const reports = (sources.adaptations.get(result.id) ?? []).map((note) => ({
    unitId: note.unitId,
    unitName: sources.unitName(note.unitId),
    result: note.result,
    notes: note.notes,
    mechanisms: note.mechanisms,
    createdAt: note.createdAt,
  }));
  return {
    lessonId: result.id,
    title: result.title,
    summary: result.summary,
    why: lesson?.why ?? "",
    direction: sources.direction(result.id),
    language: result.language,
    publishedAt: result.publishedAt ?? "",
    score: result.score,
    unit: { id: result.unitId, name: sources.unitName(result.unitId) },
    mechanisms: result.mechanisms,
    pitfalls: (lesson?.pitfalls ?? []).map((slug) => ({ slug, label: label("pitfall", slug) })),
    adaptations: { ...result.relevance.adaptations, reports },
  };
}

/** What an escalation service says of an open escalation, as far as an agenda reads it. */
export type OpenEscalation = {
  id: string;
  lessonId: string;
  lessonTitle: string;
  fromUnitId: string;
  to: { unitId: string } | { organisationId: string };
  ask: string;
  status: string;
  dueBy: string | null;
  createdAt: string;
};

/** The names of units and organisations, for showing where an escalation goes. */
export type PlaceNames = { unit: (id: string) => string | null; organisation: (id: string) => string | null };

export function agendaEscalation(escalation: OpenEscalation, names: PlaceNames): AgendaEscalation {
  const { to } = escalation;
  return {
    id: escalation.id,
    lessonId: escalation.lessonId,
    title: escalation.lessonTitle,
    fromUnitId: escalation.fromUnitId,
    fromUnitName: names.unit(escalation.fromUnitId),
    to,
    toName: "unitId" in to ? names.unit(to.unitId) : names.organisation(to.organisationId),
    ask: escalation.ask,
    status: escalation.status,
    dueBy: escalation.dueBy,
    createdAt: escalation.createdAt,
  };
}

export type { AgendaStart };
