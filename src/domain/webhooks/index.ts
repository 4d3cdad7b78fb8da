// Webhooks wired together: the deliverer, the worker (which also runs the routine scheduler) and the
// API's service. The worker starts when the app is ready (app.ts), unless the settings turn it off.
import type { Db } from "../../db/database.js";
import type { AuditLog } from "../audit.js";
import type { Clock } from "../clock.js";
import type { CursorCodec } from "../cursors.js";
import type { EventLog } from "../events.js";
import type { LessonService } from "../lessons.js";
import { produceDueAgendas, SCHEDULER_BATCH } from "../routines-schedule.js";
import type { VisibilityService } from "../visibility.js";
import type { VocabularyService } from "../vocabulary.js";
import { createDeliverer } from "./delivery.js";
import { FANOUT_BATCH, fanOut } from "./fanout.js";
import { createWebhookService } from "./service.js";
import type { WebhookSettings } from "./settings.js";
import type { Resolve } from "./target.js";
import { createWebhookWorker, type WorkerLog } from "./worker.js";

export function createWebhooks(deps: {
  db: Db;
  clock: Clock;
  cursors: CursorCodec;
  audit: Pick<AuditLog, "append">;
  vocabulary: VocabularyService;
  lessons: Pick<LessonService, "exists">;
  visibility: Pick<VisibilityService, "canSee">;
  events: EventLog;
  settings: WebhookSettings;
  resolve?: Resolve | undefined;
}) {
  const { db, clock, events } = deps;
  const deliverer = createDeliverer({ ...deps, userAgent: "samskab-webhooks/1" });
  let log: WorkerLog = { error: (object, message) => console.error(message, object) };
  const worker = createWebhookWorker({
    db,
    clock,
    events,
    deliverer,
    steps: [
      () => produceDueAgendas({ db, clock, events }) === SCHEDULER_BATCH,
      () => fanOut({ ...deps }) === FANOUT_BATCH,
    ],
    log: { error: (object, message) => log.error(object, message) },
  });
  const service = createWebhookService({ ...deps, worker });
  return {
    service,
    worker: {
      /** Starts delivering (and scheduling agendas), logging failures to `logger`; a no-op when turned off. */
      start(logger: WorkerLog): void {
        log = logger;
        if (deps.settings.worker) worker.start();
      },
      stop: () => worker.stop(),
    },
  };
}
