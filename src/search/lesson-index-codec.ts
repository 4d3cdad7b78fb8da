// The in-memory lesson index as bytes and back (domain/index-snapshot.ts saves and loads them): its
// per-doc records as columns over a table of strings, its bitsets and per-doc columns as raw words. Decoding
// restores exactly the structures LessonIndex builds (same maps in the same order), without re-deriving
// them lesson by lesson. It reads LessonIndex's fields directly: `codecFits()` checks that they are still
// the ones known here, and the snapshot is not used when they are not.
import { Bitset } from "./bitset.js";
import { type IndexedLesson, LessonIndex } from "./facets.js";

/** What LessonIndex holds (its private fields, by name). */
type Internals = {
  docs: (IndexedLesson | undefined)[];
  docIds: Map<string, number>;
  published: Bitset;
  byTerm: Map<string, Bitset>;
  byField: Map<string, Bitset>;
  byPlace: Map<string, Bitset>;
  evidenceCode: Uint8Array;
  publishedAt: Float64Array;
  adaptation: Float32Array;
};

const INDEX_FIELDS = [
  "adaptation",
  "byField",
  "byPlace",
  "byTerm",
  "docIds",
  "docs",
  "evidenceCode",
  "published",
  "publishedAt",
].join();
const DOC_FIELDS = [
  "adaptations",
  "docId",
  "evidence",
  "language",
  "lessonId",
  "organisationId",
  "outcomeDirection",
  "published",
  "publishedAt",
  "stage",
  "status",
  "termIds",
  "unitId",
  "visibility",
].join();
const MAGIC = "samskab-lesson-index/1";

let fits: boolean | undefined;
/** Whether LessonIndex, its bitsets and its records still have exactly the fields this codec knows. */
export function codecFits(): boolean {
  fits ??=
    Object.keys(new LessonIndex()).sort().join() === INDEX_FIELDS &&
    Object.keys(new Bitset()).join() === "words";
  return fits;
}

/** Per-doc integer columns, in this order. */
const COLUMNS = [
  "docId",
  "lessonId",
  "unitId",
  "organisationId",
  "status",
  "visibility",
  "published",
  "language",
  "stage",
  "evidence",
  "outcomeDirection",
  "termsEnd",
  "worked",
  "partly",
  "didNotWork",
] as const;
const WIDTH = COLUMNS.length;

type Header = {
  magic: string;
  key: string;
  strings: string[];
  docs: number;
  terms: number;
  capacity: number;
  docIdOrder: number;
  /** Map name → [key string index, word count] per bitset, in the map's order. */
  maps: Record<"byTerm" | "byField" | "byPlace", [number, number][]>;
  published: number;
  columns: [number, number, number];
};

/** The index as bytes, labelled with `key` (what it must match to be loaded). */
export function encodeLessonIndex(index: LessonIndex, key: string): Buffer {
  const internals = index as unknown as Internals;
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string) => {
    let n = ids.get(s);
    if (n === undefined) {
      n = strings.length;
      strings.push(s);
      ids.set(s, n);
    }
    return n;
  };
  const present = internals.docs.filter((d): d is IndexedLesson => d !== undefined);
  for (const doc of present)
    if (Object.keys(doc).sort().join() !== DOC_FIELDS) throw new Error("a lesson record has unknown fields");
  const termCount = present.reduce((n, d) => n + d.termIds.length, 0);
  const table = new Uint32Array(present.length * WIDTH);
  const publishedAt = new Float64Array(present.length);
  const terms = new Uint32Array(termCount);
  let t = 0;
  present.forEach((doc, i) => {
    for (const termId of doc.termIds) terms[t++] = id(termId);
    const row = [
      doc.docId,
      id(doc.lessonId),
      id(doc.unitId),
      id(doc.organisationId),
      id(doc.status),
      id(doc.visibility),
      doc.published ? 1 : 0,
      id(doc.language),
      id(doc.stage),
      id(doc.evidence),
      id(doc.outcomeDirection),
      t,
      doc.adaptations.worked,
      doc.adaptations.partly,
      doc.adaptations.didNotWork,
    ];
    table.set(row, i * WIDTH);
    publishedAt[i] = doc.publishedAt;
  });
  const docIdOrder = Uint32Array.from(internals.docIds.values());
  const blobs: Uint8Array[] = [];
  const add = (array: ArrayBufferView) =>
    blobs.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  add(publishedAt);
  add(table);
  add(terms);
  add(docIdOrder);
  const maps = { byTerm: [], byField: [], byPlace: [] } as Header["maps"];
  for (const name of ["byTerm", "byField", "byPlace"] as const) {
    for (const [k, set] of internals[name]) {
      maps[name].push([id(k), set.words.length]);
      add(set.words);
    }
  }
  add(internals.published.words);
  add(internals.evidenceCode);
  add(internals.publishedAt);
  add(internals.adaptation);
  const header: Header = {
    magic: MAGIC,
    key,
    strings,
    docs: present.length,
    terms: termCount,
    capacity: internals.docs.length,
    docIdOrder: docIdOrder.length,
    maps,
    published: internals.published.words.length,
    columns: [internals.evidenceCode.length, internals.publishedAt.length, internals.adaptation.length],
  };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  // [header length][header][padding to 8][parts]
  const start = Math.ceil((4 + json.length) / 8) * 8;
  const total = start + blobs.reduce((n, b) => n + b.byteLength, 0);
  const out = Buffer.alloc(total);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  let at = start;
  for (const blob of blobs) {
    out.set(blob, at);
    at += blob.byteLength;
  }
  return out;
}

