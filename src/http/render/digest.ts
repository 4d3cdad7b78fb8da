// The digest as a manager reads it: Markdown (to paste into minutes) and a self-contained HTML page
// (inline CSS, print styles) to take to a meeting. Everything from lessons and the vocabulary is escaped.
import type { DigestReply, MechanismDigest } from "../../domain/digest.js";
import type { Language } from "../../search/analyze.js";
import { escapeHtml } from "../../search/highlight.js";
import type { EvidenceKind } from "../../search/rank.js";

type Words = {
  title: string;
  lessons: (n: number) => string;
  context: string;
  allLessons: string;
  generated: string;
  nothing: string;
  outcomes: string;
  positive: string;
  mixed: string;
  negative: string;
  none: string;
  contested: string;
  worksIn: string;
  failsIn: string;
  statements: string;
  adaptations: string;
  worked: string;
  partly: string;
  didNotWork: string;
  evidence: string;
  pressures: string;
  pitfalls: string;
  evidenceKinds: Record<EvidenceKind, string>;
};

const WORDS: Record<Language, Words> = {
  en: {
    title: "Why it worked",
    lessons: (n) => `${n} ${n === 1 ? "lesson" : "lessons"}`,
    context: "Context",
    allLessons: "all published lessons, no requester context",
    generated: "Generated",
    nothing: "No lessons match this request.",
    outcomes: "Outcomes",
    positive: "positive",
    mixed: "mixed",
    negative: "negative",
    none: "no direction",
    contested: "Contested: it both worked and failed in contexts like yours.",
    worksIn: "Works in",
    failsIn: "Fails in",
    statements: "What the lessons say",
    adaptations: "Tried by other units",
    worked: "worked",
    partly: "partly",
    didNotWork: "did not work",
    evidence: "Evidence",
    pressures: "Pressures and how they were met",
    pitfalls: "Pitfalls met in the lessons",
    evidenceKinds: {
      anecdote: "anecdote",
      observation: "observation",
      local_evaluation: "local evaluation",
      external_evaluation: "external evaluation",
      research: "research",
    },
  },
  da: {
    title: "Hvorfor det virkede",
    lessons: (n) => `${n} ${n === 1 ? "erfaring" : "erfaringer"}`,
    context: "Kontekst",
    allLessons: "alle offentliggjorte erfaringer, ingen kontekst angivet",
    generated: "Dannet",
    nothing: "Ingen erfaringer passer til forespørgslen.",
    outcomes: "Udfald",
    positive: "positive",
    mixed: "blandede",
    negative: "negative",
    none: "uden retning",
    contested: "Omstridt: den har både virket og svigtet i sammenhænge som jeres.",
    worksIn: "Virker i",
    failsIn: "Svigter i",
    statements: "Hvad erfaringerne siger",
    adaptations: "Afprøvet af andre enheder",
    worked: "virkede",
    partly: "delvis",
    didNotWork: "virkede ikke",
    evidence: "Evidens",
    pressures: "Pres og hvordan det blev håndteret",
    pitfalls: "Faldgruber i erfaringerne",
    evidenceKinds: {
      anecdote: "anekdote",
      observation: "observation",
      local_evaluation: "lokal evaluering",
      external_evaluation: "ekstern evaluering",
      research: "forskning",
    },
  },
  nb: {
    title: "Hvorfor det virket",
    lessons: (n) => `${n} ${n === 1 ? "erfaring" : "erfaringer"}`,
    context: "Kontekst",
    allLessons: "alle publiserte erfaringer, ingen kontekst oppgitt",
    generated: "Generert",
    nothing: "Ingen erfaringer passer til forespørselen.",
    outcomes: "Utfall",
    positive: "positive",
    mixed: "blandede",
    negative: "negative",
    none: "uten retning",
    contested: "Omstridt: den har både virket og sviktet i sammenhenger som deres.",
    worksIn: "Virker i",
    failsIn: "Svikter i",
    statements: "Hva erfaringene sier",
    adaptations: "Prøvd av andre enheter",
    worked: "virket",
    partly: "delvis",
    didNotWork: "virket ikke",
    evidence: "Evidens",
    pressures: "Press og hvordan det ble håndtert",
    pitfalls: "Fallgruver i erfaringene",
    evidenceKinds: {
      anecdote: "anekdote",
      observation: "observasjon",
      local_evaluation: "lokal evaluering",
      external_evaluation: "ekstern evaluering",
      research: "forskning",
    },
  },
};

