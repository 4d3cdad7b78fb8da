// The fixed query mix: deterministic for a corpus and seed, bounded (200 requests by default).
// Text queries use 1–3 content words that occur in the corpus in all three languages; some carry
// facet filters; context-only requests give a unit id or a context profile and no text.
// Questions (buildQuestions) are 6–12 words as people ask them, stop words included.
import { readFileSync } from "node:fs";
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
export type QueryKind = "text" | "text+facets" | "context" | "question";
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

// ── questions ──────────────────────────────────────────────────────────────────
// Templates per language: {t} is a controlled term's label or synonym, {c} a common content word,
// {m} a mid-frequency one, {r} a rare one (by document frequency in the corpus of that language).
// A template marked `failure` asks what went wrong.
type Template = { text: string; failure?: boolean };
const QUESTION_TEMPLATES: Record<Language, Template[]> = {
  en: [
    { text: "how can we build {t} with the {m} in our {c}" },
    { text: "what works when {c} and {m} need more {t}" },
    { text: "what went wrong when the {m} took over the {r}", failure: true },
    { text: "why did {t} not work for the {m}", failure: true },
    { text: "are there any lessons about {t} and {r} for {c}" },
    { text: "how do we get the {m} to trust the {c} again" },
    { text: "what did other units do about {t} when {r} was missing" },
    { text: "what went wrong with {t} in the {m}", failure: true },
    { text: "how did they involve {t} in the {m} and {r}" },
    { text: "what happened to {m} after the {r} was introduced" },
  ],
  da: [
    { text: "hvordan skaber vi {t} mellem {m} og {c}" },
    { text: "hvad virker når {c} skal have mere {t}" },
    { text: "hvad gik galt da {m} overtog {r}", failure: true },
    { text: "hvorfor virkede {t} ikke for {m} i {c}", failure: true },
    { text: "er der erfaringer med {t} og {r} hos {c}" },
    { text: "hvordan får vi de {m} til at stole på {c}" },
    { text: "hvad gjorde andre med {t} når der manglede {r}" },
    { text: "hvorfor gik det galt med {t} i {m}", failure: true },
    { text: "hvordan kan vi inddrage {t} i arbejdet med {m}" },
    { text: "hvad skete der med {m} efter at {r} blev indført" },
  ],
  nb: [
    { text: "hvordan bygger vi {t} mellom {m} og {c}" },
    { text: "hva fungerer når {c} trenger mer {t}" },
    { text: "hva gikk galt da {m} overtok {r}", failure: true },
    { text: "hvorfor fungerte {t} ikke for {m} i {c}", failure: true },
    { text: "finnes det erfaringer med {t} og {r} hos {c}" },
    { text: "hvordan får vi de {m} til å stole på {c}" },
    { text: "hva gjorde andre med {t} når det manglet {r}" },
    { text: "hva gikk galt med {t} i {m}", failure: true },
    { text: "hvordan kan vi involvere {t} i arbeidet med {m}" },
    { text: "hva skjedde med {m} etter at {r} ble innført" },
  ],
};
/** The facets whose labels and synonyms people use in questions. */
const QUESTION_FACETS = new Set(["mechanism", "outcome", "userGroup", "pressure", "approach", "serviceArea"]);

type VocabularyTerm = {
  facet: string;
  labels: Partial<Record<Language, string>>;
  synonyms?: Partial<Record<Language, string[]>>;
};

/** Controlled terms' labels and synonyms per language, lower-cased, of at most three words. */
function termNames(): Record<Language, string[]> {
  const { terms } = JSON.parse(readFileSync(new URL("../seed/vocabulary.json", import.meta.url), "utf8")) as {
    terms: VocabularyTerm[];
  };
  const out: Record<Language, string[]> = { da: [], nb: [], en: [] };
  for (const term of terms) {
    if (!QUESTION_FACETS.has(term.facet)) continue;
    for (const language of ["da", "nb", "en"] as const) {
      const names = [term.labels[language], ...(term.synonyms?.[language] ?? [])];
      for (const name of names) {
        const lower = name?.toLowerCase();
        if (lower && (lower.match(WORD)?.length ?? 0) <= 3 && !out[language].includes(lower))
          out[language].push(lower);
      }
    }
  }
  return out;
}

/** Content words per language in three tiers of document frequency (over a sample of the corpus). */
function wordTiers(corpus: Corpus, sampleSize = 3000) {
  const df: Record<Language, Map<string, number>> = { da: new Map(), nb: new Map(), en: new Map() };
  const step = Math.max(1, Math.floor(corpus.lessons.length / sampleSize));
  for (let i = 0; i < corpus.lessons.length; i += step) {
    const lesson = corpus.lessons[i]!;
    const language = lesson.language ?? "en";
    const seen = new Set(
      (lessonFullText(lesson).toLowerCase().match(WORD) ?? []).filter(
        (w) => w.length >= 4 && !STOP[language].has(w),
      ),
    );
    for (const word of seen) df[language].set(word, (df[language].get(word) ?? 0) + 1);
  }
  const tiers = (language: Language) => {
    const ranked = [...df[language].entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([w]) => w);
    // common: in a large share of lessons; mid: the next few hundred; rare: the long tail (still ≥ 2 lessons)
    const rareEnd = ranked.findIndex((w) => (df[language].get(w) ?? 0) < 2);
    return {
      common: ranked.slice(0, 40),
      mid: ranked.slice(40, 400),
      rare: ranked.slice(400, rareEnd > 400 ? rareEnd : ranked.length),
    };
  };
  return { da: tiers("da"), nb: tiers("nb"), en: tiers("en") };
}

/**
 * `count` questions of 6–12 words in da/nb/en (the text mix's language shares), from templates
 * filled with the corpus's own words of varied rarity and with controlled terms' names; about a
 * third ask what went wrong. Deterministic for a corpus and seed.
 */
export function buildQuestions(corpus: Corpus, { seed, count = 80 }: { seed: number; count?: number }) {
  const rng = new Random(seed ^ 0x9e57);
  const tiers = wordTiers(corpus);
  const names = termNames();
  const queries: (BenchQuery & { failure: boolean })[] = [];
  for (let i = 0; queries.length < count && i < count * 20; i++) {
    const language = rng.weighted(LANGUAGE_MIX);
    const template = rng.pick(QUESTION_TEMPLATES[language]);
    const tier = tiers[language];
    const fill = (list: string[], fallback: string[]) => rng.pick(list.length > 0 ? list : fallback);
    const q = template.text.replace(/\{([tcmr])\}/g, (_, slot: string) =>
      slot === "t"
        ? fill(names[language], tier.mid)
        : slot === "c"
          ? fill(tier.common, tier.mid)
          : slot === "m"
            ? fill(tier.mid, tier.common)
            : fill(tier.rare, tier.mid),
    );
    const n = q.match(WORD)?.length ?? 0;
    if (n < 6 || n > 12) continue;
    queries.push({ kind: "question", language, failure: template.failure ?? false, body: { q, limit: 20 } });
  }
  return queries;
}
