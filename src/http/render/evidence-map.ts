// The evidence map as CSV (one line per row × column pair, RFC 4180) and as a self-contained HTML heat
// map for reading and printing, every word in the map's language. Both show every pair, including
// those without lessons.
import type { EvidenceCell, EvidenceGap, EvidenceMap, EvidenceMapScope } from "../../domain/evidence-map.js";
import type { Language } from "../../words.js";
import { EVIDENCE_MAP_WORDS, type EvidenceMapWords, type Plural } from "./evidence-map-words.js";
import { type HtmlValue, html, type SafeHtml, trustedHtml } from "./html.js";

type Pair = {
  row: EvidenceMap["rows"][number];
  col: EvidenceMap["cols"][number];
  cell: EvidenceCell | undefined;
  gap: EvidenceGap["reason"] | undefined;
};

/** Every row × column pair, row by row, with its cell and gap when it has one. */
function pairs(map: EvidenceMap): Pair[] {
  const key = (row: string, col: string) => `${row}\u0000${col}`;
  const cells = new Map(map.cells.map((c) => [key(c.row, c.col), c]));
  const gaps = new Map(map.gaps.map((g) => [key(g.row, g.col), g.reason]));
  return map.rows.flatMap((row) =>
    map.cols.map((col) => ({
      row,
      col,
      cell: cells.get(key(row.slug, col.slug)),
      gap: gaps.get(key(row.slug, col.slug)),
    })),
  );
}

// ---- CSV ----

export const CSV_COLUMNS = [
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
] as const;

/**
 * One RFC 4180 field. A label opening with a formula character is prefixed with an apostrophe, so a
 * spreadsheet shows it instead of evaluating it (term labels can be written by any API client).
 */
