// A routine's agenda as the forum reads it: Markdown (to paste into the minutes) and a self-contained,
// printable HTML page in the digests' look (their style sheet). Per lesson: where it comes from, its
// direction, why it worked, mechanisms and pitfalls, and what the units that tried it found; then the
// open escalations. HTML goes through the auto-escaping template only.
import type { Agenda, AgendaEscalation, AgendaItem } from "../../domain/routines/index.js";
import { AGENDA_WORDS, type AgendaWords } from "./agenda-words.js";
import { MARKERS, escapeMarkdown as md, STYLE } from "./digest.js";
import { html, type SafeHtml, trustedHtml } from "./html.js";

const lessonHref = (id: string) => `/v1/lessons/${encodeURIComponent(id)}`;

// ── What both forms say ───────────────────────────────────────────────────────

function heading(agenda: Agenda, w: AgendaWords): string {
  const { routine } = agenda;
  const name = routine.forum ? `${routine.forum} — ${routine.name}` : routine.name;
  return `${w.title}: ${name}`;
}

function metaLine(agenda: Agenda, w: AgendaWords): string {
  const { routine } = agenda;
  return [
    routine.ownerUnitName ?? routine.ownerUnitId,
    w.cadences[routine.cadence],
    w.since(agenda.since.slice(0, 10)),
    agenda.lastMeeting ? w.lastMeeting(agenda.lastMeeting.heldOn) : w.firstMeeting,
  ].join(" · ");
}

function countLine(agenda: Agenda, w: AgendaWords): string {
  return agenda.total === 0 ? w.nothing : w.newLessons(agenda.items.length, agenda.total);
}

function directionWord(item: AgendaItem, w: AgendaWords): string {
  return `${MARKERS[item.direction]} ${w.digest.verdicts[item.direction]}`;
}

/** The facts under an item's title, as [term, description] pairs of plain text. */
function facts(item: AgendaItem, w: AgendaWords): [string, string][] {
  const out: [string, string][] = [
    [w.from, item.unit.name ?? item.unit.id],
    [w.direction, directionWord(item, w)],
  ];
  if (item.mechanisms.length > 0) out.push([w.mechanisms, item.mechanisms.map((m) => m.label).join(", ")]);
  if (item.pitfalls.length > 0) out.push([w.pitfalls, item.pitfalls.map((p) => p.label).join(", ")]);
  return out;
}

type Report = AgendaItem["adaptations"]["reports"][number];
const reportFacts = (report: Report, w: AgendaWords) => w.digest.results[report.result];

function escalationLine(e: AgendaEscalation, w: AgendaWords): string {
  const to = e.toName ?? e.to.unitId ?? e.to.organisationId ?? "";
  const due = e.dueBy ? ` · ${w.dueBy} ${e.dueBy}` : "";
  return `${w.raisedBy} ${e.fromUnitName ?? e.fromUnitId} ${w.to} ${to}${due}`;
}

// ── Markdown ─────────────────────────────────────────────────────────────────

function itemMarkdown(item: AgendaItem, n: number, w: AgendaWords): string[] {
  const out = ["", `## ${n}. [${md(item.title)}](${lessonHref(item.lessonId)})`, "", md(item.summary), ""];
  out.push(...facts(item, w).map(([k, v]) => `- **${md(k)}:** ${md(v)}`));
  if (item.why) out.push("", `### ${w.why}`, "", `> ${md(item.why)}`);
  out.push("", `### ${w.othersFound}`, "");
  if (item.adaptations.reports.length === 0) out.push(`_${w.notTriedYet}_`);
  for (const report of item.adaptations.reports)
    out.push(
      `- **${md(report.unitName ?? report.unitId)}** (${md(reportFacts(report, w))}): ${md(report.notes ?? w.noNotes)}`,
    );
  out.push("", `**${w.decide}:** ${w.decisions}`);
  return out;
}

