// The filter's result set and every facet count equal a brute-force computation over the lessons read
// back from the database, for random corpora, random updates/archives and random filter requests.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";
import { INSTALLATION } from "../../src/domain/access.js";
import type { FilterReply, FilterRequest } from "../../src/domain/filter/index.js";
import type { Lesson, LessonInput, LessonPatch } from "../../src/domain/lessons.js";
import { createServices, type Services } from "../../src/domain/services.js";
import type { ContextTags } from "../../src/domain/units.js";
import { analyze, LANGUAGES, type Language, stem } from "../../src/search/analyze.js";
import type { Direction } from "../../src/search/facets.js";
import { readQuery } from "../../src/search/query.js";
import { DEFAULT_RANKING, EVIDENCE_KINDS, type EvidenceKind } from "../../src/search/rank.js";
import { loadSeed } from "../../src/seed/load.js";

// ---------------------------------------------------------------------------------------------------
// The real vocabulary, and the slugs the generators draw from (a dense subset, so filters overlap).

type SeedTerm = { facet: string; slug: string; parent?: string | null };
const seedTerms = (
  JSON.parse(readFileSync(new URL("../../seed/vocabulary.json", import.meta.url), "utf8")) as {
    terms: SeedTerm[];
  }
).terms;

const SLUGS: Record<string, string[]> = {
  mechanism: [
    "trust",
    "interpersonal_trust",
    "institutional_trust",
    "relationships",
    "recognition",
    "dialogue",
  ],
  outcome: ["user_wellbeing", "employment", "social_network", "learning"],
  pressure: ["time", "budget", "workload"],
  approach: ["bikva", "picture_cards", "open_dialogue"],
  serviceArea: [
    "elder_care",
    "home_care",
    "nursing_home",
    "employment_services",
    "children_and_families",
    "schools",
  ],
  userGroup: ["older_adults", "people_with_dementia", "unemployed", "local_residents"],
  setting: ["urban", "suburban", "rural", "island"],
  organisationForm: ["team_based", "network"],
  scale: ["one_team", "department"],
};
for (const [facet, slugs] of Object.entries(SLUGS))
  for (const slug of slugs)
    if (!seedTerms.some((t) => t.facet === facet && t.slug === slug))
      throw new Error(`${facet}/${slug} is not in seed/vocabulary.json`);
/** Small corpora: a word in 3 lessons and in more than a quarter of them is already "common". */
const RANKING = { ...DEFAULT_RANKING, commonQueryWordMinLessons: 3 };
/** Pitfall terms come with the migrations, not with seed/vocabulary.json. */
const PITFALLS = ["symbolic_involvement", "responsibility_dumping", "creaming"];
const DIMENSIONS = ["serviceArea", "userGroup", "setting", "organisationForm", "scale"];
const DIRECTIONS: Direction[] = ["positive", "negative", "mixed", "none"];
const STAGES = ["ad_hoc_individual", "ad_hoc_collective", "pilot"] as const;

// Lesson text words (shared ones across languages, stop words too); query words (some name terms, some
// occur in no lesson text: all of them are indexed by the never-published anchor lessons, so typo
// tolerance never applies).
const TEXT_WORDS = [
  "trust",
  "trusting",
  "team",
  "visits",
  "citizens",
  "coffee",
  "relationships",
  "care",
  "work",
  "tillid",
  "tilliden",
  "borgerne",
  "besøg",
  "kaffe",
  "samarbejdet",
  "tid",
  "tillit",
  "brukerne",
  "besøk",
  "relasjonene",
  "arbeid",
  "the",
  "og",
  "ikke",
];
const QUERY_WORDS = [
  "trust",
  "team",
  "visits",
  "coffee",
  "tillid",
  "kaffe",
  "tid",
  "arbeid",
  "work",
  "relasjoner",
  "relationsarbejde",
  "hjemmepleje",
  "eldre",
  "care",
  "budget",
  "samtale",
  "besøg",
  "borgerne",
  "og",
  "samarbejdet",
  "relasjonene",
];
const QUERIES = [
  ...QUERY_WORDS,
  "home care",
  "trust coffee",
  "tid visits",
  "eldre kaffe",
  '"citizens trust"',
  '"team work" kaffe',
  "what went wrong with the coffee visits",
  "hvorfor virkede tillid ikke",
  "symbolic involvement",
  "tillid ",
];
const DAY_MS = 86_400_000;
/** Lessons are published today: the date bounds straddle it. */
const DAYS = [-1, 0, 1].map((d) => new Date(Date.now() + d * DAY_MS).toISOString().slice(0, 10));

