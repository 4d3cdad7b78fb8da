// Digests: "why it worked", condensed per mechanism over the lessons a filter request matches, within
// the requester's service area and user group unless asked for all. The steps: scope (which lessons)
// → group (one counting pass) → read (the texts of the closest lessons and their adaptations) →
// present (statements with their direction, coping per pressure, adaptation notes) → the brief or
// full form's limits.

import type { LessonText } from "../../db/queries/lesson-texts.js";
import type { RankingConfig } from "../../search/rank.js";
import { EVIDENCE_KINDS, type Language } from "../../words.js";
import type { Principal } from "../access.js";
import type { Clock } from "../clock.js";
import { contextSimilarity } from "../context-similarity.js";
import type { FilterRequest, FilterService } from "../filter/index.js";
import type { UnitService } from "../units.js";
import { labelIn, type VocabularyService } from "../vocabulary.js";
import { type AdaptationRecord, type AdaptingUnit, notesFor } from "./adaptation-notes.js";
import { fitToWords } from "./brief.js";
import { contrasts, type Group, groupByMechanism, type Scored, type TermInfo } from "./group.js";
import { copingFor } from "./pressures.js";
import { applyScope, planScope } from "./scope.js";
import { chooseStatements, createSentenceCache, createSentenceSource, sampleOf } from "./statements.js";
import {
  ADAPTED_LESSONS_READ,
  type DigestLimits,
  type DigestOptions,
  type DigestReply,
  LIMITS,
  type MechanismDigest,
  RELEVANCE_FLOOR,
} from "./types.js";

export * from "./types.js";

export type DigestService = ReturnType<typeof createDigestService>;

/** The texts (and coping per pressure) of many lessons at once, per lesson id. */
export type TextReader = (lessonIds: readonly string[]) => ReadonlyMap<string, LessonText>;
/** The adaptations of many lessons at once, per lesson id. */
export type AdaptationReader = (
  lessonIds: readonly string[],
) => ReadonlyMap<string, readonly AdaptationRecord[]>;

