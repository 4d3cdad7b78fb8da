// The access rule (access.ts, canSee) in the two forms that reads at scale need: the set of a key's
// visible published lessons as a bitset of the search index (filter, suggest, digests, maps, maturity),
// and the places whose lessons it may see as a SQL condition (lists). Both are derived by asking canSee
// about every place — each unit, status and visibility — so they cannot say anything the rule does not.
import type { Db } from "../db/database.js";
import type { PlaceSet, SeenPlaces } from "../db/queries/lesson-visibility.js";
import { type UnitTreeRow, unitTree, unitTreeStamp } from "../db/queries/unit-tree.js";
import { Bitset } from "../search/bitset.js";
import type { LessonIndex } from "../search/facets.js";
import { LESSON_STATUSES, type LessonStatus, VISIBILITIES, type Visibility } from "../words.js";
import { canSee, type LessonPlace, type Principal } from "./access.js";

/** Per status and visibility, where a key sees lessons; `everything` for admins. */
type Places = "everything" | Map<`${LessonStatus} ${Visibility}`, PlaceSet>;

/** Principals whose places are kept between requests: more distinct keys than this start afresh. */
const CACHED_PRINCIPALS = 1000;

export type VisibilityService = ReturnType<typeof createVisibilityService>;

export function createVisibilityService(deps: { db: Db; lessons: () => LessonIndex }) {
  let stamp: string | undefined;
  let units = new Map<string, UnitTreeRow>();
  let byOrganisation = new Map<string, string[]>();
  const paths = new Map<string, string[]>();
  const cache = new Map<string, Places>();

  /** Reads the unit tree again when a unit was created or changed since the last read. */
  function refresh(): void {
    const now = unitTreeStamp(deps.db);
    if (now === stamp) return;
    stamp = now;
    const rows = unitTree(deps.db);
    units = new Map(rows.map((row) => [row.id, row]));
    byOrganisation = new Map();
    for (const row of rows)
      byOrganisation.set(row.organisationId, [...(byOrganisation.get(row.organisationId) ?? []), row.id]);
    paths.clear();
    cache.clear();
  }

  /** The unit and its ancestors, nearest first (the rule's UnitPath), from the tree read last. */
  function unitPath(unitId: string): string[] {
    let path = paths.get(unitId);
    if (!path) {
      path = [];
      for (
        let at = units.get(unitId);
        at && !path.includes(at.id);
        at = at.parentId ? units.get(at.parentId) : undefined
      )
        path.push(at.id);
      paths.set(unitId, path);
    }
    return path;
  }

  /** Where lessons of `status` and `visibility` are seen by `principal`, asked of the rule unit by unit. */
  function placeSet(principal: Principal, status: LessonStatus, visibility: Visibility): PlaceSet {
    const organisationIds: string[] = [];
    const unitIds: string[] = [];
    for (const [organisationId, unitsOf] of byOrganisation) {
      const seen = unitsOf.filter((unitId) =>
        canSee(principal, { unitId, organisationId, status, visibility }, unitPath),
      );
      if (seen.length === unitsOf.length) organisationIds.push(organisationId);
      else unitIds.push(...seen);
    }
    return { all: organisationIds.length === byOrganisation.size, organisationIds, unitIds };
  }

  function placesOf(principal: Principal): Places {
    refresh();
    if (principal.kind === "key" && principal.role === "admin") return "everything";
    const key =
      principal.kind === "anonymous"
        ? "anonymous"
        : [principal.role, principal.organisationId, principal.unitId, ...principal.scopes].join(" ");
    let places = cache.get(key);
    if (!places) {
      places = new Map();
      for (const status of LESSON_STATUSES)
        for (const visibility of VISIBILITIES)
          places.set(`${status} ${visibility}`, placeSet(principal, status, visibility));
      if (cache.size >= CACHED_PRINCIPALS) cache.clear();
      cache.set(key, places);
    }
    return places;
  }

  return {
    /** The rule's UnitPath over the current unit tree. */
    unitPath(unitId: string): string[] {
      refresh();
      return unitPath(unitId);
    },

    /** May `principal` see this one lesson? (canSee, with the current unit tree.) */
    canSee(principal: Principal, lesson: LessonPlace): boolean {
      refresh();
      return canSee(principal, lesson, unitPath);
    },

    /**
     * The published lessons `principal` may see, as doc ids of the search index: the one set every
     * search-backed read starts from. Read-only (for an admin it is the index's own set of published lessons).
     */
    publishedSet(principal: Principal): Bitset {
      const index = deps.lessons();
      const places = placesOf(principal);
      if (places === "everything") return index.published;
      const visible = new Bitset(index.capacity);
      for (const visibility of VISIBILITIES) {
        const { all, organisationIds, unitIds } = places.get(`published ${visibility}`)!;
        const or = (set: Bitset | undefined) => set && visible.or(set);
        if (all) or(index.placeSet(visibility, "all"));
        else {
          for (const organisationId of organisationIds) or(index.placeSet(visibility, { organisationId }));
          for (const unitId of unitIds) or(index.placeSet(visibility, { unitId }));
        }
      }
      return visible.and(index.published);
    },

    /** The places whose lessons `principal` may see, for a SQL list; undefined: every lesson (admin). */
    seenPlaces(principal: Principal): SeenPlaces[] | undefined {
      const places = placesOf(principal);
      if (places === "everything") return undefined;
      // statuses seen in the same places share one clause
      const grouped = new Map<string, SeenPlaces & { statuses: LessonStatus[] }>();
      for (const [key, set] of places) {
        if (!set.all && set.organisationIds.length === 0 && set.unitIds.length === 0) continue;
        const [status, visibility] = key.split(" ") as [LessonStatus, Visibility];
        const same = `${visibility} ${JSON.stringify(set)}`;
        const known = grouped.get(same);
        if (known) known.statuses.push(status);
        else grouped.set(same, { statuses: [status], visibility, places: set });
      }
      return [...grouped.values()];
    },
  };
}
