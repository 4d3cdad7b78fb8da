// Loads the seed data in seed/: the standard vocabulary, and the demo organisations, units, initiatives,
// lessons and adaptations. Everything goes through the domain services, so seed data obeys the same rules
// as API input. Idempotent: records that exist (by id, or by facet and slug for terms) are left alone.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyBaseLogger } from "fastify";
import { z } from "zod";
import type { Database } from "../db/database.js";
import type { Services } from "../domain/services.js";
import { EscalationInput, EscalationResponseInput } from "../http/schemas/escalations.js";
import { KeyInput } from "../http/schemas/keys.js";
import {
  AdaptationInput,
  InitiativeInput,
  LessonInput,
  OrganisationInput,
  TermInput,
  UnitInput,
} from "../http/schemas/resources.js";
import { RoutineInput } from "../http/schemas/routines.js";
import { seedFolder } from "../project-root.js";

export type SeedMode = "demo" | "vocabulary" | "none";
export type SeedReport = Record<
  | "terms"
  | "organisations"
  | "units"
  | "keys"
  | "initiatives"
  | "lessons"
  | "adaptations"
  | "routines"
  | "escalations",
  number
>;

const DAY_MS = 86_400_000;
const idField = { id: z.string().min(1) };
const logged = { loggedDaysAgo: z.number().int().min(0).max(3650) };

const VocabularyFile = z.object({ terms: z.array(TermInput.extend({ facet: z.string() })) });
const OrganisationsFile = z.object({ organisations: z.array(OrganisationInput.extend(idField)) });
const UnitsFile = z.object({ units: z.array(UnitInput.extend(idField)) });
const InitiativesFile = z.object({ initiatives: z.array(InitiativeInput.extend(idField)) });
/** Demo keys carry their (published, fixed) key so the README's examples work; real keys never do. */
const KeysFile = z.object({
  keys: z.array(KeyInput.extend({ ...idField, key: z.string().startsWith("smk_demo_") })),
});
const LessonsFile = z.object({
  lessons: z.array(LessonInput.extend({ ...idField, ...logged })),
  adaptations: z.array(AdaptationInput.extend({ ...idField, lessonId: z.string(), ...logged })).default([]),
});

/** A routine made `createdDaysAgo`: its first agenda holds what the units published since. */
const RoutinesFile = z.object({
  routines: z.array(RoutineInput.extend({ ...idField, createdDaysAgo: logged.loggedDaysAgo })),
});

/** An escalation raised `raisedDaysAgo` by `fromUnitId`, with its answers (oldest first). */
const EscalationsFile = z.object({
  escalations: z.array(
    EscalationInput.omit({ dueBy: true }).extend({
      ...idField,
      lessonId: z.string(),
      fromUnitId: z.string(),
      raisedDaysAgo: logged.loggedDaysAgo,
      dueInDays: z.number().int().optional(),
      responses: z.array(EscalationResponseInput.extend({ answeredDaysAgo: logged.loggedDaysAgo })),
    }),
  ),
});

