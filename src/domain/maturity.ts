// The maturity diagnosis of a unit (with the units below it) or an organisation: initiatives per rung of
// the ladder, the lineage from pilots to projects to programs, how lessons and adaptations spread, the
// current rung, and next steps derived from the data (their words are in maturity-guidance.ts).
import { and, asc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../db/database.js";
import {
  adaptations,
  initiativeLineage,
  initiatives,
  initiativeUnits,
  lessons,
  lessonTerms,
  units,
} from "../db/schema.js";
import type { Language } from "../search/analyze.js";
import { overallDirection } from "../search/facets.js";
import type { Clock } from "./clock.js";
import { NotFound } from "./errors.js";
import { INITIATIVE_STATUSES, type InitiativeStatus, STAGES, type Stage } from "./initiatives.js";
import type { Direction } from "./lessons.js";
import {
  fillPlaceholders,
  LADDER_NOTE,
  NEXT_STEP_KINDS,
  NEXT_STEP_TEXTS,
  type NextStepKind,
  RUNG_DESCRIPTIONS,
  STAGE_LABELS,
} from "./maturity-guidance.js";
import type { OrganisationService } from "./organisations.js";
import type { UnitService } from "./units.js";
import { labelIn, type VocabularyService } from "./vocabulary.js";

/** Spread looks at lessons published in the last this many months: a year covers a budget cycle. */
export const SPREAD_WINDOW_MONTHS = 12;
/** Lineage chains listed at most: a reader cannot take in more, and the graph holds every edge anyway. */
export const MAX_LINEAGE_CHAINS = 200;
/** A mechanism "works across units" when positive lessons from at least this many units name it. */
export const MIN_UNITS_FOR_SHARED_MECHANISM = 2;

type StatusCounts = Record<InitiativeStatus, number> & { total: number };

export type InitiativeSummary = {
  id: string;
  title: string;
  stage: Stage;
  status: InitiativeStatus;
  leadUnitId: string;
  programId: string | null;
};
export type LineageNode = InitiativeSummary & {
  /** False for an initiative outside the scope that an in-scope one grew from, grew into or belongs to. */
  inScope: boolean;
};
export type LineageEdge = {
  from: string;
  to: string;
  /** grew_into: `to` builds on `from`; part_of: `from` is a project (or other initiative) inside program `to`. */
  kind: "grew_into" | "part_of";
};

export type NextStep = {
  kind: NextStepKind;
  text: string;
  initiativeIds: string[];
  unitIds: string[];
  lessonIds: string[];
  mechanism: { slug: string; label: string } | null;
};

export type MaturityReport = {
  scope: {
    kind: "unit" | "organisation";
    id: string;
    name: string;
    organisationId: string;
    unitIds: string[];
  };
  asOf: string;
  initiatives: {
    total: number;
    byStage: Record<Stage, StatusCounts>;
    byStatus: Record<InitiativeStatus, number>;
    items: InitiativeSummary[];
  };
  lineage: { nodes: LineageNode[]; edges: LineageEdge[]; chains: string[][] };
  spread: {
    since: string;
    units: number;
    unitsWithRecentLessons: number;
    recentLessonsShare: number;
    publishedLessons: number;
    recentLessons: number;
    lessonsByStage: Record<Stage, number>;
    adaptations: {
      acrossUnits: number;
      distinctUnitPairs: number;
      madeByScopeUnits: number;
      ofScopeLessons: number;
    };
  };
  rung: {
    current: Stage;
    basis: "initiatives" | "ad_hoc_activity" | "none";
    occupied: Stage[];
  };
  guidance: {
    language: Language;
    ladder: string;
    rungs: { stage: Stage; label: string; description: string }[];
    nextSteps: NextStep[];
  };
};

type ScopeUnit = { id: string; name: string };
type Scope = MaturityReport["scope"] & { units: ScopeUnit[] };

export type MaturityService = ReturnType<typeof createMaturityService>;

export function createMaturityService(deps: {
  db: Db;
  clock: Clock;
  vocabulary: Pick<VocabularyService, "termById" | "facetKind">;
  units: Pick<UnitService, "find">;
  organisations: Pick<OrganisationService, "get">;
}) {
  const { db, clock, vocabulary } = deps;
  const stageRank = (stage: Stage) => STAGES.indexOf(stage);
  const zeroByStage = <T>(make: () => T) =>
    Object.fromEntries(STAGES.map((stage) => [stage, make()])) as Record<Stage, T>;

  const summaryColumns = {
    id: initiatives.id,
    title: initiatives.title,
    stage: initiatives.stage,
    status: initiatives.status,
    leadUnitId: initiatives.leadUnitId,
    programId: initiatives.programId,
    createdAt: initiatives.createdAt,
  };

  function organisationUnits(organisationId: string): (ScopeUnit & { parentId: string | null })[] {
    return db
      .select({ id: units.id, name: units.name, parentId: units.parentId })
      .from(units)
      .where(eq(units.organisationId, organisationId))
      .orderBy(asc(units.createdAt), asc(units.id))
      .all();
  }

  function unitScope(unitId: string): Scope {
    const unit = deps.units.find(unitId);
    if (!unit) throw new NotFound("unit", unitId);
    const all = organisationUnits(unit.organisationId);
    const below = new Set([unit.id]);
    // parents always sit in the same organisation, so growing the set until it is stable finds the subtree
    for (let grew = true; grew; ) {
      grew = false;
      for (const u of all)
        if (u.parentId && below.has(u.parentId) && !below.has(u.id)) {
          below.add(u.id);
          grew = true;
        }
    }
    const scoped = all.filter((u) => below.has(u.id)).map(({ id, name }) => ({ id, name }));
    return {
      kind: "unit",
      id: unit.id,
      name: unit.name,
      organisationId: unit.organisationId,
      unitIds: scoped.map((u) => u.id),
      units: scoped,
    };
  }

  function organisationScope(organisationId: string): Scope {
    const organisation = deps.organisations.get(organisationId);
    const scoped = organisationUnits(organisationId).map(({ id, name }) => ({ id, name }));
    return {
      kind: "organisation",
      id: organisation.id,
      name: organisation.name,
      organisationId: organisation.id,
      unitIds: scoped.map((u) => u.id),
      units: scoped,
    };
  }

  /** Initiatives a scope unit leads or takes part in: the same rule as listing initiatives by unit. */
  function scopeInitiatives(unitIds: string[]): InitiativeSummary[] {
    const participating = db
      .select({ id: initiativeUnits.initiativeId })
      .from(initiativeUnits)
      .where(inArray(initiativeUnits.unitId, unitIds));
    return db
      .select(summaryColumns)
      .from(initiatives)
      .where(or(inArray(initiatives.leadUnitId, unitIds), inArray(initiatives.id, participating)))
      .all()
      .sort(
        (a, b) =>
          stageRank(a.stage) - stageRank(b.stage) ||
          a.createdAt.localeCompare(b.createdAt) ||
          a.id.localeCompare(b.id),
      )
      .map(({ createdAt: _, ...summary }) => summary);
  }

  /** A subquery, so that an organisation's many lessons never become one huge list of parameters. */
  function publishedLessonIds(unitIds: string[]) {
    return db
      .select({ id: lessons.id })
      .from(lessons)
      .where(and(eq(lessons.status, "published"), inArray(lessons.unitId, unitIds)));
  }

  function lineageOf(inScope: InitiativeSummary[]): MaturityReport["lineage"] {
    const ids = inScope.map((i) => i.id);
    const edges: LineageEdge[] = [];
    if (ids.length > 0) {
      for (const r of db
        .select()
        .from(initiativeLineage)
        .where(or(inArray(initiativeLineage.initiativeId, ids), inArray(initiativeLineage.buildsOnId, ids)))
        .all())
        edges.push({ from: r.buildsOnId, to: r.initiativeId, kind: "grew_into" });
      const programIds = inScope.filter((i) => i.stage === "program").map((i) => i.id);
      const members = programIds.length
        ? db
            .select({ id: initiatives.id, programId: initiatives.programId })
            .from(initiatives)
            .where(inArray(initiatives.programId, programIds))
            .all()
        : [];
      const memberships = new Map<string, string>();
      for (const m of members) if (m.programId) memberships.set(m.id, m.programId);
      for (const i of inScope) if (i.programId) memberships.set(i.id, i.programId);
      for (const [from, to] of memberships) edges.push({ from, to, kind: "part_of" });
    }
    edges.sort(
      (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.kind.localeCompare(b.kind),
    );

    const known = new Map(inScope.map((i) => [i.id, i]));
    const outside = [...new Set(edges.flatMap((e) => [e.from, e.to]))].filter((id) => !known.has(id));
    const neighbours = outside.length
      ? db.select(summaryColumns).from(initiatives).where(inArray(initiatives.id, outside)).all()
      : [];
    const nodes: LineageNode[] = [
      ...inScope.map((i) => ({ ...i, inScope: true })),
      ...neighbours
        .sort((a, b) => stageRank(a.stage) - stageRank(b.stage) || a.id.localeCompare(b.id))
        .map(({ createdAt: _, ...summary }) => ({ ...summary, inScope: false })),
    ];
    return { nodes, edges, chains: chainsOf(edges) };
  }

  /** Every path from an initiative nothing leads into to one that leads nowhere further (cycle-safe). */
  function chainsOf(edges: LineageEdge[]): string[][] {
    const next = new Map<string, string[]>();
    const hasIncoming = new Set<string>();
    for (const e of edges) {
      next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
      hasIncoming.add(e.to);
    }
    const chains: string[][] = [];
    const walk = (path: string[]) => {
      if (chains.length >= MAX_LINEAGE_CHAINS) return;
      const onward = (next.get(path.at(-1)!) ?? []).filter((id) => !path.includes(id));
      if (onward.length === 0) chains.push(path);
      for (const id of onward) walk([...path, id]);
    };
    for (const root of [...next.keys()].filter((id) => !hasIncoming.has(id))) walk([root]);
    return chains;
  }

  function diagnose(scope: Scope, language: Language): MaturityReport {
    const now = clock.now();
    const since = new Date(now);
    since.setUTCMonth(since.getUTCMonth() - SPREAD_WINDOW_MONTHS);
    const sinceIso = since.toISOString();
    const unitIds = scope.unitIds;
    const unitName = new Map(scope.units.map((u) => [u.id, u.name]));
    const inUnitScope = (id: string) => unitName.has(id);

    // ── initiatives per stage and status
    const items = unitIds.length ? scopeInitiatives(unitIds) : [];
    const byStage = zeroByStage<StatusCounts>(() => ({
      total: 0,
      active: 0,
      completed: 0,
      discarded: 0,
      institutionalised: 0,
    }));
    const byStatus = Object.fromEntries(INITIATIVE_STATUSES.map((s) => [s, 0])) as Record<
      InitiativeStatus,
      number
    >;
    for (const i of items) {
      byStage[i.stage].total++;
      byStage[i.stage][i.status]++;
      byStatus[i.status]++;
    }
    const lineage = lineageOf(items);

    // ── lessons (published only: every published lesson is visible) and their mechanisms
    const scopeLessons = unitIds.length
      ? db
          .select({
            id: lessons.id,
            unitId: lessons.unitId,
            initiativeId: lessons.initiativeId,
            stage: lessons.stage,
            publishedAt: lessons.publishedAt,
          })
          .from(lessons)
          .where(and(eq(lessons.status, "published"), inArray(lessons.unitId, unitIds)))
          .orderBy(asc(lessons.createdAt), asc(lessons.id))
          .all()
      : [];
    const lessonsByStage = zeroByStage(() => 0);
    const recentUnits = new Set<string>();
    let recentLessons = 0;
    const lessonsPerUnit = new Map<string, number>();
    for (const l of scopeLessons) {
      lessonsByStage[l.stage]++;
      lessonsPerUnit.set(l.unitId, (lessonsPerUnit.get(l.unitId) ?? 0) + 1);
      if (l.publishedAt && l.publishedAt >= sinceIso) {
        recentLessons++;
        recentUnits.add(l.unitId);
      }
    }

    // ── adaptations touching the scope: of its lessons, or made by its units
    const adaptationRows = unitIds.length
      ? db
          .select({ id: adaptations.id, unitId: adaptations.unitId, lessonUnitId: lessons.unitId })
          .from(adaptations)
          .innerJoin(lessons, eq(adaptations.lessonId, lessons.id))
          .where(
            and(
              eq(lessons.status, "published"),
              or(inArray(adaptations.unitId, unitIds), inArray(lessons.unitId, unitIds)),
            ),
          )
          .all()
          .filter((a) => a.unitId !== a.lessonUnitId)
      : [];
    const spread: MaturityReport["spread"] = {
      since: sinceIso,
      units: unitIds.length,
      unitsWithRecentLessons: recentUnits.size,
      recentLessonsShare: unitIds.length ? Math.round((recentUnits.size / unitIds.length) * 1000) / 1000 : 0,
      publishedLessons: scopeLessons.length,
      recentLessons,
      lessonsByStage,
      adaptations: {
        acrossUnits: adaptationRows.length,
        distinctUnitPairs: new Set(adaptationRows.map((a) => `${a.lessonUnitId}\u0000${a.unitId}`)).size,
        madeByScopeUnits: adaptationRows.filter((a) => inUnitScope(a.unitId)).length,
        ofScopeLessons: adaptationRows.filter((a) => inUnitScope(a.lessonUnitId)).length,
      },
    };

    // ── the current rung: the highest stage with an active or institutionalised initiative (a running or
    // embedded practice, where completed and discarded ones are history). Without one, the scope is ad
    // hoc: collective if it has any ad hoc collective initiative or published lesson, else individual.
    const occupied = STAGES.filter((stage) => byStage[stage].active + byStage[stage].institutionalised > 0);
    const collective = byStage.ad_hoc_collective.total > 0 || lessonsByStage.ad_hoc_collective > 0;
    const anyActivity = items.length > 0 || scopeLessons.length > 0;
    const rung: MaturityReport["rung"] = occupied.length
      ? { current: occupied.at(-1)!, basis: "initiatives", occupied }
      : {
          current: collective ? "ad_hoc_collective" : "ad_hoc_individual",
          basis: anyActivity ? "ad_hoc_activity" : "none",
          occupied,
        };

    const nextSteps = [
      ...pilotsWithoutDecision(items, lineage.edges, language),
      ...mechanismsWithoutProgram(scopeLessons, unitIds, items, language),
      ...unitsThatNeverAdapt(scope.units, lessonsPerUnit, adaptationRows, language),
    ].sort((a, b) => NEXT_STEP_KINDS.indexOf(a.kind) - NEXT_STEP_KINDS.indexOf(b.kind));

    const rungStages = rung.occupied.length ? rung.occupied : [rung.current];
    const { units: _, ...publicScope } = scope;
    return {
      scope: publicScope,
      asOf: now.toISOString(),
      initiatives: { total: items.length, byStage, byStatus, items },
      lineage,
      spread,
      rung,
      guidance: {
        language,
        ladder: LADDER_NOTE[language],
        rungs: rungStages.map((stage) => ({
          stage,
          label: STAGE_LABELS[stage][language],
          description: RUNG_DESCRIPTIONS[stage][language],
        })),
        nextSteps,
      },
    };
  }

  function step(
    kind: NextStepKind,
    language: Language,
    values: Record<string, string | number>,
    refs: Partial<Pick<NextStep, "initiativeIds" | "unitIds" | "lessonIds" | "mechanism">>,
  ): NextStep {
    return {
      kind,
      text: fillPlaceholders(NEXT_STEP_TEXTS[kind][language], values),
      initiativeIds: refs.initiativeIds ?? [],
      unitIds: refs.unitIds ?? [],
      lessonIds: refs.lessonIds ?? [],
      mechanism: refs.mechanism ?? null,
    };
  }

  /** Completed pilots nothing builds on: they ended, but neither grew, nor were institutionalised or discarded. */
  function pilotsWithoutDecision(items: InitiativeSummary[], edges: LineageEdge[], language: Language) {
    const builtOn = new Set(edges.filter((e) => e.kind === "grew_into").map((e) => e.from));
    return items
      .filter((i) => i.stage === "pilot" && i.status === "completed" && !builtOn.has(i.id))
      .map((pilot) =>
        step(
          "completed_pilot_without_decision",
          language,
          { title: pilot.title },
          { initiativeIds: [pilot.id], unitIds: [pilot.leadUnitId] },
        ),
      );
  }

  /**
   * Mechanisms named by positive lessons (all outcomes positive) from at least two scope units, that no
   * lesson of a program in scope (or of an initiative inside one) names. Terms are compared exactly: a
   * child term such as interpersonal_trust is its own mechanism here.
   */
  function mechanismsWithoutProgram(
    scopeLessons: { id: string; unitId: string }[],
    unitIds: string[],
    items: InitiativeSummary[],
    language: Language,
  ) {
    if (scopeLessons.length === 0) return [];
    const isMechanism = (termId: string) => {
      const term = vocabulary.termById(termId);
      return term !== undefined && vocabulary.facetKind(term.facet) === "mechanism";
    };
    const links = db
      .select({
        lessonId: lessonTerms.lessonId,
        termId: lessonTerms.termId,
        direction: lessonTerms.direction,
      })
      .from(lessonTerms)
      .where(inArray(lessonTerms.lessonId, publishedLessonIds(unitIds)))
      .orderBy(asc(lessonTerms.lessonId), asc(lessonTerms.position))
      .all();
    const directions = new Map<string, Direction[]>();
    const mechanisms = new Map<string, string[]>();
    for (const link of links) {
      if (link.direction)
        directions.set(link.lessonId, [...(directions.get(link.lessonId) ?? []), link.direction]);
      else if (isMechanism(link.termId))
        mechanisms.set(link.lessonId, [...(mechanisms.get(link.lessonId) ?? []), link.termId]);
    }
    const positiveByMechanism = new Map<string, { unitIds: Set<string>; lessonIds: string[] }>();
    for (const lesson of scopeLessons) {
      if (overallDirection(directions.get(lesson.id) ?? []) !== "positive") continue;
      for (const termId of mechanisms.get(lesson.id) ?? []) {
        const entry = positiveByMechanism.get(termId) ?? { unitIds: new Set(), lessonIds: [] };
        entry.unitIds.add(lesson.unitId);
        entry.lessonIds.push(lesson.id);
        positiveByMechanism.set(termId, entry);
      }
    }

    const programIds = items.filter((i) => i.stage === "program").map((i) => i.id);
    const programMechanisms = new Set<string>();
    if (programIds.length) {
      const inside = db
        .select({ id: initiatives.id })
        .from(initiatives)
        .where(or(inArray(initiatives.id, programIds), inArray(initiatives.programId, programIds)));
      for (const r of db
        .select({ termId: lessonTerms.termId })
        .from(lessonTerms)
        .innerJoin(lessons, eq(lessonTerms.lessonId, lessons.id))
        .where(and(eq(lessons.status, "published"), inArray(lessons.initiativeId, inside)))
        .all())
        if (isMechanism(r.termId)) programMechanisms.add(r.termId);
    }

    return [...positiveByMechanism]
      .filter(
        ([termId, e]) => e.unitIds.size >= MIN_UNITS_FOR_SHARED_MECHANISM && !programMechanisms.has(termId),
      )
      .map(([termId, e]) => {
        const term = vocabulary.termById(termId)!;
        const label = labelIn(term.labels, language);
        return step(
          "mechanism_without_program",
          language,
          { mechanism: label, unitCount: e.unitIds.size, lessonCount: e.lessonIds.length },
          { unitIds: [...e.unitIds].sort(), lessonIds: e.lessonIds, mechanism: { slug: term.slug, label } },
        );
      })
      .sort(
        (a, b) => b.unitIds.length - a.unitIds.length || a.mechanism!.slug.localeCompare(b.mechanism!.slug),
      );
  }

  /** Scope units with published lessons that have never reported adapting another unit's lesson. */
  function unitsThatNeverAdapt(
    scopeUnits: ScopeUnit[],
    lessonsPerUnit: Map<string, number>,
    adaptationRows: { unitId: string }[],
    language: Language,
  ) {
    const adapting = new Set(adaptationRows.map((a) => a.unitId));
    return scopeUnits
      .filter((u) => (lessonsPerUnit.get(u.id) ?? 0) > 0 && !adapting.has(u.id))
      .map((u) =>
        step(
          "unit_never_adapts",
          language,
          { unit: u.name, lessonCount: lessonsPerUnit.get(u.id)! },
          { unitIds: [u.id] },
        ),
      );
  }

  return {
    /** The unit and every unit below it. Throws NotFound for an unknown unit. */
    forUnit(unitId: string, options: { language?: Language | undefined } = {}): MaturityReport {
      return diagnose(unitScope(unitId), options.language ?? "en");
    },

    /** Every unit of the organisation. Throws NotFound for an unknown organisation. */
    forOrganisation(
      organisationId: string,
      options: { language?: Language | undefined } = {},
    ): MaturityReport {
      return diagnose(organisationScope(organisationId), options.language ?? "en");
    },
  };
}
