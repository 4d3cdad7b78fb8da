// The controlled vocabulary: facets (mechanism, outcome, pressure, approach, pitfall and the context dimensions)
// and their terms. Keeps an in-memory copy of every term and the vocabulary index, updated after each
// commit, and resolves slugs in requests to terms, collecting unknown ones with suggestions.
import { asc, eq } from "drizzle-orm";
import { distance as editDistance } from "fastest-levenshtein";
import type { Db, Tx } from "../db/database.js";
import { facets, type LocalizedList, type LocalizedText, terms } from "../db/schema.js";
import { FIELD_FACETS } from "../search/facets.js";
import { type IndexedTerm, type Language, VocabularyIndex } from "../search/vocabulary-index.js";
import type { Actor, AuditAction, AuditLog } from "./audit.js";
import type { Clock } from "./clock.js";
import {
  Conflict,
  type FieldProblem,
  NotFound,
  type TermSuggestion,
  UnknownTerm,
  Unprocessable,
} from "./errors.js";
import { newId } from "./ids.js";
import { definedFields } from "./patch.js";
import { checkVersion } from "./versioning.js";
import { mayAdminister, requireRight } from "./write-access.js";

export type FacetKind = (typeof facets.$inferSelect)["kind"];
export const FACET_KINDS = [
  "context",
  "mechanism",
  "outcome",
  "pressure",
  "approach",
  "pitfall",
] as const satisfies readonly FacetKind[];
export type TermStatus = (typeof terms.$inferSelect)["status"];
type TermRow = typeof terms.$inferSelect;
type FacetRow = typeof facets.$inferSelect;