/** Reads the parts back in the order they were written, each copied into an array of its own (aligned). */
class Reader {
  constructor(
    private readonly bytes: Uint8Array,
    private at: number,
  ) {}

  private take(byteLength: number): ArrayBuffer {
    if (this.at + byteLength > this.bytes.length) throw new Error("index snapshot is truncated");
    const copy = new Uint8Array(byteLength);
    copy.set(this.bytes.subarray(this.at, this.at + byteLength));
    this.at += byteLength;
    return copy.buffer;
  }

  u32(n: number): Uint32Array {
    return new Uint32Array(this.take(n * 4));
  }
  f64(n: number): Float64Array {
    return new Float64Array(this.take(n * 8));
  }
  f32(n: number): Float32Array {
    return new Float32Array(this.take(n * 4));
  }
  u8(n: number): Uint8Array {
    return new Uint8Array(this.take(n));
  }
  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

/** The index encoded in `bytes`, or undefined when they are not a snapshot labelled `key`. */
export function decodeLessonIndex(bytes: Uint8Array, key: string): LessonIndex | undefined {
  if (!codecFits() || bytes.length < 4) return undefined;
  const length = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(0);
  if (4 + length > bytes.length) return undefined;
  const header = JSON.parse(Buffer.from(bytes.subarray(4, 4 + length)).toString("utf8")) as Header;
  if (header.magic !== MAGIC || header.key !== key) return undefined;
  const { strings } = header;
  const read = new Reader(bytes, Math.ceil((4 + length) / 8) * 8);
  const publishedAt = read.f64(header.docs);
  const table = read.u32(header.docs * WIDTH);
  const terms = read.u32(header.terms);
  const docIdOrder = read.u32(header.docIdOrder);

  const index = new LessonIndex();
  const internals = index as unknown as Internals;
  // filled in ascending doc ids, as LessonIndex fills it (holes where no doc is): `new Array(n)` of a
  // large n would make a slow dictionary-mode array
  const docs: (IndexedLesson | undefined)[] = [];
  let termsStart = 0;
  for (let i = 0; i < header.docs; i++) {
    const r = i * WIDTH;
    const termsEnd = table[r + 11]!;
    const termIds: string[] = new Array(termsEnd - termsStart);
    for (let k = termsStart; k < termsEnd; k++) termIds[k - termsStart] = strings[terms[k]!]!;
    termsStart = termsEnd;
    const docId = table[r]!;
    // the same shape, in the same order, as search-index.ts builds them
    docs[docId] = {
      docId,
      lessonId: strings[table[r + 1]!]!,
      unitId: strings[table[r + 2]!]!,
      organisationId: strings[table[r + 3]!]!,
      status: strings[table[r + 4]!]! as IndexedLesson["status"],
      visibility: strings[table[r + 5]!]! as IndexedLesson["visibility"],
      published: table[r + 6] === 1,
      language: strings[table[r + 7]!]! as IndexedLesson["language"],
      stage: strings[table[r + 8]!]!,
      evidence: strings[table[r + 9]!]! as IndexedLesson["evidence"],
      outcomeDirection: strings[table[r + 10]!]! as IndexedLesson["outcomeDirection"],
      publishedAt: publishedAt[i]!,
      termIds,
      adaptations: { worked: table[r + 12]!, partly: table[r + 13]!, didNotWork: table[r + 14]! },
    };
  }
  if (docs.length < header.capacity) docs[header.capacity - 1] = undefined;
  internals.docs = docs;
  const docIds = new Map<string, number>();
  for (const docId of docIdOrder) {
    const doc = docs[docId];
    if (!doc) throw new Error("index snapshot: a doc id without its lesson");
    docIds.set(doc.lessonId, docId);
  }
  internals.docIds = docIds;
  const bitset = (words: number) => {
    const set = new Bitset(0);
    set.words = read.u32(words);
    return set;
  };
  for (const name of ["byTerm", "byField", "byPlace"] as const) {
    const map = new Map<string, Bitset>();
    for (const [k, words] of header.maps[name]) map.set(strings[k]!, bitset(words));
    internals[name] = map;
  }
  internals.published = bitset(header.published);
  const [evidence, published, adaptation] = header.columns;
  internals.evidenceCode = read.u8(evidence);
  internals.publishedAt = read.f64(published);
  internals.adaptation = read.f32(adaptation);
  if (!read.done) throw new Error("index snapshot has trailing bytes");
  return index;
}
