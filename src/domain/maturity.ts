// The maturity diagnosis of a unit (with the units below it) or an organisation: initiatives per rung,
// the lineage from pilots to projects to programs, how lessons and adaptations spread, the rung the labels
// claim beside the rung the records evidence (with the contradictions), and next steps. Its steps live in
// maturity/: facts (the reads), rung (the pure rules), describe and next-steps (the words).
import type { Db } from "../db/database.js";
import { organisationUnits, termsOfProgramLessons } from "../db/maturity.js";
import { INITIATIVE_STATUSES, type InitiativeStatus, type Language, STAGES, type Stage } from "../words.js";
import type { Principal } from "./access.js";
import type { Clock } from "./clock.js";
import { NotFound } from "./errors.js";
import { describeRung, gapText, type Wording } from "./maturity/describe.js";
import { gatherFacts, type ScopeFacts } from "./maturity/facts.js";
import { nextSteps } from "./maturity/next-steps.js";
import { assessRung } from "./maturity/rung.js";
import { EVIDENCE_WINDOW_MONTHS } from "./maturity/rung-evidence.js";
import { spreadOf } from "./maturity/spread.js";
import type { MaturityReport } from "./maturity/types.js";
import { LADDER_NOTE, RUNG_DESCRIPTIONS, STAGE_LABELS } from "./maturity-guidance.js";
import type { OrganisationService } from "./organisations.js";
import type { SearchIndex } from "./search-index.js";
import type { UnitService } from "./units.js";
import type { VisibilityService } from "./visibility.js";
import { labelIn, type VocabularyService } from "./vocabulary.js";

export type {
  InitiativeSummary,
  LineageEdge,
  LineageNode,
  MaturityReport,
  NextStep,
} from "./maturity/types.js";

type StatusCounts = Record<InitiativeStatus, number> & { total: number };
type ScopeUnit = { id: string; name: string };
type Scope = MaturityReport["scope"] & { units: ScopeUnit[] };

export type MaturityService = ReturnType<typeof createMaturityService>;

/** The unit and every unit below it (parents always sit in the same organisation). */
function subtree(all: { id: string; parentId: string | null }[], rootId: string): Set<string> {
  const below = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of all)
      if (u.parentId && below.has(u.parentId) && !below.has(u.id)) {
        below.add(u.id);
        grew = true;
      }
  }
  return below;
}

function initiativeCounts(items: ScopeFacts["items"]) {
  const byStage = Object.fromEntries(
    STAGES.map((stage) => [stage, { total: 0, active: 0, completed: 0, discarded: 0, institutionalised: 0 }]),
  ) as Record<Stage, StatusCounts>;
  const byStatus = Object.fromEntries(INITIATIVE_STATUSES.map((s) => [s, 0])) as Record<
    InitiativeStatus,
    number
  >;
  for (const i of items) {
    byStage[i.stage].total++;
    byStage[i.stage][i.status]++;
    byStatus[i.status]++;
  }
  return { total: items.length, byStage, byStatus, items };
}

