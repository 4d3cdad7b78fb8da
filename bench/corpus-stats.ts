// Prints the shape of a generated corpus, to check the generator: `npx tsx bench/corpus-stats.ts [size] [seed]`.
import { LessonInput } from "../src/http/schemas/resources.js";
import { type CorpusLesson, type CorpusUnit, countWords, generateCorpus, lessonFullText } from "./corpus.js";

type Counter = Map<string, number>;
const bump = (counter: Counter, key: string, by = 1) => counter.set(key, (counter.get(key) ?? 0) + by);
const pct = (n: number, total: number) => `${((100 * n) / total).toFixed(1)}%`;
const show = (label: string, counter: Counter, total: number, top = 20) => {
  const rows = [...counter.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  console.log(`${label}: ${rows.map(([k, n]) => `${k} ${pct(n, total)}`).join(", ")}`);
};

export function corpusStats(lessons: CorpusLesson[], units: CorpusUnit[] = []): void {
  const profiles = new Map(units.map((u) => [u.id, JSON.stringify(u.context)]));
  const total = lessons.length;
  const language: Counter = new Map();
  const mechanisms: Counter = new Map();
  const mechanismCount: Counter = new Map();
  const outcomes: Counter = new Map();
  const outcomeCount: Counter = new Map();
  const directions: Counter = new Map();
  const pressureCount: Counter = new Map();
  const pressures: Counter = new Map();
  const approachCount: Counter = new Map();
  const evidence: Counter = new Map();
  const status: Counter = new Map();
  const stage: Counter = new Map();
  const contextTags: Counter = new Map();
  const serviceArea: Counter = new Map();
  const setting: Counter = new Map();
  const words: number[] = [];
  let invalid = 0;
  let oldest = "9999";
  let newest = "";
  for (const lesson of lessons) {
    const { id: _id, createdAt, ...input } = lesson;
    if (!LessonInput.safeParse(input).success) invalid++;
    bump(language, lesson.language ?? "?");
    lesson.mechanisms.forEach((m) => void bump(mechanisms, m));
    bump(mechanismCount, String(lesson.mechanisms.length));
    for (const o of lesson.outcomes) {
      bump(outcomes, o.term);
      bump(directions, o.direction);
    }
    bump(outcomeCount, String(lesson.outcomes.length));
    bump(pressureCount, String(lesson.pressures?.length ?? 0));
    lesson.pressures?.forEach((p) => void bump(pressures, typeof p === "string" ? p : p.term));
    bump(approachCount, String(lesson.approaches?.length ?? 0));
    bump(evidence, lesson.evidence?.kind ?? "?");
    bump(status, lesson.status ?? "?");
    bump(stage, lesson.stage ?? "?");
    const tags = lesson.context?.tags;
    bump(
      contextTags,
      !tags
        ? "omitted (unit profile)"
        : JSON.stringify(tags) === profiles.get(lesson.unitId)
          ? "the unit profile"
          : "a variation",
    );
    lesson.context?.tags?.serviceArea?.forEach((s) => void bump(serviceArea, s));
    lesson.context?.tags?.setting?.forEach((s) => void bump(setting, s));
    words.push(countWords(lessonFullText(lesson)));
    if (createdAt < oldest) oldest = createdAt;
    if (createdAt > newest) newest = createdAt;
  }
  words.sort((a, b) => a - b);
  const avg = words.reduce((a, b) => a + b, 0) / total;
  console.log(`lessons: ${total}, invalid against LessonInput: ${invalid}`);
  console.log(
    `words per lesson: min ${words[0]}, avg ${avg.toFixed(1)}, median ${words[Math.floor(total / 2)]}, max ${words[total - 1]}; outside 150–250: ${words.filter((w) => w < 150 || w > 250).length}`,
  );
  console.log(`createdAt: ${oldest} … ${newest}`);
  show("language", language, total);
  show("mechanisms per lesson", mechanismCount, total);
  show("mechanism (share of lessons)", mechanisms, total);
  show("outcomes per lesson", outcomeCount, total);
  show("outcome (share of lessons)", outcomes, total);
  show(
    "outcome direction (share of outcome tags)",
    directions,
    [...directions.values()].reduce((a, b) => a + b, 0),
  );
  show("pressures per lesson", pressureCount, total);
  show("pressure (share of lessons)", pressures, total);
  show("approaches per lesson", approachCount, total);
  show("evidence", evidence, total);
  show("status", status, total);
  show("stage", stage, total);
  show("context tags", contextTags, total);
  show("explicit serviceArea tags", serviceArea, total);
  show("explicit setting tags", setting, total);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 42);
  const started = performance.now();
  const corpus = generateCorpus({ size, seed });
  console.log(`generated ${size} lessons (seed ${seed}) in ${Math.round(performance.now() - started)} ms`);
  console.log(`organisations: ${corpus.organisations.map((o) => `${o.name} (${o.kind})`).join(", ")}`);
  console.log(`units: ${corpus.units.length}, e.g.`);
  for (const unit of corpus.units.slice(0, 4)) console.log(`  ${unit.name}: ${JSON.stringify(unit.context)}`);
  corpusStats(corpus.lessons, corpus.units);
  const again = generateCorpus({ size, seed });
  console.log(`deterministic: ${JSON.stringify(again) === JSON.stringify(corpus)}`);
  const sample = corpus.lessons[0]!;
  console.log(`\nfirst lesson:\n${JSON.stringify(sample, null, 1)}`);
}
