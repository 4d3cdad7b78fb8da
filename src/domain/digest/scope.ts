// Which of the matching lessons a digest covers: by default those that share the requester's service
// area or user group, where a parent or a child of the requester's term counts too ("elder care"
// covers "home care" and the other way round); `scope: "all"` covers every matching lesson.
import type { IndexedLesson } from "../../search/facets.js";
import type { VocabularyService } from "../vocabulary.js";
import { type DigestScope, SCOPE_DIMENSIONS } from "./types.js";

type Vocabulary = Pick<VocabularyService, "termById" | "withDescendants">;

export type ScopePlan = {
  requested: DigestScope;
  applied: DigestScope;
  /** The requester's terms on the scope dimensions. */
  basis: string[];
  /** Lessons carrying one of these are in scope: the basis, their descendants and their ancestors. */
  termIds: ReadonlySet<string>;
};

/** The scope for a requester's context term ids. */
export function planScope(
  requested: DigestScope,
  requesterTermIds: readonly string[],
  vocabulary: Vocabulary,
): ScopePlan {
  const dimensions: readonly string[] = SCOPE_DIMENSIONS;
  const basis = requesterTermIds.filter((id) => dimensions.includes(vocabulary.termById(id)?.facet ?? ""));
  if (requested === "all" || basis.length === 0)
    return { requested, applied: "all", basis, termIds: new Set() };
  const termIds = new Set<string>();
  for (const id of basis) {
    for (const below of vocabulary.withDescendants(id)) termIds.add(below);
    for (
      let parent = vocabulary.termById(id)?.parentId;
      parent;
      parent = vocabulary.termById(parent)?.parentId
    ) {
      if (termIds.has(parent)) break;
      termIds.add(parent);
    }
  }
  return { requested, applied: "context", basis, termIds };
}

/** The lessons in scope, in their order, and how many were left out. */
export function applyScope(
  lessons: readonly IndexedLesson[],
  scope: ScopePlan,
): { inScope: IndexedLesson[]; leftOut: number } {
  if (scope.applied === "all") return { inScope: [...lessons], leftOut: 0 };
  const inScope = lessons.filter((doc) => doc.termIds.some((id) => scope.termIds.has(id)));
  return { inScope, leftOut: lessons.length - inScope.length };
}