function csvField(value: string | number, { text = false } = {}): string {
  let field = String(value);
  if (text && /^[=+\-@\t\r]/.test(field)) field = `'${field}`;
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A header row, then one line per pair (CRLF-terminated); lesson ids are space-separated. `row_rollup`
 * and `col_rollup` are `true` for a broader term that counts the lessons of the terms below it.
 */
export function evidenceMapCsv(map: EvidenceMap): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const { row, col, cell, gap } of pairs(map)) {
    lines.push(
      [
        csvField(row.slug),
        csvField(row.label, { text: true }),
        csvField(col.slug),
        csvField(col.label, { text: true }),
        csvField(cell?.count ?? 0),
        csvField(cell?.positive ?? 0),
        csvField(cell?.negative ?? 0),
        csvField(cell?.mixed ?? 0),
        csvField(cell?.none ?? 0),
        csvField(cell?.strongestEvidence ?? ""),
        csvField(gap ?? ""),
        csvField(cell?.lessonIds.join(" ") ?? ""),
        csvField(row.rollup ? "true" : ""),
        csvField(col.rollup ? "true" : ""),
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

// ---- HTML ----

/** A sentence of the words table with its `{name}` places filled; the values are escaped like any other. */
function fill(template: string, values: Record<string, HtmlValue> = {}): SafeHtml {
  const parts = template.split(/\{(\w+)\}/);
  return html`${parts.map((part, i) => {
    if (i % 2 === 0) return part;
    if (!(part in values)) throw new Error(`No value for {${part}} in "${template}"`);
    return values[part];
  })}`;
}

function plural(language: Language, forms: Plural, n: number): SafeHtml {
  const form = new Intl.PluralRules(language).select(n) === "one" ? forms.one : forms.other;
  return fill(form, { n });
}

/** Shading steps: few enough to tell apart on paper, and to read back from the class name. */
const SHADES = 5;

function shadeOf(count: number, max: number): number {
  if (count === 0 || max === 0) return 0;
  return Math.max(1, Math.ceil((count / max) * SHADES));
}

// The table scrolls inside its own box, so the page never scrolls sideways; headers wrap at word
// boundaries (a column is never narrower than its longest word, so no header runs into the next).
const STYLE = `
  *, *::before, *::after { box-sizing: border-box; }
  body { font: 14px/1.4 system-ui, sans-serif; color: #111; margin: .75rem; overflow-wrap: break-word; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  p { margin: .25rem 0 .6rem; max-width: 60rem; }
  .map { overflow-x: auto; max-width: 100%; margin-top: .5rem; }
  table { border-collapse: collapse; }
  caption { text-align: left; font-weight: 600; padding: .25rem 0; }
  th, td { border: 1px solid #999; padding: .25rem; text-align: center; vertical-align: middle; }
  thead th { font-size: .72rem; font-weight: 600; min-width: 4rem; vertical-align: bottom; overflow-wrap: break-word; }
  th[scope=row] { text-align: left; font-size: .85rem; font-weight: 600; min-width: 6rem; }
  @media (max-width: 40rem) { body { margin: .5rem; } th[scope=row] { min-width: 5rem; font-size: .8rem; } }
  th[scope=row].depth-1 { padding-left: .9rem; font-weight: 500; }
  th[scope=row].depth-2 { padding-left: 1.6rem; font-weight: 500; }
  tbody th, thead th:first-child { position: sticky; left: 0; background: #fff; z-index: 1; }
  .rollup-mark { color: #555; font-weight: 400; margin-left: .2rem; }
  td .count { display: block; font-size: 1.1rem; font-weight: 700; }
  td .split { display: block; font-size: .75rem; white-space: nowrap; }
  td .evidence { display: block; font-size: .65rem; color: #333; }
  .pos { color: #075e24; } .neg { color: #9b1c1c; }
  .shade-0 { background: #fff; } .shade-1 { background: #e3effa; } .shade-2 { background: #c3dbf2; }
  .shade-3 { background: #93bfe6; } .shade-4 { background: #5f9fd6; } .shade-5 { background: #3b82c4; }
  .shade-4 .evidence, .shade-5 .evidence { color: #111; }
  td.gap-empty, .swatch.gap-empty { background: repeating-linear-gradient(45deg, #fff 0 6px, #eee 6px 8px); color: #888; }
  td.gap-empty .count { font-weight: 400; }
  td.gap-anecdote_only, .swatch.gap-anecdote_only { outline: 2px dashed #b45309; outline-offset: -4px; }
  .legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
  .legend .swatch { display: inline-block; width: 1rem; height: .8rem; border: 1px solid #999; vertical-align: middle; margin-right: .25rem; }
  @media print {
    body { margin: 0; font-size: 10px; }
    * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    .map { overflow: visible; }
    tbody th, thead th:first-child { position: static; }
    table { page-break-inside: auto; } tr { page-break-inside: avoid; }
  }
`;

type Term = EvidenceMap["rows"][number];

/** How deep a term sits below the broader terms on its axis (0 for a top term). */
function depths(terms: readonly Term[]): Map<string, number> {
  const bySlug = new Map(terms.map((t) => [t.slug, t]));
  const depthOf = (term: Term): number => {
    const parent = term.parent ? bySlug.get(term.parent) : undefined;
    return parent ? 1 + depthOf(parent) : 0;
  };
  return new Map(terms.map((t) => [t.slug, depthOf(t)]));
}

function termHead(term: Term, w: EvidenceMapWords): SafeHtml {
  const mark = term.rollup ? html`<span class="rollup-mark" title="${w.legendRollup}">Σ</span>` : null;
  return html`<span class="label">${term.label}</span>${mark}`;
}

function cellHtml(pair: Pair, max: number, w: EvidenceMapWords, language: Language): SafeHtml {
  const { row, col, cell, gap } = pair;
  const count = cell?.count ?? 0;
  const classes = [`shade-${shadeOf(count, max)}`, ...(gap ? [`gap-${gap}`] : [])].join(" ");
  const title = cell
    ? fill(w.cellTitle, {
        row: row.label,
        col: col.label,
        lessons: plural(language, w.lessons, count),
        positive: cell.positive,
        negative: cell.negative,
        mixed: cell.mixed,
        none: cell.none,
        evidence: w.evidenceKinds[cell.strongestEvidence],
      })
    : html`${row.label} × ${col.label}: ${w.noLessons}`;
  const body = cell
    ? html`<span class="count">${count}</span><span class="split"><span class="pos">+${cell.positive}</span> / <span class="neg">−${cell.negative}</span></span><span class="evidence">${gap === "anecdote_only" ? html`${w.anecdotesOnly} ⚠` : w.evidenceKinds[cell.strongestEvidence]}</span>`
    : html`<span class="count">0</span>`;
  return html`<td class="${classes}" data-row="${row.slug}" data-col="${col.slug}" data-count="${count}" data-positive="${cell?.positive ?? 0}" data-negative="${cell?.negative ?? 0}" title="${title}">${body}</td>`;
}

/** What the map was drawn over, in words: the request's unit, search and filters, or "all published lessons". */
function scopeHtml(scope: EvidenceMapScope, w: EvidenceMapWords): SafeHtml {
  const list = (values: readonly string[]) => values.join(", ");
  const parts: [string, string][] = [
    ...(scope.unit ? [[w.scope.unit, scope.unit] as [string, string]] : []),
    ...(scope.q ? [[w.scope.q, `“${scope.q}”`] as [string, string]] : []),
    ...scope.filters.map((f): [string, string] => [f.facet, list(f.terms)]),
    ...(scope.outcomeDirection.length
      ? [
          [w.scope.outcomeDirection, list(scope.outcomeDirection.map((d) => w.directions[d]))] as [
            string,
            string,
          ],
        ]
      : []),
    ...(scope.evidence.length
      ? [[w.scope.evidence, list(scope.evidence.map((e) => w.evidenceKinds[e]))] as [string, string]]
      : []),
    ...(scope.stage.length
      ? [[w.scope.stage, list(scope.stage.map((s) => w.stages[s]))] as [string, string]]
      : []),
    ...(scope.language.length
      ? [[w.scope.language, list(scope.language.map((l) => w.languages[l]))] as [string, string]]
      : []),
    ...(scope.publishedFrom ? [[w.scope.publishedFrom, scope.publishedFrom] as [string, string]] : []),
    ...(scope.publishedTo ? [[w.scope.publishedTo, scope.publishedTo] as [string, string]] : []),
  ];
  if (parts.length === 0) return html`${w.scopeAll}`;
  return html`${parts.map(([name, value], i) => html`${i > 0 ? "; " : ""}${name}: ${value}`)}`;
}

function introHtml(map: EvidenceMap, scope: EvidenceMapScope, w: EvidenceMapWords, max: number): SafeHtml {
  const language = map.labelLanguage;
  const empty = map.gaps.filter((g) => g.reason === "empty").length;
  return html`<p class="scope">${plural(language, w.matching, map.total)} (${scopeHtml(scope, w)}).</p>
<p class="how">${w.howToRead[map.cellDirection]} ${map.rollup ? w.rollupNote : w.exactNote} ${fill(
    w.gapsSummary,
    {
      empty: plural(language, w.emptyPairs, empty),
      anecdotal: plural(language, w.anecdotePairs, map.gaps.length - empty),
    },
  )}</p>
<p class="legend"><span><span class="swatch shade-1"></span><span class="swatch shade-3"></span><span class="swatch shade-5"></span>${fill(w.legendMore, { max })}</span><span><span class="swatch gap-empty"></span>${w.legendEmpty}</span><span><span class="swatch gap-anecdote_only"></span>${w.legendAnecdote} ⚠</span>${map.rollup ? html`<span>Σ ${w.legendRollup}</span>` : null}</p>`;
}

/** A self-contained page (no scripts, no external resources): a table shaded by count, gaps marked. */
export function evidenceMapHtml(map: EvidenceMap, scope: EvidenceMapScope): string {
  const w = EVIDENCE_MAP_WORDS[map.labelLanguage];
  const all = pairs(map);
  const max = Math.max(0, ...map.cells.map((c) => c.count));
  const heading = fill(w.heading, { title: w.title, rows: map.rowFacet.label, cols: map.colFacet.label });
  const rowDepth = depths(map.rows);
  const rows = map.rows.map((row, r) => {
    const cells = all
      .slice(r * map.cols.length, (r + 1) * map.cols.length)
      .map((p) => cellHtml(p, max, w, map.labelLanguage));
    return html`<tr><th scope="row" class="depth-${rowDepth.get(row.slug) ?? 0}${row.rollup ? " rollup" : ""}" data-slug="${row.slug}">${termHead(row, w)}</th>${cells}</tr>
`;
  });
  const columnHeads = map.cols.map(
    (col) =>
      html`<th scope="col" data-slug="${col.slug}"${col.rollup ? html` class="rollup"` : null}>${termHead(col, w)}</th>`,
  );
  return html`<!doctype html>
<html lang="${map.labelLanguage}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${heading}</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<h1>${heading}</h1>
${introHtml(map, scope, w, max)}
<div class="map">
<table>
<caption>${fill(w.caption, { rows: map.rowFacet.label, cols: map.colFacet.label })}</caption>
<thead><tr><th scope="col" class="corner">${map.rowFacet.label} \\ ${map.colFacet.label}</th>${columnHeads}</tr></thead>
<tbody>
${rows}</tbody>
</table>
</div>
</body>
</html>
`.value;
}
