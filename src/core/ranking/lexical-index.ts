import { RANKING } from './weights.js';
/**
 * In-memory inverted index with BM25 scoring, for the long-lived server
 * (SQLite FTS5's bm25() costs O(document frequency) per term through an
 * auxiliary function; this answers the same question from typed arrays).
 *
 * Layout:
 * - Documents are interned into dense internal numbers 0..docCount-1 (in the
 *   order they were added); per internal number: the caller's docId, length,
 *   live flag, meta, and the slice of the forward pool holding its distinct
 *   term ids, sorted and varint delta-encoded (needed only to keep document
 *   frequencies exact on removal, so kept small: ~1.5 bytes a term).
 * - Postings live in a segmented pool shared by all terms: each term owns a
 *   chain of chunks `[next address, capacity, entries…]` (internal doc numbers
 *   in an Int32Array segment, term frequencies in a parallel Uint16Array
 *   segment). Chunks grow with the list, so a term seen once costs three slots
 *   rather than two typed-array objects, and nothing is ever copied on growth.
 *   An address is `segment * 2^20 + offset`.
 * - Removing a document only clears its live flag and decrements the df of its
 *   terms; when more than a quarter of the internal documents are dead, the
 *   index compacts (renumbers live documents, rebuilds postings as exact-fit
 *   chunks, drops terms no live document has).
 * - Search is term-at-a-time into a reusable Float64Array accumulator with a
 *   touched list, then a bounded min-heap picks the top k.
 * - idf counts conversations, not turns: the messages of one session form one
 *   unit, every other document (a memory, an event, a checkpoint, a hand-off) is
 *   a unit of its own, and a term's idf is ln(1 + (U − u + 0.5) / (u + 0.5))
 *   over the U live units and the u units that hold it. A conversation repeats
 *   the words it is about in many turns, which made them look common; counted
 *   once per conversation they keep the weight of a topic. Without messages,
 *   units are documents and this is plain BM25. Chosen on the tuning half of the
 *   retrieval benchmark (bench/RESULTS.md, session 5).
 */

export interface LexicalDocMeta {
  /** Id of the document in its own table. */
  ref: string;
  /** 'memory' | 'event' | 'message' | 'checkpoint' | 'handoff' */
  source: string;
  kind: string;
  projectId: string | null;
  sessionId: string | null;
  /** Epoch ms. */
  createdAt: number;
  confidence: number | null;
}

export interface LexicalHit {
  docId: number;
  score: number;
  meta: LexicalDocMeta;
}

export interface LexicalSearchOptions {
  limit: number;
  /**
   * Filters documents before they can enter the top list. It is called only for documents that would enter
   * it, so it must be pure, and it must not call back into the index.
   */
  accept?: (meta: LexicalDocMeta, docId: number) => boolean;
}

const K1 = RANKING.bm25.k1;
const B = RANKING.bm25.b;
/** Term frequencies are stored as Uint16; a term repeated more often in one document counts 65,535 times. */
const MAX_TF = 0xffff;

const SEGMENT_BITS = 20;
/** Address space of one segment; a chunk starts below it (its entries may run past it only in an oversized segment). */
const STRIDE = 1 << SEGMENT_BITS;
const OFFSET_MASK = STRIDE - 1;
/** 2^31 / STRIDE: addresses stay non-negative int32. */
const MAX_SEGMENTS = 2048;
const MIN_SEGMENT = 1 << 12;
const MAX_SEGMENT = 1 << 18;
/** Chunk header: [next chunk address or -1, capacity]. */
const HEADER = 2;
/** Largest chunk appended during indexing (bounds the unused tail of a growing list). */
const MAX_GROWTH_CHUNK = 4096;
/** Largest chunk written by compaction (exact fit, so it can be large). */
const MAX_COMPACT_CHUNK = MAX_SEGMENT - HEADER;
const NONE = -1;

/** Rough V8 sizes, for memoryEstimate() only. */
const OBJECT_BYTES = 64;
const MAP_ENTRY_BYTES = 32;
const STRING_HEADER_BYTES = 16;

type TypedArray = Int32Array | Uint16Array | Uint32Array | Uint8Array | Float64Array;

/** The array itself when it holds `needed` elements, else a copy with doubled capacity. */
function ensure<T extends TypedArray>(array: T, needed: number): T {
  if (array.length >= needed) return array;
  let capacity = Math.max(16, array.length * 2);
  while (capacity < needed) capacity *= 2;
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}