// ---------------------------------------------------------------------------------------------------
// Generators

const sentence = (min: number, max: number) =>
  fc.array(fc.constantFrom(...TEXT_WORDS), { minLength: min, maxLength: max }).map((w) => w.join(" "));
const someOf = (slugs: string[], max: number, min = 0) =>
  fc.uniqueArray(fc.constantFrom(...slugs), { minLength: min, maxLength: max });
const contextTags: fc.Arbitrary<ContextTags> = fc
  .uniqueArray(fc.constantFrom(...DIMENSIONS), { maxLength: 3 })
  .chain((dims) =>
    fc
      .tuple(...dims.map((d) => someOf(SLUGS[d]!, 2, 1)))
      .map((lists) => Object.fromEntries(dims.map((d, i) => [d, lists[i]!]))),
  );
const outcomes = fc.uniqueArray(
  fc.record({ term: fc.constantFrom(...SLUGS.outcome!), direction: fc.constantFrom(...DIRECTIONS) }),
  { selector: (o) => o.term, maxLength: 3 },
);
const language = fc.constantFrom<Language>(...LANGUAGES);
const evidence = fc.constantFrom<EvidenceKind>(...EVIDENCE_KINDS);

type LessonSpec = {
  unit: number;
  language: Language;
  title: string;
  summary: string;
  why: string;
  narrative: string | null;
  outcomeNarrative: string | null;
  coping: string | null;
  tags: ContextTags | null;
  mechanisms: string[];
  outcomes: { term: string; direction: Direction }[];
  pressures: string[];
  approaches: string[];
  pitfalls: string[];
  evidence: EvidenceKind;
  stage: (typeof STAGES)[number];
  published: boolean;
};

const lessonSpec: fc.Arbitrary<LessonSpec> = fc.record({
  unit: fc.nat({ max: 2 }),
  language,
  title: sentence(1, 4),
  summary: sentence(1, 6),
  why: sentence(1, 6),
  narrative: fc.option(sentence(1, 4), { nil: null }),
  outcomeNarrative: fc.option(sentence(1, 4), { nil: null }),
  coping: fc.option(sentence(1, 3), { nil: null }),
  tags: fc.option(contextTags, { nil: null }),
  mechanisms: someOf(SLUGS.mechanism!, 3),
  outcomes,
  pressures: someOf(SLUGS.pressure!, 2),
  approaches: someOf(SLUGS.approach!, 2),
  pitfalls: someOf(PITFALLS, 2),
  evidence,
  stage: fc.constantFrom(...STAGES.slice(0, 2)),
  published: fc.constantFrom(true, true, true, false),
});

const patchSpec: fc.Arbitrary<LessonPatch> = fc.record(
  {
    title: sentence(1, 4),
    summary: sentence(1, 6),
    why: sentence(1, 6),
    outcomeNarrative: fc.option(sentence(1, 4), { nil: null }),
    coping: fc.option(sentence(1, 3), { nil: null }),
    language,
    context: fc.record(
      { narrative: fc.option(sentence(1, 4), { nil: null }), tags: contextTags },
      { requiredKeys: [] },
    ),
    mechanisms: someOf(SLUGS.mechanism!, 3),
    outcomes,
    pressures: someOf(SLUGS.pressure!, 2),
    approaches: someOf(SLUGS.approach!, 2),
    pitfalls: someOf(PITFALLS, 2),
    evidence: evidence.map((kind) => ({ kind })),
  },
  { requiredKeys: [] },
);

