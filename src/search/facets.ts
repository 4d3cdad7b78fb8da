// The in-memory lesson index: per lesson the fields filtering and ranking need, and one bitset per
// controlled term and per field value (status, outcome direction, evidence, stage, language), so
// filters and facet counts are bitset operations. Derived from the database: rebuilt at start and
// updated after each committed write.

import { type Direction, type LessonStatus, overallDirection, type Visibility } from "../words.js";
import type { Language } from "./analyze.js";
import { type AndCounter, andCounter } from "./and-count.js";
import { Bitset } from "./bitset.js";
import { type AdaptationCounts, adaptationScore, EVIDENCE_KINDS, type EvidenceKind } from "./rank.js";

export { type Direction, overallDirection };
/** The fields besides controlled terms that a filter can restrict and count. */
export const FIELD_FACETS = ["outcomeDirection", "evidence", "stage", "language"] as const;
export type FieldFacet = (typeof FIELD_FACETS)[number];

export type IndexedLesson = {
  docId: number;
  lessonId: string;
  unitId: string;
  /** Where the lesson sits and who may see it: what the access rule asks of a lesson. */
  organisationId: string;
  status: LessonStatus;
  visibility: Visibility;
  published: boolean;
  language: Language;
  stage: string;
  evidence: EvidenceKind;
  /** The lesson's overall direction (see overallDirection). */
  outcomeDirection: Direction;
  /** Epoch ms of publication (0 when never published). */
  publishedAt: number;
  termIds: readonly string[];
  adaptations: AdaptationCounts;
};

export class LessonIndex {
  private readonly docs: (IndexedLesson | undefined)[] = [];
  private readonly docIds = new Map<string, number>();
  /** Published lessons: the only ones a filter ever returns. */
  readonly published = new Bitset();
  private readonly byTerm = new Map<string, Bitset>();
  private readonly byField = new Map<string, Bitset>();
  /** Lessons (any status) per visibility, per visibility and organisation, per visibility and unit. */
  private readonly byPlace = new Map<string, Bitset>();
  /** Per doc id, as columns for the ranking loop: evidence kind (index in EVIDENCE_KINDS), … */
  evidenceCode = new Uint8Array(1024);
  /** …publication time (epoch ms), … */
  publishedAt = new Float64Array(1024);
  /** …and adaptationScore of its adaptations. */
  adaptation = new Float32Array(1024);

  private ensureColumns(docId: number): void {
    if (docId < this.evidenceCode.length) return;
    const length = Math.max(docId + 1, this.evidenceCode.length * 2);
    const grow = <T extends Uint8Array | Float64Array | Float32Array>(old: T, make: (n: number) => T) => {
      const next = make(length);
      next.set(old);
      return next;
    };
    this.evidenceCode = grow(this.evidenceCode, (n) => new Uint8Array(n));
    this.publishedAt = grow(this.publishedAt, (n) => new Float64Array(n));
    this.adaptation = grow(this.adaptation, (n) => new Float32Array(n));
  }

  private writeColumns(doc: IndexedLesson): void {
    this.ensureColumns(doc.docId);
    this.evidenceCode[doc.docId] = EVIDENCE_KINDS.indexOf(doc.evidence);
    this.publishedAt[doc.docId] = doc.publishedAt;
    this.adaptation[doc.docId] = adaptationScore(doc.adaptations);
  }

  // a change counter, not content: private, so snapshots and comparisons of indexes leave it out
  #changes = 0;

  /** Counts changes to the sets (upserts and removals): sets derived from them are good while it stays. */
  get version(): number {
    return this.#changes;
  }

  get size(): number {
    return this.docIds.size;
  }

  /** One past the highest doc id: the length per-doc arrays need. */
  get capacity(): number {
    return this.docs.length;
  }

  get(docId: number): IndexedLesson | undefined {
    return this.docs[docId];
  }

  docIdOf(lessonId: string): number | undefined {
    return this.docIds.get(lessonId);
  }

  termSet(termId: string): Bitset | undefined {
    return this.byTerm.get(termId);
  }

  fieldSet(facet: FieldFacet, value: string): Bitset | undefined {
    return this.byField.get(`${facet}:${value}`);
  }

  /**
   * The lessons (any status) of one visibility — of every place, or of one organisation or unit.
   * Read-only: it is the index's own set.
   */
  placeSet(
    visibility: Visibility,
    place: { organisationId: string } | { unitId: string } | "all",
  ): Bitset | undefined {
    return this.byPlace.get(placeKey(visibility, place));
  }

