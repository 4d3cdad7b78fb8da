// The fixed query mix: deterministic for a corpus and seed, bounded (200 requests by default).
// Text queries use 1–3 content words that occur in the corpus in all three languages; some carry
// facet filters; context-only requests give a unit id or a context profile and no text.
import { createRequire } from "node:module";
import type { ContextTags } from "../src/domain/units.js";
import { type Corpus, type Language, lessonFullText } from "./corpus.js";
import { Random, type Weighted } from "./random.js";

export type Direction = "positive" | "negative" | "mixed" | "none";
export type FilterBody = {
  unitId?: string;
  context?: ContextTags;
  q?: string;
  filters?: Record<string, string[]>;
  outcomeDirection?: Direction[];
  limit: number;
};
export type QueryKind = "text" | "text+facets" | "context";
export type BenchQuery = { kind: QueryKind; language?: Language; body: FilterBody };

/** Words a user would type, checked against the corpus (those that do not occur are dropped). */
const CURATED: Record<Language, string[]> = {
  da: [
    "tillid",
    "pårørende",
    "frivillige ansvar",
    "relationer",
    "anerkendelse",
    "borgerne",
    "medarbejderne",
    "ejerskab",
    "hjemmeplejen",
    "ensomhed",
    "kaffe",
    "dialog",
  ],
  nb: [
    "tillit",
    "pårørende",
    "frivillige",
    "relasjoner",
    "anerkjennelse",
    "beboerne",
    "ansatte",
    "eierskap",
    "hjemmetjenesten",
    "ungdommene",
    "kaffe",
    "trygghet",
  ],
  en: [
    "relationships",
    "trust home care",
    "trust",
    "volunteers",
    "relatives",
    "recognition",
    "ownership",
    "residents",
    "loneliness",
    "staff",
    "dementia",
    "volunteers responsibility",
  ],
};
/** The brief's examples come first, in this order, so small mixes always contain them. */
const ANCHORS: [Language, string][] = [
  ["da", "tillid"],
  ["en", "relationships"],
  ["da", "pårørende"],
  ["da", "frivillige ansvar"],
  ["en", "trust home care"],
];

const FACET_SETS: Pick<FilterBody, "filters" | "outcomeDirection">[] = [
  { filters: { mechanism: ["trust"] } },
  { filters: { serviceArea: ["home_care"], outcome: ["user_wellbeing"] } },
  { outcomeDirection: ["negative", "mixed"] },
  { filters: { mechanism: ["relationships"], pressure: ["time"] } },
  { filters: { setting: ["rural"] } },
  { filters: { userGroup: ["relatives"] }, outcomeDirection: ["positive"] },
  { filters: { mechanism: ["recognition", "ownership"], serviceArea: ["elder_care", "nursing_home"] } },
];

const ENGLISH_STOP = new Set(
  "about above after again against also because been before being below between both could does doing down during each further have having here hers herself himself into itself just more most myself once only other ourselves over same should some such than that their theirs them themselves then there these they this those through under until very were what when where which while whom with would your yours yourself yourselves".split(
    " ",
  ),
);
const stopwordsIso = createRequire(import.meta.url)("stopwords-iso") as Record<string, string[]>;
const STOP: Record<Language, Set<string>> = {
  en: ENGLISH_STOP,
  da: new Set(stopwordsIso.da ?? []),
  nb: new Set(stopwordsIso.no ?? []),
};
const WORD = /[\p{L}]+/gu;

/**
 * Content words by document frequency per language (skipping the 15 most common, the next 300), and
 * for each sampled lesson the ones it contains, so multi-word queries combine words that co-occur.
 */