const DIRECTIONS = ["positive", "mixed", "negative", "none"] as const;

function heading(digest: DigestReply, w: Words): string {
  return digest.requester.unitName ? `${w.title}: ${digest.requester.unitName}` : w.title;
}

function contextLine(digest: DigestReply, w: Words): string {
  const labels = Object.values(digest.requester.context).flatMap((terms) => terms.map((t) => t.label));
  return labels.length > 0 ? labels.join(", ") : w.allLessons;
}

function outcomeParts(m: MechanismDigest, w: Words): string[] {
  return DIRECTIONS.filter((d) => m.outcomes[d] > 0).map((d) => `${m.outcomes[d]} ${w[d]}`);
}

function evidenceParts(m: MechanismDigest, w: Words): string[] {
  return Object.entries(m.evidence).map(
    ([kind, n]) => `${w.evidenceKinds[kind as EvidenceKind] ?? kind} ${n}`,
  );
}

function adaptationsLine(m: MechanismDigest, w: Words): string | undefined {
  const a = m.adaptations;
  if (a.worked + a.partly + a.didNotWork === 0) return undefined;
  return `${a.worked} ${w.worked}, ${a.partly} ${w.partly}, ${a.didNotWork} ${w.didNotWork}`;
}

/** "Symbolic involvement (3 lessons); Creaming (1 lesson)": the pitfalls met, most frequent first. */
function pitfallsLine(m: MechanismDigest, w: Words): string {
  return m.pitfalls.map((p) => `${p.label} (${w.lessons(p.lessons)})`).join("; ");
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

export function digestMarkdown(digest: DigestReply): string {
  const w = WORDS[digest.labelLanguage];
  const md = (s: string) => escapeMarkdown(s);
  const out: string[] = [
    `# ${md(heading(digest, w))}`,
    "",
    `${w.lessons(digest.total)} · ${w.context}: ${md(contextLine(digest, w))} · ${w.generated} ${digest.generatedAt.slice(0, 10)}`,
  ];
  if (digest.mechanisms.length === 0) out.push("", w.nothing);
  for (const m of digest.mechanisms) {
    out.push("", `## ${md(m.mechanism.label)}`, "");
    out.push(`**${w.lessons(m.lessons)}** · ${w.outcomes}: ${outcomeParts(m, w).join(", ")}`);
    if (m.contested) out.push("", `**⚠ ${w.contested}**`);
    const contrast = (list: MechanismDigest["worksIn"]) =>
      list.map((c) => `${md(c.label)} (${c.positive} ${w.positive}, ${c.negative} ${w.negative})`).join("; ");
    if (m.worksIn.length > 0) out.push("", `**${w.worksIn}:** ${contrast(m.worksIn)}`);
    if (m.failsIn.length > 0) out.push("", `**${w.failsIn}:** ${contrast(m.failsIn)}`);
    if (m.statements.length > 0) {
      out.push("", `### ${w.statements}`);
      for (const s of m.statements) out.push("", `> ${md(s.text)}`, `> — \`${s.lessonId}\``);
    }
    const adaptations = adaptationsLine(m, w);
    if (adaptations) out.push("", `**${w.adaptations}:** ${adaptations}`);
    out.push("", `**${w.evidence}:** ${evidenceParts(m, w).join(", ")}`);
    if (m.pitfalls.length > 0) out.push("", `**${w.pitfalls}:** ${md(pitfallsLine(m, w))}`);
    if (m.pressures.length > 0) {
      out.push("", `### ${w.pressures}`, "");
      for (const p of m.pressures) {
        out.push(`- **${md(p.label)}** (${w.lessons(p.lessons)})`);
        for (const coping of p.coping) out.push(`  - ${md(coping)}`);
      }
    }
  }
  return `${out.join("\n")}\n`;
}

// ── HTML ─────────────────────────────────────────────────────────────────────

const STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --pos: #2f7d4f; --mix: #c28a12; --neg: #b3382c; --none: #9aa1ad; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #fff; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
.meta { color: var(--muted); margin: 0 0 1.5rem; }
section.mechanism { border-top: 2px solid var(--line); padding-top: 1rem; margin-top: 1.5rem; }
h2 { font-size: 1.35rem; margin: 0 0 .25rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.bar { display: flex; height: .6rem; border-radius: .3rem; overflow: hidden; background: var(--line); margin: .4rem 0; max-width: 24rem; }
.bar span { display: block; height: 100%; }
.positive { background: var(--pos); } .mixed { background: var(--mix); } .negative { background: var(--neg); } .none { background: var(--none); }
.contested { display: inline-block; border: 1.5px solid var(--neg); color: var(--neg); border-radius: .3rem; padding: .1rem .5rem; font-weight: 600; margin: .3rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .6rem 0; }
dt { font-weight: 600; } dd { margin: 0; }
blockquote { margin: .5rem 0; padding: .3rem .9rem; border-left: 4px solid var(--line); }
blockquote p { margin: 0; }
blockquote footer { color: var(--muted); font-size: .85rem; }
ul { margin: .3rem 0; padding-left: 1.3rem; }
code { font-size: .85em; }
@media print {
  @page { margin: 18mm 16mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section.mechanism { break-inside: avoid-page; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .bar, .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

export function digestHtml(digest: DigestReply): string {
  const w = WORDS[digest.labelLanguage];
  const e = escapeHtml;
  const title = heading(digest, w);
  const sections = digest.mechanisms.map((m) => {
    const total = Math.max(1, m.lessons);
    const bar = DIRECTIONS.filter((d) => m.outcomes[d] > 0)
      .map(
        (d) =>
          `<span class="${d}" style="width:${((100 * m.outcomes[d]) / total).toFixed(1)}%" title="${m.outcomes[d]} ${e(w[d])}"></span>`,
      )
      .join("");
    const contrast = (list: MechanismDigest["worksIn"]) =>
      list
        .map((c) => `${e(c.label)} (${c.positive} ${e(w.positive)}, ${c.negative} ${e(w.negative)})`)
        .join("; ");
    const facts: [string, string][] = [[w.outcomes, e(outcomeParts(m, w).join(", "))]];
    if (m.worksIn.length > 0) facts.push([w.worksIn, contrast(m.worksIn)]);
    if (m.failsIn.length > 0) facts.push([w.failsIn, contrast(m.failsIn)]);
    const adaptations = adaptationsLine(m, w);
    if (adaptations) facts.push([w.adaptations, e(adaptations)]);
    facts.push([w.evidence, e(evidenceParts(m, w).join(", "))]);
    if (m.pitfalls.length > 0) facts.push([w.pitfalls, e(pitfallsLine(m, w))]);
    const parts = [
      `<section class="mechanism" id="mechanism-${e(m.mechanism.slug)}">`,
      `<h2>${e(m.mechanism.label)}</h2>`,
      `<p class="count">${e(w.lessons(m.lessons))}</p>`,
      `<div class="bar" role="img" aria-label="${e(outcomeParts(m, w).join(", "))}">${bar}</div>`,
    ];
    if (m.contested) parts.push(`<p class="contested">⚠ ${e(w.contested)}</p>`);
    parts.push(`<dl>${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join("")}</dl>`);
    if (m.statements.length > 0) {
      parts.push(`<h3>${e(w.statements)}</h3>`);
      for (const s of m.statements)
        parts.push(
          `<blockquote class="statement"><p>${e(s.text)}</p><footer><code>${e(s.lessonId)}</code></footer></blockquote>`,
        );
    }
    if (m.pressures.length > 0) {
      parts.push(`<h3>${e(w.pressures)}</h3>`, "<ul>");
      for (const p of m.pressures) {
        const coping = p.coping.length
          ? `<ul>${p.coping.map((c) => `<li class="coping">${e(c)}</li>`).join("")}</ul>`
          : "";
        parts.push(`<li><strong>${e(p.label)}</strong> (${e(w.lessons(p.lessons))})${coping}</li>`);
      }
      parts.push("</ul>");
    }
    parts.push("</section>");
    return parts.join("\n");
  });
  return `<!doctype html>
<html lang="${digest.labelLanguage}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${e(title)}</h1>
<p class="meta">${e(w.lessons(digest.total))} · ${e(w.context)}: ${e(contextLine(digest, w))} · ${e(w.generated)} ${e(digest.generatedAt.slice(0, 10))}</p>
${digest.mechanisms.length === 0 ? `<p>${e(w.nothing)}</p>` : sections.join("\n")}
</main>
</body>
</html>
`;
}
