// Keeps the two search indexes in step with the lessons: the FTS5 text (written inside the lesson's
// own transaction, so a committed lesson is searchable at once) and the in-memory lesson index
// (updated right after the commit, rebuilt from the database at start without re-analysing text, or
// loaded from the snapshot saved at the last shutdown when the database has not changed since).
import type SQLite from "better-sqlite3";
import { type LessonFactsRow, readLessonFacts } from "../db/lesson-facts.js";
import { createTextIndex, type LessonTextColumns } from "../db/text-index.js";
import { analyze, type Language } from "../search/analyze.js";
import { Bitset } from "../search/bitset.js";
import { type Direction, type IndexedLesson, LessonIndex, overallDirection } from "../search/facets.js";
import { quote } from "../search/fts-query.js";
import { type AdaptationCounts, adaptationCounts, type EvidenceKind } from "../search/rank.js";
import { type StemSet, StemSets, tokensOf } from "../search/stem-sets.js";
import { TypoDictionary } from "../search/typos.js";
import type { LessonStatus, Visibility } from "../words.js";
import { createIndexSnapshots, GENERATION_TRIGGERS } from "./index-snapshot.js";

/** What indexing needs of a lesson: its stored fields and the term ids it is tagged with. */
export type LessonForIndex = {
  id: string;
  unitId: string;
  organisationId: string;
  status: LessonStatus;
  visibility: Visibility;
  language: Language;
  stage: string;
  evidenceKind: EvidenceKind;
  publishedAt: string | null;
  title: string;
  summary: string;
  why: string;
  contextNarrative: string | null;
  outcomeNarrative: string | null;
  /** Coping tied to none of the lesson's pressures. */
  coping: string | null;
  /** The lesson's terms; a pressure's link carries its own coping text, indexed with the narrative. */
  links: readonly { termId: string; direction: Direction | null; coping?: string | null | undefined }[];
};

/** The fields of a lesson the in-memory index keeps (no text). */
type LessonFacts = Omit<
  LessonForIndex,
  "title" | "summary" | "why" | "contextNarrative" | "outcomeNarrative" | "coping"
>;

/** The stemmed text of each FTS column, analysed in the lesson's language. */
export function lessonTextColumns(lesson: LessonForIndex): LessonTextColumns {
  const stems = (text: string | null) => (text ? analyze(text, lesson.language).join(" ") : "");
  return {
    title: stems(lesson.title),
    summary: stems(lesson.summary),
    why: stems(lesson.why),
    narrative: [
      lesson.contextNarrative,
      lesson.outcomeNarrative,
      lesson.coping,
      ...lesson.links.map((link) => link.coping ?? null),
    ]
      .map(stems)
      .filter(Boolean)
      .join(" "),
  };
}

