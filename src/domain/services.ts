// Wires the domain services together once; used by the HTTP app and by the command-line tools alike.
import type { Db } from "../db/database.js";
import { createAdaptationService } from "./adaptations.js";
import { type Clock, systemClock } from "./clock.js";
import { createInitiativeService } from "./initiatives.js";
import { createLessonService } from "./lessons.js";
import { createOrganisationService } from "./organisations.js";
import { createUnitService } from "./units.js";
import { createVocabularyService } from "./vocabulary.js";

export type Services = ReturnType<typeof createServices>;

export function createServices({ db, clock = systemClock }: { db: Db; clock?: Clock }) {
  const vocabulary = createVocabularyService({ db, clock });
  vocabulary.load();
  const organisations = createOrganisationService({ db, clock });
  const units = createUnitService({ db, clock, vocabulary, organisations });
  const initiatives = createInitiativeService({ db, clock, vocabulary, units });
  const lessons = createLessonService({ db, clock, vocabulary, units, initiatives });
  const adaptations = createAdaptationService({ db, clock, lessons, units });
  return { vocabulary, organisations, units, initiatives, lessons, adaptations };
}