/** How much a lesson counts for the requester: see RELEVANCE_FLOOR. */
function lessonWeight(contextSimilarity: number): number {
  return RELEVANCE_FLOOR + (1 - RELEVANCE_FLOOR) * contextSimilarity;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function createDigestService(deps: {
  filter: Pick<FilterService, "matchingLessons">;
  texts: TextReader;
  adaptations: AdaptationReader;
  vocabulary: Pick<
    VocabularyService,
    "termById" | "facetKind" | "relatedTerms" | "findTerm" | "withDescendants"
  >;
  units: Pick<UnitService, "find" | "get">;
  ranking: RankingConfig;
  clock: Clock;
}) {
  const { vocabulary, ranking } = deps;
  const sentenceCache = createSentenceCache();

  function label(facet: string, slug: string, language: Language | undefined): string {
    const term = vocabulary.findTerm(facet, slug);
    return term ? labelIn(term.labels, language) : slug;
  }

  /** Facet, slug and facet kind per term id, cached for one digest. */
  function termInfos(): (id: string) => TermInfo {
    const cache = new Map<string, TermInfo>();
    return (id) => {
      let info = cache.get(id);
      if (!info) {
        const term = vocabulary.termById(id);
        info = term
          ? { facet: term.facet, slug: term.slug, kind: vocabulary.facetKind(term.facet) }
          : { facet: "", slug: id, kind: undefined };
        cache.set(id, info);
      }
      return info;
    };
  }

  /** The adapting unit's name and context terms, for "their context differs in…". */
  function adaptingUnits(language: Language | undefined): (unitId: string) => AdaptingUnit {
    const cache = new Map<string, AdaptingUnit>();
    return (unitId) => {
      let found = cache.get(unitId);
      if (!found) {
        const unit = deps.units.find(unitId) ? deps.units.get(unitId) : undefined;
        const context = Object.entries(unit?.context ?? {}).flatMap(([facet, slugs]) =>
          slugs.flatMap((slug) => {
            const term = vocabulary.findTerm(facet, slug);
            return term ? [{ termId: term.id, facet, slug, label: labelIn(term.labels, language) }] : [];
          }),
        );
        found = { name: unit?.name ?? null, context };
        cache.set(unitId, found);
      }
      return found;
    };
  }

  /** Texts and pressures of the lessons quoted (the closest of each side per mechanism) and of those adapted. */
  function readLessons(groups: readonly Group[], limits: DigestLimits, adapted: Iterable<string>) {
    const ids = new Set<string>(adapted);
    for (const group of groups.slice(0, limits.mechanisms)) {
      const { supporting, other } = sampleOf(group.docs);
      for (const { doc } of [...supporting, ...other]) ids.add(doc.lessonId);
    }
    return deps.texts([...ids]);
  }

  /** The adaptations of the adapted lessons among the mechanisms shown, closest lessons first. */
  function readAdaptations(groups: readonly Group[], limits: DigestLimits) {
    const adapted = new Set<string>();
    for (const group of groups.slice(0, limits.mechanisms))
      for (const { doc } of group.docs) {
        const { worked, partly, didNotWork } = doc.adaptations;
        if (worked + partly + didNotWork > 0) adapted.add(doc.lessonId);
        if (adapted.size >= ADAPTED_LESSONS_READ) break;
      }
    return adapted.size > 0 ? deps.adaptations([...adapted]) : new Map<string, AdaptationRecord[]>();
  }

  return {
    /**
     * The digest of the lessons `request` matches for `principal` (the set POST /v1/filter returns it:
     * only lessons it may see), within its scope.
     */
    digest(principal: Principal, request: FilterRequest, options: DigestOptions = {}): DigestReply {
      const language = options.labels;
      const detail = options.detail ?? "full";
      const limits = LIMITS[detail];
      const terms = termInfos();
      const named = (id: string) => {
        const info = terms(id);
        return { facet: info.facet, slug: info.slug, label: label(info.facet, info.slug, language) };
      };

      const { lessons, requesterTermIds, matching, index } = deps.filter.matchingLessons(principal, request);
      const scope = planScope(options.scope ?? "context", requesterTermIds, vocabulary);
      const { inScope, leftOut } = applyScope(lessons, scope);
      const similarity = contextSimilarity(requesterTermIds, { vocabulary, ranking });
      // every lesson's similarity at once, through the requester terms' bitsets
      const similarities = similarity.hasContext ? similarity.over(matching, index) : undefined;
      const scored: Scored[] = inScope.map((doc) => {
        // without a requester every lesson is "in the requester's context": nothing narrows it
        const sim = similarities ? similarities[doc.docId]! : 1;
        return { doc, similarity: sim, weight: lessonWeight(sim) };
      });

      const groups = groupByMechanism(scored, terms);
      const records = readAdaptations(groups, limits);
      const texts = readLessons(groups, limits, records.keys());
      const sentences = createSentenceSource(texts, sentenceCache);
      const unit = adaptingUnits(language);
      const titleOf = (lessonId: string) => texts.get(lessonId)?.title ?? "";

      const present = (group: Group): MechanismDigest => {
        const mechanism = terms(group.termId);
        const { supporting, other } = sampleOf(group.docs);
        const read = [...supporting, ...other];
        const { worksIn, failsIn } = contrasts(group, terms, limits.contrasts);
        const withLabel = <T extends { facet: string; slug: string }>(c: T) => ({
          ...c,
          label: label(c.facet, c.slug, language),
        });
        return {
          mechanism: { slug: mechanism.slug, label: label(mechanism.facet, mechanism.slug, language) },
          lessons: group.docs.length,
          lessonIds: group.docs.map(({ doc }) => doc.lessonId),
          relevance: round(group.relevance),
          outcomes: group.outcomes,
          worksIn: worksIn.map(withLabel),
          failsIn: failsIn.map(withLabel),
          statements: chooseStatements(group.docs, sentences, limits),
          adaptations: {
            ...group.adaptations,
            notes: notesFor(mechanism.slug, group.docs, records, unit, titleOf, limits.adaptationNotes),
          },
          pressures: [...group.pressures]
            .sort(([a, m], [b, n]) => n - m || terms(a).slug.localeCompare(terms(b).slug))
            .slice(0, limits.pressures)
            .map(([pressureId, count]) => {
              const { slug, label: name } = named(pressureId);
              return {
                slug,
                label: name,
                lessons: count,
                ...copingFor(slug, read, texts, limits.copingPerPressure),
              };
            }),
          pitfalls: [...group.pitfalls]
            .sort(([a, m], [b, n]) => n - m || terms(a).slug.localeCompare(terms(b).slug))
            .map(([pitfallId, count]) => {
              const { slug, label: name } = named(pitfallId);
              return { slug, label: name, lessons: count };
            }),
          evidence: Object.fromEntries(
            EVIDENCE_KINDS.flatMap((kind) => {
              const n = group.evidence.get(kind);
              return n ? [[kind, n]] : [];
            }),
          ),
          contested: group.positiveNearby && group.negativeNearby,
        };
      };

      const context: Record<string, { slug: string; label: string }[]> = {};
      for (const id of requesterTermIds) {
        const { facet, slug, label: name } = named(id);
        context[facet] = [...(context[facet] ?? []), { slug, label: name }];
      }
      const requester = request.unitId ? deps.units.find(request.unitId) : undefined;
      const shown = groups.slice(0, limits.mechanisms);
      return {
        total: inScope.length,
        scope: {
          requested: scope.requested,
          applied: scope.applied,
          basis: scope.basis.map(named),
          matching: lessons.length,
          leftOut,
        },
        detail,
        omittedMechanisms: groups.length - shown.length,
        requester: { unitId: requester?.id ?? null, unitName: requester?.name ?? null, context },
        labelLanguage: language ?? "en",
        generatedAt: deps.clock.now().toISOString(),
        mechanisms:
          detail === "brief"
            ? fitToWords(shown.map(present), { quoteChars: limits.quoteChars })
            : shown.map(present),
      };
    },
  };
}