/** Every stem of the analysed columns, split only when iterated. */
function* stemsOf(columns: LessonTextColumns): Generator<string> {
  for (const stems of Object.values(columns)) yield* stems.split(" ");
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;

/** A stem in at least so many docs has its sets kept in memory (StemSets); FTS5 lists rarer ones fast. */
export const KEPT_STEM_MIN_DOCS = 1000;
/** At most so much memory for kept stem sets (about 1,300 stems' two sets at 100,000 lessons). */
const KEPT_STEM_MAX_BYTES = 64 * 1024 * 1024;

export function createSearchIndex({
  sqlite,
  keptStemMinDocs = KEPT_STEM_MIN_DOCS,
}: {
  sqlite: SQLite.Database;
  /** Tests lower it to keep the stems of a small corpus. */
  keptStemMinDocs?: number;
}) {
  const text = createTextIndex(sqlite);
  let lessons = new LessonIndex();
  let indexMissingLessons: (lessonIds: string[]) => void = () => {};
  const typos = new TypoDictionary(() => text.indexedTerms());
  const stemSets = new StemSets(
    {
      list: (stem) => ({ all: text.matching(quote(stem)), headings: text.matchingInHeadings(quote(stem)) }),
      canKeep: () => !sqlite.inTransaction,
    },
    KEPT_STEM_MAX_BYTES,
  );
  const snapshots = createIndexSnapshots(sqlite);
  /**
   * What the in-memory index was read as (the database's snapshot label at load, undefined when snapshots
   * cannot be trusted), whether it changed since, and the label of the snapshot on disk as far as known.
   */
  let loadedAs: string | undefined;
  let changedSinceLoad = false;
  let savedAs: string | undefined;
  let loadedFrom: "snapshot" | "database" | undefined;

  const adaptationRows = sqlite.prepare<[string], { result: string; n: number }>(
    "SELECT result, count(*) AS n FROM adaptations WHERE lesson_id = ? GROUP BY result",
  );

  /** The indexed form of a lesson: its facts, its term ids and the directions of its outcomes. */
  function toIndexed(
    docId: number,
    lesson: Omit<LessonFacts, "links">,
    terms: { termIds: string[]; directions: Direction[] },
    adaptations: AdaptationCounts,
  ): IndexedLesson {
    return {
      docId,
      lessonId: lesson.id,
      unitId: lesson.unitId,
      organisationId: lesson.organisationId,
      status: lesson.status,
      visibility: lesson.visibility,
      published: lesson.status === "published",
      language: lesson.language,
      stage: lesson.stage,
      evidence: lesson.evidenceKind,
      outcomeDirection: overallDirection(terms.directions),
      publishedAt: lesson.publishedAt ? Date.parse(lesson.publishedAt) : 0,
      termIds: terms.termIds,
      adaptations,
    };
  }

  /** The index of the lessons as read by readLessonFacts, built row by row. */
  function indexFromRows(rows: LessonFactsRow[]): LessonIndex {
    const index = new LessonIndex();
    // term ids repeat across lessons: keep one string per term instead of one per link
    const interned = new Map<string, string>();
    // one pass per row, no intermediate link objects: this runs for every lesson at start
    for (const row of rows) {
      const termIds: string[] = [];
      const directions: Direction[] = [];
      for (const pair of row.terms?.split(",") ?? []) {
        const colon = pair.lastIndexOf(":");
        const raw = pair.slice(0, colon);
        let termId = interned.get(raw);
        if (termId === undefined) {
          termId = raw;
          interned.set(raw, raw);
        }
        termIds.push(termId);
        if (colon < pair.length - 1) directions.push(pair.slice(colon + 1) as Direction);
      }
      const counts = (row.adaptations?.split(",") ?? []).map((pair) => {
        const [result = "", n = "0"] = pair.split(":");
        return { result, n: Number(n) };
      });
      const facts = {
        id: row.id,
        unitId: row.unitId,
        organisationId: row.organisationId,
        status: row.status as LessonStatus,
        visibility: row.visibility as Visibility,
        language: row.language as Language,
        stage: row.stage,
        evidenceKind: row.evidenceKind as EvidenceKind,
        publishedAt: row.publishedAt,
      };
      index.upsert(toIndexed(row.docId, facts, { termIds, directions }, adaptationCounts(counts)));
    }
    return index;
  }

  return {
    text,
    get lessons(): LessonIndex {
      return lessons;
    },
    typos,

    /**
     * Inside the lesson's write transaction: analyses and stores its text. Returns what to apply to
     * the in-memory index once the transaction has committed.
     */
    write(lesson: LessonForIndex): () => void {
      const { docId, fresh } = text.docFor(lesson.id);
      const columns = lessonTextColumns(lesson);
      text.write(docId, columns, fresh);
      // lazily: the dictionary reads nothing until it is first needed
      typos.addAll(stemsOf(columns));
      const terms = {
        termIds: lesson.links.map((l) => l.termId),
        directions: lesson.links.flatMap((l) => (l.direction ? [l.direction] : [])),
      };
      return () => {
        changedSinceLoad = true;
        lessons.upsert(toIndexed(docId, lesson, terms, adaptationCounts(adaptationRows.all(lesson.id))));
        if (stemSets.size > 0) {
          const headings = new Set([...tokensOf(columns.title), ...tokensOf(columns.summary)]);
          const all = new Set([...headings, ...tokensOf(columns.why), ...tokensOf(columns.narrative)]);
          stemSets.update(docId, all, headings);
        }
      };
    },

    /**
     * The docs whose text has any of `stems` or a stem beginning with one of `prefixes` — what FTS5
     * lists for `("a" OR "b" OR "c"*)` — and those whose title or summary has one: frequent stems from
     * the kept sets, the rest listed by FTS5 in one query. New sets: the caller may change them.
     */
    wordSets(stems: readonly string[], prefixes: readonly string[]): StemSet {
      const wanted = new Set(stems);
      for (const prefix of prefixes) for (const stem of typos.withPrefix(prefix)) wanted.add(stem);
      const all = new Bitset(lessons.capacity);
      const headings = new Bitset(lessons.capacity);
      const rare: string[] = [];
      for (const stem of wanted) {
        if (text.estimateMatches([stem]) < keptStemMinDocs) rare.push(stem);
        else {
          const kept = stemSets.get(stem);
          all.or(kept.all);
          headings.or(kept.headings);
        }
      }
      if (rare.length > 0) {
        const expression = `(${rare.map(quote).join(" OR ")})`;
        for (const docId of text.matching(expression)) all.add(docId);
        for (const docId of text.matchingInHeadings(expression)) headings.add(docId);
      }
      return { all, headings };
    },

    /** After a lesson was archived: it leaves search (its text stays, for the record). */
    archived(lessonId: string): void {
      const docId = lessons.docIdOf(lessonId);
      const doc = docId === undefined ? undefined : lessons.get(docId);
      changedSinceLoad = true;
      if (doc) lessons.upsert({ ...doc, status: "archived", published: false });
    },

    /** After an adaptation was stored or changed: the lesson's counts feed ranking. */
    refreshAdaptations(lessonId: string): void {
      changedSinceLoad = true;
      lessons.setAdaptations(lessonId, adaptationCounts(adaptationRows.all(lessonId)));
    },

    /**
     * Throws the in-memory index away and reads it again from the database: after a transaction
     * that wrapped several writes (the seed) rolled back, when their after-commit updates had run.
     */
    rebuild(): void {
      this.load(indexMissingLessons);
    },

    /**
     * At start: reads the in-memory index, in one read transaction with its label: the snapshot saved
     * at the last shutdown if it carries the database's label, else the database row by row. Text is not
     * re-analysed; only lessons that have never been indexed (stored by an older version) are, through
     * `indexMissing`, before the rows are read. A snapshot is only ever saved labelled with a state that
     * has no such lessons (and any write since changes the label), so loading one needs no such check.
     */
    load(indexMissing: (lessonIds: string[]) => void): void {
      indexMissingLessons = indexMissing;
      stemSets.clear();
      const saved = sqlite.transaction(() => {
        const label = snapshots.label();
        const index = label === undefined ? undefined : snapshots.load(label);
        return index && label !== undefined ? { index, label } : undefined;
      })();
      if (saved) {
        lessons = saved.index;
        loadedAs = saved.label;
        savedAs = saved.label;
        loadedFrom = "snapshot";
      } else {
        const missing = text.unindexedLessonIds();
        if (missing.length > 0) indexMissing(missing);
        const read = sqlite.transaction(() => ({
          // labelled only when it holds every lesson (none was stored unindexed meanwhile)
          label: text.unindexedLessonIds().length === 0 ? snapshots.label() : undefined,
          index: indexFromRows(readLessonFacts(sqlite)),
        }))();
        lessons = read.index;
        loadedAs = read.label;
        loadedFrom = "database";
      }
      changedSinceLoad = false;
    },

    /** Where the index was last read from: its saved snapshot, or the database row by row. */
    get loadedFrom(): "snapshot" | "database" | undefined {
      return loadedFrom;
    },

    /** The index as the database holds it now, read row by row (what a start without a snapshot builds). */
    indexFromDatabase(): LessonIndex {
      return sqlite.transaction(() => indexFromRows(readLessonFacts(sqlite)))();
    },

    /**
     * At shutdown: saves the index for the next start, when there is a database file to save it beside.
     * Unchanged since it was read, it is saved as it is (unless the snapshot on disk is that one already);
     * changed, it is read again from the database in one read transaction with its label, so what is saved
     * is exactly what the database holds at that label. Returns whether a snapshot was written.
     */
    saveSnapshot(): boolean {
      if (!snapshots.file) return false;
      if (!changedSinceLoad) {
        if (loadedAs === undefined || savedAs === loadedAs) return false;
        if (!snapshots.save(lessons, loadedAs)) return false;
        savedAs = loadedAs;
        return true;
      }
      const fresh = sqlite.transaction(() => {
        // lessons without indexed text are indexed (and written) at the next start: nothing to save yet
        if (text.unindexedLessonIds().length > 0) return undefined;
        const label = snapshots.label();
        return label === undefined ? undefined : { label, index: indexFromRows(readLessonFacts(sqlite)) };
      })();
      if (!fresh || !snapshots.save(fresh.index, fresh.label)) return false;
      savedAs = fresh.label;
      return true;
    },

    /**
     * Runs a bulk write (an import) with the index generation's triggers set aside, in one write
     * transaction that puts them back and draws one new generation before it commits: other connections
     * never see the database without them. A trigger makes SQLite keep a statement journal for every row
     * written, which halves an import's speed; one generation for the whole import says as much.
     */
    withoutGenerationTriggers<T>(bulk: () => T): T {
      const triggers = sqlite
        .prepare<[], { name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${GENERATION_TRIGGERS.map((n) => `'${n}'`).join(", ")})`,
        )
        .all();
      if (triggers.length === 0 || sqlite.inTransaction) return bulk();
      let applied = false;
      try {
        return sqlite
          .transaction(() => {
            for (const { name } of triggers) sqlite.exec(`DROP TRIGGER "${name}"`);
            const result = bulk();
            applied = true;
            for (const { sql } of triggers) sqlite.exec(sql);
            sqlite.prepare("UPDATE search_index_state SET generation = random() WHERE id = 1").run();
            return result;
          })
          .immediate();
      } catch (error) {
        // the bulk write's own updates of the in-memory index ran before this transaction rolled back
        if (applied) this.rebuild();
        throw error;
      }
    },

    /** Where the index's snapshot is kept (beside the database file), if anywhere. */
    get snapshotFile(): string | undefined {
      return snapshots.file;
    },
  };
}
