import { Validator } from "@seriousme/openapi-schema-validator";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvidenceCell, EvidenceGap, EvidenceMap } from "../../src/domain/evidence-map.js";
import type { FilterReply } from "../../src/domain/filter/index.js";
import { EVIDENCE_MAP_WORDS } from "../../src/http/render/evidence-map-words.js";
import { EvidenceMap as EvidenceMapSchema } from "../../src/http/schemas/evidence-map.js";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

type Direction = "positive" | "negative" | "mixed" | "none";
type LessonView = {
  id: string;
  status: string;
  mechanisms: string[];
  outcomes: { term: string; direction: Direction }[];
  pressures: (string | { term: string })[];
  approaches: string[];
  context: { tags: Record<string, string[]> };
  evidence: { kind: EvidenceCell["strongestEvidence"] };
};
type VocabularyTerm = { slug: string; parent: string | null; status: string };

const EVIDENCE_ORDER = ["anecdote", "observation", "local_evaluation", "external_evaluation", "research"];

// ---- the oracle: every published lesson, every pair of terms, counted the slow way ----

function termsOf(lesson: LessonView, facet: string): string[] {
  if (facet === "mechanism") return lesson.mechanisms;
  if (facet === "outcome") return lesson.outcomes.map((o) => o.term);
  if (facet === "pressure") return lesson.pressures.map((p) => (typeof p === "string" ? p : p.term));
  if (facet === "approach") return lesson.approaches;
  return lesson.context.tags[facet] ?? [];
}

function overall(directions: Direction[]): Direction {
  if (directions.every((d) => d === "none")) return "none";
  if (directions.every((d) => d === "positive")) return "positive";
  if (directions.every((d) => d === "negative" || d === "none")) return "negative";
  return "mixed";
}

/** A term and every term below it, by walking parents until nothing new is found. */
function family(terms: VocabularyTerm[], slug: string): string[] {
  const found = new Set([slug]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of terms)
      if (t.parent && found.has(t.parent) && !found.has(t.slug)) {
        found.add(t.slug);
        grew = true;
      }
  }
  return [...found];
}

type Axis = { facet: string; terms: VocabularyTerm[] };

/**
 * The map computed pair by pair: a lesson is in a cell when it carries a term of the row's family and
 * one of the column's (with `rollup`; else the exact terms); when outcome is an axis it counts with the
 * direction of its outcomes in that family, else with its overall direction.
 */
function bruteForce(
  lessons: LessonView[],
  map: Pick<EvidenceMap, "rows" | "cols">,
  rows: Axis,
  cols: Axis,
  { rollup = true }: { rollup?: boolean } = {},
): { cells: EvidenceCell[]; gaps: EvidenceGap[] } {
  const cells: EvidenceCell[] = [];
  const gaps: EvidenceGap[] = [];
  const members = (axis: Axis, slug: string) => (rollup ? family(axis.terms, slug) : [slug]);
  for (const { slug: row } of map.rows) {
    for (const { slug: col } of map.cols) {
      const rowTerms = members(rows, row);
      const colTerms = members(cols, col);
      const both = lessons.filter(
        (l) =>
          termsOf(l, rows.facet).some((t) => rowTerms.includes(t)) &&
          termsOf(l, cols.facet).some((t) => colTerms.includes(t)),
      );
      if (both.length === 0) {
        gaps.push({ row, col, reason: "empty" });
        continue;
      }
      const outcomeTerms = rows.facet === "outcome" ? rowTerms : cols.facet === "outcome" ? colTerms : null;
      const direction = (l: LessonView) =>
        overall(
          l.outcomes.filter((o) => !outcomeTerms || outcomeTerms.includes(o.term)).map((o) => o.direction),
        );
      const strongest = Math.max(...both.map((l) => EVIDENCE_ORDER.indexOf(l.evidence.kind)));
      const count = (d: Direction) => both.filter((l) => direction(l) === d).length;
      cells.push({
        row,
        col,
        count: both.length,
        positive: count("positive"),
        negative: count("negative"),
        mixed: count("mixed"),
        none: count("none"),
        strongestEvidence: EVIDENCE_ORDER[strongest] as EvidenceCell["strongestEvidence"],
        lessonIds: both.map((l) => l.id).sort(),
      });
      if (strongest === 0) gaps.push({ row, col, reason: "anecdote_only" });
    }
  }
  return { cells, gaps };
}

/** The active terms, each followed by those below it (vocabulary order among siblings), flagged as the map flags them. */
function expectedAxis(terms: VocabularyTerm[], { rollup = true }: { rollup?: boolean } = {}) {
  const active = terms.filter((t) => t.status === "active");
  const onAxis = new Set(active.map((t) => t.slug));
  const out: { slug: string; parent?: string; rollup?: true }[] = [];
  const visit = (parent: string | null) => {
    for (const t of active.filter((a) => (a.parent && onAxis.has(a.parent) ? a.parent : null) === parent)) {
      out.push({
        slug: t.slug,
        ...(parent ? { parent } : {}),
        ...(rollup && family(terms, t.slug).length > 1 ? { rollup: true as const } : {}),
      });
      visit(t.slug);
    }
  };
  visit(null);
  return out;
}

const withSortedIds = (cells: EvidenceCell[]) =>
  cells.map((c) => ({ ...c, lessonIds: [...c.lessonIds].sort() }));

// ---- helpers over HTTP ----

function mapUrl(params: Record<string, string>): string {
  return `/v1/maps/evidence?${new URLSearchParams(params).toString()}`;
}