  upsert(doc: IndexedLesson): void {
    this.remove(doc.docId);
    this.#changes++;
    this.docs[doc.docId] = doc;
    this.docIds.set(doc.lessonId, doc.docId);
    this.writeColumns(doc);
    if (doc.published) this.published.add(doc.docId);
    for (const termId of doc.termIds) setFor(this.byTerm, termId).add(doc.docId);
    for (const [facet, value] of fieldValues(doc)) setFor(this.byField, `${facet}:${value}`).add(doc.docId);
    for (const key of placeKeys(doc)) setFor(this.byPlace, key).add(doc.docId);
  }

  remove(docId: number): void {
    const old = this.docs[docId];
    if (!old) return;
    this.#changes++;
    this.published.delete(docId);
    for (const termId of old.termIds) this.byTerm.get(termId)?.delete(docId);
    for (const [facet, value] of fieldValues(old)) this.byField.get(`${facet}:${value}`)?.delete(docId);
    for (const key of placeKeys(old)) this.byPlace.get(key)?.delete(docId);
    this.docIds.delete(old.lessonId);
    this.docs[docId] = undefined;
  }

  setAdaptations(lessonId: string, adaptations: AdaptationCounts): void {
    const docId = this.docIds.get(lessonId);
    const doc = docId === undefined ? undefined : this.docs[docId];
    if (!doc) return;
    this.docs[doc.docId] = { ...doc, adaptations };
    this.adaptation[doc.docId] = adaptationScore(adaptations);
  }
}

function fieldValues(doc: IndexedLesson): [FieldFacet, string][] {
  return [
    ["outcomeDirection", doc.outcomeDirection],
    ["evidence", doc.evidence],
    ["stage", doc.stage],
    ["language", doc.language],
  ];
}

function placeKey(
  visibility: Visibility,
  place: { organisationId: string } | { unitId: string } | "all",
): string {
  if (place === "all") return visibility;
  return "unitId" in place
    ? `${visibility} unit ${place.unitId}`
    : `${visibility} org ${place.organisationId}`;
}

function placeKeys(doc: IndexedLesson): string[] {
  return [
    placeKey(doc.visibility, "all"),
    placeKey(doc.visibility, { organisationId: doc.organisationId }),
    placeKey(doc.visibility, { unitId: doc.unitId }),
  ];
}

function setFor(map: Map<string, Bitset>, key: string): Bitset {
  let set = map.get(key);
  if (!set) {
    set = new Bitset();
    map.set(key, set);
  }
  return set;
}

let simd: AndCounter | null | undefined;

/**
 * |scope ∩ set| for many sets over the same few scopes, each scope read once: a sparse scope visits only
 * its occupied words; a dense one is counted with WebAssembly SIMD where there is, up to its last
 * occupied word (the index's sets grow by doubling, so their last quarter is often empty).
 */
function scopeCounter(): (scope: Bitset) => (set: Bitset) => number {
  if (simd === undefined) simd = andCounter() ?? null;
  const counter = simd;
  const read = new Map<Bitset, { words: Int32Array | undefined; span: number }>();
  let loaded: Bitset | undefined;
  return (scope) => {
    let shape = read.get(scope);
    if (!shape) {
      shape = { words: scope.occupiedWords(), span: scope.span() };
      read.set(scope, shape);
    }
    const { words, span } = shape;
    if (words) return (set) => scope.intersectionCountAt(set, words);
    if (!counter) return (set) => scope.intersectionCount(set, span);
    return (set) => {
      if (loaded !== scope) {
        counter.load(scope.words, span);
        loaded = scope;
      }
      return counter.count(set.words);
    };
  };
}

/** A constraint on one facet: the lessons it allows (the union of its values' sets). */
export type FacetConstraint = { facet: string; allowed: Bitset };

/**
 * Facet counts as search UIs expect them: each facet is counted over the lessons matching every
 * constraint except its own, so choosing a value does not hide the others of the same facet.
 */
export function disjunctiveCounts(
  base: Bitset,
  constraints: readonly FacetConstraint[],
  facets: readonly { facet: string; values: readonly { key: string; set: Bitset | undefined }[] }[],
): Record<string, Record<string, number>> {
  const all = base.clone();
  for (const c of constraints) all.and(c.allowed);
  const counts: Record<string, Record<string, number>> = {};
  const countIn = scopeCounter();
  for (const { facet, values } of facets) {
    const own = constraints.filter((c) => c.facet === facet);
    let scope = all;
    if (own.length > 0) {
      scope = base.clone();
      for (const c of constraints) if (c.facet !== facet) scope.and(c.allowed);
    }
    const count = countIn(scope);
    const facetCounts: Record<string, number> = {};
    for (const { key, set } of values) {
      const n = set ? count(set) : 0;
      if (n > 0) facetCounts[key] = n;
    }
    counts[facet] = facetCounts;
  }
  return counts;
}