type Operation =
  | { kind: "create"; lesson: LessonSpec }
  | { kind: "update"; target: number; patch: LessonPatch }
  | { kind: "publish"; target: number }
  | { kind: "archive"; target: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { arbitrary: lessonSpec.map((lesson) => ({ kind: "create" as const, lesson })), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant("update" as const), target: fc.nat(), patch: patchSpec }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("publish" as const), target: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("archive" as const), target: fc.nat() }), weight: 1 },
);

const FILTER_SLUGS: Record<string, string[]> = { ...SLUGS, pitfall: PITFALLS };
const filterFacet = fc.constantFrom(...Object.keys(FILTER_SLUGS));
/** Present in about `percent`% of requests, so that most requests still match something. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, percent: number) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 100 - percent }, { arbitrary, weight: percent });
const requestSpec = fc.record({
  filters: sometimes(
    fc
      .uniqueArray(filterFacet, { minLength: 1, maxLength: 2 })
      .chain((facets) =>
        fc
          .tuple(...facets.map((f) => someOf(FILTER_SLUGS[f]!, 2, 1)))
          .map((lists) => Object.fromEntries(facets.map((f, i) => [f, lists[i]!]))),
      ),
    50,
  ),
  outcomeDirection: sometimes(
    fc.uniqueArray(fc.constantFrom(...DIRECTIONS), { minLength: 1, maxLength: 2 }),
    20,
  ),
  evidence: sometimes(fc.uniqueArray(evidence, { minLength: 1, maxLength: 2 }), 20),
  language: sometimes(fc.uniqueArray(language, { minLength: 1, maxLength: 2 }), 20),
  stage: sometimes(fc.uniqueArray(fc.constantFrom(...STAGES), { minLength: 1, maxLength: 2 }), 15),
  q: sometimes(fc.constantFrom(...QUERIES), 50),
  match: sometimes(fc.constantFrom("most" as const, "all" as const, "any" as const), 60),
  publishedFrom: sometimes(fc.constantFrom(...DAYS), 10),
  publishedTo: sometimes(fc.constantFrom(...DAYS), 10),
  context: sometimes(contextTags, 40),
  requester: sometimes(fc.nat({ max: 2 }), 50),
});
type RequestSpec = typeof requestSpec extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------------------
// The world: services on a fresh in-memory database

function world(unitContexts: ContextTags[]) {
  const database = openDatabase(":memory:");
  const services = createServices({ database, ranking: RANKING });
  loadSeed(services, database, "vocabulary");
  const organisation = services.organisations.create({ name: "Proptown", kind: "municipality" });
  const units = unitContexts.map(
    (context, i) => services.units.create({ organisationId: organisation.id, name: `Unit ${i}`, context }).id,
  );
  // never published, never changed: they put every query word into the text index in every language
  const anchors = LANGUAGES.map(
    (lang) =>
      services.lessons.create({
        unitId: units[0]!,
        title: QUERY_WORDS.join(" "),
        summary: "anchor",
        why: "anchor",
        language: lang,
        mechanisms: [],
        outcomes: [],
        status: "submitted",
      }).lesson.id,
  );
  return { database, services, units, anchors };
}
type World = ReturnType<typeof world>;

function inputOf(spec: LessonSpec, units: string[]): LessonInput {
  return {
    unitId: units[spec.unit % units.length]!,
    title: spec.title,
    summary: spec.summary,
    why: spec.why,
    language: spec.language,
    context: spec.tags ? { narrative: spec.narrative, tags: spec.tags } : { narrative: spec.narrative },
    outcomeNarrative: spec.outcomeNarrative,
    coping: spec.coping,
    mechanisms: spec.mechanisms,
    outcomes: spec.outcomes,
    pressures: spec.pressures,
    approaches: spec.approaches,
    pitfalls: spec.pitfalls,
    evidence: { kind: spec.evidence },
    stage: spec.stage,
    status: spec.published ? "published" : "submitted",
  };
}

function apply(w: World, op: Operation): void {
  const { services } = w;
  if (op.kind === "create") {
    services.lessons.create(inputOf(op.lesson, w.units));
    return;
  }
  const open = (
    w.database.sqlite
      .prepare("SELECT id FROM lessons WHERE status != 'archived' ORDER BY created_at, id")
      .all() as { id: string }[]
  )
    .map((r) => r.id)
    .filter((id) => !w.anchors.includes(id));
  if (open.length === 0) return;
  const id = open[op.target % open.length]!;
  const current = services.lessons.get(id);
  if (op.kind === "update") services.lessons.update(id, op.patch, current.version);
  else if (op.kind === "publish") {
    if (current.status === "submitted") services.lessons.update(id, { status: "published" }, current.version);
  } else services.lessons.archive(id);
}

function requestOf(spec: RequestSpec, w: World): FilterRequest {
  const request: FilterRequest = {};
  if (spec.filters && Object.keys(spec.filters).length > 0) request.filters = spec.filters;
  if (spec.outcomeDirection) request.outcomeDirection = spec.outcomeDirection;
  if (spec.evidence) request.evidence = spec.evidence;
  if (spec.language) request.language = spec.language;
  if (spec.stage) request.stage = spec.stage;
  if (spec.q) request.q = spec.q;
  if (spec.match) request.match = spec.match;
  // a range that ends before it starts is a 422 (tested over HTTP): the bounds go in order here
  const [from, to] =
    spec.publishedFrom && spec.publishedTo && spec.publishedFrom > spec.publishedTo
      ? [spec.publishedTo, spec.publishedFrom]
      : [spec.publishedFrom, spec.publishedTo];
  if (from) request.publishedFrom = from;
  if (to) request.publishedTo = to;
  if (spec.context) request.context = spec.context;
  else if (spec.requester !== undefined) request.unitId = w.units[spec.requester % w.units.length]!;
  return request;
}

// ---------------------------------------------------------------------------------------------------
// Brute force, from the lessons read back through the lesson service

type Facts = {
  lesson: Lesson;
  /** "facet/slug" of every tag and all their ancestors. */
  covers: Set<string>;
  stems: string[];
  /** The stems of each FTS column (title, summary, why, the narratives together), for phrases. */
  columns: string[][];
  fields: Record<"outcomeDirection" | "evidence" | "stage" | "language", string>;
};

