// The digest's counting step: one pass over the lessons in scope puts each under every mechanism it
// names, with its outcome direction, evidence, adaptation counts, contexts, pressures and pitfalls.
import type { IndexedLesson } from "../../search/facets.js";
import type { Direction, EvidenceKind } from "../../words.js";
import {
  CONTESTED_SIMILARITY,
  type ContextContrast,
  MIN_CONTRAST_LESSONS,
  MIN_SHARE_DIFFERENCE,
} from "./types.js";

export type TermInfo = { facet: string; slug: string; kind: string | undefined };
export type Scored = { doc: IndexedLesson; similarity: number; weight: number };
export type Group = {
  termId: string;
  /** Closest to the requester first (see bySimilarity). */
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

const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** A lesson's terms by the kind of their facet. */
type Split = { mechanisms: string[]; contexts: string[]; pressures: string[]; pitfalls: string[] };

function split(doc: IndexedLesson, kindOf: (termId: string) => string | undefined): Split {
  const out: Split = { mechanisms: [], contexts: [], pressures: [], pitfalls: [] };
  for (const termId of doc.termIds) {
    const kind = kindOf(termId);
    if (kind === "mechanism") out.mechanisms.push(termId);
    else if (kind === "context") out.contexts.push(termId);
    else if (kind === "pressure") out.pressures.push(termId);
    else if (kind === "pitfall") out.pitfalls.push(termId);
  }
  return out;
}

function add(group: Group, scored: Scored, terms: Split): void {
  const { doc, similarity } = scored;
  const direction = doc.outcomeDirection;
  group.docs.push(scored);
  group.relevance += scored.weight;
  group.outcomes[direction]++;
  group.evidence.set(doc.evidence, (group.evidence.get(doc.evidence) ?? 0) + 1);
  group.adaptations.worked += doc.adaptations.worked;
  group.adaptations.partly += doc.adaptations.partly;
  group.adaptations.didNotWork += doc.adaptations.didNotWork;
  if (direction === "positive" || direction === "negative") {
    for (const contextId of terms.contexts) {
      let counts = group.contexts.get(contextId);
      if (!counts) {
        counts = { positive: 0, negative: 0 };
        group.contexts.set(contextId, counts);
      }
      counts[direction]++;
    }
  }
  for (const pressureId of terms.pressures) increment(group.pressures, pressureId);
  for (const pitfallId of terms.pitfalls) increment(group.pitfalls, pitfallId);
  // contested: it both worked and failed in contexts like the requester's
  if (similarity >= CONTESTED_SIMILARITY) {
    if (direction === "positive") group.positiveNearby = true;
    else if (direction === "negative") group.negativeNearby = true;
  }
}

/** Most similar to the requester first; then newer, then by doc id for a stable order. */
const bySimilarity = (a: Scored, b: Scored) =>
  b.similarity - a.similarity || b.doc.publishedAt - a.doc.publishedAt || a.doc.docId - b.doc.docId;

/** Every mechanism's group, most relevant first (then the larger, then by slug). */
export function groupByMechanism(lessons: readonly Scored[], terms: (termId: string) => TermInfo): Group[] {
  const kindOf = (termId: string) => terms(termId).kind;
  const groups = new Map<string, Group>();
  // sorted once, so that every group receives its lessons closest first
  for (const scored of [...lessons].sort(bySimilarity)) {
    const split_ = split(scored.doc, kindOf);
    for (const termId of split_.mechanisms) {
      let group = groups.get(termId);
      if (!group) {
        group = newGroup(termId);
        groups.set(termId, group);
      }
      add(group, scored, split_);
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.relevance - a.relevance ||
      b.docs.length - a.docs.length ||
      terms(a.termId).slug.localeCompare(terms(b.termId).slug),
  );
}

type Contrast = Omit<ContextContrast, "label"> & { difference: number };

/**
 * worksIn: context terms whose share among the mechanism's positive lessons exceeds their share
 * among its negative lessons by MIN_SHARE_DIFFERENCE, carried by at least MIN_CONTRAST_LESSONS
 * positive lessons; failsIn the same the other way round. Mixed and none lessons take no side.
 * A mechanism without negative lessons lists where it worked (every share among negatives is 0).
 */
export function contrasts(
  group: Group,
  terms: (termId: string) => TermInfo,
  max: number,
): { worksIn: Omit<ContextContrast, "label">[]; failsIn: Omit<ContextContrast, "label">[] } {
  const positives = group.outcomes.positive;
  const negatives = group.outcomes.negative;
  const worksIn: Contrast[] = [];
  const failsIn: Contrast[] = [];
  for (const [termId, { positive, negative }] of group.contexts) {
    const difference =
      (positives > 0 ? positive / positives : 0) - (negatives > 0 ? negative / negatives : 0);
    const { facet, slug } = terms(termId);
    if (positive >= MIN_CONTRAST_LESSONS && difference >= MIN_SHARE_DIFFERENCE)
      worksIn.push({ facet, slug, positive, negative, difference });
    else if (negative >= MIN_CONTRAST_LESSONS && -difference >= MIN_SHARE_DIFFERENCE)
      failsIn.push({ facet, slug, positive, negative, difference: -difference });
  }
  const strongest = (list: Contrast[], count: "positive" | "negative") =>
    list
      .sort((a, b) => b.difference - a.difference || b[count] - a[count] || a.slug.localeCompare(b.slug))
      .slice(0, max)
      .map(({ difference: _difference, ...rest }) => rest);
  return { worksIn: strongest(worksIn, "positive"), failsIn: strongest(failsIn, "negative") };
}