export function createMaturityService(deps: {
  db: Db;
  clock: Clock;
  vocabulary: Pick<VocabularyService, "termById" | "facetKind">;
  units: Pick<UnitService, "find">;
  organisations: Pick<OrganisationService, "get">;
  visibility: Pick<VisibilityService, "publishedSet">;
  search: Pick<SearchIndex, "lessons">;
}) {
  const { db, clock, vocabulary } = deps;

  function unitScope(unitId: string): Scope {
    const unit = deps.units.find(unitId);
    if (!unit) throw new NotFound("unit", unitId);
    const all = organisationUnits(db, { organisationId: unit.organisationId });
    const below = subtree(all, unit.id);
    const scoped = all.filter((u) => below.has(u.id)).map(({ id, name }) => ({ id, name }));
    const { id, name, organisationId } = unit;
    return { kind: "unit", id, name, organisationId, unitIds: scoped.map((u) => u.id), units: scoped };
  }

  function organisationScope(organisationId: string): Scope {
    const organisation = deps.organisations.get(organisationId);
    const scoped = organisationUnits(db, { organisationId }).map(({ id, name }) => ({ id, name }));
    const { id, name } = organisation;
    return {
      kind: "organisation",
      id,
      name,
      organisationId: id,
      unitIds: scoped.map((u) => u.id),
      units: scoped,
    };
  }

  /** A pitfall's label: the migration gives the standard pitfalls fixed ids (term_pitfall_<slug>). */
  const wording = (language: Language): Wording => ({
    language,
    pitfallLabel: (slug) => {
      const term = vocabulary.termById(`term_pitfall_${slug}`);
      return term ? labelIn(term.labels, language) : slug;
    },
  });

  const isMechanism = (termId: string) => {
    const term = vocabulary.termById(termId);
    return term !== undefined && vocabulary.facetKind(term.facet) === "mechanism";
  };

  /** Whether `principal` may see a published lesson: only those count. */
  function visibleTo(principal: Principal): (lessonId: string) => boolean {
    const visible = deps.visibility.publishedSet(principal);
    const index = deps.search.lessons;
    return (lessonId) => {
      const docId = index.docIdOf(lessonId);
      return docId !== undefined && visible.has(docId);
    };
  }

  function diagnose(principal: Principal, scope: Scope, language: Language): MaturityReport {
    const now = clock.now();
    const since = new Date(now);
    since.setUTCMonth(since.getUTCMonth() - EVIDENCE_WINDOW_MONTHS);
    const visible = visibleTo(principal);
    const facts = gatherFacts(
      { db, vocabulary },
      scope.unitIds,
      { since: since.toISOString(), asOf: now.toISOString() },
      visible,
    );
    const assessment = assessRung(facts.rung);
    const rung = describeRung(facts.claimed, assessment, facts.rung, wording(language));
    const programIds = facts.items.filter((i) => i.stage === "program").map((i) => i.id);
    const steps = nextSteps({
      assessment,
      rung,
      facts: facts.rung,
      items: facts.items,
      edges: facts.lineage.edges,
      lessons: facts.lessons,
      units: scope.units,
      programMechanisms: new Set(
        termsOfProgramLessons(db, { programIds })
          .filter((link) => visible(link.lessonId) && isMechanism(link.termId))
          .map((link) => link.termId),
      ),
      mechanismName: (termId) => {
        const term = vocabulary.termById(termId);
        return term && { slug: term.slug, label: labelIn(term.labels, language) };
      },
      language,
    });
    const rungStages = rung.occupied.length ? rung.occupied : [rung.claimed];
    const { units: _, ...publicScope } = scope;
    return {
      scope: publicScope,
      asOf: now.toISOString(),
      initiatives: initiativeCounts(facts.items),
      lineage: facts.lineage,
      spread: spreadOf(facts.rung),
      rung,
      guidance: {
        language,
        gap: gapText(rung, language),
        ladder: LADDER_NOTE[language],
        rungs: rungStages.map((stage) => ({
          stage,
          label: STAGE_LABELS[stage][language],
          description: RUNG_DESCRIPTIONS[stage][language],
        })),
        nextSteps: steps,
      },
    };
  }

  return {
    /**
     * The unit and every unit below it, counting the lessons `principal` may see. Throws NotFound for
     * an unknown unit.
     */
    forUnit(
      principal: Principal,
      unitId: string,
      options: { language?: Language | undefined } = {},
    ): MaturityReport {
      return diagnose(principal, unitScope(unitId), options.language ?? "en");
    },

    /** Every unit of the organisation, counting the lessons `principal` may see. Throws NotFound for an unknown organisation. */
    forOrganisation(
      principal: Principal,
      organisationId: string,
      options: { language?: Language | undefined } = {},
    ): MaturityReport {
      return diagnose(principal, organisationScope(organisationId), options.language ?? "en");
    },
  };
}
