/**
 * The in-memory vector index of one process for one embedder: every stored vector of
 * that embedder in one flat Float32Array (row-major, one row per document), searched
 * exactly — a dot product per row, since vectors are L2-normalised — keeping the top k
 * in a small heap. Exact search over 100k × 384 floats is tens of milliseconds, which
 * is what deja's sizes need; no approximate index, so no recall to tune.
 *
 * It follows the store by rowid like the lexical index: `catchUp` loads the vectors of
 * documents after the highest one loaded. Deletions come from the caller (`remove`,
 * from the store's tombstones), which also lowers that mark when the highest document
 * goes, so that a rowid the store hands out again is loaded again.
 */
import type { Store } from '../../store/port.js';

const PAGE = 2000;
const INITIAL_ROWS = 256;

export interface VectorHit {
  docId: number;
  similarity: number;
}

export class LiveVectorIndex {
  readonly #store: Store;
  readonly #embedderId: string;
  #dimensions = 0;
  /** `#count` rows of `#dimensions` floats; capacity grows by doubling. */
  #matrix = new Float32Array(0);
  #docIds = new Float64Array(0);
  #count = 0;
  readonly #rowOf = new Map<number, number>();
  /** Highest docId loaded: `catchUp` asks the store for vectors after it. */
  #cursor = 0;
  #catchingUp: Promise<void> | null = null;

  constructor(store: Store, embedderId: string) {
    this.#store = store;
    this.#embedderId = embedderId;
  }

  get embedderId(): string {
    return this.#embedderId;
  }

  /** Vectors loaded. */
  get size(): number {
    return this.#count;
  }

  /** Length of the loaded vectors (0 while none is loaded). */
  get dimensions(): number {
    return this.#dimensions;
  }

