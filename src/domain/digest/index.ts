// Digests: "why it worked", condensed per mechanism over the lessons a filter request matches — how
// often it came out well or badly, in which contexts it worked or failed, what the lessons themselves
// say (representative sentences), what other units found when they tried it, the pressures and the
// pitfalls met.
import type { Language } from "../search/analyze.js";
import type { Direction, IndexedLesson } from "../search/facets.js";
import { EVIDENCE_KINDS, type EvidenceKind, type RankingConfig } from "../search/rank.js";
import {
  type Candidate,
  NEAR_DUPLICATE_SIMILARITY,
  representativeStatements,
  similarity,
  statementCandidates,
  termVector,
} from "../search/statements.js";
import type { Clock } from "./clock.js";
import { contextSimilarity } from "./context-similarity.js";
import type { FilterRequest, FilterService } from "./filter/index.js";
import type { Lesson, LessonService } from "./lessons.js";
import type { UnitService } from "./units.js";
import { labelIn, type VocabularyService } from "./vocabulary.js";

type Labelled = { slug: string; label: string };
export type ContextContrast = {
  facet: string;
  slug: string;
  label: string;
  positive: number;
  negative: number;
};

export type MechanismDigest = {
  mechanism: Labelled;
  lessons: number;
  lessonIds: string[];
  /** Σ over the lessons of their weight for the requester (see RELEVANCE_FLOOR): the order of mechanisms. */
  relevance: number;
  outcomes: Record<Direction, number>;
  worksIn: ContextContrast[];
  failsIn: ContextContrast[];
  statements: { text: string; lessonId: string; source: "summary" | "why" }[];
  adaptations: { worked: number; partly: number; didNotWork: number };
  pressures: { slug: string; label: string; lessons: number; coping: string[] }[];
  /** The failure patterns met in the mechanism's lessons, most frequent first. */
  pitfalls: { slug: string; label: string; lessons: number }[];
  evidence: Partial<Record<EvidenceKind, number>>;
  contested: boolean;
};

export type DigestReply = {
  total: number;
  requester: {
    unitId: string | null;
    unitName: string | null;
    context: Record<string, Labelled[]>;
  };
  labelLanguage: Language;
  generatedAt: string;
  mechanisms: MechanismDigest[];
};

/**
 * Statements are drawn from this many lessons per mechanism, those closest to the requester's
 * context: reading and splitting every lesson's text would not fit the 60 ms budget at 5,000 lessons.
 */
export const STATEMENT_SAMPLE = 20;
/** Statements per mechanism: enough to show the range of reasons, few enough to read in a meeting. */
export const STATEMENTS_PER_MECHANISM = 4;
/** Coping texts shown per pressure. */
export const COPING_PER_PRESSURE = 3;
/** A context term is listed under worksIn/failsIn only when at least this many lessons carry it. */
export const MIN_CONTRAST_LESSONS = 2;
/** …and its share among one side's lessons exceeds its share among the other side's by this much. */
export const MIN_SHARE_DIFFERENCE = 0.25;
/** worksIn and failsIn list at most this many terms each. */
export const MAX_CONTRASTS = 5;
/** A lesson this similar to the requester's context (0..1) counts as being "in a context like yours". */
export const CONTESTED_SIMILARITY = 0.5;
/**
 * A lesson's weight in a mechanism's relevance is FLOOR + (1 − FLOOR) × its context similarity: a
 * lesson from the requester's own kind of context counts fully, one from elsewhere still a little,
 * since a mechanism often travels where a recipe does not.
 */
export const RELEVANCE_FLOOR = 0.2;

type TermInfo = { facet: string; slug: string; kind: string | undefined };
type Scored = { doc: IndexedLesson; similarity: number };
type Group = {
  termId: string;
  docs: Scored[];
  relevance: number;
  outcomes: Record<Direction, number>;
  evidence: Map<EvidenceKind, number>;
  adaptations: { worked: number; partly: number; didNotWork: number };
  /** Per context term: lessons with a positive / negative overall direction carrying it. */
  contexts: Map<string, { positive: number; negative: number }>;
  pressures: Map<string, number>;
  pitfalls: Map<string, number>;
  positiveNearby: boolean;
  negativeNearby: boolean;
};
type SentenceCandidate = Candidate & { lessonId: string; source: "summary" | "why" };

