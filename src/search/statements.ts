// Representative statements for digests: lesson text split into sentences, each a unit vector of its
// stems; the most central sentences (closest on average to all the others) are chosen, near-duplicates left out.
import { analyze, type Language } from "./analyze.js";
import backReferences from "./data/back-references.json" with { type: "json" };

/** Stem → weight, scaled to length 1 (an empty vector has no stems). */
export type TermVector = Map<string, number>;

export type SentenceSpan = { text: string; start: number; end: number };

/** A sentence with fewer content words (stop words aside) says too little to represent a mechanism. */
export const MIN_STATEMENT_WORDS = 4;
/** …and one longer than this is a paragraph a manager will not read in a digest. */
export const MAX_STATEMENT_CHARS = 400;
/** Two statements more similar than this say the same thing: only the more central one is kept. */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;

// Abbreviations whose full stop does not end a sentence (English, Danish, Norwegian), lower case, no final dot.
const ABBREVIATIONS = new Set(
  "e.g i.e cf vs mr mrs ms dr st no nr kl ca fx f.eks bl.a dvs mv osv jf evt inkl ekskl pga mht ift m.fl hhv ang tlv pr iht mfl bl.a vha sml ex".split(
    " ",
  ),
);
// a candidate boundary: terminal punctuation, closing quotes or brackets, white space
const BOUNDARY = /[.!?…]+["'”’»)\]]*\s+/gu;
// what a new sentence starts with: a capital, a digit, or an opening quote, bracket or dash
const SENTENCE_START = /^[\p{Lu}\p{N}"'“‘«„([–—-]/u;

/**
 * Splits text into sentences, each an exact substring of `text` (trimmed), so a statement can be
 * found again in the lesson it came from. Line breaks always end a sentence; a full stop does unless
 * it closes an abbreviation or an initial ("kl. 9", "e.g. this", "H. C. Andersen").
 */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  const push = (start: number, end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) out.push({ text: trimmed, start: start + lead, end: start + lead + trimmed.length });
  };
  for (const line of text.matchAll(/[^\n\r]+/g)) {
    const lineStart = line.index;
    const content = line[0];
    let sentenceStart = 0;
    for (const boundary of content.matchAll(BOUNDARY)) {
      const after = boundary.index + boundary[0].length;
      if (after >= content.length || !SENTENCE_START.test(content.slice(after, after + 1))) continue;
      if (boundary[0].startsWith(".") && closesAbbreviation(content.slice(sentenceStart, boundary.index)))
        continue;
      push(lineStart + sentenceStart, lineStart + after);
      sentenceStart = after;
    }
    push(lineStart + sentenceStart, lineStart + content.length);
  }
  return out;
}

function closesAbbreviation(before: string): boolean {
  const last = before.slice(Math.max(before.lastIndexOf(" "), before.lastIndexOf("\t")) + 1);
  if (!last) return false;
  const word = last.replace(/^["'“‘«„([]+/, "").toLowerCase();
  return ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word);
}

/** The stems of `text` (its own language) as a unit vector of term frequencies. */
export function termVector(text: string, language: Language): TermVector {
  return vectorOf(analyze(text, language));
}

function vectorOf(stems: readonly string[]): TermVector {
  const vector: TermVector = new Map();
  for (const s of stems) vector.set(s, (vector.get(s) ?? 0) + 1);
  let norm = 0;
  for (const w of vector.values()) norm += w * w;
  norm = Math.sqrt(norm);
  for (const [s, w] of vector) vector.set(s, w / norm);
  return vector;
}

/** Cosine similarity of two unit vectors: 0 (nothing shared) to 1 (the same words in the same proportion). */
export function similarity(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [s, w] of small) {
    const v = large.get(s);
    if (v !== undefined) dot += w * v;
  }
  return dot;
}

/**
 * Each vector's average similarity to all the others. With unit vectors that is
 * (u_i · Σ_j u_j − u_i · u_i) / (n − 1), so it costs one pass over the vectors, not one per pair.
 */
export function centrality(vectors: readonly TermVector[]): number[] {
  if (vectors.length < 2) return vectors.map(() => 0);
  const sum: TermVector = new Map();
  for (const v of vectors) for (const [s, w] of v) sum.set(s, (sum.get(s) ?? 0) + w);
  return vectors.map((v) => {
    const self = v.size > 0 ? 1 : 0;
    return (similarity(v, sum) - self) / (vectors.length - 1);
  });
}

/**
 * A sentence offered for a digest; `group` (e.g. the lesson id) is used to prefer variety, and an
 * optional `weight` (default 1) scales its centrality, e.g. by how close its lesson is to the reader.
 */
export type Candidate = { text: string; vector: TermVector; group: string; weight?: number };