async function getMap(
  app: FastifyInstance,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<EvidenceMap> {
  const response = await app.inject({ url: mapUrl(params), headers });
  const body = expectStatus<EvidenceMap>(response, 200);
  expect(response.headers["content-type"]).toMatch(/^application\/json/);
  expect(EvidenceMapSchema.safeParse(body).error).toBeUndefined();
  return body;
}

/** Every id POST /v1/filter returns for a request, page by page, and its total. */
async function filterIds(app: FastifyInstance, payload: Record<string, unknown>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  for (let page = 0; page < 50; page++) {
    const reply: FilterReply = expectStatus<FilterReply>(
      await app.inject({
        method: "POST",
        url: "/v1/filter",
        payload: { ...payload, limit: 100, ...(cursor ? { cursor } : {}) },
      }),
      200,
    );
    total = reply.total;
    ids.push(...reply.results.map((r) => r.id));
    cursor = reply.nextCursor;
    if (!cursor) return { ids: ids.sort(), total };
  }
  throw new Error("more than 50 pages");
}

async function publishedLessons(app: FastifyInstance): Promise<LessonView[]> {
  const all: LessonView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const reply: { items: LessonView[]; nextCursor: string | null } = expectStatus(
      await app.inject({
        url: `/v1/lessons?status=published&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      }),
      200,
    );
    all.push(...reply.items);
    cursor = reply.nextCursor;
    if (!cursor) return all;
  }
  throw new Error("more than 50 pages");
}

async function vocabularyOf(app: FastifyInstance, facet: string): Promise<Axis> {
  const reply = expectStatus<{ terms: VocabularyTerm[] }>(
    await app.inject({ url: `/v1/vocabularies/${facet}` }),
    200,
  );
  return { facet, terms: reply.terms.map(({ slug, parent, status }) => ({ slug, parent, status })) };
}

/** The map's axis without labels, to compare with expectedAxis. */
const axisOf = (terms: EvidenceMap["rows"]) => terms.map(({ label: _, ...rest }) => rest);

const unionOfCellIds = (map: EvidenceMap) => [...new Set(map.cells.flatMap((c) => c.lessonIds))].sort();

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else if (c === "\n" || c === "\r" || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else field += c;
  }
  if (quoted || field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}

// ---- constructed lessons ----

const MECHANISMS = ["trust", "interpersonal_trust", "recognition", "ownership"];
// calm_mornings is made a narrower term of user_wellbeing below: outcome columns roll up too
const OUTCOMES = ["user_wellbeing", "calm_mornings", "efficiency", "user_participation"];
const DIRECTIONS: Direction[] = ["positive", "negative", "mixed", "none"];

const generatedLesson = fc.record({
  mechanisms: fc.uniqueArray(fc.constantFrom(...MECHANISMS), { minLength: 1, maxLength: 3 }),
  outcomes: fc.uniqueArray(
    fc.record({ term: fc.constantFrom(...OUTCOMES), direction: fc.constantFrom(...DIRECTIONS) }),
    { minLength: 1, maxLength: 3, selector: (o) => o.term },
  ),
  evidence: fc.constantFrom(...EVIDENCE_ORDER),
  status: fc.constantFrom("published", "published", "published", "draft"),
  homeCare: fc.boolean(),
  pressures: fc.uniqueArray(fc.constantFrom("time", "budget", "workload"), { maxLength: 2 }),
});

describe("GET /v1/maps/evidence on constructed lessons", () => {
  let app: FastifyInstance;
  let created: (LessonView & { homeCare: boolean })[];
  const LABEL = 'Tea, "cake" & <b>bold</b>';

  beforeAll(async () => {
    app = await buildTestApp();
    const fixtures = await createFixtures(app);
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies/outcome/terms",
        payload: { slug: "tea_and_cake", labels: { en: LABEL, da: "Kaffe & kage" } },
      }),
      201,
    );
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies/outcome/terms",
        payload: { slug: "not_yet_agreed", labels: { en: "Not yet agreed" }, status: "proposed" },
      }),
      201,
    );
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies/outcome/terms",
        payload: { slug: "calm_mornings", parent: "user_wellbeing", labels: { en: "Calm mornings" } },
      }),
      201,
    );
    created = [];
    const samples = fc.sample(generatedLesson, { seed: 20240611, numRuns: 40 });
    for (const [i, sample] of samples.entries()) {
      const unitId = sample.homeCare ? fixtures.homeCareUnitId : fixtures.jobCentreUnitId;
      const lesson = expectStatus<LessonView>(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: lessonBody(unitId, {
            title: `Generated lesson number ${i + 1}`,
            mechanisms: sample.mechanisms,
            outcomes: sample.outcomes,
            evidence: { kind: sample.evidence, reference: null },
            pressures: sample.pressures,
            status: sample.status,
          }),
        }),
        201,
      );
      created.push({ ...lesson, homeCare: sample.homeCare });
    }
    expect(created.filter((l) => l.status === "draft").length).toBeGreaterThan(0);
  });
  afterAll(() => app.close());

  const published = () => created.filter((l) => l.status === "published");

  it("counts every mechanism × outcome pair as a brute force over the published lessons does", async () => {
    const map = await getMap(app, { rows: "mechanism", cols: "outcome" });
    const mechanisms = await vocabularyOf(app, "mechanism");
    const outcomes = await vocabularyOf(app, "outcome");
    expect(axisOf(map.rows)).toEqual(expectedAxis(mechanisms.terms));
    expect(axisOf(map.cols)).toEqual(expectedAxis(outcomes.terms));
    expect(map.rows.find((r) => r.slug === "trust")?.rollup).toBe(true);
    expect(map.cols.find((c) => c.slug === "user_wellbeing")?.rollup).toBe(true);
    expect(map.cols.map((c) => c.slug)).toContain("tea_and_cake");
    expect(map.cols.map((c) => c.slug)).not.toContain("not_yet_agreed");
    expect(map.total).toBe(published().length);
    expect(map).toMatchObject({ rollup: true, cellDirection: "per_outcome" });

    const expected = bruteForce(published(), map, mechanisms, outcomes);
    expect(withSortedIds(map.cells)).toEqual(expected.cells);
    expect(map.gaps).toEqual(expected.gaps);
    for (const cell of map.cells) expect(new Set(cell.lessonIds).size).toBe(cell.lessonIds.length);
    for (const cell of map.cells)
      expect(cell.positive + cell.negative + cell.mixed + cell.none, `${cell.row} × ${cell.col}`).toBe(
        cell.count,
      );
    // the generated set really exercises splits and evidence: not every cell alike
    expect(new Set(map.cells.map((c) => c.strongestEvidence)).size).toBeGreaterThan(1);
    expect(map.cells.some((c) => c.positive > 0 && c.negative > 0)).toBe(true);
  });

  it("counts exact terms with rollup=false, as a brute force over exact terms does", async () => {
    const map = await getMap(app, { rows: "mechanism", cols: "outcome", rollup: "false" });
    const mechanisms = await vocabularyOf(app, "mechanism");
    const outcomes = await vocabularyOf(app, "outcome");
    expect(map.rollup).toBe(false);
    expect(axisOf(map.rows)).toEqual(expectedAxis(mechanisms.terms, { rollup: false }));
    const expected = bruteForce(published(), map, mechanisms, outcomes, { rollup: false });
    expect(withSortedIds(map.cells)).toEqual(expected.cells);
    expect(map.gaps).toEqual(expected.gaps);
    // and the roll-up really differs: trust's row holds the interpersonal-trust lessons too
    const rolled = await getMap(app, { rows: "mechanism", cols: "outcome" });
    const trustIds = (m: EvidenceMap) =>
      new Set(m.cells.filter((c) => c.row === "trust").flatMap((c) => c.lessonIds));
    expect(trustIds(rolled).size).toBeGreaterThan(trustIds(map).size);
  });

  it("counts each outcome's own direction, rows or columns, and the overall direction when outcome is no axis", async () => {
    const byOutcome = await getMap(app, { rows: "outcome", cols: "pressure" });
    expect(byOutcome.cellDirection).toBe("per_outcome");
    const outcomes = await vocabularyOf(app, "outcome");
    const pressures = await vocabularyOf(app, "pressure");
    expect(withSortedIds(byOutcome.cells)).toEqual(
      bruteForce(published(), byOutcome, outcomes, pressures).cells,
    );

    const overallMap = await getMap(app, { rows: "mechanism", cols: "pressure" });
    expect(overallMap.cellDirection).toBe("overall");
    const mechanisms = await vocabularyOf(app, "mechanism");
    expect(withSortedIds(overallMap.cells)).toEqual(
      bruteForce(published(), overallMap, mechanisms, pressures).cells,
    );
    expect(overallMap.cells.some((c) => c.mixed > 0)).toBe(true);
  });

  it("crosses any two facets, the pressure × outcome map among them", async () => {
    const map = await getMap(app, { rows: "pressure", cols: "outcome" });
    const expected = bruteForce(
      published(),
      map,
      await vocabularyOf(app, "pressure"),
      await vocabularyOf(app, "outcome"),
    );
    expect(withSortedIds(map.cells)).toEqual(expected.cells);
    expect(map.gaps).toEqual(expected.gaps);
    expect(map.cells.length).toBeGreaterThan(0);
  });

  it("rolls a home-care lesson up into its parent elder_care, and counts it under home_care only with rollup=false", async () => {
    const homeCareIds = published()
      .filter((l) => l.homeCare)
      .map((l) => l.id)
      .sort();
    expect(homeCareIds.length).toBeGreaterThan(0);
    const idsUnder = (m: EvidenceMap, col: string) =>
      [...new Set(m.cells.filter((c) => c.col === col).flatMap((c) => c.lessonIds))].sort();
    const mechanisms = await vocabularyOf(app, "mechanism");
    const serviceAreas = await vocabularyOf(app, "serviceArea");

    const rolled = await getMap(app, { rows: "mechanism", cols: "serviceArea" });
    expect(rolled.cols.find((c) => c.slug === "elder_care")).toMatchObject({ rollup: true });
    expect(rolled.cols.find((c) => c.slug === "home_care")).toMatchObject({ parent: "elder_care" });
    expect(rolled.cols.find((c) => c.slug === "home_care")?.rollup).toBeUndefined();
    expect(idsUnder(rolled, "elder_care")).toEqual(homeCareIds);
    expect(idsUnder(rolled, "home_care")).toEqual(homeCareIds);
    expect(
      rolled.gaps.filter((g) => g.col === "elder_care" && g.reason === "empty").map((g) => g.row),
    ).toEqual(rolled.gaps.filter((g) => g.col === "home_care" && g.reason === "empty").map((g) => g.row));
    expect(withSortedIds(rolled.cells)).toEqual(
      bruteForce(published(), rolled, mechanisms, serviceAreas).cells,
    );

    const map = await getMap(app, { rows: "mechanism", cols: "serviceArea", rollup: "false" });
    expect(map.cells.filter((c) => c.col === "elder_care")).toEqual([]);
    expect(idsUnder(map, "home_care")).toEqual(homeCareIds);
    expect(withSortedIds(map.cells)).toEqual(
      bruteForce(published(), map, mechanisms, serviceAreas, { rollup: false }).cells,
    );

    // while a filter by the parent includes its children, as POST /v1/filter's does
    const filtered = await getMap(app, {
      rows: "mechanism",
      cols: "outcome",
      "filter.serviceArea": "elder_care",
    });
    expect(filtered.total).toBe(homeCareIds.length);
    expect(unionOfCellIds(filtered)).toEqual(homeCareIds);
  });

  it("restricts by filters exactly as POST /v1/filter does", async () => {
    const cases: { params: Record<string, string>; body: Record<string, unknown> }[] = [
      { params: { "filter.mechanism": "trust" }, body: { filters: { mechanism: ["trust"] } } },
      {
        params: { outcomeDirection: "negative,mixed", evidence: "anecdote,observation,research" },
        body: { outcomeDirection: ["negative", "mixed"], evidence: ["anecdote", "observation", "research"] },
      },
      {
        params: { "filter.pressure": "time,budget", "filter.outcome": "efficiency" },
        body: { filters: { pressure: ["time", "budget"], outcome: ["efficiency"] } },
      },
    ];
    for (const { params, body } of cases) {
      const map = await getMap(app, { rows: "mechanism", cols: "outcome", ...params });
      const filter = await filterIds(app, body);
      expect(filter.ids.length, JSON.stringify(params)).toBeGreaterThan(0);
      expect(filter.ids.length, JSON.stringify(params)).toBeLessThan(published().length);
      expect(map.total, JSON.stringify(params)).toBe(filter.total);
      expect(unionOfCellIds(map), JSON.stringify(params)).toEqual(filter.ids);
      const matching = published().filter((l) => filter.ids.includes(l.id));
      expect(withSortedIds(map.cells)).toEqual(
        bruteForce(matching, map, await vocabularyOf(app, "mechanism"), await vocabularyOf(app, "outcome"))
          .cells,
      );
    }
  });

  it("writes CSV that parses back to the JSON map's numbers, one line per pair, labels intact", async () => {
    const json = await getMap(app, { rows: "mechanism", cols: "outcome" });
    const response = await app.inject({ url: mapUrl({ rows: "mechanism", cols: "outcome", format: "csv" }) });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
    const [header, ...lines] = parseCsv(response.body);
    expect(header).toEqual([
      "row",
      "row_label",
      "col",
      "col_label",
      "count",
      "positive",
      "negative",
      "mixed",
      "none",
      "strongest_evidence",
      "gap",
      "lesson_ids",
      "row_rollup",
      "col_rollup",
    ]);
    expect(lines).toHaveLength(json.rows.length * json.cols.length);
    const cells = new Map(json.cells.map((c) => [`${c.row}/${c.col}`, c]));
    const gaps = new Map(json.gaps.map((g) => [`${g.row}/${g.col}`, g.reason]));
    const labels = new Map([...json.rows, ...json.cols].map((t) => [t.slug, t.label]));
    const rolledUp = new Set([...json.rows, ...json.cols].filter((t) => t.rollup).map((t) => t.slug));
    expect(rolledUp.size).toBeGreaterThan(0);
    lines.forEach((line, i) => {
      const [
        row,
        rowLabel,
        col,
        colLabel,
        count,
        positive,
        negative,
        mixed,
        none,
        evidence,
        gap,
        ids,
        rowRollup,
        colRollup,
      ] = line;
      expect([rowRollup, colRollup]).toEqual([
        rolledUp.has(row!) ? "true" : "",
        rolledUp.has(col!) ? "true" : "",
      ]);
      expect(row).toBe(json.rows[Math.floor(i / json.cols.length)]!.slug);
      expect(col).toBe(json.cols[i % json.cols.length]!.slug);
      expect(rowLabel).toBe(labels.get(row!));
      expect(colLabel).toBe(labels.get(col!));
      const cell = cells.get(`${row}/${col}`);
      expect([count, positive, negative, mixed, none].map(Number)).toEqual(
        cell ? [cell.count, cell.positive, cell.negative, cell.mixed, cell.none] : [0, 0, 0, 0, 0],
      );
      expect(evidence).toBe(cell?.strongestEvidence ?? "");
      expect(gap).toBe(gaps.get(`${row}/${col}`) ?? "");
      expect(ids ? ids.split(" ") : []).toEqual(cell?.lessonIds ?? []);
    });
    expect(lines.some((line) => line[3] === LABEL)).toBe(true);
  });

  it("draws an HTML heat map with one cell per pair, its count and split, and the labels escaped", async () => {
    const json = await getMap(app, { rows: "mechanism", cols: "outcome" });
    const response = await app.inject({
      url: mapUrl({ rows: "mechanism", cols: "outcome", format: "html" }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html; charset=utf-8/);
    expect(response.body).toContain("Tea, &quot;cake&quot; &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(response.body).not.toContain("<b>");
    const document = parse(response.body);
    expect(document.querySelectorAll("b")).toHaveLength(0);
    expect(document.querySelectorAll("script")).toHaveLength(0);
    const columnHeads = document.querySelectorAll("thead th[data-slug]");
    expect(columnHeads.map((th) => th.getAttribute("data-slug"))).toEqual(json.cols.map((c) => c.slug));
    expect(columnHeads.find((th) => th.getAttribute("data-slug") === "tea_and_cake")?.text).toBe(LABEL);
    // a rolled-up term is marked, its narrower terms indented under it
    const trustHead = document.querySelector('tbody th[data-slug="trust"]');
    expect(trustHead?.querySelector(".rollup-mark")?.text).toBe("Σ");
    expect(
      document.querySelector('tbody th[data-slug="interpersonal_trust"]')?.classList.contains("depth-1"),
    ).toBe(true);

    const rows = document.querySelectorAll("tbody tr");
    expect(rows).toHaveLength(json.rows.length);
    const cells = new Map(json.cells.map((c) => [`${c.row}/${c.col}`, c]));
    const gaps = new Map(json.gaps.map((g) => [`${g.row}/${g.col}`, g.reason]));
    rows.forEach((tr, r) => {
      expect(tr.querySelector("th .label")?.text).toBe(json.rows[r]!.label);
      const tds = tr.querySelectorAll("td");
      expect(tds).toHaveLength(json.cols.length);
      tds.forEach((td, c) => {
        const key = `${json.rows[r]!.slug}/${json.cols[c]!.slug}`;
        expect(`${td.getAttribute("data-row")}/${td.getAttribute("data-col")}`).toBe(key);
        const cell = cells.get(key);
        expect(Number(td.querySelector(".count")?.text), key).toBe(cell?.count ?? 0);
        if (cell) {
          expect(td.querySelector(".pos")?.text).toBe(`+${cell.positive}`);
          expect(td.querySelector(".neg")?.text).toBe(`−${cell.negative}`);
        }
        const gap = gaps.get(key);
        expect(td.classList.contains("gap-empty"), key).toBe(gap === "empty");
        expect(td.classList.contains("gap-anecdote_only"), key).toBe(gap === "anecdote_only");
        expect(td.classList.contains("shade-0"), key).toBe(!cell);
      });
    });
  });

  it("labels rows and columns in the language asked for by ?lang= or Accept-Language", async () => {
    const danish = await getMap(app, { rows: "mechanism", cols: "outcome", lang: "da" });
    expect(danish.rows.find((r) => r.slug === "trust")?.label).toBe("Tillid");
    expect(danish.cols.find((c) => c.slug === "tea_and_cake")?.label).toBe("Kaffe & kage");
    const norwegian = await getMap(
      app,
      { rows: "mechanism", cols: "outcome" },
      { "accept-language": "nb-NO, en;q=0.5" },
    );
    expect(norwegian.rows.find((r) => r.slug === "trust")?.label).toBe("Tillit");
    expect(norwegian.labelLanguage).toBe("nb");
  });

  it("chooses the format by the Accept header, with format= taking precedence", async () => {
    const typeFor = async (headers: Record<string, string>, format?: string) => {
      const response = await app.inject({
        url: mapUrl({ rows: "mechanism", cols: "outcome", ...(format ? { format } : {}) }),
        headers,
      });
      expect(response.statusCode).toBe(200);
      return String(response.headers["content-type"]).split(";")[0];
    };
    expect(await typeFor({})).toBe("application/json");
    expect(await typeFor({ accept: "*/*" })).toBe("application/json");
    expect(await typeFor({ accept: "text/csv" })).toBe("text/csv");
    expect(await typeFor({ accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" })).toBe(
      "text/html",
    );
    expect(await typeFor({ accept: "text/html;q=0.5, application/json" })).toBe("application/json");
    expect(await typeFor({ accept: "text/*" })).toBe("text/csv");
    expect(await typeFor({ accept: "text/html" }, "json")).toBe("application/json");
    expect(await typeFor({ accept: "application/json" }, "csv")).toBe("text/csv");
  });

  describe("bad parameters", () => {
    const problemFor = async (params: Record<string, string>, status: number) =>
      expectProblem(await app.inject({ url: mapUrl(params) }), status);

    it("answers 422 naming rows for an unknown facet, with the closest facet", async () => {
      const problem = await problemFor({ rows: "mechanisms", cols: "outcome" }, 422);
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors?.[0]).toMatchObject({
        pointer: "/rows",
        in: "querystring",
        code: "unknown_facet",
      });
      expect(problem.errors?.[0]?.message).toMatch(/Did you mean 'mechanism'\?/);
    });

    it("answers 422 naming cols when rows and cols are the same facet", async () => {
      const problem = await problemFor({ rows: "outcome", cols: "outcome" }, 422);
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/cols", code: "same_facet" })]);
    });

    it("answers 422 naming the filter parameter for an unknown term, with suggestions", async () => {
      const problem = await problemFor(
        { rows: "mechanism", cols: "outcome", "filter.serviceArea": "elder_care,home_kare" },
        422,
      );
      expect(problem.type).toBe("urn:samskab:problem:unknown-term");
      expect(problem.errors).toHaveLength(1);
      expect(problem.errors?.[0]).toMatchObject({ pointer: "/filter.serviceArea/1", in: "querystring" });
      expect(problem.errors?.[0]?.suggestions?.map((s) => s.slug)).toContain("home_care");
    });

    it("answers 422 for an unknown facet after filter. and an unknown context term", async () => {
      const problem = await problemFor(
        { rows: "mechanism", cols: "outcome", "filter.colour": "red", "context.setting": "rurall" },
        422,
      );
      expect(problem.errors?.map((e) => e.pointer).sort()).toEqual(["/context.setting/0", "/filter.colour"]);
      expect(problem.errors?.find((e) => e.pointer === "/context.setting/0")?.suggestions?.[0]?.slug).toBe(
        "rural",
      );
    });

    it("answers 422 naming unitId for an unknown unit", async () => {
      const problem = await problemFor({ rows: "mechanism", cols: "outcome", unitId: "u_nowhere" }, 422);
      expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/unitId", in: "querystring" })]);
    });

    it("answers 400 naming a missing, malformed or unknown parameter", async () => {
      expect((await problemFor({ cols: "outcome" }, 400)).errors?.[0]).toMatchObject({
        pointer: "/rows",
        in: "querystring",
      });
      expect(
        (await problemFor({ rows: "mechanism", cols: "outcome", format: "pdf" }, 400)).errors?.[0]?.pointer,
      ).toBe("/format");
      expect(
        (await problemFor({ rows: "mechanism", cols: "outcome", evidence: "anecdote,hearsay" }, 400))
          .errors?.[0]?.pointer,
      ).toBe("/evidence/1");
      expect(
        (await problemFor({ rows: "mechanism", cols: "outcome", filters: "x" }, 400)).errors?.[0],
      ).toMatchObject({ pointer: "/filters", code: "unknown_field" });
    });
  });
});

describe("GET /v1/maps/evidence: gaps on a constructed case", () => {
  let app: FastifyInstance;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await buildTestApp();
    const { homeCareUnitId } = await createFixtures(app);
    const lessons: [string, Record<string, unknown>][] = [
      [
        "anecdoteA",
        {
          mechanisms: ["trust"],
          outcomes: [{ term: "efficiency", direction: "positive" }],
          evidence: { kind: "anecdote" },
        },
      ],
      [
        "anecdoteB",
        {
          mechanisms: ["trust"],
          outcomes: [{ term: "user_wellbeing", direction: "negative" }],
          evidence: { kind: "anecdote" },
        },
      ],
      [
        "evaluated",
        {
          mechanisms: ["trust"],
          outcomes: [
            { term: "user_wellbeing", direction: "positive" },
            { term: "user_participation", direction: "none" },
          ],
          evidence: { kind: "local_evaluation" },
        },
      ],
      [
        "draft",
        {
          mechanisms: ["recognition"],
          outcomes: [{ term: "efficiency", direction: "positive" }],
          evidence: { kind: "research" },
          status: "draft",
        },
      ],
    ];
    for (const [name, overrides] of lessons) {
      ids[name] = expectStatus<{ id: string }>(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: lessonBody(homeCareUnitId, { title: `Constructed lesson ${name}`, ...overrides }),
        }),
        201,
      ).id;
    }
  });
  afterAll(() => app.close());

  it("marks pairs without lessons as empty and pairs with only anecdotes as anecdote_only", async () => {
    const map = await getMap(app, { rows: "mechanism", cols: "outcome" });
    expect(map.total).toBe(3);
    const gap = (row: string, col: string) => map.gaps.find((g) => g.row === row && g.col === col)?.reason;
    const cell = (row: string, col: string) => map.cells.find((c) => c.row === row && c.col === col);

    expect(gap("trust", "efficiency")).toBe("anecdote_only");
    expect(cell("trust", "efficiency")).toEqual({
      row: "trust",
      col: "efficiency",
      count: 1,
      positive: 1,
      negative: 0,
      mixed: 0,
      none: 0,
      strongestEvidence: "anecdote",
      lessonIds: [ids.anecdoteA],
    });
    // one anecdote and one local evaluation: evidence, not a gap. The split is by each lesson's direction
    // for that outcome: the evaluated lesson is positive for wellbeing (though mixed overall) and
    // without effect on participation
    expect(gap("trust", "user_wellbeing")).toBeUndefined();
    expect(cell("trust", "user_wellbeing")).toMatchObject({
      count: 2,
      positive: 1,
      negative: 1,
      mixed: 0,
      strongestEvidence: "local_evaluation",
    });
    expect(cell("trust", "user_wellbeing")?.lessonIds.sort()).toEqual([ids.anecdoteB, ids.evaluated].sort());
    expect(cell("trust", "user_participation")).toMatchObject({
      count: 1,
      positive: 0,
      negative: 0,
      mixed: 0,
      none: 1,
    });
    // the draft does not count: recognition × efficiency stays empty
    expect(gap("recognition", "efficiency")).toBe("empty");
    expect(cell("recognition", "efficiency")).toBeUndefined();
    expect(gap("interpersonal_trust", "efficiency")).toBe("empty");

    expect(map.cells).toHaveLength(3);
    expect(map.gaps.filter((g) => g.reason === "empty")).toHaveLength(map.rows.length * map.cols.length - 3);
    expect(map.gaps.filter((g) => g.reason === "anecdote_only")).toEqual([
      { row: "trust", col: "efficiency", reason: "anecdote_only" },
    ]);
  });

  it("marks the same gaps in the HTML page and the CSV", async () => {
    const html = parse(
      (await app.inject({ url: mapUrl({ rows: "mechanism", cols: "outcome", format: "html" }) })).body,
    );
    const anecdotal = html.querySelectorAll("td.gap-anecdote_only");
    expect(anecdotal.map((td) => `${td.getAttribute("data-row")}/${td.getAttribute("data-col")}`)).toEqual([
      "trust/efficiency",
    ]);
    expect(html.querySelectorAll("td.gap-empty").length).toBe(html.querySelectorAll("td").length - 3);
    const csv = parseCsv(
      (
        await app.inject({
          url: mapUrl({ rows: "mechanism", cols: "outcome" }),
          headers: { accept: "text/csv" },
        })
      ).body,
    ).slice(1);
    expect(csv.filter((line) => line[10] === "anecdote_only").map((line) => `${line[0]}/${line[2]}`)).toEqual(
      ["trust/efficiency"],
    );
  });
});

describe("GET /v1/maps/evidence: per-outcome directions and roll-ups on a constructed case", () => {
  let app: FastifyInstance;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await buildTestApp();
    const { homeCareUnitId } = await createFixtures(app);
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/vocabularies/outcome/terms",
        payload: { slug: "calm_mornings", parent: "user_wellbeing", labels: { en: "Calm mornings" } },
      }),
      201,
    );
    const lessons: [string, Record<string, unknown>][] = [
      // good for citizen influence, bad for staff motivation: mixed overall
      [
        "split",
        {
          mechanisms: ["ownership"],
          outcomes: [
            { term: "citizen_influence", direction: "positive" },
            { term: "staff_motivation", direction: "negative" },
          ],
          evidence: { kind: "observation" },
        },
      ],
      [
        "childOnly",
        {
          mechanisms: ["interpersonal_trust"],
          outcomes: [{ term: "user_wellbeing", direction: "positive" }],
          evidence: { kind: "local_evaluation" },
        },
      ],
      [
        "parentAnecdote",
        {
          mechanisms: ["trust"],
          outcomes: [{ term: "user_wellbeing", direction: "negative" }],
          evidence: { kind: "anecdote" },
        },
      ],
      [
        "parentAndChild",
        {
          mechanisms: ["trust", "interpersonal_trust"],
          outcomes: [{ term: "efficiency", direction: "positive" }],
          evidence: { kind: "anecdote" },
        },
      ],
      [
        "otherChild",
        {
          mechanisms: ["institutional_trust"],
          outcomes: [{ term: "service_quality", direction: "positive" }],
          evidence: { kind: "research" },
        },
      ],
      // wellbeing up, calm mornings (below wellbeing) down
      [
        "outcomeFamily",
        {
          mechanisms: ["recognition"],
          outcomes: [
            { term: "user_wellbeing", direction: "positive" },
            { term: "calm_mornings", direction: "negative" },
          ],
          evidence: { kind: "observation" },
        },
      ],
    ];
    for (const [name, overrides] of lessons) {
      ids[name] = expectStatus<{ id: string }>(
        await app.inject({
          method: "POST",
          url: "/v1/lessons",
          payload: lessonBody(homeCareUnitId, { title: `Constructed lesson ${name}`, ...overrides }),
        }),
        201,
      ).id;
    }
  });
  afterAll(() => app.close());

  const cellOf = (map: EvidenceMap, row: string, col: string) =>
    map.cells.find((c) => c.row === row && c.col === col);
  const gapOf = (map: EvidenceMap, row: string, col: string) =>
    map.gaps.find((g) => g.row === row && g.col === col)?.reason;

  it("counts a lesson positive under the outcome it helped and negative under the one it hurt", async () => {
    const map = await getMap(app, { rows: "mechanism", cols: "outcome" });
    expect(cellOf(map, "ownership", "citizen_influence")).toMatchObject({
      count: 1,
      positive: 1,
      negative: 0,
      mixed: 0,
    });
    expect(cellOf(map, "ownership", "staff_motivation")).toMatchObject({
      count: 1,
      positive: 0,
      negative: 1,
      mixed: 0,
    });
    // outcomes as rows: the same
    const turned = await getMap(app, { rows: "outcome", cols: "mechanism" });
    expect(cellOf(turned, "citizen_influence", "ownership")).toMatchObject({
      positive: 1,
      negative: 0,
      mixed: 0,
    });
    expect(cellOf(turned, "staff_motivation", "ownership")).toMatchObject({
      positive: 0,
      negative: 1,
      mixed: 0,
    });
    // no outcome on an axis: the lesson's overall direction
    const byArea = await getMap(app, { rows: "mechanism", cols: "serviceArea" });
    expect(byArea.cellDirection).toBe("overall");
    expect(cellOf(byArea, "ownership", "home_care")).toMatchObject({
      count: 1,
      positive: 0,
      negative: 0,
      mixed: 1,
    });
  });

  it("rolls narrower terms into the broader one's row, each lesson once, with gaps on the rolled-up cells", async () => {
    const map = await getMap(app, { rows: "mechanism", cols: "outcome" });
    // the child's evaluated lesson lifts the parent's anecdote out of the anecdote-only gap
    expect(cellOf(map, "trust", "user_wellbeing")).toMatchObject({
      count: 2,
      positive: 1,
      negative: 1,
      strongestEvidence: "local_evaluation",
    });
    expect(gapOf(map, "trust", "user_wellbeing")).toBeUndefined();
    // tagged with trust and interpersonal_trust: once under trust
    expect(cellOf(map, "trust", "efficiency")?.lessonIds).toEqual([ids.parentAndChild]);
    // evidence only in a child: the parent's cell is not empty
    expect(cellOf(map, "trust", "service_quality")).toMatchObject({
      count: 1,
      strongestEvidence: "research",
      lessonIds: [ids.otherChild],
    });
    expect(gapOf(map, "trust", "service_quality")).toBeUndefined();
    for (const col of map.cols) {
      const childHasLessons = ["interpersonal_trust", "institutional_trust"].some((child) =>
        cellOf(map, child, col.slug),
      );
      if (childHasLessons) expect(gapOf(map, "trust", col.slug), col.slug).not.toBe("empty");
    }

    const exact = await getMap(app, { rows: "mechanism", cols: "outcome", rollup: "false" });
    expect(exact.rows.some((r) => r.rollup)).toBe(false);
    expect(cellOf(exact, "trust", "user_wellbeing")).toMatchObject({ count: 1, negative: 1 });
    expect(gapOf(exact, "trust", "user_wellbeing")).toBe("anecdote_only");
    expect(gapOf(exact, "trust", "service_quality")).toBe("empty");
  });

  it("rolls up outcome columns with the direction of the lesson's outcomes below them", async () => {
    const map = await getMap(app, { rows: "mechanism", cols: "outcome" });
    expect(map.cols.find((c) => c.slug === "user_wellbeing")).toMatchObject({ rollup: true });
    expect(map.cols.find((c) => c.slug === "calm_mornings")).toMatchObject({ parent: "user_wellbeing" });
    expect(cellOf(map, "recognition", "user_wellbeing")).toMatchObject({ count: 1, mixed: 1, positive: 0 });
    expect(cellOf(map, "recognition", "calm_mornings")).toMatchObject({ count: 1, negative: 1 });
    const exact = await getMap(app, { rows: "mechanism", cols: "outcome", rollup: "false" });
    expect(cellOf(exact, "recognition", "user_wellbeing")).toMatchObject({ count: 1, positive: 1, mixed: 0 });
  });
});

describe("GET /v1/maps/evidence: client-written text in the HTML and CSV", () => {
  let app: FastifyInstance;
  let unitId: string;
  const IMG = "<img src=x onerror=alert(1)>";
  const FORMULA = "=cmd|' /C calc'!A0";
  const UNIT = "<script>alert('unit')</script>";

  beforeAll(async () => {
    app = await buildTestApp();
    const { organisationId } = await createFixtures(app);
    for (const [slug, labels] of [
      ["img_term", { en: IMG, da: IMG }],
      ["formula_term", { en: FORMULA, da: `+${FORMULA}` }],
    ] as const)
      expectStatus(
        await app.inject({
          method: "POST",
          url: "/v1/vocabularies/mechanism/terms",
          payload: { slug, labels },
        }),
        201,
      );
    unitId = expectStatus<{ id: string }>(
      await app.inject({
        method: "POST",
        url: "/v1/units",
        payload: { organisationId, name: UNIT, context: { serviceArea: ["home_care"] } },
      }),
      201,
    ).id;
    expectStatus(
      await app.inject({
        method: "POST",
        url: "/v1/lessons",
        payload: lessonBody(unitId, { mechanisms: ["img_term", "formula_term"] }),
      }),
      201,
    );
  });
  afterAll(() => app.close());

  it.each(["en", "da"])("escapes term labels and the unit's name in the %s page", async (lang) => {
    const response = await app.inject({
      url: mapUrl({ rows: "mechanism", cols: "outcome", format: "html", lang, unitId, q: "<i>visits</i>" }),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-security-policy"]).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const document = parse(response.body);
    expect(document.querySelectorAll("img, script, i")).toHaveLength(0);
    expect(response.body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(response.body).toContain("&lt;script&gt;alert(&#39;unit&#39;)&lt;/script&gt;");
    expect(document.querySelector('tbody th[data-slug="img_term"] .label')?.text).toBe(IMG);
    expect(document.querySelector(".scope")?.text).toContain(UNIT);
    expect(document.querySelector(".scope")?.text).toContain("<i>visits</i>");
    // the cells' tooltips carry the labels too, escaped as attribute values
    const tooltip = document
      .querySelector('td[data-row="img_term"][data-col="user_wellbeing"]')
      ?.getAttribute("title");
    expect(tooltip).toContain(IMG);
  });

  it("keeps a label that opens with a formula character from being evaluated in the CSV", async () => {
    for (const lang of ["en", "da"]) {
      const response = await app.inject({
        url: mapUrl({ rows: "mechanism", cols: "outcome", format: "csv", lang }),
      });
      const lines = parseCsv(response.body).slice(1);
      const labels = new Set(lines.filter((l) => l[0] === "formula_term").map((l) => l[1]));
      expect([...labels]).toEqual([lang === "en" ? `'${FORMULA}` : `'+${FORMULA}`]);
      expect(lines.find((l) => l[0] === "img_term")?.[1]).toBe(IMG);
    }
  });
});

describe("GET /v1/maps/evidence on the demo data", () => {
  let app: FastifyInstance;
  let lessons: LessonView[];

  beforeAll(async () => {
    app = await buildTestApp({ seed: "demo" });
    lessons = await publishedLessons(app);
  });
  afterAll(() => app.close());

  it.each([
    ["mechanism", "outcome"],
    ["mechanism", "serviceArea"],
    ["approach", "userGroup"],
    ["outcome", "pressure"],
  ])("counts %s × %s as a brute force over GET /v1/lessons?status=published", async (rows, cols) => {
    const map = await getMap(app, { rows, cols });
    expect(map.total).toBe(lessons.length);
    const rowAxis = await vocabularyOf(app, rows);
    const colAxis = await vocabularyOf(app, cols);
    expect(axisOf(map.rows)).toEqual(expectedAxis(rowAxis.terms));
    expect(axisOf(map.cols)).toEqual(expectedAxis(colAxis.terms));
    const expected = bruteForce(lessons, map, rowAxis, colAxis);
    expect(expected.cells.length).toBeGreaterThan(3);
    expect(withSortedIds(map.cells)).toEqual(expected.cells);
    expect(map.gaps).toEqual(expected.gaps);
  });

  describe("the page in Danish and Norwegian", () => {
    /** Every word of a language's interface strings, placeholders left out. */
    const wordsOf = (language: "en" | "da" | "nb"): Set<string> => {
      const strings: string[] = [];
      const walk = (value: unknown) => {
        if (typeof value === "string") strings.push(value.replace(/\{\w+\}/g, " "));
        else if (value && typeof value === "object") Object.values(value).forEach(walk);
      };
      walk(EVIDENCE_MAP_WORDS[language]);
      return new Set(strings.flatMap(wordsIn));
    };
    const wordsIn = (text: string) => text.toLocaleLowerCase().match(/\p{L}{2,}/gu) ?? [];
    /** What a reader sees: the text, the page title and the cells' tooltips. */
    const interfaceText = (body: string) => {
      const document = parse(body);
      return [
        document.querySelector("body")?.text ?? "",
        ...document.querySelectorAll("[title]").map((e) => e.getAttribute("title") ?? ""),
        document.querySelector("title")?.text ?? "",
      ].join(" ");
    };
    // the scope line then names a unit, filters, directions, evidence kinds, stages and languages
    const params = {
      rows: "mechanism",
      cols: "outcome",
      format: "html",
      unitId: "u_fj_homecare_north",
      "filter.serviceArea": "elder_care",
      outcomeDirection: "positive,negative,mixed,none",
      evidence: "anecdote,observation,local_evaluation,external_evaluation,research",
      stage: "ad_hoc_individual,ad_hoc_collective,pilot,project,program,culture",
      language: "en,da,nb",
    };

    it.each(["da", "nb"] as const)("has no English interface word in %s", async (lang) => {
      const english = [...wordsOf("en")].filter((word) => !wordsOf(lang).has(word));
      expect(english.length).toBeGreaterThan(30);
      const response = await app.inject({ url: mapUrl({ ...params, lang }) });
      expect(response.statusCode).toBe(200);
      const seen = new Set(wordsIn(interfaceText(response.body)));
      expect(english.filter((word) => seen.has(word))).toEqual([]);
      // the page does speak the language: its title, legend and evidence words are there
      const w = EVIDENCE_MAP_WORDS[lang];
      for (const phrase of [
        w.title,
        w.legendEmpty,
        w.evidenceKinds.local_evaluation,
        w.scope.unit,
        w.stages.project,
      ])
        expect(interfaceText(response.body)).toContain(phrase);
      expect(parse(response.body).querySelector("html")?.getAttribute("lang")).toBe(lang);
      // with cells, gaps of both kinds and a broader term, so that their words are on the page too
      const page = parse(response.body);
      expect(page.querySelectorAll("td .split").length).toBeGreaterThan(0);
      expect(page.querySelectorAll("td.gap-anecdote_only").length).toBeGreaterThan(0);
      expect(page.querySelectorAll(".rollup-mark").length).toBeGreaterThan(0);
    });

    it("catches English words: the English page of the same map has them", async () => {
      const danish = wordsOf("da");
      const english = [...wordsOf("en")].filter((word) => !danish.has(word));
      const seen = new Set(
        wordsIn(interfaceText((await app.inject({ url: mapUrl({ ...params, lang: "en" }) })).body)),
      );
      expect(english.filter((word) => seen.has(word)).length).toBeGreaterThan(20);
    });

    it("takes the language from Accept-Language when ?lang is absent", async () => {
      const response = await app.inject({
        url: mapUrl({ rows: "mechanism", cols: "outcome", format: "html" }),
        headers: { "accept-language": "nb-NO,nb;q=0.9,en;q=0.5" },
      });
      expect(parse(response.body).querySelector("h1")?.text).toMatch(/^Evidenskart: Mekanisme/);
      expect(response.headers.vary).toBe("Accept-Language");
    });
  });

  it("reads q with the same match modes as POST /v1/filter", async () => {
    const q = "parents ownership lighthouse";
    for (const match of ["most", "all", "any"] as const) {
      const map = await getMap(app, { rows: "mechanism", cols: "outcome", q, match });
      const filtered = expectStatus<{ total: number }>(
        await app.inject({ method: "POST", url: "/v1/filter", payload: { q, match } }),
        200,
      );
      expect(map.total, match).toBe(filtered.total);
    }
    // "lighthouse" is in no lesson: the strict reading counts nothing, the default does
    expect((await getMap(app, { rows: "mechanism", cols: "outcome", q, match: "all" })).total).toBe(0);
    expect((await getMap(app, { rows: "mechanism", cols: "outcome", q })).total).toBeGreaterThan(0);
  });

  it("counts over the same lessons as POST /v1/filter for the same filters and query", async () => {
    const cases: { params: Record<string, string>; body: Record<string, unknown> }[] = [
      { params: { q: "tillid" }, body: { q: "tillid" } },
      { params: { q: "volunteers" }, body: { q: "volunteers" } },
      {
        params: { "filter.serviceArea": "home_care,elder_care", unitId: "u_fj_homecare_north" },
        body: { filters: { serviceArea: ["home_care", "elder_care"] }, unitId: "u_fj_homecare_north" },
      },
      {
        params: { outcomeDirection: "negative,mixed", language: "da,nb" },
        body: { outcomeDirection: ["negative", "mixed"], language: ["da", "nb"] },
      },
      {
        params: { q: "trust", "filter.userGroup": "older_adults", "context.setting": "rural" },
        body: { q: "trust", filters: { userGroup: ["older_adults"] }, context: { setting: ["rural"] } },
      },
    ];
    for (const { params, body } of cases) {
      const label = JSON.stringify(params);
      const map = await getMap(app, { rows: "mechanism", cols: "outcome", ...params });
      const filter = await filterIds(app, body);
      expect(filter.total, label).toBeGreaterThan(0);
      expect(filter.total, label).toBeLessThan(lessons.length);
      expect(map.total, label).toBe(filter.total);
      // every lesson has a mechanism and an outcome: together the cells hold exactly the filter's lessons
      expect(unionOfCellIds(map), label).toEqual(filter.ids);
      const matching = lessons.filter((l) => filter.ids.includes(l.id));
      expect(withSortedIds(map.cells), label).toEqual(
        bruteForce(matching, map, await vocabularyOf(app, "mechanism"), await vocabularyOf(app, "outcome"))
          .cells,
      );
    }
  });

  it("documents JSON, CSV and HTML for the 200 reply in a valid OpenAPI document", async () => {
    const document = expectStatus<{
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    }>(await app.inject({ url: "/openapi.json" }), 200);
    const responses = document.paths["/v1/maps/evidence"]?.get?.responses;
    expect(Object.keys(responses?.["200"]?.content ?? {})).toEqual([
      "application/json",
      "text/csv",
      "text/html",
    ]);
    expect(Object.keys(responses?.["422"]?.content ?? {})).toEqual(["application/problem+json"]);
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
  });
});