function stringBytes(value: string): number {
  // V8 keeps Latin-1 strings one byte per character, others two.
  let width = 1;
  for (let i = 0; i < value.length && width === 1; i++) if (value.charCodeAt(i) > 0xff) width = 2;
  return STRING_HEADER_BYTES + width * value.length;
}

/**
 * Segments of slots (and optionally parallel Uint16 slots) handed out in
 * contiguous runs that never cross a segment. Segments start small and double
 * up to MAX_SEGMENT; a run larger than that gets a segment of its own.
 */
class SegmentPool<T extends Int32Array | Uint8Array> {
  readonly segments: T[] = [];
  readonly shorts: Uint16Array[] | undefined;
  private readonly make: (length: number) => T;
  private used = 0;

  constructor(make: (length: number) => T, withShorts: boolean) {
    this.make = make;
    this.shorts = withShorts ? [] : undefined;
  }

  allocate(slots: number): number {
    const last = this.segments.at(-1);
    if (last === undefined || last.length - this.used < slots) {
      if (this.segments.length >= MAX_SEGMENTS) throw new RangeError('lexical index: segment pool is full');
      const size = Math.max(slots, last === undefined ? MIN_SEGMENT : Math.min(MAX_SEGMENT, last.length * 2));
      this.segments.push(this.make(size));
      this.shorts?.push(new Uint16Array(size));
      this.used = 0;
    }
    const address = (this.segments.length - 1) * STRIDE + this.used;
    this.used += slots;
    return address;
  }

  bytes(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.byteLength;
    for (const segment of this.shorts ?? []) total += segment.byteLength;
    return total;
  }
}

const postingPool = () => new SegmentPool((length) => new Int32Array(length), true);
const forwardPool = () => new SegmentPool((length) => new Uint8Array(length), false);

/** Bytes of ascending ids `ids[0..count)` as varint deltas. */
function encodedLength(ids: Int32Array, count: number): number {
  let bytes = 0;
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    const delta = id - previous;
    previous = id;
    bytes += delta < 0x80 ? 1 : delta < 0x4000 ? 2 : delta < 0x200000 ? 3 : delta < 0x10000000 ? 4 : 5;
  }
  return bytes;
}

function encode(ids: Int32Array, count: number, target: Uint8Array, at: number): void {
  let previous = 0;
  let slot = at;
  for (let i = 0; i < count; i++) {
    const id = ids[i] as number;
    let delta = id - previous;
    previous = id;
    while (delta >= 0x80) {
      target[slot++] = (delta & 0x7f) | 0x80;
      delta >>>= 7;
    }
    target[slot++] = delta;
  }
}

/** Decodes varint deltas from `source[start..end)` into `ids`; returns how many. */
function decode(source: Uint8Array, start: number, end: number, ids: Int32Array): number {
  let count = 0;
  let previous = 0;
  let value = 0;
  let scale = 1;
  for (let i = start; i < end; i++) {
    const byte = source[i] as number;
    value += (byte & 0x7f) * scale;
    if (byte & 0x80) {
      scale *= 0x80;
    } else {
      previous += value;
      ids[count++] = previous;
      value = 0;
      scale = 1;
    }
  }
  return count;
}

/** Touched documents per wanted result above which the top is found by a score bar instead of a heap. */
const THRESHOLD_SELECT_FACTOR = 4;