const REFERENCES: Record<Language, { openers: Set<string>; pronouns: Set<string> }> = {
  en: { openers: new Set(backReferences.en.openers), pronouns: new Set(backReferences.en.pronouns) },
  da: { openers: new Set(backReferences.da.openers), pronouns: new Set(backReferences.da.pronouns) },
  nb: { openers: new Set(backReferences.nb.openers), pronouns: new Set(backReferences.nb.pronouns) },
};
/** A statement reaches back at most this many sentences to become readable on its own. */
export const MAX_SENTENCES_JOINED = 3;

/**
 * True when a sentence points back at what came before it ("They…", "This meant…", "In our pilot
 * they did not…"): its first word is a back-reference opener, or a personal pronoun comes among its
 * first few words (the word lists are data: data/back-references.json).
 */
export function refersBack(sentence: string, language: Language): boolean {
  // the first few words are enough: no need to fold the whole sentence
  const first =
    sentence
      .slice(0, 80)
      .toLowerCase()
      .match(/\p{L}[\p{L}\p{N}'’-]*/gu) ?? [];
  const { openers, pronouns } = REFERENCES[language];
  if (first.length > 0 && openers.has(first[0]!)) return true;
  const window = Math.min(first.length, backReferences.pronounWindow);
  for (let i = 0; i < window; i++) if (pronouns.has(first[i]!)) return true;
  return false;
}

/**
 * The sentences of `text` that read on their own, each an exact substring of `text`: a sentence that
 * refers back is joined with the sentence(s) before it (up to MAX_SENTENCES_JOINED in all), or left
 * out when nothing before it in this text resolves the reference.
 */
export function standAloneSentences(text: string, language: Language): SentenceSpan[] {
  return standAloneRuns(splitSentences(text), language).map(([first, last]) => {
    const start = first.start;
    const end = last.end;
    return { text: text.slice(start, end), start, end };
  });
}

/** The first and last sentence of each run that stands alone (see standAloneSentences). */
function standAloneRuns(
  sentences: readonly SentenceSpan[],
  language: Language,
): [SentenceSpan, SentenceSpan][] {
  const leans = sentences.map((sentence) => refersBack(sentence.text, language));
  const out: [SentenceSpan, SentenceSpan][] = [];
  for (let i = 0; i < sentences.length; i++) {
    let first = i;
    while (first > i - MAX_SENTENCES_JOINED + 1 && first >= 0 && leans[first]) first--;
    if (first < 0 || leans[first]) continue;
    out.push([sentences[first]!, sentences[i]!]);
  }
  return out;
}

/**
 * The sentences of `text` fit to be statements (standing alone), with their vectors. Each sentence is
 * analysed once, also when it is quoted again as the start of a longer run.
 */
export function statementCandidates<T extends { group: string; weight?: number }>(
  text: string,
  language: Language,
  extra: T,
): (Candidate & T)[] {
  const sentences = splitSentences(text);
  const stems = new Map<SentenceSpan, string[]>();
  const stemsOf = (sentence: SentenceSpan) => {
    let found = stems.get(sentence);
    if (!found) {
      found = analyze(sentence.text, language);
      stems.set(sentence, found);
    }
    return found;
  };
  const out: (Candidate & T)[] = [];
  for (const [first, last] of standAloneRuns(sentences, language)) {
    if (last.end - first.start > MAX_STATEMENT_CHARS) continue;
    const run = sentences.slice(sentences.indexOf(first), sentences.indexOf(last) + 1).flatMap(stemsOf);
    if (run.length < MIN_STATEMENT_WORDS) continue;
    out.push({ ...extra, text: text.slice(first.start, last.end), vector: vectorOf(run) });
  }
  return out;
}

/**
 * Up to `max` statements, most central first (centrality × weight). A candidate more similar than `duplicateAbove` to one
 * already chosen is skipped; a second statement from the same group is taken only when the other
 * groups have no more to offer, so the statements speak for several lessons.
 */
export function representativeStatements<T extends Candidate>(
  candidates: readonly T[],
  { max = 5, duplicateAbove = NEAR_DUPLICATE_SIMILARITY }: { max?: number; duplicateAbove?: number } = {},
): T[] {
  const scores = centrality(candidates.map((c) => c.vector)).map((c, i) => c * (candidates[i]!.weight ?? 1));
  const order = candidates.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const chosen: T[] = [];
  const groups = new Set<string>();
  const isDuplicate = (c: T) => chosen.some((d) => similarity(c.vector, d.vector) > duplicateAbove);
  for (const oneGroupEach of [true, false]) {
    for (const i of order) {
      if (chosen.length >= max) return chosen;
      const candidate = candidates[i]!;
      if (chosen.includes(candidate)) continue;
      if (oneGroupEach && groups.has(candidate.group)) continue;
      if (isDuplicate(candidate)) continue;
      chosen.push(candidate);
      groups.add(candidate.group);
    }
  }
  return chosen;
}