function hierarchy(services: Services) {
  const parentOf = new Map<string, string | null>();
  const kinds = new Map<string, string>();
  for (const facet of services.vocabulary.listFacets()) {
    kinds.set(facet.slug, facet.kind);
    for (const term of facet.terms) parentOf.set(`${facet.slug}/${term.slug}`, term.parent);
  }
  const ancestorsOrSelf = (facet: string, slug: string): string[] => {
    const out: string[] = [];
    for (let s: string | null | undefined = slug; s; s = parentOf.get(`${facet}/${s}`))
      out.push(`${facet}/${s}`);
    return out;
  };
  return { ancestorsOrSelf };
}

function overall(directions: Direction[]): Direction {
  if (directions.every((d) => d === "none")) return "none";
  if (directions.every((d) => d === "positive")) return "positive";
  if (directions.every((d) => d === "negative" || d === "none")) return "negative";
  return "mixed";
}

function factsOf(w: World): Facts[] {
  const { ancestorsOrSelf } = hierarchy(w.services);
  const ids = (w.database.sqlite.prepare("SELECT id FROM lessons").all() as { id: string }[]).map(
    (r) => r.id,
  );
  return w.services.lessons
    .getMany(ids)
    .filter((lesson) => lesson.status === "published")
    .map((lesson) => {
      const tags: [string, string][] = [
        ...Object.entries(lesson.context.tags).flatMap(([d, slugs]) =>
          slugs.map((s): [string, string] => [d, s]),
        ),
        ...lesson.mechanisms.map((s): [string, string] => ["mechanism", s]),
        ...lesson.outcomes.map((o): [string, string] => ["outcome", o.term]),
        ...lesson.pressures.map((p): [string, string] => ["pressure", p.term]),
        ...lesson.approaches.map((s): [string, string] => ["approach", s]),
        ...lesson.pitfalls.map((s): [string, string] => ["pitfall", s]),
      ];
      const text = [
        lesson.title,
        lesson.summary,
        lesson.why,
        lesson.context.narrative,
        lesson.outcomeNarrative,
        lesson.coping,
        ...lesson.pressures.map((p) => p.coping),
      ];
      return {
        lesson,
        covers: new Set(tags.flatMap(([facet, slug]) => ancestorsOrSelf(facet, slug))),
        stems: text.flatMap((t) => (t ? analyze(t, lesson.language) : [])),
        columns: [
          analyze(lesson.title, lesson.language),
          analyze(lesson.summary, lesson.language),
          analyze(lesson.why, lesson.language),
          text.slice(3).flatMap((t) => (t ? analyze(t, lesson.language) : [])),
        ],
        fields: {
          outcomeDirection: overall(lesson.outcomes.map((o) => o.direction)),
          evidence: lesson.evidence.kind,
          stage: lesson.stage,
          language: lesson.language,
        },
      };
    });
}

