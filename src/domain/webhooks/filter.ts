// A webhook's optional filter: the facet part of the /v1/filter input, `{ filters: { <facet>: [slug] } }`.
// An event about a lesson (lesson.*, adaptation.*, escalation.*) is delivered only when the lesson
// carries the terms: OR inside a facet, AND across facets, a parent term including its children — the
// same reading as /v1/filter. Events about no lesson (routine.agenda_ready) are not filtered.
import type { VocabularyService } from "../vocabulary.js";

export type WebhookFilter = { filters?: Record<string, string[]> | undefined };

/** Checks every facet and slug of a filter at once (422 at /filter/filters/…, with suggestions). */
export function checkFilter(
  vocabulary: Pick<VocabularyService, "resolver" | "facetKind" | "listFacets">,
  filter: WebhookFilter,
): void {
  const check = vocabulary.resolver();
  for (const [facet, slugs] of Object.entries(filter.filters ?? {})) {
    const pointer = `/filter/filters/${facet.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    if (!vocabulary.facetKind(facet)) {
      check.problem({
        pointer,
        code: "unknown_facet",
        message: `Unknown facet '${facet}'. Facets: ${vocabulary
          .listFacets()
          .map((f) => `'${f.slug}'`)
          .join(", ")}.`,
      });
      continue;
    }
    check.terms(facet, slugs, pointer);
  }
  check.throwIfProblems();
}

/**
 * Does a lesson carrying `lessonTermIds` pass `filter`? Each facet of the filter needs one of its terms
 * (or a term below one) on the lesson. Terms retired since the filter was saved still count.
 */
export function passesFilter(
  vocabulary: Pick<VocabularyService, "findTerm" | "withDescendants">,
  filter: WebhookFilter | null,
  lessonTermIds: ReadonlySet<string>,
): boolean {
  for (const [facet, slugs] of Object.entries(filter?.filters ?? {})) {
    const allowed = slugs.flatMap((slug) => {
      const term = vocabulary.findTerm(facet, slug);
      return term ? vocabulary.withDescendants(term.id) : [];
    });
    if (!allowed.some((termId) => lessonTermIds.has(termId))) return false;
  }
  return true;
}