export type Term = {
  facet: string;
  slug: string;
  labels: LocalizedText;
  synonyms: LocalizedList;
  description: string | null;
  parent: string | null;
  status: TermStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type Facet = {
  slug: string;
  kind: FacetKind;
  labels: LocalizedText;
  description: string | null;
  terms: Term[];
};

export type TermInput = {
  slug: string;
  labels: LocalizedText;
  synonyms?: LocalizedList | undefined;
  parent?: string | null | undefined;
  description?: string | null | undefined;
  status?: TermStatus | undefined;
};

export type TermPatch = Partial<Omit<TermInput, "slug" | "labels">> & {
  labels?: Partial<LocalizedText> | undefined;
};

export type FacetInput = { slug: string; labels: LocalizedText; description?: string | null | undefined };

/** Picks a label in the wanted language, falling back to English. */
export function labelIn(labels: LocalizedText, language: Language | undefined): string {
  return (language && labels[language]) || labels.en;
}

export type VocabularyService = ReturnType<typeof createVocabularyService>;

export function createVocabularyService({
  db,
  clock,
  audit,
}: {
  db: Db;
  clock: Clock;
  audit: Pick<AuditLog, "append">;
}) {
  /** The vocabularies are the installation's: only admins add facets and add or change terms. */
  function authorise(actor: Actor | undefined): void {
    if (actor) requireRight(mayAdminister(actor.principal), "Only an admin key changes the vocabularies.");
  }

  /** Terms are named `facet/slug` in the log, as in their path; a slug never changes. */
  function logChange(
    tx: Tx,
    actor: Actor | undefined,
    action: AuditAction,
    resourceId: string,
    versions: { before: number | null; after: number | null },
  ) {
    if (!actor) return;
    audit.append(tx, {
      actor,
      action,
      resourceType: action === "facet.create" ? "facet" : "term",
      resourceId,
      organisationId: null,
      versionBefore: versions.before,
      versionAfter: versions.after,
    });
  }

  const facetsBySlug = new Map<string, FacetRow>();
  const termsById = new Map<string, TermRow>();
  const termsByKey = new Map<string, TermRow>();
  let index = new VocabularyIndex();
  const key = (facet: string, slug: string) => `${facet}\u0000${slug}`;
  /** Counts changes to the terms, so that what is derived from them knows when to derive it again. */
  let revision = 0;
  /** Each term's children, derived from the terms when first asked for after a change. */
  let childrenById: Map<string, string[]> | undefined;
  const childrenOf = (termId: string): readonly string[] => {
    if (!childrenById) {
      childrenById = new Map();
      for (const row of termsById.values())
        if (row.parentId) childrenById.set(row.parentId, [...(childrenById.get(row.parentId) ?? []), row.id]);
    }
    return childrenById.get(termId) ?? [];
  };
  const changed = () => {
    revision++;
    childrenById = undefined;
  };

  function toIndexed(row: TermRow): IndexedTerm {
    return {
      id: row.id,
      facet: row.facet,
      slug: row.slug,
      labels: row.labels,
      synonyms: row.synonyms,
      status: row.status,
    };
  }

  function remember(row: TermRow): void {
    changed();
    const known = termsById.has(row.id);
    termsById.set(row.id, row);
    termsByKey.set(key(row.facet, row.slug), row);
    if (known) index.replace(toIndexed(row));
    else index.add(toIndexed(row));
  }

  /** (Re)loads every facet and term from the database; called at start. */
  function load(): void {
    changed();
    facetsBySlug.clear();
    termsById.clear();
    termsByKey.clear();
    for (const row of db.select().from(facets).orderBy(asc(facets.position), asc(facets.slug)).all()) {
      facetsBySlug.set(row.slug, row);
    }
    const rows = db
      .select()
      .from(terms)
      .orderBy(asc(terms.facet), asc(terms.createdAt), asc(terms.slug))
      .all();
    for (const row of rows) {
      termsById.set(row.id, row);
      termsByKey.set(key(row.facet, row.slug), row);
    }
    index = new VocabularyIndex(rows.map(toIndexed));
  }

  function toTerm(row: TermRow): Term {
    return {
      facet: row.facet,
      slug: row.slug,
      labels: row.labels,
      synonyms: row.synonyms,
      description: row.description,
      parent: row.parentId ? (termsById.get(row.parentId)?.slug ?? null) : null,
      status: row.status,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  function requireFacet(slug: string): FacetRow {
    const facet = facetsBySlug.get(slug);
    if (!facet) throw new NotFound("facet", slug);
    return facet;
  }

  function suggestFacets(text: string, kind?: FacetKind): string[] {
    const wanted = text.toLowerCase();
    return [...facetsBySlug.values()]
      .filter((f) => !kind || f.kind === kind)
      .map((f) => f.slug)
      .sort((a, b) => editDistance(a.toLowerCase(), wanted) - editDistance(b.toLowerCase(), wanted));
  }

  /** The terms closest to `text` (in one facet, or all when `facet` is empty), labelled in `language`. */
  function suggestTerms(facet: string, text: string, limit = 3, language?: Language): TermSuggestion[] {
    return index.match(text, { ...(facet ? { facet } : {}), limit }).map((m) => {
      const row = termsById.get(m.termId)!;
      return {
        facet: m.facet,
        slug: m.slug,
        label: labelIn(row.labels, language),
        matchedOn:
          m.matchedOn.field === "slug"
            ? "slug"
            : `${m.matchedOn.language} ${m.matchedOn.field} '${m.matchedOn.text}'`,
      };
    });
  }

  /**
   * Collects term lookups for one request, so every unknown term is reported at once. Retired terms
   * are refused unless `keep` holds them: terms a record already carries stay valid on it.
   */
  function resolver(keep: ReadonlySet<string> = NO_TERMS) {
    const problems: FieldProblem[] = [];
    let unknownTerms = 0;
    return {
      /** The term ids for `slugs` in `facet`, in order; unknown or retired ones become problems. */
      terms(facet: string, slugs: readonly string[], pointer: string): string[] {
        return slugs.flatMap((slug, i) => this.term(facet, slug, `${pointer}/${i}`) ?? []);
      },
      /** The term id for one slug at `pointer`, or undefined (and a problem) when unknown or retired. */
      term(facet: string, slug: string, pointer: string): string | undefined {
        const row = termsByKey.get(key(facet, slug));
        if (row && (row.status !== "retired" || keep.has(row.id))) return row.id;
        unknownTerms++;
        const suggestions = suggestTerms(facet, slug);
        const hint = suggestions.length
          ? ` Did you mean ${suggestions.map((s) => `'${s.slug}'`).join(" or ")}?`
          : ` See GET /v1/vocabularies/${facet} for the terms.`;
        problems.push({
          pointer,
          code: row ? "retired_term" : "unknown_term",
          message: `${row ? "Retired" : "Unknown"} ${facet} term '${slug}'.${hint}`,
          suggestions,
        });
        return undefined;
      },
      /** Term ids for a `{ dimension: [slug] }` context; every key must be a context facet. */
      context(tags: Record<string, readonly string[]>, pointer: string): string[] {
        const ids: string[] = [];
        for (const [dimension, slugs] of Object.entries(tags)) {
          const facet = facetsBySlug.get(dimension);
          if (facet?.kind !== "context") {
            unknownTerms++;
            const dimensions = suggestFacets(dimension, "context");
            problems.push({
              pointer: `${pointer}/${escapePointer(dimension)}`,
              code: "unknown_dimension",
              message: `Unknown context dimension '${dimension}'. The dimensions, closest first: ${dimensions.map((s) => `'${s}'`).join(", ")}.`,
            });
            continue;
          }
          ids.push(...this.terms(dimension, slugs, `${pointer}/${escapePointer(dimension)}`));
        }
        return ids;
      },
      problem(problem: FieldProblem): void {
        problems.push(problem);
      },
      throwIfProblems(): void {
        if (problems.length === 0) return;
        throw unknownTerms > 0 ? new UnknownTerm(problems) : new Unprocessable(problems);
      },
    };
  }

  function getTermRow(facet: string, slug: string): TermRow {
    requireFacet(facet);
    const row = termsByKey.get(key(facet, slug));
    if (!row) throw new NotFound(`${facet} term`, slug);
    return row;
  }

  function parentId(facet: string, parent: string | null | undefined, self?: TermRow): string | null {
    if (!parent) return null;
    const check = resolver();
    const id = check.term(facet, parent, "/parent");
    check.throwIfProblems();
    for (
      let cursor = id ? termsById.get(id) : undefined;
      cursor;
      cursor = cursor.parentId ? termsById.get(cursor.parentId) : undefined
    ) {
      if (self && cursor.id === self.id) {
        throw new Unprocessable([
          {
            pointer: "/parent",
            code: "cycle",
            message: `'${parent}' is below '${self.slug}': a term cannot be its own ancestor.`,
          },
        ]);
      }
    }
    return id ?? null;
  }

  return {
    load,
    get index(): VocabularyIndex {
      return index;
    },
    termCount: () => termsById.size,
    /** Terms besides the pitfall terms, which every database is created with (migration 0004). */
    addedTermCount: (): number => {
      let n = 0;
      for (const row of termsById.values()) if (facetsBySlug.get(row.facet)?.kind !== "pitfall") n++;
      return n;
    },
    hasTerm: (facet: string, slug: string): boolean => termsByKey.has(key(facet, slug)),
    facetKind: (slug: string): FacetKind | undefined => facetsBySlug.get(slug)?.kind,
    contextDimensions: (): string[] =>
      [...facetsBySlug.values()].filter((f) => f.kind === "context").map((f) => f.slug),
    /** Leaves out retired terms: a unit profile keeps them, but new records and rankings do not use them. */
    withoutRetired(tags: Record<string, readonly string[]>): Record<string, string[]> {
      return Object.fromEntries(
        Object.entries(tags).map(([facet, slugs]) => [
          facet,
          slugs.filter((slug) => termsByKey.get(key(facet, slug))?.status !== "retired"),
        ]),
      );
    },

    /** The facet and slug of a term id, from memory. */
    termById: (id: string): TermRow | undefined => termsById.get(id),
    resolver,
    suggestTerms,

    listFacets(): Facet[] {
      const byFacet = new Map<string, Term[]>();
      for (const row of termsById.values()) {
        const list = byFacet.get(row.facet) ?? [];
        list.push(toTerm(row));
        byFacet.set(row.facet, list);
      }
      return [...facetsBySlug.values()].map((f) => ({
        slug: f.slug,
        kind: f.kind,
        labels: f.labels,
        description: f.description,
        terms: byFacet.get(f.slug) ?? [],
      }));
    },

    getFacet(slug: string): Facet {
      requireFacet(slug);
      return this.listFacets().find((f) => f.slug === slug)!;
    },

    /** Adds a context dimension: a new facet of kind "context" (no migration needed). */
    createFacet(input: FacetInput, actor?: Actor): Facet {
      authorise(actor);
      if (facetsBySlug.has(input.slug))
        throw new Conflict(`A facet '${input.slug}' already exists.`, "/slug");
      if (RESERVED_FACETS.includes(input.slug)) {
        throw new Conflict(
          `'${input.slug}' names a built-in filter of lessons; choose another name.`,
          "/slug",
        );
      }
      const row: FacetRow = {
        slug: input.slug,
        kind: "context",
        labels: input.labels,
        description: input.description ?? null,
        position: 100 + facetsBySlug.size,
        createdAt: clock.now().toISOString(),
      };
      db.transaction(
        (tx) => {
          tx.insert(facets).values(row).run();
          logChange(tx, actor, "facet.create", row.slug, { before: null, after: null });
        },
        { behavior: "immediate" },
      );
      facetsBySlug.set(row.slug, row);
      return { ...row, terms: [] };
    },

    getTerm(facet: string, slug: string): Term {
      return toTerm(getTermRow(facet, slug));
    },

    /** With an `actor` (every request) the key must be an admin's, and the change is logged. */
    createTerm(facet: string, input: TermInput, options: { id?: string; tx?: Tx } = {}, actor?: Actor): Term {
      authorise(actor);
      requireFacet(facet);
      if (termsByKey.has(key(facet, input.slug))) {
        throw new Conflict(`The ${facet} term '${input.slug}' already exists.`, "/slug");
      }
      const now = clock.now().toISOString();
      const row: TermRow = {
        id: options.id ?? newId("term"),
        facet,
        slug: input.slug,
        labels: input.labels,
        synonyms: input.synonyms ?? {},
        description: input.description ?? null,
        parentId: parentId(facet, input.parent),
        status: input.status ?? "active",
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const write = (tx: Tx) => {
        tx.insert(terms).values(row).run();
        logChange(tx, actor, "term.create", `${facet}/${row.slug}`, { before: null, after: 1 });
      };
      if (options.tx) write(options.tx);
      else db.transaction(write, { behavior: "immediate" });
      remember(row);
      return toTerm(row);
    },

    updateTerm(facet: string, slug: string, patch: TermPatch, expectedVersion?: number, actor?: Actor): Term {
      authorise(actor);
      const cached = getTermRow(facet, slug);
      const next = db.transaction(
        (tx) => {
          const current = tx.select().from(terms).where(eq(terms.id, cached.id)).get()!;
          checkVersion(current.version, expectedVersion);
          const row: TermRow = {
            ...current,
            labels: patch.labels ? { ...current.labels, ...definedFields(patch.labels) } : current.labels,
            synonyms: patch.synonyms ?? current.synonyms,
            description: patch.description === undefined ? current.description : patch.description,
            parentId: patch.parent === undefined ? current.parentId : parentId(facet, patch.parent, current),
            status: patch.status ?? current.status,
            version: current.version + 1,
            updatedAt: clock.now().toISOString(),
          };
          tx.update(terms).set(row).where(eq(terms.id, current.id)).run();
          const retires = row.status === "retired" && current.status !== "retired";
          logChange(tx, actor, retires ? "term.retire" : "term.update", `${facet}/${slug}`, {
            before: current.version,
            after: row.version,
          });
          return row;
        },
        { behavior: "immediate" },
      );
      remember(next);
      return toTerm(next);
    },

    /** The row of a term by facet and slug, from memory. */
    findTerm: (facet: string, slug: string): TermRow | undefined => termsByKey.get(key(facet, slug)),

    /** The terms next to a term in its hierarchy (parent and children): a match there counts partly. */
    relatedTerms(termId: string): string[] {
      const term = termsById.get(termId);
      if (!term) return [];
      return [...(term.parentId ? [term.parentId] : []), ...childrenOf(termId)];
    },

    /** The stems of a term's labels and synonyms in their languages, for highlighting. */
    nameStems: (termId: string): string[] => index.nameStems(termId),

    /** The ids of a term and every term below it (a parent term includes its children). */
    withDescendants(termId: string): string[] {
      const out = [termId];
      for (let i = 0; i < out.length; i++) out.push(...childrenOf(out[i]!));
      return out;
    },

    /** Changes whenever a term is added or changed (or the vocabulary is read again). */
    get revision(): number {
      return revision;
    },
  };
}

const NO_TERMS: ReadonlySet<string> = new Set();
/** Filter fields of every lesson: a context dimension of the same name would be ambiguous in filters and facets. */
const RESERVED_FACETS: readonly string[] = [...FIELD_FACETS, "publishedAt"];

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
