import { Validator } from "@seriousme/openapi-schema-validator";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { parse } from "node-html-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EvidenceCell, EvidenceGap, EvidenceMap } from "../../src/domain/evidence-map.js";
import type { FilterReply } from "../../src/domain/filter/index.js";
import { EvidenceMap as EvidenceMapSchema } from "../../src/http/schemas/evidence-map.js";
import { buildTestApp, createFixtures, expectProblem, expectStatus, lessonBody } from "../helpers/app.js";

type Direction = "positive" | "negative" | "mixed" | "none";
type LessonView = {
  id: string;
  status: string;
  mechanisms: string[];
  outcomes: { term: string; direction: Direction }[];
  pressures: string[];
  approaches: string[];
  context: { tags: Record<string, string[]> };
  evidence: { kind: EvidenceCell["strongestEvidence"] };
};

const EVIDENCE_ORDER = ["anecdote", "observation", "local_evaluation", "external_evaluation", "research"];

// ---- the oracle: every published lesson, every pair of terms, counted the slow way ----

function termsOf(lesson: LessonView, facet: string): string[] {
  if (facet === "mechanism") return lesson.mechanisms;
  if (facet === "outcome") return lesson.outcomes.map((o) => o.term);
  if (facet === "pressure") return lesson.pressures;
  if (facet === "approach") return lesson.approaches;
  return lesson.context.tags[facet] ?? [];
}

function overall(lesson: LessonView): Direction {
  const directions = lesson.outcomes.map((o) => o.direction);
  if (directions.every((d) => d === "none")) return "none";
  if (directions.every((d) => d === "positive")) return "positive";
  if (directions.every((d) => d === "negative" || d === "none")) return "negative";
  return "mixed";
}

function bruteForce(
  lessons: LessonView[],
  map: Pick<EvidenceMap, "rows" | "cols">,
  rowFacet: string,
  colFacet: string,
): { cells: EvidenceCell[]; gaps: EvidenceGap[] } {
  const cells: EvidenceCell[] = [];
  const gaps: EvidenceGap[] = [];
  for (const { slug: row } of map.rows) {
    for (const { slug: col } of map.cols) {
      const both = lessons.filter(
        (l) => termsOf(l, rowFacet).includes(row) && termsOf(l, colFacet).includes(col),
      );
      if (both.length === 0) {
        gaps.push({ row, col, reason: "empty" });
        continue;
      }
      const strongest = Math.max(...both.map((l) => EVIDENCE_ORDER.indexOf(l.evidence.kind)));
      const count = (d: Direction) => both.filter((l) => overall(l) === d).length;
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

async function activeTerms(app: FastifyInstance, facet: string): Promise<string[]> {
  const reply = expectStatus<{ terms: { slug: string; status: string }[] }>(
    await app.inject({ url: `/v1/vocabularies/${facet}` }),
    200,
  );
  return reply.terms.filter((t) => t.status === "active").map((t) => t.slug);
}

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
const OUTCOMES = ["user_wellbeing", "efficiency", "user_participation"];
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
    expect(map.rows.map((r) => r.slug)).toEqual(await activeTerms(app, "mechanism"));
    expect(map.cols.map((c) => c.slug)).toEqual(await activeTerms(app, "outcome"));
    expect(map.cols.map((c) => c.slug)).toContain("tea_and_cake");
    expect(map.cols.map((c) => c.slug)).not.toContain("not_yet_agreed");
    expect(map.total).toBe(published().length);

    const expected = bruteForce(published(), map, "mechanism", "outcome");
    expect(withSortedIds(map.cells)).toEqual(expected.cells);
    expect(map.gaps).toEqual(expected.gaps);
    for (const cell of map.cells)
      expect(cell.positive + cell.negative + cell.mixed + cell.none, `${cell.row} × ${cell.col}`).toBe(
        cell.count,
      );
    // the generated set really exercises splits and evidence: not every cell alike
    expect(new Set(map.cells.map((c) => c.strongestEvidence)).size).toBeGreaterThan(1);
    expect(map.cells.some((c) => c.positive > 0 && c.negative > 0)).toBe(true);
  });

  it("crosses any two facets, the pressure × outcome map among them", async () => {
    const map = await getMap(app, { rows: "pressure", cols: "outcome" });
    const expected = bruteForce(published(), map, "pressure", "outcome");
    expect(withSortedIds(map.cells)).toEqual(expected.cells);
    expect(map.gaps).toEqual(expected.gaps);
    expect(map.cells.length).toBeGreaterThan(0);
  });

  it("counts exact terms: a home-care lesson counts under home_care, not under its parent elder_care", async () => {
    const map = await getMap(app, { rows: "mechanism", cols: "serviceArea" });
    const homeCareIds = published()
      .filter((l) => l.homeCare)
      .map((l) => l.id)
      .sort();
    expect(homeCareIds.length).toBeGreaterThan(0);
    expect(map.cells.filter((c) => c.col === "elder_care")).toEqual([]);
    expect(
      [...new Set(map.cells.filter((c) => c.col === "home_care").flatMap((c) => c.lessonIds))].sort(),
    ).toEqual(homeCareIds);
    expect(withSortedIds(map.cells)).toEqual(bruteForce(published(), map, "mechanism", "serviceArea").cells);

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
      expect(withSortedIds(map.cells)).toEqual(bruteForce(matching, map, "mechanism", "outcome").cells);
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
    ]);
    expect(lines).toHaveLength(json.rows.length * json.cols.length);
    const cells = new Map(json.cells.map((c) => [`${c.row}/${c.col}`, c]));
    const gaps = new Map(json.gaps.map((g) => [`${g.row}/${g.col}`, g.reason]));
    const labels = new Map([...json.rows, ...json.cols].map((t) => [t.slug, t.label]));
    lines.forEach((line, i) => {
      const [row, rowLabel, col, colLabel, count, positive, negative, mixed, none, evidence, gap, ids] = line;
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

    const rows = document.querySelectorAll("tbody tr");
    expect(rows).toHaveLength(json.rows.length);
    const cells = new Map(json.cells.map((c) => [`${c.row}/${c.col}`, c]));
    const gaps = new Map(json.gaps.map((g) => [`${g.row}/${g.col}`, g.reason]));
    rows.forEach((tr, r) => {
      expect(tr.querySelector("th")?.text).toBe(json.rows[r]!.label);
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
    // one anecdote and one local evaluation: evidence, not a gap. The split is by the lesson's overall
    // direction: a positive and a no-effect outcome make the evaluated lesson mixed, not positive
    expect(gap("trust", "user_wellbeing")).toBeUndefined();
    expect(cell("trust", "user_wellbeing")).toMatchObject({
      count: 2,
      positive: 0,
      negative: 1,
      mixed: 1,
      strongestEvidence: "local_evaluation",
    });
    expect(cell("trust", "user_wellbeing")?.lessonIds.sort()).toEqual([ids.anecdoteB, ids.evaluated].sort());
    expect(cell("trust", "user_participation")).toMatchObject({
      count: 1,
      positive: 0,
      negative: 0,
      mixed: 1,
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
    expect(map.rows.map((r) => r.slug)).toEqual(await activeTerms(app, rows));
    expect(map.cols.map((c) => c.slug)).toEqual(await activeTerms(app, cols));
    const expected = bruteForce(lessons, map, rows, cols);
    expect(expected.cells.length).toBeGreaterThan(3);
    expect(withSortedIds(map.cells)).toEqual(expected.cells);
    expect(map.gaps).toEqual(expected.gaps);
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
        bruteForce(matching, map, "mechanism", "outcome").cells,
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