function readJson<T extends z.ZodType>(schema: T, ...path: string[]): z.output<T> {
  const file = join(seedFolder, ...path);
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`Seed file ${file} is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Loads the vocabulary, and for "demo" the demo content too, in one transaction. */
export function loadSeed(
  services: Services,
  database: Database,
  mode: Exclude<SeedMode, "none">,
  now = new Date(),
): SeedReport {
  const report: SeedReport = {
    terms: 0,
    organisations: 0,
    units: 0,
    keys: 0,
    initiatives: 0,
    lessons: 0,
    adaptations: 0,
    routines: 0,
    escalations: 0,
  };
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS).toISOString();
  const { vocabulary, organisations, units, keys, initiatives, lessons, adaptations } = services;
  let failed = true;
  try {
    database.sqlite.transaction(() => {
      for (const { facet, ...term } of readJson(VocabularyFile, "vocabulary.json").terms) {
        if (vocabulary.hasTerm(facet, term.slug)) continue;
        vocabulary.createTerm(facet, term);
        report.terms++;
      }
      if (mode !== "demo") return;
      for (const { id, ...organisation } of readJson(OrganisationsFile, "demo", "organisations.json")
        .organisations) {
        if (organisations.exists(id)) continue;
        organisations.create(organisation, { id, createdAt: at(900) });
        report.organisations++;
      }
      for (const { id, ...unit } of readJson(UnitsFile, "demo", "units.json").units) {
        if (units.find(id)) continue;
        units.create(unit, { id, createdAt: at(900) });
        report.units++;
      }
      for (const { id, key, ...input } of readJson(KeysFile, "demo", "keys.json").keys) {
        if (keys.exists(id)) continue;
        keys.issue(input, { id, key });
        report.keys++;
      }
      for (const { id, ...initiative } of readJson(InitiativesFile, "demo", "initiatives.json").initiatives) {
        if (initiatives.find(id)) continue;
        const started = initiative.startedOn
          ? Math.round((now.getTime() - Date.parse(initiative.startedOn)) / DAY_MS)
          : 800;
        initiatives.create(initiative, { id, createdAt: at(Math.max(started, 0)) });
        report.initiatives++;
      }
      const files = readdirSync(join(seedFolder, "demo"))
        .filter((f) => /^lessons-.*\.json$/.test(f))
        .sort();
      for (const file of files) {
        const content = readJson(LessonsFile, "demo", file);
        for (const { id, loggedDaysAgo, ...lesson } of content.lessons) {
          if (lessons.exists(id)) continue;
          lessons.create(lesson, { id, createdAt: at(loggedDaysAgo) });
          report.lessons++;
        }
        for (const { id, lessonId, loggedDaysAgo, ...adaptation } of content.adaptations) {
          if (adaptations.find(id)) continue;
          adaptations.create(lessonId, adaptation, { id, createdAt: at(loggedDaysAgo) });
          report.adaptations++;
        }
      }
      const { routines } = readJson(RoutinesFile, "demo", "routines.json");
      for (const { id, createdDaysAgo, ...routine } of routines) {
        if (services.routines.exists(id)) continue;
        services.routines.create(routine, undefined, { id, createdAt: at(createdDaysAgo) });
        report.routines++;
      }
      for (const escalation of readJson(EscalationsFile, "demo", "escalations.json").escalations) {
        const { id, lessonId, fromUnitId, raisedDaysAgo, dueInDays, responses, ...input } = escalation;
        if (services.escalations.exists(id)) continue;
        const dueBy = dueInDays === undefined ? null : at(-dueInDays).slice(0, 10);
        services.escalations.raise(lessonId, { ...input, dueBy }, null, {
          id,
          fromUnitId,
          createdAt: at(raisedDaysAgo),
        });
        for (const { answeredDaysAgo, ...response } of responses)
          services.escalations.respond(id, response, null, { createdAt: at(answeredDaysAgo) });
        report.escalations++;
      }
    })();
    failed = false;
  } finally {
    // the in-memory indexes must match what was committed, also when the seed failed half-way
    vocabulary.load();
    if (failed) services.search.rebuild();
  }
  return report;
}

/** At start: gives a new, empty database what SEED asks for; leaves a database with content alone. */
export function seedDatabase(
  services: Services,
  database: Database,
  mode: SeedMode,
  log: FastifyBaseLogger,
): void {
  if (mode === "none") return;
  const empty =
    services.vocabulary.addedTermCount() === 0 &&
    services.organisations.list({ limit: 1 }).items.length === 0;
  if (!empty) return;
  const started = performance.now();
  const report = loadSeed(services, database, mode);
  log.info({ seed: mode, ...report, ms: Math.round(performance.now() - started) }, "seeded a new database");
}

/** The demo's admin key: while it exists, the installation runs on the published demo keys. */
const DEMO_ADMIN_KEY_ID = "key_demo_admin";

/** At start with SEED=demo: says where the demo keys are documented (they are needed for most requests). */
export function announceDemoKeys(services: Services, mode: SeedMode, log: FastifyBaseLogger): void {
  if (mode !== "demo" || !services.keys.exists(DEMO_ADMIN_KEY_ID)) return;
  log.info(
    "demo keys (one per role and place, fixed published values, for the demo data only): README.md, 'Demo keys', and seed/demo/keys.json; e.g. -H 'authorization: Bearer smk_demo_admin'",
  );
}
