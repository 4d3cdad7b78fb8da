// Wires the domain services together once; used by the HTTP app and by the command-line tools alike.
import type { Database } from "../db/database.js";
import { adaptationNotes } from "../db/queries/adaptations.js";
import { lessonTexts } from "../db/queries/lesson-texts.js";
import { serviceSecret } from "../db/queries/secrets.js";
import { DEFAULT_RANKING, type RankingConfig } from "../search/rank.js";
import { createAdaptationService } from "./adaptations.js";
import { createAuditLog } from "./audit.js";
import { type Clock, systemClock } from "./clock.js";
import { CURSOR_SECRET_BYTES, createCursorCodec } from "./cursors.js";
import { createDigestService } from "./digest/index.js";
import { createEscalationService } from "./escalations/index.js";
import { createEventLog } from "./events.js";
import { createEvidenceMapService } from "./evidence-map.js";
import { createFilterService } from "./filter/index.js";
import { createInboxService } from "./inbox.js";
import { createInitiativeService } from "./initiatives.js";
import { createKeyService } from "./keys.js";
import { createLessonService } from "./lessons.js";
import { createMaturityService } from "./maturity.js";
import { createOrganisationService } from "./organisations.js";
import { createRoutineService } from "./routines/index.js";
import { createSearchIndex } from "./search-index.js";
import { createUnitService } from "./units.js";
import { createVisibilityService } from "./visibility.js";
import { createVocabularyService } from "./vocabulary.js";
import { createWebhooks } from "./webhooks/index.js";
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from "./webhooks/settings.js";
import type { Resolve } from "./webhooks/target.js";

export type Services = ReturnType<typeof createServices>;

export function createServices({
  database,
  clock = systemClock,
  ranking = DEFAULT_RANKING,
  cursorSecret,
  webhookSettings,
  resolve,
  keptStemMinDocs,
}: {
  database: Database;
  clock?: Clock;
  ranking?: RankingConfig;
  /** Signs page cursors; by default a random key made once and kept in the database. */
  cursorSecret?: Buffer | undefined;
  /** How webhooks deliver (WEBHOOK_*); the defaults otherwise. */
  webhookSettings?: Partial<WebhookSettings> | undefined;
  /** How webhook hosts resolve (tests inject one that opens no connection); dns.lookup otherwise. */
  resolve?: Resolve | undefined;
  /** From how many docs a stem's sets are kept in memory (KEPT_STEM_MIN_DOCS; tests lower it). */
  keptStemMinDocs?: number | undefined;
}) {
  const { db, sqlite } = database;
  const cursors = createCursorCodec(
    cursorSecret ?? serviceSecret(db, "cursor", { bytes: CURSOR_SECRET_BYTES, now: clock.now() }),
  );
  const audit = createAuditLog({ db, clock, cursors });
  // the transactional outbox every announcing write appends to (webhooks deliver from it)
  const events = createEventLog({ clock });
  const vocabulary = createVocabularyService({ db, clock, audit });
  vocabulary.load();
  const search = createSearchIndex({ sqlite, ...(keptStemMinDocs === undefined ? {} : { keptStemMinDocs }) });
  const visibility = createVisibilityService({ db, lessons: () => search.lessons });
  const organisations = createOrganisationService({ db, clock, cursors, audit });
  const units = createUnitService({ db, clock, vocabulary, organisations, audit, cursors });
  const initiatives = createInitiativeService({ db, clock, vocabulary, units, audit, cursors });
  const lessons = createLessonService({
    db,
    clock,
    vocabulary,
    units,
    initiatives,
    organisations,
    search,
    visibility,
    audit,
    cursors,
    events,
  });
  // an import writes with the search index generation's row triggers set aside (see search-index.ts)
  const importMany = lessons.importMany;
  lessons.importMany = (inputs) => search.withoutGenerationTriggers(() => importMany(inputs));
  const adaptations = createAdaptationService({
    db,
    clock,
    lessons,
    units,
    vocabulary,
    search,
    audit,
    cursors,
    events,
  });
  search.load((missing) => lessons.reindex(missing));
  const filter = createFilterService({
    search,
    visibility,
    vocabulary,
    units,
    lessons,
    cursors,
    ranking,
    clock,
  });
  const digests = createDigestService({
    filter,
    texts: (lessonIds) => lessonTexts(db, lessonIds),
    adaptations: (lessonIds) => adaptationNotes(db, lessonIds),
    vocabulary,
    units,
    ranking,
    clock,
  });
  const evidenceMap = createEvidenceMapService({ db, filter, vocabulary, units });
  const keys = createKeyService({
    db,
    clock,
    cursors,
    audit,
    places: {
      unitOrganisation: (unitId) => units.find(unitId)?.organisationId,
      organisationExists: (organisationId) => organisations.exists(organisationId),
    },
  });
  const escalations = createEscalationService({
    db,
    clock,
    lessons,
    units,
    organisations,
    visibility,
    audit,
    events,
    cursors,
    inTransaction: () => sqlite.inTransaction,
  });
  const inbox = createInboxService({ db, units, organisations, visibility, escalations, audit, cursors });
  const routines = createRoutineService({
    db,
    clock,
    units,
    organisations,
    visibility,
    filter,
    lessons,
    vocabulary,
    adaptations,
    escalations,
    audit,
    events,
    cursors,
  });
  const webhooks = createWebhooks({
    db,
    clock,
    cursors,
    audit,
    vocabulary,
    lessons,
    visibility,
    events,
    settings: { ...DEFAULT_WEBHOOK_SETTINGS, ...webhookSettings },
    resolve,
  });
  const maturity = createMaturityService({ db, clock, vocabulary, units, organisations, visibility, search });
  return {
    cursors,
    vocabulary,
    organisations,
    units,
    initiatives,
    lessons,
    adaptations,
    search,
    visibility,
    filter,
    maturity,
    digests,
    evidenceMap,
    audit,
    keys,
    events,
    webhooks: webhooks.service,
    /** Delivers webhooks and produces due routine agendas; the app starts it when ready. */
    webhookWorker: webhooks.worker,
    escalations,
    inbox,
    routines,
  };
}