function contentWords(corpus: Corpus, sampleSize = 3000) {
  const df: Record<Language, Map<string, number>> = { da: new Map(), nb: new Map(), en: new Map() };
  const sampled: { language: Language; words: Set<string> }[] = [];
  const step = Math.max(1, Math.floor(corpus.lessons.length / sampleSize));
  for (let i = 0; i < corpus.lessons.length; i += step) {
    const lesson = corpus.lessons[i]!;
    const language = lesson.language ?? "en";
    const words = new Set(
      (lessonFullText(lesson).toLowerCase().match(WORD) ?? []).filter(
        (w) => w.length >= 5 && !STOP[language].has(w),
      ),
    );
    sampled.push({ language, words });
    for (const word of words) df[language].set(word, (df[language].get(word) ?? 0) + 1);
  }
  const ranked = (language: Language) =>
    [...df[language].entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(15, 315)
      .map(([w]) => w);
  const words = { da: ranked("da"), nb: ranked("nb"), en: ranked("en") };
  const sets = { da: new Set(words.da), nb: new Set(words.nb), en: new Set(words.en) };
  const lessons: Record<Language, string[][]> = { da: [], nb: [], en: [] };
  for (const { language, words: seen } of sampled) {
    const mid = [...seen].filter((w) => sets[language].has(w));
    if (mid.length >= 2) lessons[language].push(mid);
  }
  return { words, lessons };
}

/** Whether every word of `phrase` occurs somewhere in the corpus text of `language`. */
function occurs(corpus: Corpus, language: Language, phrase: string, vocabulary: Map<Language, Set<string>>) {
  let words = vocabulary.get(language);
  if (!words) {
    words = new Set();
    const step = Math.max(1, Math.floor(corpus.lessons.length / 3000));
    for (let i = 0; i < corpus.lessons.length; i += step) {
      const lesson = corpus.lessons[i]!;
      if ((lesson.language ?? "en") !== language) continue;
      for (const w of lessonFullText(lesson).toLowerCase().match(WORD) ?? []) words.add(w);
    }
    vocabulary.set(language, words);
  }
  const set = words;
  return (phrase.toLowerCase().match(WORD) ?? []).every((w) => set.has(w));
}

const LANGUAGE_MIX: Weighted<Language> = [
  ["da", 40],
  ["nb", 35],
  ["en", 25],
];

export function buildQueryMix(
  corpus: Corpus,
  {
    seed,
    text = 80,
    textWithFacets = 70,
    contextOnly = 50,
  }: {
    seed: number;
    text?: number;
    textWithFacets?: number;
    contextOnly?: number;
  },
): BenchQuery[] {
  const rng = new Random(seed ^ 0x5eed);
  const sampled = contentWords(corpus);
  const vocabulary = new Map<Language, Set<string>>();
  const curated: Record<Language, string[]> = {
    da: CURATED.da.filter((p) => occurs(corpus, "da", p, vocabulary)),
    nb: CURATED.nb.filter((p) => occurs(corpus, "nb", p, vocabulary)),
    en: CURATED.en.filter((p) => occurs(corpus, "en", p, vocabulary)),
  };
  const anchors = ANCHORS.filter(([language, q]) => occurs(corpus, language, q, vocabulary));

  const textQuery = (): { language: Language; q: string } => {
    const language = rng.weighted(LANGUAGE_MIX);
    if (curated[language].length > 0 && rng.chance(0.5)) return { language, q: rng.pick(curated[language]) };
    const n = rng.weighted([
      [1, 40],
      [2, 40],
      [3, 20],
    ] as const);
    const single = sampled.words[language].length > 0 ? sampled.words[language] : ["trust"];
    // several words: ones that occur together in some lesson, as a user remembering a lesson would type
    const source =
      n > 1 && sampled.lessons[language].length > 0 ? rng.pick(sampled.lessons[language]) : single;
    const words: string[] = [];
    for (let i = 0; i < n * 4 && words.length < Math.min(n, source.length); i++) {
      const w = rng.pick(source);
      if (!words.includes(w)) words.push(w);
    }
    return { language, q: words.join(" ") };
  };

  const queries: BenchQuery[] = [];
  for (let i = 0; i < text; i++) {
    const anchor = anchors[i];
    const { language, q } = anchor ? { language: anchor[0], q: anchor[1] } : textQuery();
    queries.push({ kind: "text", language, body: { q, limit: 20 } });
  }
  for (let i = 0; i < textWithFacets; i++) {
    const { language, q } = textQuery();
    const facets = FACET_SETS[i % FACET_SETS.length]!;
    queries.push({ kind: "text+facets", language, body: { q, ...structuredClone(facets), limit: 20 } });
  }
  for (let i = 0; i < contextOnly; i++) {
    const unit = rng.pick(corpus.units);
    if (i % 5 < 3) {
      queries.push({ kind: "context", body: { unitId: unit.id, limit: 20 } });
    } else {
      // a profile typed in by hand: the unit's service area and user group, sometimes its setting
      const context: ContextTags = {};
      for (const dimension of ["serviceArea", "userGroup", "setting"]) {
        const values = unit.context[dimension];
        if (values && (dimension !== "setting" || rng.chance(0.5))) context[dimension] = [...values];
      }
      queries.push({ kind: "context", body: { context, limit: 20 } });
    }
  }
  return queries;
}