function bruteForce(w: World, request: FilterRequest) {
  const { services } = w;
  const facts = factsOf(w);
  // the question as the filter reads it (query reading has its own unit tests); matching is redone here
  const read = request.q ? readQuery(request.q, (ws) => services.vocabulary.index.namedSpans(ws)) : null;
  const keysOf = (termIds: readonly string[]) =>
    termIds.map((id) => {
      const term = services.vocabulary.termById(id)!;
      return `${term.facet}/${term.slug}`;
    });
  const clauses = (read?.clauses ?? []).map((clause) => {
    // the anchors index every query word as typed: a misspelling-only concept is that word instead
    let named = clause.fuzzy ? [] : keysOf(clause.termIds);
    let kind = clause.fuzzy ? "word" : clause.kind;
    const inText = (f: Facts) => {
      if (clause.words.length === 1) {
        const word = clause.words[0]!;
        const prefixes = word.prefix ? [word.text, ...word.stems] : [];
        return f.stems.some((s) => word.stems.includes(s) || prefixes.some((p) => s.startsWith(p)));
      }
      // a phrase: its stems in the lesson's language, next to each other in one text column
      const phrase = clause.words.map((w) => stem(w.text, f.lesson.language));
      return f.columns.some((column) => column.some((_, i) => phrase.every((p, k) => column[i + k] === p)));
    };
    const matches = (f: Facts) => named.some((key) => f.covers.has(key)) || inText(f);
    // a word no published lesson matches points at the terms whose longer names contain it
    // (not in the strict reading)
    if (kind === "word" && request.match !== "all" && !facts.some(matches)) {
      named = keysOf(services.vocabulary.index.termsWithNameWord(clause.words[0]!));
      if (named.length > 0) kind = "concept";
    }
    const lessons = facts.filter(matches).length;
    const common =
      kind === "word" &&
      lessons >= RANKING.commonQueryWordMinLessons &&
      lessons > RANKING.commonQueryWordShare * facts.length;
    return { matches, common };
  });
  const informative = clauses.filter((c) => !c.common);
  const required = informative.length > 0 ? informative : clauses;
  const match = request.match ?? "most";
  const matchesQuery = (f: Facts) =>
    clauses.length === 0 ||
    (match === "all"
      ? clauses.every((c) => c.matches(f))
      : (match === "any" ? clauses : required).some((c) => c.matches(f)));
  type Constraint = { facet: string; allows: (f: Facts) => boolean };
  const constraints: Constraint[] = [];
  for (const [facet, slugs] of Object.entries(request.filters ?? {}))
    constraints.push({ facet, allows: (f) => slugs.some((slug) => f.covers.has(`${facet}/${slug}`)) });
  for (const field of ["outcomeDirection", "evidence", "stage", "language"] as const) {
    const values = request[field] as string[] | undefined;
    if (values && values.length > 0)
      constraints.push({ facet: field, allows: (f) => values.includes(f.fields[field]) });
  }
  if (request.publishedFrom || request.publishedTo) {
    const day = (f: Facts) => f.lesson.publishedAt!.slice(0, 10);
    constraints.push({
      facet: "publishedAt",
      allows: (f) =>
        (!request.publishedFrom || day(f) >= request.publishedFrom) &&
        (!request.publishedTo || day(f) <= request.publishedTo),
    });
  }
  const base = facts.filter(matchesQuery);
  const results = base.filter((f) => constraints.every((c) => c.allows(f)));
  const scope = (facet: string) =>
    base.filter((f) => constraints.every((c) => c.facet === facet || c.allows(f)));

  const facets: Record<string, Record<string, number>> = {};
  for (const facet of services.vocabulary.listFacets()) {
    const inScope = scope(facet.slug);
    const counts: Record<string, number> = {};
    for (const term of facet.terms) {
      if (term.status === "retired") continue;
      const n = inScope.filter((f) => f.covers.has(`${facet.slug}/${term.slug}`)).length;
      if (n > 0) counts[term.slug] = n;
    }
    facets[facet.slug] = counts;
  }
  const FIELD_VALUES = {
    outcomeDirection: DIRECTIONS,
    evidence: EVIDENCE_KINDS,
    stage: ["ad_hoc_individual", "ad_hoc_collective", "pilot", "project", "program", "culture"],
    language: LANGUAGES,
  };
  for (const field of ["outcomeDirection", "evidence", "stage", "language"] as const) {
    const inScope = scope(field);
    const counts: Record<string, number> = {};
    for (const value of FIELD_VALUES[field]) {
      const n = inScope.filter((f) => f.fields[field] === value).length;
      if (n > 0) counts[value] = n;
    }
    facets[field] = counts;
  }
  return { ids: results.map((f) => f.lesson.id).sort(), facets };
}

