// The digest as a manager reads it: Markdown (to paste into minutes) and a self-contained HTML page
// (inline CSS, print styles) to take to a meeting. Per mechanism: why it worked (sentences from
// lessons that worked), what went wrong (from the others, in their own section), what other units
// found when they tried it, each pressure with its own coping. Every quoted sentence names its lesson
// (title, linked) and how that lesson came out. HTML goes through the auto-escaping template only.
import type {
  DigestAdaptationNote,
  DigestReply,
  DigestStatement,
  MechanismDigest,
} from "../../domain/digest/index.js";
import { DIRECTIONS, type Direction, type EvidenceKind } from "../../words.js";
import { DIGEST_WORDS, type DigestWords } from "./digest-words.js";
import { html, type SafeHtml, trustedHtml } from "./html.js";

export const MARKERS: Record<Direction, string> = { positive: "✓", mixed: "◐", negative: "✗", none: "○" };
const lessonHref = (id: string) => `/v1/lessons/${encodeURIComponent(id)}`;

// ── What both forms say ───────────────────────────────────────────────────────

function heading(digest: DigestReply, w: DigestWords): string {
  return digest.requester.unitName ? `${w.title}: ${digest.requester.unitName}` : w.title;
}

function contextLine(digest: DigestReply, w: DigestWords): string {
  const labels = Object.values(digest.requester.context).flatMap((terms) => terms.map((t) => t.label));
  return labels.length > 0 ? labels.join(", ") : w.allLessons;
}

/** "12 lessons from Home care, Older adults", or just the count when the scope is everything. */
function scopeLine(digest: DigestReply, w: DigestWords): string {
  const { scope } = digest;
  if (scope.applied === "all") return w.lessons(digest.total);
  return w.inScope(digest.total, scope.basis.map((t) => t.label).join(", "));
}

/** The notes under the heading: what the scope and the brief form left out. */
function leftOutNotes(digest: DigestReply, w: DigestWords): string[] {
  return [
    ...(digest.scope.leftOut > 0 ? [w.leftOut(digest.scope.leftOut)] : []),
    ...(digest.omittedMechanisms > 0 ? [w.omitted(digest.omittedMechanisms)] : []),
  ];
}

function outcomeParts(m: MechanismDigest, w: DigestWords): string[] {
  return DIRECTIONS.filter((d) => m.outcomes[d] > 0).map((d) => `${m.outcomes[d]} ${w.directions[d]}`);
}

function evidenceParts(m: MechanismDigest, w: DigestWords): string {
  return Object.entries(m.evidence)
    .map(([kind, n]) => `${w.evidenceKinds[kind as EvidenceKind] ?? kind} ${n}`)
    .join(", ");
}