  /** Loads the vectors stored since the last call, in pages of 2000. Concurrent calls share one load. */
  catchUp(): Promise<void> {
    if (this.#catchingUp === null) {
      this.#catchingUp = this.#load().finally(() => {
        this.#catchingUp = null;
      });
    }
    return this.#catchingUp;
  }

  async #load(): Promise<void> {
    for (;;) {
      const rows = await this.#store.embeddings(this.#embedderId, this.#cursor, PAGE);
      for (const row of rows) {
        this.#add(row.docId, row.vector);
        if (row.docId > this.#cursor) this.#cursor = row.docId;
      }
      if (rows.length < PAGE) return;
    }
  }

  /**
   * Exact cosine top-k over the loaded vectors, best first, ties by the larger (newer)
   * docId; documents that `accept` rejects are skipped (it is asked only about documents
   * good enough to make the list). The query must be L2-normalised and as long as the
   * loaded vectors.
   */
  search(query: Float32Array, limit: number, accept?: (docId: number) => boolean): VectorHit[] {
    const k = Math.floor(limit);
    if (this.#count === 0 || !(k > 0)) return [];
    const dims = this.#dimensions;
    if (query.length !== dims) {
      throw new Error(
        `cannot search ${dims}-dimensional vectors of ${this.#embedderId} with a ${query.length}-dimensional query`,
      );
    }
    const heap = new TopK(k);
    const matrix = this.#matrix;
    const ids = this.#docIds;
    for (let row = 0; row < this.#count; row++) {
      const offset = row * dims;
      let dot = 0;
      for (let i = 0; i < dims; i++) dot += (matrix[offset + i] as number) * (query[i] as number);
      const docId = ids[row] as number;
      if (!heap.admits(dot, docId)) continue;
      if (accept && !accept(docId)) continue;
      heap.push(dot, docId);
    }
    return heap.sorted();
  }

  /** Forgets a document's vector (a deleted document); unknown ids are ignored. */
  remove(docId: number): void {
    const row = this.#rowOf.get(docId);
    if (row === undefined) return;
    this.#rowOf.delete(docId);
    const last = this.#count - 1;
    if (row !== last) {
      // Move the last row into the hole: rows stay contiguous.
      const dims = this.#dimensions;
      this.#matrix.copyWithin(row * dims, last * dims, (last + 1) * dims);
      const moved = this.#docIds[last] as number;
      this.#docIds[row] = moved;
      this.#rowOf.set(moved, row);
    }
    this.#count = last;
    if (docId === this.#cursor) {
      // The store may give this rowid to a new document: make the next catchUp look there again.
      let max = 0;
      for (let i = 0; i < this.#count; i++) max = Math.max(max, this.#docIds[i] as number);
      this.#cursor = max;
    }
  }

  #add(docId: number, vector: Float32Array): void {
    if (this.#dimensions === 0) this.#dimensions = vector.length;
    // One embedder id means one vector length; anything else cannot be compared.
    if (vector.length !== this.#dimensions || vector.length === 0) return;
    const dims = this.#dimensions;
    let row = this.#rowOf.get(docId);
    if (row === undefined) {
      row = this.#count;
      this.#reserve(row + 1);
      this.#count++;
      this.#docIds[row] = docId;
      this.#rowOf.set(docId, row);
    }
    this.#matrix.set(vector, row * dims);
  }

  #reserve(rows: number): void {
    if (rows <= this.#docIds.length) return;
    let capacity = Math.max(INITIAL_ROWS, this.#docIds.length);
    while (capacity < rows) capacity *= 2;
    const matrix = new Float32Array(capacity * this.#dimensions);
    matrix.set(this.#matrix.subarray(0, this.#count * this.#dimensions));
    const ids = new Float64Array(capacity);
    ids.set(this.#docIds.subarray(0, this.#count));
    this.#matrix = matrix;
    this.#docIds = ids;
  }
}

/** The k best (similarity, docId) pairs seen, in a min-heap whose root is the worst kept. */
class TopK {
  readonly #k: number;
  readonly #scores: number[] = [];
  readonly #ids: number[] = [];

  constructor(k: number) {
    this.#k = k;
  }

  /** Whether a candidate would be kept (better than the worst kept, or there is room). */
  admits(score: number, docId: number): boolean {
    if (Number.isNaN(score)) return false;
    if (this.#scores.length < this.#k) return true;
    return better(score, docId, this.#scores[0] as number, this.#ids[0] as number);
  }

  push(score: number, docId: number): void {
    const scores = this.#scores;
    const ids = this.#ids;
    if (scores.length < this.#k) {
      scores.push(score);
      ids.push(docId);
      this.#up(scores.length - 1);
      return;
    }
    scores[0] = score;
    ids[0] = docId;
    this.#down(0);
  }

  sorted(): VectorHit[] {
    return this.#scores
      .map((similarity, i) => ({ docId: this.#ids[i] as number, similarity }))
      .sort((a, b) => b.similarity - a.similarity || b.docId - a.docId);
  }

  /** True when entry i is worse than entry j (belongs nearer the root). */
  #worse(i: number, j: number): boolean {
    return better(
      this.#scores[j] as number,
      this.#ids[j] as number,
      this.#scores[i] as number,
      this.#ids[i] as number,
    );
  }

  #swap(i: number, j: number): void {
    const scores = this.#scores;
    const ids = this.#ids;
    [scores[i], scores[j]] = [scores[j] as number, scores[i] as number];
    [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
  }

  #up(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#worse(i, parent)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(start: number): void {
    const n = this.#scores.length;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < n && this.#worse(left, worst)) worst = left;
      if (right < n && this.#worse(right, worst)) worst = right;
      if (worst === i) return;
      this.#swap(i, worst);
      i = worst;
    }
  }
}

/** Ranking order: higher similarity first, then the larger docId. */
function better(score: number, docId: number, otherScore: number, otherId: number): boolean {
  return score > otherScore || (score === otherScore && docId > otherId);
}