export type DigestService = ReturnType<typeof createDigestService>;

export function createDigestService(deps: {
  filter: Pick<FilterService, "matchingLessons">;
  lessons: Pick<LessonService, "getMany">;
  vocabulary: Pick<VocabularyService, "termById" | "facetKind" | "relatedTerms" | "findTerm">;
  units: Pick<UnitService, "find">;
  ranking: RankingConfig;
  clock: Clock;
}) {
  const { vocabulary, ranking } = deps;

  function newGroup(termId: string): Group {
    return {
      termId,
      docs: [],
      relevance: 0,
      outcomes: { positive: 0, mixed: 0, negative: 0, none: 0 },
      evidence: new Map(),
      adaptations: { worked: 0, partly: 0, didNotWork: 0 },
      contexts: new Map(),
      pressures: new Map(),
      pitfalls: new Map(),
      positiveNearby: false,
      negativeNearby: false,
    };
  }

  /**
   * worksIn: context terms whose share among the mechanism's positive lessons exceeds their share
   * among its negative lessons by MIN_SHARE_DIFFERENCE, carried by at least MIN_CONTRAST_LESSONS
   * positive lessons; failsIn the same the other way round. Mixed and none lessons take no side.
   * A mechanism without negative lessons lists where it worked (every share among negatives is 0).
   */
  function contrasts(group: Group, terms: (id: string) => TermInfo, language: Language | undefined) {
    const positives = group.outcomes.positive;
    const negatives = group.outcomes.negative;
    const worksIn: (ContextContrast & { difference: number })[] = [];
    const failsIn: (ContextContrast & { difference: number })[] = [];
    for (const [termId, { positive, negative }] of group.contexts) {
      const positiveShare = positives > 0 ? positive / positives : 0;
      const negativeShare = negatives > 0 ? negative / negatives : 0;
      const difference = positiveShare - negativeShare;
      const info = terms(termId);
      const entry = {
        facet: info.facet,
        slug: info.slug,
        label: label(info.facet, info.slug, language),
        positive,
        negative,
      };
      if (positive >= MIN_CONTRAST_LESSONS && difference >= MIN_SHARE_DIFFERENCE)
        worksIn.push({ ...entry, difference });
      else if (negative >= MIN_CONTRAST_LESSONS && -difference >= MIN_SHARE_DIFFERENCE)
        failsIn.push({ ...entry, difference: -difference });
    }
    const strongest = (list: (ContextContrast & { difference: number })[], count: "positive" | "negative") =>
      list
        .sort((a, b) => b.difference - a.difference || b[count] - a[count] || a.slug.localeCompare(b.slug))
        .slice(0, MAX_CONTRASTS)
        .map(({ difference: _difference, ...rest }) => rest);
    return { worksIn: strongest(worksIn, "positive"), failsIn: strongest(failsIn, "negative") };
  }

  function label(facet: string, slug: string, language: Language | undefined): string {
    const term = vocabulary.findTerm(facet, slug);
    return term ? labelIn(term.labels, language) : slug;
  }

  return {
    /** The digest of every lesson `request` matches (the same set POST /v1/filter returns). */
    digest(request: FilterRequest, options: { labels?: Language | undefined } = {}): DigestReply {
      const language = options.labels;
      const { lessons, requesterTermIds } = deps.filter.matchingLessons(request);
      const similarity = contextSimilarity(requesterTermIds, { vocabulary, ranking });
      // without a requester every lesson is "in the requester's context": nothing narrows it
      const similarityOf = (doc: IndexedLesson) => (similarity.hasContext ? similarity.of(doc) : 1);

      const termInfo = new Map<string, TermInfo>();
      const terms = (id: string): TermInfo => {
        let info = termInfo.get(id);
        if (!info) {
          const term = vocabulary.termById(id);
          info = term
            ? { facet: term.facet, slug: term.slug, kind: vocabulary.facetKind(term.facet) }
            : { facet: "", slug: id, kind: undefined };
          termInfo.set(id, info);
        }
        return info;
      };

      // one pass over the matching lessons: every count of every mechanism
      const groups = new Map<string, Group>();
      for (const doc of lessons) {
        const sim = similarityOf(doc);
        const scored = { doc, similarity: sim };
        const mechanisms: string[] = [];
        const contexts: string[] = [];
        const pressures: string[] = [];
        const pitfalls: string[] = [];
        for (const termId of doc.termIds) {
          const kind = terms(termId).kind;
          if (kind === "mechanism") mechanisms.push(termId);
          else if (kind === "context") contexts.push(termId);
          else if (kind === "pressure") pressures.push(termId);
          else if (kind === "pitfall") pitfalls.push(termId);
        }
        const direction = doc.outcomeDirection;
        const nearby = sim >= CONTESTED_SIMILARITY;
        for (const termId of mechanisms) {
          let group = groups.get(termId);
          if (!group) {
            group = newGroup(termId);
            groups.set(termId, group);
          }
          group.docs.push(scored);
          group.relevance += lessonWeight(sim);
          group.outcomes[direction]++;
          group.evidence.set(doc.evidence, (group.evidence.get(doc.evidence) ?? 0) + 1);
          group.adaptations.worked += doc.adaptations.worked;
          group.adaptations.partly += doc.adaptations.partly;
          group.adaptations.didNotWork += doc.adaptations.didNotWork;
          if (direction === "positive" || direction === "negative") {
            for (const contextId of contexts) {
              const counts = group.contexts.get(contextId) ?? { positive: 0, negative: 0 };
              counts[direction]++;
              group.contexts.set(contextId, counts);
            }
          }
          for (const pressureId of pressures)
            group.pressures.set(pressureId, (group.pressures.get(pressureId) ?? 0) + 1);
          for (const pitfallId of pitfalls)
            group.pitfalls.set(pitfallId, (group.pitfalls.get(pitfallId) ?? 0) + 1);
          // contested: it both worked and failed in contexts like the requester's
          if (nearby && direction === "positive") group.positiveNearby = true;
          if (nearby && direction === "negative") group.negativeNearby = true;
        }
      }

      // most similar to the requester first; then newer, then by doc id for a stable order
      const bySimilarity = (a: Scored, b: Scored) =>
        b.similarity - a.similarity || b.doc.publishedAt - a.doc.publishedAt || a.doc.docId - b.doc.docId;
      for (const group of groups.values()) group.docs.sort(bySimilarity);

      // the texts of every mechanism's sample, read in one query
      const weights = new Map<string, number>();
      for (const group of groups.values())
        for (const { doc, similarity } of group.docs.slice(0, STATEMENT_SAMPLE))
          weights.set(doc.lessonId, lessonWeight(similarity));
      const texts = new Map(deps.lessons.getMany([...weights.keys()]).map((lesson) => [lesson.id, lesson]));
      const sentenceCache = new Map<string, SentenceCandidate[]>();
      const sentencesOf = (lesson: Lesson): SentenceCandidate[] => {
        let cached = sentenceCache.get(lesson.id);
        if (!cached) {
          // a sentence from a lesson in a context like the reader's counts for more
          const extra = { group: lesson.id, lessonId: lesson.id, weight: weights.get(lesson.id) ?? 1 };
          cached = [
            ...statementCandidates(lesson.summary, lesson.language, { ...extra, source: "summary" as const }),
            ...statementCandidates(lesson.why, lesson.language, { ...extra, source: "why" as const }),
          ];
          sentenceCache.set(lesson.id, cached);
        }
        return cached;
      };

      const mechanisms = [...groups.values()]
        .sort(
          (a, b) =>
            b.relevance - a.relevance ||
            b.docs.length - a.docs.length ||
            terms(a.termId).slug.localeCompare(terms(b.termId).slug),
        )
        .map((group): MechanismDigest => {
          const mechanism = terms(group.termId);
          const sample = group.docs
            .slice(0, STATEMENT_SAMPLE)
            .flatMap(({ doc }) => texts.get(doc.lessonId) ?? []);
          const statements = representativeStatements(sample.flatMap(sentencesOf), {
            max: STATEMENTS_PER_MECHANISM,
          }).map(({ text, lessonId, source }) => ({ text, lessonId, source }));
          return {
            mechanism: { slug: mechanism.slug, label: label(mechanism.facet, mechanism.slug, language) },
            lessons: group.docs.length,
            lessonIds: group.docs.map(({ doc }) => doc.lessonId),
            relevance: round(group.relevance),
            outcomes: group.outcomes,
            ...contrasts(group, terms, language),
            statements,
            adaptations: group.adaptations,
            pressures: [...group.pressures]
              .sort(([a, m], [b, n]) => n - m || terms(a).slug.localeCompare(terms(b).slug))
              .map(([pressureId, count]) => {
                const pressure = terms(pressureId);
                return {
                  slug: pressure.slug,
                  label: label(pressure.facet, pressure.slug, language),
                  lessons: count,
                  coping: copingTexts(sample, pressure.slug),
                };
              }),
            pitfalls: [...group.pitfalls]
              .sort(([a, m], [b, n]) => n - m || terms(a).slug.localeCompare(terms(b).slug))
              .map(([pitfallId, count]) => {
                const pitfall = terms(pitfallId);
                return {
                  slug: pitfall.slug,
                  label: label(pitfall.facet, pitfall.slug, language),
                  lessons: count,
                };
              }),
            evidence: Object.fromEntries(
              EVIDENCE_KINDS.flatMap((kind) => {
                const n = group.evidence.get(kind);
                return n ? [[kind, n]] : [];
              }),
            ),
            contested: group.positiveNearby && group.negativeNearby,
          };
        });

      const context: Record<string, Labelled[]> = {};
      for (const id of requesterTermIds) {
        const info = terms(id);
        const labelled = { slug: info.slug, label: label(info.facet, info.slug, language) };
        context[info.facet] = [...(context[info.facet] ?? []), labelled];
      }
      const unit = request.unitId ? deps.units.find(request.unitId) : undefined;
      return {
        total: lessons.length,
        requester: { unitId: unit?.id ?? null, unitName: unit?.name ?? null, context },
        labelLanguage: language ?? "en",
        generatedAt: deps.clock.now().toISOString(),
        mechanisms,
      };
    },
  };
}

/** How much a lesson counts for the requester: see RELEVANCE_FLOOR. */
function lessonWeight(contextSimilarity: number): number {
  return RELEVANCE_FLOOR + (1 - RELEVANCE_FLOOR) * contextSimilarity;
}

/**
 * A few of the coping texts the lessons recorded for pressure `slug` (never their coping for another
 * pressure), in sample order (closest to the requester first), near-duplicates left out.
 */
function copingTexts(lessons: readonly Lesson[], slug: string): string[] {
  const chosen: { text: string; vector: ReturnType<typeof termVector> }[] = [];
  for (const lesson of lessons) {
    if (chosen.length >= COPING_PER_PRESSURE) break;
    const text = lesson.pressures.find((p) => p.term === slug)?.coping?.trim();
    if (!text) continue;
    const vector = termVector(text, lesson.language);
    const seen = chosen.some(
      (c) =>
        c.text.toLowerCase() === text.toLowerCase() ||
        similarity(c.vector, vector) > NEAR_DUPLICATE_SIMILARITY,
    );
    if (!seen) chosen.push({ text, vector });
  }
  return chosen.map((c) => c.text);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