/** The k-th largest of `values[0..count)` (1 ≤ k ≤ count), reordering them (Hoare's quickselect). */
export function kthLargest(values: Float64Array, count: number, k: number): number {
  let low = 0;
  let high = count - 1;
  const target = k - 1; // index of the answer when sorted descending
  while (low < high) {
    const pivot = values[(low + high) >>> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else return values[target] as number;
  }
  return values[target] as number;
}

/** The conversation a document belongs to for idf: a message's session; null for any other document. */
function unitKey(meta: LexicalDocMeta): string | null {
  return meta.source === 'message' ? meta.sessionId : null;
}

export class LexicalIndex {
  // Documents, by internal number.
  private docCount = 0;
  private liveCount = 0;
  private liveLength = 0;
  private maxDocId = 0;
  private docIds = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private live = new Uint8Array(0);
  private forwardAt = new Int32Array(0);
  /** Encoded bytes of the document's forward list. */
  private forwardBytes = new Int32Array(0);
  private metas: (LexicalDocMeta | undefined)[] = [];
  private internalOf = new Map<number, number>();
  private forward = forwardPool();

  // Terms, by term id.
  private termIds = new Map<string, number>();
  private termCount = 0;
  private head = new Int32Array(0);
  private tail = new Int32Array(0);
  private tailUsed = new Int32Array(0);
  private postingCount = new Int32Array(0);
  private df = new Int32Array(0);
  private postings = postingPool();

  // Shared strings of metas (sources, kinds, projects, sessions repeat across documents).
  private interned = new Map<string, string>();

  // Units for idf (see above): per internal document its unit; per unit its live documents.
  private unitOf = new Int32Array(0);
  private unitDocs = new Int32Array(0);
  private unitCount = 0;
  private liveUnits = 0;
  private unitOfSession = new Map<string, number>();
  /** Search scratch: the last search stamp that counted each unit. */
  private unitStamp = new Int32Array(0);
  private stamp = 0;
  private termBytes = 0;
  private metaBytes = 0;

  // Indexing scratch: per-term counts (sized to the terms) and a document's distinct term ids.
  private termTf = new Int32Array(0);
  private distinctIds = new Int32Array(0);

  // Search scratch, sized to docCount.
  private scores = new Float64Array(0);
  private touched = new Int32Array(0);
  private selection = new Float64Array(0);

  get size(): number {
    return this.liveCount;
  }

  /** Highest docId ever added (0 when nothing was added); removals do not lower it. */
  get lastDocId(): number {
    return this.maxDocId;
  }

  has(docId: number): boolean {
    return this.internalOf.has(docId);
  }

  /** The metadata of a live document (undefined when unknown or removed). */
  meta(docId: number): LexicalDocMeta | undefined {
    const internal = this.internalOf.get(docId);
    return internal === undefined || this.live[internal] !== 1 ? undefined : this.metas[internal];
  }

  documentFrequency(term: string): number {
    const termId = this.termIds.get(term);
    return termId === undefined ? 0 : (this.df[termId] as number);
  }

  add(docId: number, tokens: readonly string[], meta: LexicalDocMeta): void {
    if (!Number.isSafeInteger(docId) || docId <= 0) {
      throw new RangeError(`lexical index: docId must be a positive integer, got ${docId}`);
    }
    if (this.internalOf.has(docId)) this.remove(docId);

    // Distinct term ids and their frequencies, without a Map per document.
    if (this.distinctIds.length < tokens.length) this.distinctIds = ensure(this.distinctIds, tokens.length);
    let distinct = 0;
    for (const token of tokens) {
      const termId = this.termIdFor(token);
      const termTf = this.termTf;
      const tf = termTf[termId] as number;
      if (tf === 0) this.distinctIds[distinct++] = termId;
      termTf[termId] = tf + 1;
    }
    const ids = this.distinctIds.subarray(0, distinct).sort();

    const doc = this.docCount++;
    this.ensureDocCapacity(this.docCount);
    this.docIds[doc] = docId;
    this.lengths[doc] = tokens.length;
    this.live[doc] = 1;
    this.metas[doc] = this.internMeta(meta);
    this.internalOf.set(docId, doc);
    this.liveCount++;
    this.joinUnit(doc, unitKey(meta));
    this.liveLength += tokens.length;
    if (docId > this.maxDocId) this.maxDocId = docId;

    const termTf = this.termTf;
    for (let i = 0; i < distinct; i++) {
      const termId = ids[i] as number;
      this.appendPosting(termId, doc, termTf[termId] as number);
      termTf[termId] = 0;
    }
    this.writeForward(doc, ids, distinct);
  }

  remove(docId: number): void {
    const doc = this.internalOf.get(docId);
    if (doc === undefined) return;
    this.internalOf.delete(docId);
    this.live[doc] = 0;
    this.liveCount--;
    this.leaveUnit(doc);
    this.liveLength -= this.lengths[doc] as number;
    this.metaBytes -= this.metaSize(this.metas[doc]);
    this.metas[doc] = undefined;
    const count = this.readForward(doc, this.lengths[doc] as number);
    const ids = this.distinctIds;
    const df = this.df;
    for (let i = 0; i < count; i++) {
      const termId = ids[i] as number;
      df[termId] = (df[termId] as number) - 1;
    }
    if ((this.docCount - this.liveCount) * 4 > this.docCount) this.compact();
  }

  search(terms: readonly string[], options: LexicalSearchOptions): LexicalHit[] {
    const limit = Math.floor(options.limit);
    if (!(limit > 0) || this.liveCount === 0 || this.liveLength === 0) return [];

    const docCount = this.docCount;
    if (this.scores.length < docCount) {
      this.scores = new Float64Array(this.docIds.length);
      this.touched = new Int32Array(this.docIds.length);
    }
    const scores = this.scores;
    const touched = this.touched;
    const live = this.live;
    const lengths = this.lengths;
    const docSegments = this.postings.segments;
    const tfSegments = this.postings.shorts as Uint16Array[];
    const n = this.liveCount;
    // K1 * (1 - B + B * length / avgdl) = lengthBase + lengthScale * length
    const lengthBase = K1 * (1 - B);
    const lengthScale = (K1 * B * n) / this.liveLength;
    let touchedCount = 0;

    // Units hold several documents only when some documents share a session.
    const grouped = this.liveUnits < n;
    const units = grouped ? this.liveUnits : n;
    for (const term of new Set(terms)) {
      const termId = this.termIds.get(term);
      if (termId === undefined) continue;
      const df = this.df[termId] as number;
      if (df === 0) continue;
      const unitDf = grouped ? this.unitFrequency(termId) : df;
      const weight = Math.log(1 + (units - unitDf + 0.5) / (unitDf + 0.5)) * (K1 + 1);
      const tailAddress = this.tail[termId] as number;
      const tailUsed = this.tailUsed[termId] as number;
      let address = this.head[termId] as number;
      while (address !== NONE) {
        const docs = docSegments[address >>> SEGMENT_BITS] as Int32Array;
        const tfs = tfSegments[address >>> SEGMENT_BITS] as Uint16Array;
        const offset = address & OFFSET_MASK;
        const start = offset + HEADER;
        const end = start + (address === tailAddress ? tailUsed : (docs[offset + 1] as number));
        for (let i = start; i < end; i++) {
          const doc = docs[i] as number;
          if (live[doc] === 0) continue;
          const tf = tfs[i] as number;
          // Every contribution is > 0 (idf > 0, tf ≥ 1), so 0 means "not touched yet".
          const previous = scores[doc] as number;
          if (previous === 0) touched[touchedCount++] = doc;
          scores[doc] = previous + (weight * tf) / (tf + lengthBase + lengthScale * (lengths[doc] as number));
        }
        address = docs[offset] as number;
      }
    }

    const hits = this.selectTop(touchedCount, Math.min(limit, touchedCount), options.accept);
    for (let i = 0; i < touchedCount; i++) scores[touched[i] as number] = 0;
    return hits;
  }

  /**
   * Rebuilds the postings without dead documents, as exact-fit chunks, and
   * renumbers live documents densely. Runs by itself when more than a quarter
   * of the internal documents are dead; calling it after a bulk load trims
   * the slack of growing posting lists. Results are unchanged.
   */
  compact(): void {
    const oldDocCount = this.docCount;
    const renumbered = new Int32Array(oldDocCount).fill(NONE);
    let docCount = 0;
    for (let doc = 0; doc < oldDocCount; doc++) if (this.live[doc] === 1) renumbered[doc] = docCount++;

    // Terms some live document still has, renumbered in their old order.
    const termRenumbered = new Int32Array(this.termCount).fill(NONE);
    const termIds = new Map<string, number>();
    let termCount = 0;
    let termBytes = 0;
    for (const [term, termId] of this.termIds) {
      if ((this.df[termId] as number) === 0) continue;
      termRenumbered[termId] = termCount;
      termIds.set(term, termCount++);
      termBytes += stringBytes(term) + MAP_ENTRY_BYTES;
    }

    // Postings: one chain of full chunks per kept term.
    const postings = postingPool();
    const head = new Int32Array(Math.max(16, termCount));
    const tail = new Int32Array(head.length);
    const tailUsed = new Int32Array(head.length);
    const postingCount = new Int32Array(head.length);
    const df = new Int32Array(head.length);
    const oldDocs = this.postings.segments;
    const oldTfs = this.postings.shorts as Uint16Array[];
    for (let oldTerm = 0; oldTerm < this.termCount; oldTerm++) {
      const termId = termRenumbered[oldTerm] as number;
      if (termId === NONE) continue;
      const total = this.df[oldTerm] as number;
      df[termId] = total;
      postingCount[termId] = total;
      let previous = NONE;
      let chunkDocs: Int32Array = new Int32Array(0);
      let chunkTfs: Uint16Array = new Uint16Array(0);
      let slot = 0;
      let room = 0;
      let written = 0;
      const oldTail = this.tail[oldTerm] as number;
      let address = this.head[oldTerm] as number;
      while (address !== NONE) {
        const docs = oldDocs[address >>> SEGMENT_BITS] as Int32Array;
        const tfs = oldTfs[address >>> SEGMENT_BITS] as Uint16Array;
        const offset = address & OFFSET_MASK;
        const start = offset + HEADER;
        const end =
          start + (address === oldTail ? (this.tailUsed[oldTerm] as number) : (docs[offset + 1] as number));
        for (let i = start; i < end; i++) {
          const doc = renumbered[docs[i] as number] as number;
          if (doc === NONE) continue;
          if (room === 0) {
            const capacity = Math.min(MAX_COMPACT_CHUNK, total - written);
            const chunk = postings.allocate(HEADER + capacity);
            chunkDocs = postings.segments[chunk >>> SEGMENT_BITS] as Int32Array;
            chunkTfs = (postings.shorts as Uint16Array[])[chunk >>> SEGMENT_BITS] as Uint16Array;
            slot = chunk & OFFSET_MASK;
            chunkDocs[slot] = NONE;
            chunkDocs[slot + 1] = capacity;
            if (previous === NONE) head[termId] = chunk;
            else this.linkChunk(postings, previous, chunk);
            previous = chunk;
            tail[termId] = chunk;
            tailUsed[termId] = 0;
            slot += HEADER;
            room = capacity;
          }
          chunkDocs[slot] = doc;
          chunkTfs[slot] = tfs[i] as number;
          slot++;
          room--;
          written++;
          tailUsed[termId] = (tailUsed[termId] as number) + 1;
        }
        address = docs[offset] as number;
      }
    }

    // Documents and their forward lists.
    const capacity = Math.max(16, docCount + (docCount >> 2));
    const docIds = new Float64Array(capacity);
    const lengths = new Uint32Array(capacity);
    const live = new Uint8Array(capacity);
    const forwardAt = new Int32Array(capacity);
    const forwardBytes = new Int32Array(capacity);
    const metas: (LexicalDocMeta | undefined)[] = new Array(docCount);
    const internalOf = new Map<number, number>();
    const oldForward = this.forward;
    const oldForwardAt = this.forwardAt;
    const oldForwardBytes = this.forwardBytes;
    this.forward = forwardPool();
    this.forwardAt = forwardAt;
    this.forwardBytes = forwardBytes;
    const interned = new Map<string, string>();
    let metaBytes = 0;
    for (let oldDoc = 0; oldDoc < oldDocCount; oldDoc++) {
      const doc = renumbered[oldDoc] as number;
      if (doc === NONE) continue;
      const docId = this.docIds[oldDoc] as number;
      docIds[doc] = docId;
      lengths[doc] = this.lengths[oldDoc] as number;
      live[doc] = 1;
      const meta = this.metas[oldDoc] as LexicalDocMeta;
      metas[doc] = meta;
      metaBytes += this.metaSize(meta);
      for (const value of [meta.source, meta.kind, meta.projectId, meta.sessionId]) {
        if (value !== null && !interned.has(value)) {
          interned.set(value, value);
          metaBytes += stringBytes(value) + MAP_ENTRY_BYTES;
        }
      }
      internalOf.set(docId, doc);
      // Renumbering keeps the order of kept terms, and a live document has only kept terms: still ascending.
      const oldBytes = oldForwardBytes[oldDoc] as number;
      if (oldBytes === 0) continue;
      const oldAt = oldForwardAt[oldDoc] as number;
      const segment = oldForward.segments[oldAt >>> SEGMENT_BITS] as Uint8Array;
      const start = oldAt & OFFSET_MASK;
      const ids = this.scratchFor(lengths[doc] as number);
      const count = decode(segment, start, start + oldBytes, ids);
      for (let i = 0; i < count; i++) ids[i] = termRenumbered[ids[i] as number] as number;
      this.writeForward(doc, ids, count);
    }

    this.docCount = docCount;
    this.docIds = docIds;
    this.lengths = lengths;
    this.live = live;
    this.metas = metas;
    // Units again from the live documents' sessions, numbered densely.
    this.unitOf = new Int32Array(docIds.length);
    this.unitDocs = new Int32Array(0);
    this.unitStamp = new Int32Array(0);
    this.unitCount = 0;
    this.liveUnits = 0;
    this.stamp = 0;
    this.unitOfSession = new Map();
    for (let doc = 0; doc < docCount; doc++) this.joinUnit(doc, unitKey(metas[doc] as LexicalDocMeta));
    this.internalOf = internalOf;
    this.interned = interned;
    this.metaBytes = metaBytes;
    this.termIds = termIds;
    this.termCount = termCount;
    this.termBytes = termBytes;
    this.head = head;
    this.tail = tail;
    this.tailUsed = tailUsed;
    this.postingCount = postingCount;
    this.df = df;
    this.postings = postings;
    this.termTf = new Int32Array(head.length);
    this.scores = new Float64Array(0);
    this.touched = new Int32Array(0);
    this.selection = new Float64Array(0);
  }

  /** Approximate bytes held: typed arrays at capacity, plus estimated strings, objects and map entries. */
  memoryEstimate(): number {
    const arrays = [
      this.docIds,
      this.lengths,
      this.live,
      this.forwardAt,
      this.forwardBytes,
      this.head,
      this.tail,
      this.tailUsed,
      this.postingCount,
      this.df,
      this.termTf,
      this.distinctIds,
      this.scores,
      this.touched,
      this.unitOf,
      this.unitDocs,
      this.unitStamp,
    ];
    let bytes = this.postings.bytes() + this.forward.bytes();
    for (const array of arrays) bytes += array.byteLength;
    bytes += this.metas.length * 8 + this.internalOf.size * MAP_ENTRY_BYTES;
    return bytes + this.termBytes + this.metaBytes;
  }

  private termIdFor(term: string): number {
    let termId = this.termIds.get(term);
    if (termId === undefined) {
      termId = this.termCount++;
      this.termIds.set(term, termId);
      this.termBytes += stringBytes(term) + MAP_ENTRY_BYTES;
      if (this.head.length < this.termCount) {
        this.head = ensure(this.head, this.termCount);
        this.tail = ensure(this.tail, this.termCount);
        this.tailUsed = ensure(this.tailUsed, this.termCount);
        this.postingCount = ensure(this.postingCount, this.termCount);
        this.df = ensure(this.df, this.termCount);
        this.termTf = ensure(this.termTf, this.termCount);
      }
      this.postingCount[termId] = 0;
      this.df[termId] = 0;
    }
    return termId;
  }

  private appendPosting(termId: number, doc: number, tf: number): void {
    const total = this.postingCount[termId] as number;
    let address = this.tail[termId] as number;
    let used = this.tailUsed[termId] as number;
    const segments = this.postings.segments;
    if (
      total === 0 ||
      used === (segments[address >>> SEGMENT_BITS] as Int32Array)[(address & OFFSET_MASK) + 1]
    ) {
      // Most terms are seen once: the first chunk holds one posting; later ones double the list.
      const capacity = total === 0 ? 1 : Math.min(MAX_GROWTH_CHUNK, Math.max(3, total >> 1));
      const chunk = this.postings.allocate(HEADER + capacity);
      const docs = segments[chunk >>> SEGMENT_BITS] as Int32Array;
      docs[chunk & OFFSET_MASK] = NONE;
      docs[(chunk & OFFSET_MASK) + 1] = capacity;
      if (total === 0) this.head[termId] = chunk;
      else this.linkChunk(this.postings, address, chunk);
      this.tail[termId] = chunk;
      address = chunk;
      used = 0;
    }
    const segment = address >>> SEGMENT_BITS;
    const slot = (address & OFFSET_MASK) + HEADER + used;
    (segments[segment] as Int32Array)[slot] = doc;
    ((this.postings.shorts as Uint16Array[])[segment] as Uint16Array)[slot] = Math.min(tf, MAX_TF);
    this.tailUsed[termId] = used + 1;
    this.postingCount[termId] = total + 1;
    this.df[termId] = (this.df[termId] as number) + 1;
  }

  private linkChunk(pool: SegmentPool<Int32Array>, from: number, to: number): void {
    (pool.segments[from >>> SEGMENT_BITS] as Int32Array)[from & OFFSET_MASK] = to;
  }

  /** Stores the ascending term ids of a document as its forward list. */
  private writeForward(doc: number, ids: Int32Array, count: number): void {
    const bytes = encodedLength(ids, count);
    this.forwardBytes[doc] = bytes;
    this.forwardAt[doc] = 0;
    if (bytes === 0) return;
    const at = this.forward.allocate(bytes);
    this.forwardAt[doc] = at;
    encode(ids, count, this.forward.segments[at >>> SEGMENT_BITS] as Uint8Array, at & OFFSET_MASK);
  }

  /** Decodes a document's forward list into the distinct-id scratch; returns how many ids. */
  private readForward(doc: number, length: number): number {
    const bytes = this.forwardBytes[doc] as number;
    if (bytes === 0) return 0;
    const at = this.forwardAt[doc] as number;
    const start = at & OFFSET_MASK;
    const segment = this.forward.segments[at >>> SEGMENT_BITS] as Uint8Array;
    return decode(segment, start, start + bytes, this.scratchFor(length));
  }

  /** The distinct-id scratch, large enough for a document of `length` tokens. */
  private scratchFor(length: number): Int32Array {
    if (this.distinctIds.length < length) this.distinctIds = ensure(this.distinctIds, length);
    return this.distinctIds;
  }

  private ensureDocCapacity(needed: number): void {
    if (this.docIds.length >= needed) return;
    this.docIds = ensure(this.docIds, needed);
    this.lengths = ensure(this.lengths, needed);
    this.live = ensure(this.live, needed);
    this.forwardAt = ensure(this.forwardAt, needed);
    this.forwardBytes = ensure(this.forwardBytes, needed);
    this.unitOf = ensure(this.unitOf, needed);
  }

  /** Puts a new document into its conversation's unit (`session`), or into a unit of its own (null). */
  private joinUnit(doc: number, session: string | null): void {
    let unit = session === null ? undefined : this.unitOfSession.get(session);
    if (unit === undefined) {
      unit = this.unitCount++;
      if (this.unitDocs.length < this.unitCount) {
        this.unitDocs = ensure(this.unitDocs, this.unitCount);
        this.unitStamp = ensure(this.unitStamp, this.unitCount);
      }
      if (session !== null) this.unitOfSession.set(session, unit);
    }
    this.unitOf[doc] = unit;
    const docs = (this.unitDocs[unit] as number) + 1;
    this.unitDocs[unit] = docs;
    if (docs === 1) this.liveUnits++;
  }

  private leaveUnit(doc: number): void {
    const unit = this.unitOf[doc] as number;
    const docs = (this.unitDocs[unit] as number) - 1;
    this.unitDocs[unit] = docs;
    if (docs === 0) this.liveUnits--;
  }

  /** How many live units hold a term: one pass over its postings, counting each unit once. */
  private unitFrequency(termId: number): number {
    if (this.stamp >= 0x7fffffff) {
      this.unitStamp.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const unitStamp = this.unitStamp;
    const unitOf = this.unitOf;
    const live = this.live;
    const docSegments = this.postings.segments;
    const tailAddress = this.tail[termId] as number;
    const tailUsed = this.tailUsed[termId] as number;
    let units = 0;
    let address = this.head[termId] as number;
    while (address !== NONE) {
      const docs = docSegments[address >>> SEGMENT_BITS] as Int32Array;
      const offset = address & OFFSET_MASK;
      const start = offset + HEADER;
      const end = start + (address === tailAddress ? tailUsed : (docs[offset + 1] as number));
      for (let i = start; i < end; i++) {
        const doc = docs[i] as number;
        if (live[doc] === 0) continue;
        const unit = unitOf[doc] as number;
        if (unitStamp[unit] !== stamp) {
          unitStamp[unit] = stamp;
          units++;
        }
      }
      address = docs[offset] as number;
    }
    return units;
  }

  private internMeta(meta: LexicalDocMeta): LexicalDocMeta {
    const stored: LexicalDocMeta = {
      ref: meta.ref,
      source: this.intern(meta.source),
      kind: this.intern(meta.kind),
      projectId: meta.projectId === null ? null : this.intern(meta.projectId),
      sessionId: meta.sessionId === null ? null : this.intern(meta.sessionId),
      createdAt: meta.createdAt,
      confidence: meta.confidence,
    };
    this.metaBytes += this.metaSize(stored);
    return stored;
  }

  private intern(value: string): string {
    const existing = this.interned.get(value);
    if (existing !== undefined) return existing;
    this.interned.set(value, value);
    this.metaBytes += stringBytes(value) + MAP_ENTRY_BYTES;
    return value;
  }

  /** Per-document share of a meta: the object and its own ref string (the interned strings are counted once). */
  private metaSize(meta: LexicalDocMeta | undefined): number {
    return meta === undefined ? 0 : OBJECT_BYTES + stringBytes(meta.ref);
  }

  /**
   * The top `k` when many documents were touched: the k-th best score of all
   * touched documents (quickselect, linear) is a bar that every one of the top
   * `k` accepted documents clears — provided at least `k` documents above it are
   * accepted; then only those are sorted. Null when fewer pass `accept` (a
   * narrow filter), and the heap takes over. Same order as the heap.
   */
  private selectAboveThreshold(
    touchedCount: number,
    k: number,
    accept: LexicalSearchOptions['accept'],
  ): LexicalHit[] | null {
    const scores = this.scores;
    const touched = this.touched;
    if (this.selection.length < touchedCount) this.selection = new Float64Array(this.touched.length);
    const selection = this.selection;
    for (let i = 0; i < touchedCount; i++) selection[i] = scores[touched[i] as number] as number;
    const bar = kthLargest(selection, touchedCount, k);
    const docIds = this.docIds;
    const chosen: number[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] as number;
      if ((scores[doc] as number) < bar) continue;
      if (accept !== undefined && !accept(this.metas[doc] as LexicalDocMeta, docIds[doc] as number)) continue;
      chosen.push(doc);
    }
    if (chosen.length < k) return null;
    chosen.sort(
      (a, b) =>
        (scores[b] as number) - (scores[a] as number) || (docIds[b] as number) - (docIds[a] as number),
    );
    return chosen.slice(0, k).map((doc) => ({
      docId: docIds[doc] as number,
      score: scores[doc] as number,
      meta: this.metas[doc] as LexicalDocMeta,
    }));
  }

  /** Top `k` touched documents by score (ties: larger docId first), filtered by `accept`, best first. */
  private selectTop(touchedCount: number, k: number, accept: LexicalSearchOptions['accept']): LexicalHit[] {
    if (k <= 0) return [];
    if (touchedCount >= THRESHOLD_SELECT_FACTOR * k) {
      const selected = this.selectAboveThreshold(touchedCount, k, accept);
      if (selected !== null) return selected;
    }
    const scores = this.scores;
    const touched = this.touched;
    const docIds = this.docIds;
    const heapDocs = new Int32Array(k);
    const heapScores = new Float64Array(k);
    let size = 0;
    // Min-heap on (score, docId): the root is the worst document kept so far.
    const worse = (scoreA: number, docA: number, scoreB: number, docB: number) =>
      scoreA < scoreB || (scoreA === scoreB && (docIds[docA] as number) < (docIds[docB] as number));

    for (let i = 0; i < touchedCount; i++) {
      const doc = touched[i] as number;
      const score = scores[doc] as number;
      if (size === k && !worse(heapScores[0] as number, heapDocs[0] as number, score, doc)) continue;
      if (accept !== undefined && !accept(this.metas[doc] as LexicalDocMeta, docIds[doc] as number)) continue;
      let at: number;
      if (size < k) {
        // Sift up from the new leaf.
        at = size++;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (!worse(score, doc, heapScores[parent] as number, heapDocs[parent] as number)) break;
          heapScores[at] = heapScores[parent] as number;
          heapDocs[at] = heapDocs[parent] as number;
          at = parent;
        }
      } else {
        // Replace the root and sift down.
        at = 0;
        for (;;) {
          const left = 2 * at + 1;
          if (left >= size) break;
          const right = left + 1;
          let child = left;
          if (
            right < size &&
            worse(
              heapScores[right] as number,
              heapDocs[right] as number,
              heapScores[left] as number,
              heapDocs[left] as number,
            )
          ) {
            child = right;
          }
          if (!worse(heapScores[child] as number, heapDocs[child] as number, score, doc)) break;
          heapScores[at] = heapScores[child] as number;
          heapDocs[at] = heapDocs[child] as number;
          at = child;
        }
      }
      heapScores[at] = score;
      heapDocs[at] = doc;
    }

    const order = Array.from({ length: size }, (_, i) => i);
    order.sort((a, b) => {
      const scoreA = heapScores[a] as number;
      const scoreB = heapScores[b] as number;
      if (scoreA !== scoreB) return scoreB - scoreA;
      return (docIds[heapDocs[b] as number] as number) - (docIds[heapDocs[a] as number] as number);
    });
    return order.map((i) => {
      const doc = heapDocs[i] as number;
      return {
        docId: docIds[doc] as number,
        score: heapScores[i] as number,
        meta: this.metas[doc] as LexicalDocMeta,
      };
    });
  }
}