/** Every result over all pages (limit 5), checking order, totals and facets stay the same per page. */
function walk(w: World, request: FilterRequest) {
  const ids: string[] = [];
  const scores: number[] = [];
  let first: FilterReply | undefined;
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const reply = w.services.filter.filter(INSTALLATION, {
      ...request,
      limit: 5,
      ...(cursor ? { cursor } : {}),
    });
    first ??= reply;
    expect(reply.total).toBe(first.total);
    expect(reply.facets).toEqual(first.facets);
    expect(reply.results.length).toBeLessThanOrEqual(5);
    for (const r of reply.results) {
      ids.push(r.id);
      scores.push(r.score);
    }
    if (!reply.nextCursor) break;
    expect(reply.results.length).toBe(5);
    cursor = reply.nextCursor;
  }
  for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThanOrEqual(scores[i - 1]!);
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, reply: first! };
}

function check(w: World, request: FilterRequest) {
  const expected = bruteForce(w, request);
  const { ids, reply } = walk(w, request);
  const context = JSON.stringify(request);
  expect([...ids].sort(), `result ids for ${context}`).toEqual(expected.ids);
  expect(reply.total, `total for ${context}`).toBe(expected.ids.length);
  expect(reply.facets, `facets for ${context}`).toEqual(expected.facets);
}

// ---------------------------------------------------------------------------------------------------