function triedLine(m: MechanismDigest, w: DigestWords): string | undefined {
  const { worked, partly, didNotWork } = m.adaptations;
  const parts: [number, string][] = [
    [worked, w.results.worked],
    [partly, w.results.partly],
    [didNotWork, w.results.did_not_work],
  ];
  const said = parts.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`);
  return said.length > 0 ? said.join(", ") : undefined;
}

function contrastLine(list: MechanismDigest["worksIn"], w: DigestWords): string {
  return list
    .map((c) => `${c.label} (${c.positive} ${w.directions.positive}, ${c.negative} ${w.directions.negative})`)
    .join("; ");
}

/** The facts listed under a mechanism's name, as [term, description] pairs of plain text. */
function facts(m: MechanismDigest, w: DigestWords): [string, string][] {
  const out: [string, string][] = [[w.outcomes, outcomeParts(m, w).join(", ")]];
  if (m.worksIn.length > 0) out.push([w.worksIn, contrastLine(m.worksIn, w)]);
  if (m.failsIn.length > 0) out.push([w.failsIn, contrastLine(m.failsIn, w)]);
  const tried = triedLine(m, w);
  if (tried) out.push([w.triedBy, tried]);
  out.push([w.evidence, evidenceParts(m, w)]);
  if (m.pitfalls.length > 0)
    out.push([w.pitfalls, m.pitfalls.map((p) => `${p.label} (${w.lessons(p.lessons)})`).join("; ")]);
  return out;
}

const supporting = (m: MechanismDigest) => m.statements.filter((s) => s.direction === "positive");
const against = (m: MechanismDigest) => m.statements.filter((s) => s.direction !== "positive");

/** "worked partly · the mechanism fired there · their context: Dementia" */
function noteFacts(note: DigestAdaptationNote, w: DigestWords): string {
  const parts = [w.results[note.result]];
  if (note.firedHere !== null) parts.push(note.firedHere ? w.firedHere.yes : w.firedHere.no);
  if (note.contextDiffers.length > 0)
    parts.push(`${w.theirContext}: ${note.contextDiffers.map((t) => t.label).join(", ")}`);
  return parts.join(" · ");
}

type Pressure = MechanismDigest["pressures"][number];

/** "trade-off: 2 positive; renegotiated: 1 negative": strategies that went with a clear outcome. */
function strategyLine(p: Pressure, w: DigestWords): string {
  return p.strategies
    .filter((s) => s.positive + s.negative > 0)
    .map((s) => {
      const parts = (["positive", "negative"] as const).filter((d) => s[d] > 0);
      return `${w.strategies[s.strategy]}: ${parts.map((d) => `${s[d]} ${w.directions[d]}`).join(", ")}`;
    })
    .join("; ");
}

/** What is said under a pressure: its coping, and in the full form how its strategies went. */
function pressureDetail(
  p: Pressure,
  w: DigestWords,
  full: boolean,
): { coping: Pressure["coping"]; strategies: string } {
  return { coping: p.coping, strategies: full ? strategyLine(p, w) : "" };
}

// ── Markdown ─────────────────────────────────────────────────────────────────

/** Escapes text for Markdown: no emphasis, links, code or raw HTML, and no block marker at the start. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+]\s|\d+[.)]\s)/, (_, space: string, marker: string) =>
      marker.match(/^\d/) ? `${space}${marker.replace(/([.)])/, "\\$1")}` : `${space}\\${marker}`,
    );
}
const md = escapeMarkdown;

function statementMarkdown(s: DigestStatement, w: DigestWords): string[] {
  return [
    "",
    `> ${md(s.text)}`,
    `> — ${MARKERS[s.direction]} [${md(s.title)}](${lessonHref(s.lessonId)}) (${w.verdicts[s.direction]})`,
  ];
}

function mechanismMarkdown(m: MechanismDigest, w: DigestWords, full: boolean): string[] {
  const out = ["", `## ${md(m.mechanism.label)}`, ""];
  out.push(`**${w.lessons(m.lessons)}**`);
  if (m.contested) out.push("", `**⚠ ${w.contested}**`);
  out.push("", ...facts(m, w).map(([k, v]) => `- **${md(k)}:** ${md(v)}`));
  const sections: [string, DigestStatement[]][] = [
    [w.whyItWorked, supporting(m)],
    [w.wentWrong, against(m)],
  ];
  for (const [title, statements] of sections)
    if (statements.length > 0)
      out.push("", `### ${title}`, ...statements.flatMap((s) => statementMarkdown(s, w)));
  if (m.adaptations.notes.length > 0) {
    out.push("", `### ${w.othersFound}`, "");
    for (const note of m.adaptations.notes)
      out.push(
        `- **${md(note.unitName ?? note.unitId)}** (${md(noteFacts(note, w))}): ${md(note.text)} — [${md(note.title || w.lesson)}](${lessonHref(note.lessonId)})`,
      );
  }
  const details = m.pressures.map((p) => pressureDetail(p, w, full));
  if (details.every((d) => d.coping.length === 0 && !d.strategies)) {
    if (m.pressures.length > 0)
      out.push(
        "",
        `**${w.pressures}:** ${m.pressures.map((p) => `${md(p.label)} (${p.lessons})`).join(", ")}`,
      );
  } else {
    out.push("", `### ${w.pressures}`, "");
    for (const [i, p] of m.pressures.entries()) {
      const detail = details[i]!;
      out.push(`- **${md(p.label)}** (${w.lessons(p.lessons)})`);
      for (const c of detail.coping)
        out.push(
          `  - ${md(c.text)}${c.strategy ? ` (${w.strategies[c.strategy]})` : ""}${c.carriedOver ? ` — _${w.carriedOver}_` : ""}`,
        );
      if (detail.strategies) out.push(`  - ${w.strategyOutcomes}: ${md(detail.strategies)}`);
    }
  }
  return out;
}