export function agendaMarkdown(agenda: Agenda): string {
  const w = AGENDA_WORDS[agenda.language];
  const out: string[] = [
    `# ${md(heading(agenda, w))}`,
    "",
    `${md(metaLine(agenda, w))} · ${w.generated} ${agenda.generatedAt.slice(0, 10)}`,
    "",
    `_${md(countLine(agenda, w))}_`,
  ];
  agenda.items.forEach((item, i) => {
    out.push(...itemMarkdown(item, i + 1, w));
  });
  if (agenda.escalations.length > 0) {
    out.push("", `## ${w.escalations}`, "");
    for (const e of agenda.escalations)
      out.push(`- [${md(e.title)}](${lessonHref(e.lessonId)}): ${md(e.ask)} (${md(escalationLine(e, w))})`);
  }
  return `${out.join("\n")}\n`;
}

// ── HTML ─────────────────────────────────────────────────────────────────────

const AGENDA_STYLE = `
ol.agenda { list-style: none; padding: 0; margin: 0; }
.summary { font-size: 1.05rem; }
.direction.positive, .direction.mixed, .direction.negative, .direction.none { background: none; }
.decide { color: var(--muted); border-top: 1px dashed var(--line); padding-top: .4rem; }
.decide .box { display: inline-block; width: .9rem; height: .9rem; border: 1.5px solid var(--muted); border-radius: .15rem; margin: 0 .2rem 0 .6rem; vertical-align: -.1rem; }
`;

function itemHtml(item: AgendaItem, n: number, w: AgendaWords): SafeHtml {
  const reports =
    item.adaptations.reports.length === 0
      ? html`<p class="note">${w.notTriedYet}</p>`
      : html`<ul>${item.adaptations.reports.map(
          (report) =>
            html`<li class="adaptation-note" data-result="${report.result}"><strong>${report.unitName ?? report.unitId}</strong> (${reportFacts(report, w)}): ${report.notes ?? w.noNotes}</li>`,
        )}</ul>`;
  const boxes = w.decisions.split(" · ").map((word) => html`<span class="box"></span>${word}`);
  return html`<li><section class="mechanism item" id="lesson-${item.lessonId}" data-lesson="${item.lessonId}" data-direction="${item.direction}">
<h2>${n}. <a href="${lessonHref(item.lessonId)}">${item.title}</a></h2>
<p class="summary">${item.summary}</p>
<dl>${facts(item, w).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
${item.why ? html`<h3 class="why-it-worked">${w.why}</h3><blockquote class="statement ${item.direction === "positive" ? "support" : "against"}"><p>${item.why}</p></blockquote>` : ""}
<h3>${w.othersFound}</h3>
${reports}
<p class="decide"><strong>${w.decide}:</strong>${boxes}</p>
</section></li>`;
}

function escalationsHtml(agenda: Agenda, w: AgendaWords): SafeHtml {
  if (agenda.escalations.length === 0) return html``;
  const items = agenda.escalations.map(
    (e) =>
      html`<li class="escalation" data-escalation="${e.id}"><a href="${lessonHref(e.lessonId)}">${e.title}</a>: ${e.ask} <small>(${escalationLine(e, w)})</small></li>`,
  );
  return html`<section class="mechanism escalations"><h2>${w.escalations}</h2><ul>${items}</ul></section>`;
}

export function agendaHtml(agenda: Agenda): string {
  const w = AGENDA_WORDS[agenda.language];
  const title = heading(agenda, w);
  const page = html`<!doctype html>
<html lang="${agenda.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${trustedHtml(STYLE)}${trustedHtml(AGENDA_STYLE)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="meta">${metaLine(agenda, w)} · ${w.generated} ${agenda.generatedAt.slice(0, 10)}</p>
<p class="note">${countLine(agenda, w)}</p>
${agenda.items.length > 0 ? html`<ol class="agenda">${agenda.items.map((item, i) => itemHtml(item, i + 1, w))}</ol>` : ""}
${escalationsHtml(agenda, w)}
</main>
</body>
</html>
`;
  return page.value;
}
