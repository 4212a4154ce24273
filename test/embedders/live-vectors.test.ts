/**
 * LiveVectorIndex: exact top-k, checked against a reference sort of every stored
 * vector, over a real in-memory SQLite store (documents are memories written through
 * `storeMemory`; vectors are seeded random unit vectors stored with `storeEmbeddings`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeMemory } from '../../src/app/memory/store-memory.js';
import { LiveVectorIndex } from '../../src/app/search/live-vectors.js';
import { cosine, normalize } from '../../src/embedders/vectors.js';
import { tempHome } from '../support/git-repo.js';
import { testDeps } from '../support/in-memory.js';

const DIMS = 24;
const EMBEDDER = 'test:random-24';
const AT = '2026-11-24T09:00:00.000Z';

/** mulberry32: a small seeded PRNG, so every run sees the same vectors. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unitVector(next: () => number, dims = DIMS): Float32Array {
  return normalize(Array.from({ length: dims }, () => next() * 2 - 1)) as Float32Array;
}

/** Every stored vector ranked by cosine, ties by the larger docId: what search must return. */
function reference(
  vectors: Map<number, Float32Array>,
  query: Float32Array,
  limit: number,
  accept: (docId: number) => boolean = () => true,
) {
  return [...vectors]
    .filter(([docId]) => accept(docId))
    .map(([docId, vector]) => ({ docId, similarity: cosine(vector, query) }))
    .sort((a, b) => b.similarity - a.similarity || b.docId - a.docId)
    .slice(0, limit);
}

