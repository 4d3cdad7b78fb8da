// For random lessons (random units in a small tree of two organisations, random visibility and status)
// and random principals, the filter's result set and every facet count equal a brute-force computation:
// canSee over each lesson read back, then the request's constraints and disjunctive counts by hand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { ANONYMOUS, canSee, type Principal } from "../../src/domain/access.js";
import type { FilterRequest } from "../../src/domain/filter/index.js";
import type { Lesson } from "../../src/domain/lessons.js";
import { createServices } from "../../src/domain/services.js";
import { loadSeed } from "../../src/seed/load.js";
import {
  type Direction,
  LESSON_STATUSES,
  overallDirection,
  VISIBILITIES,
  type Visibility,
} from "../../src/words.js";

// organisation 0: u0 ← u1 ← u2 (each below the one before); organisation 1: u3 ← u4
const TREE = [
  { organisation: 0, parent: null },
  { organisation: 0, parent: 0 },
  { organisation: 0, parent: 1 },
  { organisation: 1, parent: null },
  { organisation: 1, parent: 3 },
] as const;
const MECHANISMS = ["trust", "interpersonal_trust", "recognition", "relationships"];
const AREAS = ["elder_care", "home_care", "schools"];
const OUTCOMES = ["user_wellbeing", "learning"];
const DIRECTIONS: Direction[] = ["positive", "negative", "mixed", "none"];

const lessonSpec = fc.record({
  unit: fc.nat({ max: TREE.length - 1 }),
  visibility: fc.constantFrom(...VISIBILITIES),
  status: fc.constantFrom(...LESSON_STATUSES),
  mechanisms: fc.uniqueArray(fc.constantFrom(...MECHANISMS), { maxLength: 2 }),
  areas: fc.uniqueArray(fc.constantFrom(...AREAS), { minLength: 1, maxLength: 2 }),
  outcomes: fc.uniqueArray(
    fc.record({ term: fc.constantFrom(...OUTCOMES), direction: fc.constantFrom(...DIRECTIONS) }),
    { selector: (o) => o.term, maxLength: 2 },
  ),
});
const principalSpec = fc.record({
  role: fc.constantFrom("anonymous", "staff", "manager", "organisationManager", "integration", "admin"),
  unit: fc.nat({ max: TREE.length - 1 }),
});
const requestSpec = fc.record({
  mechanism: fc.option(fc.uniqueArray(fc.constantFrom(...MECHANISMS), { minLength: 1, maxLength: 2 }), {
    nil: undefined,
  }),
  outcomeDirection: fc.option(
    fc.uniqueArray(fc.constantFrom(...DIRECTIONS), { minLength: 1, maxLength: 2 }),
    {
      nil: undefined,
    },
  ),
  q: fc.option(fc.constantFrom("trust", "care", "coffee"), { nil: undefined }),
});
type PrincipalSpec = typeof principalSpec extends fc.Arbitrary<infer T> ? T : never;

function world() {
  const database = openDatabase(":memory:");
  const services = createServices({ database });
  loadSeed(services, database, "vocabulary");
  const organisations = ["Oddby", "Evenvik"].map(
    (name) => services.organisations.create({ name, kind: "municipality" }).id,
  );
  const units: string[] = [];
  TREE.forEach(({ organisation, parent }, i) => {
    units.push(
      services.units.create({
        organisationId: organisations[organisation]!,
        name: `Unit ${i}`,
        parentId: parent === null ? null : units[parent]!,
        context: { serviceArea: ["elder_care"] },
      }).id,
    );
  });
  return { database, services, organisations, units };
}
type World = ReturnType<typeof world>;

function principalOf(spec: PrincipalSpec, w: World): Principal {
  if (spec.role === "anonymous") return ANONYMOUS;
  const unitId = w.units[spec.unit]!;
  const organisationId = w.organisations[TREE[spec.unit]!.organisation]!;
  const place =
    spec.role === "staff" || spec.role === "manager"
      ? { organisationId, unitId }
      : spec.role === "admin"
        ? { organisationId: null, unitId: null }
        : { organisationId, unitId: null };
  const role = spec.role === "organisationManager" ? "manager" : spec.role;
  return {
    kind: "key",
    keyId: `key_${spec.role}_${spec.unit}`,
    name: spec.role,
    role,
    ...place,
    scopes: role === "integration" ? ["lessons:read"] : [],
  };
}

/** The unit tree as this test built it, independent of the service's. */
function unitPathOf(w: World) {
  return (unitId: string): string[] => {
    const path: string[] = [];
    for (let i: number | null = w.units.indexOf(unitId); i !== null && i >= 0; i = TREE[i]!.parent)
      path.push(w.units[i]!);
    return path;
  };
}