export function digestMarkdown(digest: DigestReply): string {
  const w = DIGEST_WORDS[digest.labelLanguage];
  const out: string[] = [
    `# ${md(heading(digest, w))}`,
    "",
    `${md(scopeLine(digest, w))} · ${w.context}: ${md(contextLine(digest, w))} · ${w.generated} ${digest.generatedAt.slice(0, 10)}`,
    ...leftOutNotes(digest, w).flatMap((note) => ["", `_${md(note)}_`]),
  ];
  if (digest.mechanisms.length === 0) out.push("", w.nothing);
  for (const m of digest.mechanisms) out.push(...mechanismMarkdown(m, w, digest.detail === "full"));
  return `${out.join("\n")}\n`;
}

// ── HTML ─────────────────────────────────────────────────────────────────────

export const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --pos: #2f7d4f; --mix: #c28a12; --neg: #b3382c; --none: #9aa1ad; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fff; overflow-wrap: anywhere; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
.meta { color: var(--muted); margin: 0 0 .5rem; }
.note { color: var(--muted); font-style: italic; margin: 0 0 .5rem; }
section.mechanism { border-top: 2px solid var(--line); padding-top: 1rem; margin-top: 1.5rem; }
h2 { font-size: 1.35rem; margin: 0 0 .25rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
h3.went-wrong { color: var(--neg); }
.bar { display: flex; height: .6rem; border-radius: .3rem; overflow: hidden; background: var(--line); margin: .4rem 0; max-width: 24rem; }
.bar span { display: block; height: 100%; }
.positive { background: var(--pos); } .mixed { background: var(--mix); } .negative { background: var(--neg); } .none { background: var(--none); }
.contested { display: inline-block; border: 1.5px solid var(--neg); color: var(--neg); border-radius: .3rem; padding: .1rem .5rem; font-weight: 600; margin: .3rem 0; }
dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: .2rem 1rem; margin: .6rem 0; }
dt { font-weight: 600; } dd { margin: 0; }
blockquote { margin: .5rem 0; padding: .3rem .9rem; border-left: 4px solid var(--pos); }
blockquote.against { border-left-color: var(--neg); }
blockquote p { margin: 0; }
blockquote footer { color: var(--muted); font-size: .85rem; }
.marker { font-weight: 700; }
ul { margin: .3rem 0; padding-left: 1.3rem; }
a { color: inherit; }
@media (max-width: 36rem) {
  main { padding: 1rem .9rem 2rem; }
  dl { grid-template-columns: minmax(0, 1fr); gap: 0; }
  dd { margin-bottom: .3rem; }
}
@media print {
  @page { margin: 18mm 16mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section.mechanism { break-inside: avoid-page; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .bar, .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

function statementHtml(s: DigestStatement, w: DigestWords): SafeHtml {
  const side = s.direction === "positive" ? "support" : "against";
  return html`<blockquote class="statement ${side}" data-direction="${s.direction}" data-lesson="${s.lessonId}"><p>${s.text}</p><footer><span class="marker" title="${w.verdicts[s.direction]}">${MARKERS[s.direction]}</span> <a href="${lessonHref(s.lessonId)}">${s.title}</a> (${w.verdicts[s.direction]})</footer></blockquote>`;
}

function outcomeBar(m: MechanismDigest, w: DigestWords): SafeHtml {
  const total = Math.max(1, m.lessons);
  const spans = DIRECTIONS.filter((d) => m.outcomes[d] > 0).map(
    (d) =>
      html`<span class="${d}" style="width:${((100 * m.outcomes[d]) / total).toFixed(1)}%" title="${m.outcomes[d]} ${w.directions[d]}"></span>`,
  );
  return html`<div class="bar" role="img" aria-label="${outcomeParts(m, w).join(", ")}">${spans}</div>`;
}

function pressuresHtml(m: MechanismDigest, w: DigestWords, full: boolean): SafeHtml {
  if (m.pressures.length === 0) return html``;
  const details = m.pressures.map((p) => pressureDetail(p, w, full));
  if (details.every((d) => d.coping.length === 0 && !d.strategies))
    return html`<p class="pressures"><strong>${w.pressures}:</strong> ${m.pressures.map((p, i) => html`${i > 0 ? ", " : ""}<span data-pressure="${p.slug}">${p.label} (${p.lessons})</span>`)}</p>`;
  const items = m.pressures.map((p, i) => {
    const detail = details[i]!;
    const coping = detail.coping.map(
      (c) =>
        html`<li class="coping" data-lesson="${c.lessonId}">${c.text}${c.strategy ? html` <em>(${w.strategies[c.strategy]})</em>` : ""}${c.carriedOver ? html` <small>— ${w.carriedOver}</small>` : ""}</li>`,
    );
    const strategies = detail.strategies
      ? html`<li class="strategies">${w.strategyOutcomes}: ${detail.strategies}</li>`
      : "";
    return html`<li data-pressure="${p.slug}"><strong>${p.label}</strong> (${w.lessons(p.lessons)})${coping.length > 0 || strategies ? html`<ul>${coping}${strategies}</ul>` : ""}</li>`;
  });
  return html`<h3>${w.pressures}</h3><ul>${items}</ul>`;
}

function notesHtml(m: MechanismDigest, w: DigestWords): SafeHtml {
  if (m.adaptations.notes.length === 0) return html``;
  const items = m.adaptations.notes.map(
    (note) =>
      html`<li class="adaptation-note" data-result="${note.result}"><strong>${note.unitName ?? note.unitId}</strong> (${noteFacts(note, w)}): ${note.text} — <a href="${lessonHref(note.lessonId)}">${note.title || w.lesson}</a></li>`,
  );
  return html`<h3>${w.othersFound}</h3><ul>${items}</ul>`;
}

function mechanismHtml(m: MechanismDigest, w: DigestWords, full: boolean): SafeHtml {
  const support = supporting(m);
  const wrong = against(m);
  return html`<section class="mechanism" id="mechanism-${m.mechanism.slug}">
<h2>${m.mechanism.label}</h2>
<p class="count">${w.lessons(m.lessons)}</p>
${outcomeBar(m, w)}
${m.contested ? html`<p class="contested">⚠ ${w.contested}</p>` : ""}
<dl>${facts(m, w).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
${support.length > 0 ? html`<h3 class="why-it-worked">${w.whyItWorked}</h3>${support.map((s) => statementHtml(s, w))}` : ""}
${wrong.length > 0 ? html`<h3 class="went-wrong">${w.wentWrong}</h3>${wrong.map((s) => statementHtml(s, w))}` : ""}
${notesHtml(m, w)}
${pressuresHtml(m, w, full)}
</section>`;
}

export function digestHtml(digest: DigestReply): string {
  const w = DIGEST_WORDS[digest.labelLanguage];
  const title = heading(digest, w);
  const page = html`<!doctype html>
<html lang="${digest.labelLanguage}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="meta">${scopeLine(digest, w)} · ${w.context}: ${contextLine(digest, w)} · ${w.generated} ${digest.generatedAt.slice(0, 10)}</p>
${leftOutNotes(digest, w).map((note) => html`<p class="note">${note}</p>`)}
${digest.mechanisms.length === 0 ? html`<p>${w.nothing}</p>` : digest.mechanisms.map((m) => mechanismHtml(m, w, digest.detail === "full"))}
</main>
</body>
</html>
`;
  return page.value;
}