describe("filter = brute force", () => {
  it("a hand-made corpus: parent terms, archived and submitted lessons, vocabulary and text matches", () => {
    const w = world([{ serviceArea: ["home_care"] }, { serviceArea: ["schools"] }, {}]);
    const base: LessonSpec = {
      unit: 0,
      language: "en",
      title: "coffee visits",
      summary: "citizens trust",
      why: "team work",
      narrative: null,
      outcomeNarrative: null,
      coping: null,
      tags: null,
      mechanisms: ["trust"],
      outcomes: [{ term: "user_wellbeing", direction: "positive" }],
      pressures: [],
      approaches: [],
      pitfalls: [],
      evidence: "anecdote",
      stage: "ad_hoc_individual",
      published: true,
    };
    const create = (over: Partial<LessonSpec>) =>
      w.services.lessons.create(inputOf({ ...base, ...over }, w.units)).lesson;
    const homeCare = create({});
    const nursing = create({ tags: { serviceArea: ["nursing_home"] }, mechanisms: ["interpersonal_trust"] });
    const school = create({
      unit: 1,
      language: "da",
      title: "kaffe og tid",
      outcomes: [
        { term: "learning", direction: "negative" },
        { term: "user_wellbeing", direction: "none" },
      ],
    });
    const archived = create({});
    w.services.lessons.archive(archived.id);
    create({ published: false });

    const elder = w.services.filter.filter(INSTALLATION, { filters: { serviceArea: ["elder_care"] } });
    expect(elder.total).toBe(2);
    expect(new Set(elder.results.map((r) => r.id))).toEqual(new Set([homeCare.id, nursing.id]));
    expect(elder.facets.serviceArea).toEqual({
      elder_care: 2,
      home_care: 1,
      nursing_home: 1,
      schools: 1,
      children_and_families: 1,
    });
    expect(elder.facets.mechanism).toEqual({ trust: 2, interpersonal_trust: 1 });
    expect(elder.facets.outcomeDirection).toEqual({ positive: 2 });

    const negative = w.services.filter.filter(INSTALLATION, { outcomeDirection: ["negative"] });
    expect(negative.results.map((r) => r.id)).toEqual([school.id]);
    expect(negative.facets.outcomeDirection).toEqual({ positive: 2, negative: 1 });

    // "tillid" names trust, which covers interpersonal_trust
    const tillid = w.services.filter.filter(INSTALLATION, { q: "tillid" });
    expect(new Set(tillid.results.map((r) => r.id))).toEqual(new Set([homeCare.id, nursing.id, school.id]));
    const kaffe = w.services.filter.filter(INSTALLATION, { q: "kaffe" });
    expect(kaffe.results.map((r) => r.id)).toEqual([school.id]);

    const requests: FilterRequest[] = [
      { filters: { serviceArea: ["elder_care"] } },
      { outcomeDirection: ["negative"] },
      { q: "tillid" },
      { q: "kaffe", filters: { mechanism: ["trust"] } },
      { q: "og" },
      { filters: { mechanism: ["interpersonal_trust", "relationships"] }, language: ["en"] },
    ];
    for (const request of requests) check(w, request);
  });

  it("property: result set, total and every facet count match brute force after random writes", () => {
    fc.assert(
      fc.property(
        fc.array(contextTags, { minLength: 3, maxLength: 3 }),
        fc.array(lessonSpec, { minLength: 5, maxLength: 25 }),
        fc.array(operation, { maxLength: 12 }),
        fc.array(requestSpec, { minLength: 2, maxLength: 5 }),
        fc.array(requestSpec, { minLength: 1, maxLength: 3 }),
        (unitContexts, corpus, operations, requestsBefore, requestsAfter) => {
          const w = world(unitContexts);
          try {
            for (const spec of corpus) w.services.lessons.create(inputOf(spec, w.units));
            for (const spec of requestsBefore) check(w, requestOf(spec, w));
            for (const op of operations) apply(w, op);
            for (const spec of [...requestsBefore, ...requestsAfter]) check(w, requestOf(spec, w));
            // a restart rebuilds the in-memory index from the database: same answers
            const restarted = { ...w, services: createServices({ database: w.database, ranking: RANKING }) };
            for (const spec of requestsAfter) check(restarted, requestOf(spec, restarted));
          } finally {
            w.database.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