/** Every facet value a lesson counts for: its tags and their broader terms, and its field values. */
function countsFor(w: World, lesson: Lesson): Map<string, Set<string>> {
  const withBroader = (facet: string, slug: string): string[] => {
    const out: string[] = [];
    for (let term = w.services.vocabulary.findTerm(facet, slug); term; ) {
      out.push(term.slug);
      term = term.parentId ? w.services.vocabulary.termById(term.parentId) : undefined;
    }
    return out;
  };
  const values = new Map<string, Set<string>>();
  const add = (facet: string, slugs: string[]) => {
    const set = values.get(facet) ?? new Set<string>();
    for (const slug of slugs) set.add(slug);
    values.set(facet, set);
  };
  for (const [dimension, slugs] of Object.entries(lesson.context.tags))
    for (const slug of slugs) add(dimension, withBroader(dimension, slug));
  for (const slug of lesson.mechanisms) add("mechanism", withBroader("mechanism", slug));
  for (const outcome of lesson.outcomes) add("outcome", withBroader("outcome", outcome.term));
  for (const pressure of lesson.pressures) add("pressure", withBroader("pressure", pressure.term));
  add("outcomeDirection", [overallDirection(lesson.outcomes.map((o) => o.direction))]);
  add("evidence", [lesson.evidence.kind]);
  add("stage", [lesson.stage]);
  add("language", [lesson.language]);
  return values;
}

describe("visibility in the filter (property)", () => {
  it("results, totals and every facet count are those of the lessons canSee allows", () => {
    fc.assert(
      fc.property(
        fc.array(lessonSpec, { minLength: 1, maxLength: 14 }),
        fc.array(fc.tuple(principalSpec, requestSpec), { minLength: 1, maxLength: 5 }),
        (lessons, asks) => {
          const w = world();
          try {
            for (const spec of lessons) {
              const status = spec.status === "archived" ? "published" : spec.status;
              const { lesson } = w.services.lessons.create({
                unitId: w.units[spec.unit]!,
                title: "Coffee first",
                summary: "We drank coffee before we talked about care.",
                why: "Trust grew when the visit began as a guest's visit, not an inspection.",
                language: "en",
                context: { tags: { serviceArea: spec.areas } },
                mechanisms: spec.mechanisms,
                outcomes: spec.outcomes,
                status,
                visibility: spec.visibility as Visibility,
              });
              if (spec.status === "archived") w.services.lessons.archive(lesson.id);
            }
            const unitPath = unitPathOf(w);
            const all = w.services.lessons.getMany(
              (w.database.sqlite.prepare("SELECT id FROM lessons").all() as { id: string }[]).map(
                (r) => r.id,
              ),
            );
            for (const [who, ask] of asks) {
              const principal = principalOf(who, w);
              const request: FilterRequest = { limit: 100, match: "all" };
              if (ask.mechanism) request.filters = { mechanism: ask.mechanism };
              if (ask.outcomeDirection) request.outcomeDirection = ask.outcomeDirection;
              if (ask.q) request.q = ask.q;
              const reply = w.services.filter.filter(principal, request);

              // brute force: the published lessons canSee allows (every lesson's text has each query word,
              // so `q` restricts nothing: it only takes the filter through its text path)
              const visible = all.filter((l) => l.status === "published" && canSee(principal, l, unitPath));
              const constraints: [string, string[]][] = [];
              if (ask.mechanism) constraints.push(["mechanism", ask.mechanism]);
              if (ask.outcomeDirection) constraints.push(["outcomeDirection", ask.outcomeDirection]);
              const passes = (l: Lesson, except?: string) => {
                const values = countsFor(w, l);
                return constraints.every(
                  ([facet, wanted]) => facet === except || wanted.some((v) => values.get(facet)?.has(v)),
                );
              };
              const expected = visible.filter((l) => passes(l));
              expect(reply.results.map((r) => r.id).sort()).toEqual(expected.map((l) => l.id).sort());
              expect(reply.total).toBe(expected.length);

              for (const [facet, counts] of Object.entries(reply.facets)) {
                const want: Record<string, number> = {};
                for (const l of visible.filter((l) => passes(l, facet)))
                  for (const value of countsFor(w, l).get(facet) ?? []) want[value] = (want[value] ?? 0) + 1;
                expect({ facet, counts }).toEqual({ facet, counts: want });
              }
            }
          } finally {
            w.database.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
