// The evidence map as CSV (one line per row × column pair, RFC 4180) and as a self-contained HTML heat
// map for reading and printing. Both show every pair, including those without lessons.
import type { EvidenceCell, EvidenceGap, EvidenceMap } from "../../domain/evidence-map.js";
import { escapeHtml } from "../../search/highlight.js";

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

/** A header row, then one line per pair (CRLF-terminated); lesson ids are space-separated. */
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
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

// ---- HTML ----

const EVIDENCE_NAMES: Record<EvidenceCell["strongestEvidence"], string> = {
  anecdote: "anecdote",
  observation: "observation",
  local_evaluation: "local evaluation",
  external_evaluation: "external evaluation",
  research: "research",
};

/** Shading steps: few enough to tell apart on paper, and to read back from the class name. */
const SHADES = 5;

function shadeOf(count: number, max: number): number {
  if (count === 0 || max === 0) return 0;
  return Math.max(1, Math.ceil((count / max) * SHADES));
}

const STYLE = `
  body { font: 14px/1.4 system-ui, sans-serif; color: #111; margin: 1.5rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  p { margin: .25rem 0 .75rem; }
  table { border-collapse: collapse; }
  th, td { border: 1px solid #999; padding: .3rem .4rem; text-align: center; vertical-align: middle; }
  thead th { font-weight: 600; max-width: 7rem; }
  th[scope=row] { text-align: left; font-weight: 600; }
  td .count { display: block; font-size: 1.1rem; font-weight: 700; }
  td .split { display: block; font-size: .75rem; white-space: nowrap; }
  td .evidence { display: block; font-size: .7rem; color: #333; }
  .pos { color: #075e24; } .neg { color: #9b1c1c; }
  .shade-0 { background: #fff; } .shade-1 { background: #e3effa; } .shade-2 { background: #c3dbf2; }
  .shade-3 { background: #93bfe6; } .shade-4 { background: #5f9fd6; } .shade-5 { background: #3b82c4; }
  .shade-4 .evidence, .shade-5 .evidence { color: #111; }
  td.gap-empty, .swatch.gap-empty { background: repeating-linear-gradient(45deg, #fff 0 6px, #eee 6px 8px); color: #777; }
  td.gap-anecdote_only, .swatch.gap-anecdote_only { outline: 2px dashed #b45309; outline-offset: -4px; }
  .legend span { display: inline-block; margin-right: 1rem; }
  .legend .swatch { display: inline-block; width: 1rem; height: .8rem; border: 1px solid #999; vertical-align: middle; margin-right: .25rem; }
  @media print {
    body { margin: 0; font-size: 10px; }
    * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    table { page-break-inside: auto; } tr { page-break-inside: avoid; }
  }
`;

function cellHtml(pair: Pair, max: number): string {
  const { row, col, cell, gap } = pair;
  const count = cell?.count ?? 0;
  const classes = [`shade-${shadeOf(count, max)}`, ...(gap ? [`gap-${gap}`] : [])];
  const title =
    `${row.label} × ${col.label}: ${count} lesson${count === 1 ? "" : "s"}` +
    (cell
      ? `, ${cell.positive} positive, ${cell.negative} negative, ${cell.mixed} mixed, ${cell.none} no effect; strongest evidence: ${EVIDENCE_NAMES[cell.strongestEvidence]}`
      : "") +
    (gap === "empty" ? " (gap: no lessons)" : gap === "anecdote_only" ? " (gap: anecdotes only)" : "");
  const body = cell
    ? `<span class="count">${count}</span>` +
      `<span class="split"><span class="pos">+${cell.positive}</span> / <span class="neg">−${cell.negative}</span></span>` +
      `<span class="evidence">${escapeHtml(EVIDENCE_NAMES[cell.strongestEvidence])}${gap === "anecdote_only" ? " only ⚠" : ""}</span>`
    : `<span class="count">0</span><span class="evidence">no lessons</span>`;
  return `<td class="${classes.join(" ")}" data-row="${escapeHtml(row.slug)}" data-col="${escapeHtml(col.slug)}" data-count="${count}" data-positive="${cell?.positive ?? 0}" data-negative="${cell?.negative ?? 0}" title="${escapeHtml(title)}">${body}</td>`;
}

/** A self-contained page (no scripts, no external resources): a table shaded by count, gaps marked. */
export function evidenceMapHtml(map: EvidenceMap, request: { description: string }): string {
  const all = pairs(map);
  const max = Math.max(0, ...map.cells.map((c) => c.count));
  const heading = `${map.rowFacet.label} × ${map.colFacet.label}`;
  const emptyGaps = map.gaps.filter((g) => g.reason === "empty").length;
  const anecdoteGaps = map.gaps.length - emptyGaps;
  const rowsHtml = map.rows
    .map((row, r) => {
      const cells = all.slice(r * map.cols.length, (r + 1) * map.cols.length).map((p) => cellHtml(p, max));
      return `<tr><th scope="row" data-slug="${escapeHtml(row.slug)}">${escapeHtml(row.label)}</th>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="${escapeHtml(map.labelLanguage)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`Evidence map: ${heading}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(`Evidence map: ${heading}`)}</h1>
<p>${escapeHtml(`${map.total} matching published lesson${map.total === 1 ? "" : "s"}${request.description ? ` (${request.description})` : ""}. Each cell counts the lessons tagged with both terms (exact terms, not their children); + and − count lessons whose overall outcome was positive or negative. Gaps: ${emptyGaps} pairs without lessons, ${anecdoteGaps} with anecdotes only.`)}</p>
<p class="legend"><span><span class="swatch shade-1"></span><span class="swatch shade-3"></span><span class="swatch shade-5"></span>more lessons (up to ${max})</span><span><span class="swatch gap-empty"></span>gap: no lessons</span><span><span class="swatch gap-anecdote_only"></span>gap: anecdotes only ⚠</span></p>
<table>
<caption>${escapeHtml(`${map.rowFacet.label} (rows) × ${map.colFacet.label} (columns)`)}</caption>
<thead><tr><th scope="col">${escapeHtml(`${map.rowFacet.label} \\ ${map.colFacet.label}`)}</th>${map.cols
    .map((col) => `<th scope="col" data-slug="${escapeHtml(col.slug)}">${escapeHtml(col.label)}</th>`)
    .join("")}</tr></thead>
<tbody>
${rowsHtml}
</tbody>
</table>
</body>
</html>
`;
}