describe('LiveVectorIndex', () => {
  let deps: ReturnType<typeof testDeps>;
  let home: string;
  let serial = 0;

  /** Writes n memories and returns their search rowids, oldest first. */
  async function documents(n: number): Promise<number[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const { memory } = await storeMemory(
        deps,
        { content: `document number ${serial++}`, project: 'vectors' },
        { cwd: home, source: 'tool' },
      );
      ids.push(memory.id);
    }
    await deps.store.indexPending();
    const wanted = new Set(ids);
    const docIds: number[] = [];
    for (let after = 0; ; ) {
      const rows = await deps.store.indexedDocuments(after, 1000);
      if (rows.length === 0) break;
      for (const row of rows) if (wanted.has(row.ref)) docIds.push(row.docId);
      after = rows[rows.length - 1]?.docId ?? after;
    }
    return docIds;
  }

  async function store(vectors: Map<number, Float32Array>, embedder = EMBEDDER): Promise<void> {
    await deps.store.storeEmbeddings(
      embedder,
      [...vectors].map(([docId, vector]) => ({ docId, vector })),
      AT,
    );
  }

  beforeEach(() => {
    home = tempHome();
    deps = testDeps(home);
  });

  afterEach(async () => {
    await deps.store.close();
  });

  it('is empty before anything is loaded', async () => {
    const index = new LiveVectorIndex(deps.store, EMBEDDER);
    await index.catchUp();
    expect(index.size).toBe(0);
    expect(index.search(unitVector(random(1)), 10)).toEqual([]);
  });

  it('returns the exact top k of a reference sort, across pages of 2000, with ties by larger docId', async () => {
    const next = random(42);
    const docIds = await documents(2300);
    const vectors = new Map<number, Float32Array>();
    const twin = unitVector(next);
    docIds.forEach((docId, i) => {
      // Every 97th document shares one vector: exact ties, which must come out by docId.
      vectors.set(docId, i % 97 === 0 ? twin : unitVector(next));
    });
    await store(vectors);

    const index = new LiveVectorIndex(deps.store, EMBEDDER);
    await index.catchUp();
    expect(index.size).toBe(2300);

    const queries = [twin, ...Array.from({ length: 15 }, () => unitVector(next))];
    for (const query of queries) {
      for (const limit of [1, 7, 24, 100, 2300, 5000]) {
        expect(index.search(query, limit)).toEqual(reference(vectors, query, limit));
      }
    }
    const tied = index.search(twin, 24);
    expect(tied.map((hit) => hit.docId)).toEqual(docIds.filter((_, i) => i % 97 === 0).sort((a, b) => b - a));
    expect(tied[0]?.similarity).toBeCloseTo(1, 6);
  });

  it('skips what accept rejects and still fills the limit from the rest', async () => {
    const next = random(7);
    const docIds = await documents(400);
    const vectors = new Map(docIds.map((docId) => [docId, unitVector(next)] as const));
    await store(vectors);
    const index = new LiveVectorIndex(deps.store, EMBEDDER);
    await index.catchUp();

    const even = (docId: number) => docId % 2 === 0;
    let asked = 0;
    for (let q = 0; q < 10; q++) {
      const query = unitVector(next);
      const hits = index.search(query, 20, (docId) => {
        asked++;
        return even(docId);
      });
      expect(hits).toEqual(reference(vectors, query, 20, even));
      expect(hits).toHaveLength(20);
    }
    // accept is asked only about candidates good enough for the list, not about every vector.
    expect(asked).toBeLessThan(10 * 400);
    expect(index.search(unitVector(next), 5, () => false)).toEqual([]);
  });

  it('loads only what was stored since the last call, and only for its embedder', async () => {
    const next = random(3);
    const first = await documents(50);
    const vectors = new Map(first.map((docId) => [docId, unitVector(next)] as const));
    await store(vectors);
    const index = new LiveVectorIndex(deps.store, EMBEDDER);
    await index.catchUp();
    expect(index.size).toBe(50);

    const second = await documents(30);
    const added = new Map(second.slice(0, 20).map((docId) => [docId, unitVector(next)] as const));
    await store(added);
    // Another embedder's vectors live in another space and never show up here.
    await store(
      new Map(second.slice(20).map((docId) => [docId, unitVector(next, 8)] as const)),
      'other:model',
    );
    await index.catchUp();
    await index.catchUp();
    expect(index.size).toBe(70);

    const all = new Map([...vectors, ...added]);
    const query = unitVector(next);
    expect(index.search(query, 70)).toEqual(reference(all, query, 70));
    expect(() => index.search(unitVector(next, 8), 5)).toThrow(/24-dimensional vectors.*8-dimensional query/);
    expect(index.search(query, 0)).toEqual([]);
  });

  it('removes documents (first, middle, last, unknown) and keeps ranking the rest exactly', async () => {
    const next = random(11);
    const docIds = await documents(300);
    const vectors = new Map(docIds.map((docId) => [docId, unitVector(next)] as const));
    await store(vectors);
    const index = new LiveVectorIndex(deps.store, EMBEDDER);
    await index.catchUp();

    const gone = [docIds[0], docIds[150], docIds[299], docIds[151], docIds[1]] as number[];
    for (const docId of gone) {
      index.remove(docId);
      vectors.delete(docId);
    }
    index.remove(999_999);
    index.remove(docIds[0] as number);
    expect(index.size).toBe(295);
    for (let q = 0; q < 10; q++) {
      const query = unitVector(next);
      expect(index.search(query, 300)).toEqual(reference(vectors, query, 300));
    }
  });

  it('loads new documents after the removed newest one (rowids are never reused)', async () => {
    const next = random(5);
    const docIds = await documents(10);
    const vectors = new Map(docIds.map((docId) => [docId, unitVector(next)] as const));
    await store(vectors);
    const index = new LiveVectorIndex(deps.store, EMBEDDER);
    await index.catchUp();

    // Forget the newest memory (the store drops its vector), as a tombstone tells the index.
    const newest = docIds[9] as number;
    const rows = await deps.store.indexedDocuments(newest - 1, 1);
    await deps.store.deleteMemories([rows[0]?.ref as string]);
    index.remove(newest);
    vectors.delete(newest);

    // Two new memories: both are indexed, with rowids above the removed one (AUTOINCREMENT).
    const fresh = await documents(2);
    expect(fresh).toHaveLength(2);
    expect(Math.min(...fresh)).toBeGreaterThan(newest);
    const added = new Map(fresh.map((docId) => [docId, unitVector(next)] as const));
    for (const [docId, vector] of added) vectors.set(docId, vector);
    await store(added);
    await index.catchUp();
    expect(index.size).toBe(9 + fresh.length);
    for (const [docId, vector] of added) {
      expect(index.search(vector, 1)).toEqual([{ docId, similarity: cosine(vector, vector) }]);
    }
    const query = unitVector(next);
    expect(index.search(query, 20)).toEqual(reference(vectors, query, 20));
  });
});
