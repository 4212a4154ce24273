import { describe, expect, it } from 'vitest';
import { mulberry32, syntheticCorpus } from '../../../test/support/synthetic-corpus.js';
import { kthLargest, type LexicalDocMeta, type LexicalHit, LexicalIndex } from './lexical-index.js';
import { RANKING } from './weights.js';

// The reference uses the same parameters the index is configured with.
const K1 = RANKING.bm25.k1;
const B = RANKING.bm25.b;

type Corpus = Map<number, readonly string[]>;
type Accept = (meta: LexicalDocMeta, docId: number) => boolean;

function meta(docId: number): LexicalDocMeta {
  const sources = ['memory', 'event', 'message', 'checkpoint', 'handoff'];
  return {
    ref: `ref-${docId}`,
    source: sources[docId % sources.length] as string,
    kind: docId % 2 === 0 ? 'note' : 'decision',
    projectId: docId % 3 === 0 ? null : `project-${docId % 3}`,
    sessionId: docId % 4 === 0 ? null : `session-${docId % 7}`,
    createdAt: 1_700_000_000_000 + docId,
    confidence: docId % 5 === 0 ? null : (docId % 10) / 10,
  };
}

/** A document's unit for idf: a message's session, or the document itself. */
const unitOf = (docId: number) => {
  const { source, sessionId } = meta(docId);
  return source === 'message' && sessionId !== null ? `session ${sessionId}` : `document ${docId}`;
};

/**
 * Textbook BM25 over the live corpus, written independently of the index, with
 * idf over units (a session's messages count once; see lexical-index.ts).
 */
function reference(corpus: Corpus, terms: readonly string[], limit: number, accept?: Accept) {
  const n = new Set([...corpus.keys()].map(unitOf)).size;
  let totalLength = 0;
  for (const tokens of corpus.values()) totalLength += tokens.length;
  const averageLength = totalLength / corpus.size;
  const unique = [...new Set(terms)];
  const counts = new Map<number, Map<string, number>>();
  const holders = new Map<string, Set<string>>();
  const wanted = new Set(unique);
  for (const [docId, tokens] of corpus) {
    let tf: Map<string, number> | undefined;
    for (const token of tokens) {
      if (!wanted.has(token)) continue;
      tf ??= new Map();
      tf.set(token, (tf.get(token) ?? 0) + 1);
    }
    if (tf === undefined) continue;
    counts.set(docId, tf);
    for (const term of tf.keys()) holders.set(term, (holders.get(term) ?? new Set()).add(unitOf(docId)));
  }
  const scored: { docId: number; score: number }[] = [];
  for (const [docId, tf] of counts) {
    const length = (corpus.get(docId) as readonly string[]).length;
    let score = 0;
    for (const term of unique) {
      const f = tf.get(term) ?? 0;
      if (f === 0) continue;
      const d = (holders.get(term) as Set<string>).size;
      const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
      score += (idf * (f * (K1 + 1))) / (f + K1 * (1 - B + (B * length) / averageLength));
    }
    if (score > 0 && (accept === undefined || accept(meta(docId), docId))) scored.push({ docId, score });
  }
  scored.sort((a, b) => b.score - a.score || b.docId - a.docId);
  return scored.slice(0, limit);
}

function expectSameRanking(actual: LexicalHit[], expected: { docId: number; score: number }[]) {
  expect(actual.map((hit) => hit.docId)).toEqual(expected.map((hit) => hit.docId));
  for (const [i, hit] of actual.entries()) {
    const want = (expected[i] as { score: number }).score;
    expect(Math.abs(hit.score - want) / want).toBeLessThan(1e-9);
    expect(hit.meta).toEqual(meta(hit.docId));
  }
}

function check(index: LexicalIndex, corpus: Corpus, terms: readonly string[], limit = 10, accept?: Accept) {
  const options = accept === undefined ? { limit } : { limit, accept };
  expectSameRanking(index.search(terms, options), reference(corpus, terms, limit, accept));
}

function build(corpus: Corpus): LexicalIndex {
  const index = new LexicalIndex();
  for (const [docId, tokens] of corpus) index.add(docId, tokens, meta(docId));
  return index;
}

const split = (text: string) => text.split(' ').filter(Boolean);

const SMALL: Corpus = new Map(
  [
    'the quick brown fox jumps over the lazy dog',
    'the lazy cat sleeps all day',
    'a quick cache for the config file parser',
    'cache cache cache invalidation is hard',
    'parse the config file then cache the parsed config',
    'brown bread and brown sugar',
    'dog days of summer',
    'the fox and the hound',
    'config',
    'unrelated words only here',
  ].map((text, i) => [i + 1, split(text)]),
);

const SMALL_QUERIES = [
  ['cache'],
  ['config', 'file'],
  ['the', 'fox'],
  ['brown', 'dog', 'lazy'],
  ['quick', 'cache', 'config', 'parser', 'hard'],
  ['the'],
  ['summer', 'nothing', 'sugar'],
];

describe('LexicalIndex BM25', () => {
  it('matches a reference BM25 on a small corpus', () => {
    const index = build(SMALL);
    for (const terms of SMALL_QUERIES) check(index, SMALL, terms);
    expect(index.size).toBe(10);
    expect(index.lastDocId).toBe(10);
    expect(index.documentFrequency('cache')).toBe(3);
    expect(index.documentFrequency('the')).toBe(5);
    expect(index.documentFrequency('missing')).toBe(0);
  });

  it('matches the reference after removals and re-adds', () => {
    const index = build(SMALL);
    const corpus = new Map(SMALL);
    index.remove(3);
    corpus.delete(3);
    index.remove(42); // unknown: no-op
    expect(index.has(3)).toBe(false);
    expect(index.size).toBe(9);
    expect(index.documentFrequency('cache')).toBe(2);
    for (const terms of SMALL_QUERIES) check(index, corpus, terms);

    // Re-adding an existing docId replaces the document.
    const replaced = split('cache everything quickly cache');
    index.add(5, replaced, meta(5));
    corpus.set(5, replaced);
    expect(index.size).toBe(9);
    expect(index.documentFrequency('config')).toBe(1);
    for (const terms of [...SMALL_QUERIES, ['everything', 'quickly']]) check(index, corpus, terms);

    // Adding back a removed docId.
    index.add(3, split('config file cache'), meta(3));
    corpus.set(3, split('config file cache'));
    for (const terms of SMALL_QUERIES) check(index, corpus, terms);
    expect(index.lastDocId).toBe(10);
  });

  it('saturates term frequency', () => {
    const corpus: Corpus = new Map();
    for (const [docId, tf] of [1, 2, 4, 8, 16].entries()) {
      corpus.set(docId + 1, [...Array(tf).fill('x'), ...Array(20 - tf).fill('pad')]);
    }
    corpus.set(10, Array(20).fill('other'));
    const index = build(corpus);
    const hits = index.search(['x'], { limit: 10 });
    expect(hits.map((hit) => hit.docId)).toEqual([5, 4, 3, 2, 1]);
    const scores = hits.map((hit) => hit.score).reverse();
    const gains = scores.slice(1).map((score, i) => score - (scores[i] as number));
    for (let i = 1; i < gains.length; i++) expect(gains[i]).toBeLessThan(gains[i - 1] as number);
    // Bounded by idf * (k1 + 1).
    const idf = Math.log(1 + (6 - 5 + 0.5) / (5 + 0.5));
    expect(scores.at(-1)).toBeLessThan(idf * (K1 + 1));
    check(index, corpus, ['x']);
  });

  it('normalises by length', () => {
    const corpus: Corpus = new Map([
      [1, split('needle a b c d e f g h i j k l m n o p')],
      [2, split('needle a b c')],
      [3, split('needle a b c d e f g')],
    ]);
    const index = build(corpus);
    expect(index.search(['needle'], { limit: 3 }).map((hit) => hit.docId)).toEqual([2, 3, 1]);
    check(index, corpus, ['needle']);
  });

  it('weights rare terms above common ones', () => {
    const corpus: Corpus = new Map([
      [1, split('common rare')],
      [2, split('common filler')],
      [3, split('common filler')],
      [4, split('common filler')],
      [5, split('common other')],
    ]);
    const index = build(corpus);
    const common = index.search(['common'], { limit: 1 })[0]?.score as number;
    const rare = index.search(['rare'], { limit: 1 })[0]?.score as number;
    expect(rare).toBeGreaterThan(common);
    expect(index.search(['rare', 'common'], { limit: 5 })[0]?.docId).toBe(1);
  });

  it('breaks ties by the larger docId first', () => {
    const corpus: Corpus = new Map([
      [3, split('same words')],
      [7, split('same words')],
      [5, split('same words')],
      [9, split('different text')],
    ]);
    const index = build(corpus);
    const hits = index.search(['same'], { limit: 10 });
    expect(hits.map((hit) => hit.docId)).toEqual([7, 5, 3]);
    expect(new Set(hits.map((hit) => hit.score)).size).toBe(1);
    expect(index.search(['same'], { limit: 2 }).map((hit) => hit.docId)).toEqual([7, 5]);
    expect(index.lastDocId).toBe(9);
  });

  it('filters with accept before taking the top list', () => {
    const index = build(SMALL);
    const calls: number[] = [];
    const onlyEvents: Accept = (candidate, docId) => {
      calls.push(docId);
      return candidate.source === 'event';
    };
    const hits = index.search(['the', 'cache', 'config'], { limit: 2, accept: onlyEvents });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.meta.source === 'event')).toBe(true);
    check(index, SMALL, ['the', 'cache', 'config'], 2, onlyEvents);
    check(index, SMALL, ['the', 'cache', 'config'], 10, (candidate) => candidate.projectId === null);
    check(index, SMALL, ['the'], 10, () => false);
    expect(calls.length).toBeGreaterThan(0);
  });

  it('honours the limit', () => {
    const index = build(SMALL);
    expect(index.search(['the'], { limit: 2 })).toHaveLength(2);
    expect(index.search(['the'], { limit: 100 })).toHaveLength(5);
    expect(index.search(['the'], { limit: 0 })).toEqual([]);
    expect(index.search(['the'], { limit: -1 })).toEqual([]);
    check(index, SMALL, ['the', 'cache'], 3);
  });

  it('handles empty queries, unknown terms and an empty index', () => {
    const index = build(SMALL);
    expect(index.search([], { limit: 10 })).toEqual([]);
    expect(index.search(['nowhere', ''], { limit: 10 })).toEqual([]);
    check(index, SMALL, ['nowhere', 'cache']);
    const empty = new LexicalIndex();
    expect(empty.search(['cache'], { limit: 10 })).toEqual([]);
    expect(empty.size).toBe(0);
    expect(empty.lastDocId).toBe(0);
    expect(empty.has(1)).toBe(false);
    expect(empty.memoryEstimate()).toBeGreaterThanOrEqual(0);
  });

  it('counts repeated query terms once', () => {
    const index = build(SMALL);
    expect(index.search(['cache', 'cache', 'config', 'cache'], { limit: 10 })).toEqual(
      index.search(['cache', 'config'], { limit: 10 }),
    );
    check(index, SMALL, ['cache', 'cache', 'config']);
  });

  it('counts empty documents in N and the average length', () => {
    const corpus = new Map(SMALL);
    corpus.set(11, []);
    corpus.set(12, []);
    const index = build(corpus);
    expect(index.size).toBe(12);
    for (const terms of SMALL_QUERIES) check(index, corpus, terms);
  });

  it('rejects docIds that are not positive integers', () => {
    const index = new LexicalIndex();
    expect(() => index.add(0, ['a'], meta(0))).toThrow(RangeError);
    expect(() => index.add(1.5, ['a'], meta(1))).toThrow(RangeError);
  });

  it('stays equal to the reference under random adds, removals and re-adds', () => {
    const random = mulberry32(7);
    const vocabulary = Array.from({ length: 60 }, (_, i) => `t${i}`);
    const pick = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)] as string;
    const index = new LexicalIndex();
    const corpus = new Map<number, readonly string[]>();
    let nextId = 1;
    for (let step = 0; step < 3000; step++) {
      const roll = random();
      const ids = [...corpus.keys()];
      if (roll < 0.55 || ids.length === 0) {
        const tokens = Array.from({ length: Math.floor(random() * 30) }, pick);
        index.add(nextId, tokens, meta(nextId));
        corpus.set(nextId, tokens);
        nextId++;
      } else if (roll < 0.9) {
        const docId = ids[Math.floor(random() * ids.length)] as number;
        index.remove(docId);
        corpus.delete(docId);
      } else {
        const docId = ids[Math.floor(random() * ids.length)] as number;
        const tokens = Array.from({ length: 1 + Math.floor(random() * 30) }, pick);
        index.add(docId, tokens, meta(docId));
        corpus.set(docId, tokens);
      }
      if (step % 50 === 0 && corpus.size > 0) {
        const terms = Array.from({ length: 1 + Math.floor(random() * 5) }, pick);
        check(index, corpus, terms, 1 + Math.floor(random() * 15));
        expect(index.size).toBe(corpus.size);
        for (const term of terms) {
          const df = [...corpus.values()].filter((tokens) => tokens.includes(term)).length;
          expect(index.documentFrequency(term)).toBe(df);
        }
      }
    }
    expect(index.lastDocId).toBe(nextId - 1);
  });
});

describe('LexicalIndex top selection', () => {
  it('finds the k-th largest value, duplicates included', () => {
    const random = mulberry32(11);
    for (let round = 0; round < 200; round++) {
      const count = 1 + Math.floor(random() * 60);
      const values = Array.from({ length: count }, () => Math.floor(random() * 8) / 2);
      const sorted = [...values].sort((a, b) => b - a);
      const k = 1 + Math.floor(random() * count);
      expect(kthLargest(Float64Array.from(values), count, k)).toBe(sorted[k - 1]);
    }
  });

  it('takes the top of many touched documents by a score bar, ties at the bar included, as the heap would', () => {
    // 400 documents from a few shapes: many exact ties, and most documents touched by each query.
    const shapes = ['alpha beta', 'alpha alpha beta gamma', 'beta gamma delta', 'alpha delta', 'gamma'];
    const corpus: Corpus = new Map(
      Array.from({ length: 400 }, (_, i): [number, readonly string[]] => [
        i + 1,
        split(shapes[i % shapes.length] as string),
      ]),
    );
    const index = build(corpus);
    const wide: Accept = (candidate) => candidate.projectId !== null; // about two in three
    const narrow: Accept = (_candidate, docId) => docId % 97 === 0; // four: the heap takes over
    for (const terms of [['alpha'], ['alpha', 'gamma'], ['beta', 'delta', 'gamma']]) {
      for (const limit of [1, 5, 10, 50]) {
        check(index, corpus, terms, limit);
        check(index, corpus, terms, limit, wide);
        check(index, corpus, terms, limit, narrow);
      }
    }
  });
});

describe('LexicalIndex document frequencies', () => {
  it('stays exact over a large vocabulary (wide term ids in the forward lists)', () => {
    const corpus = new Map<number, readonly string[]>();
    for (let docId = 1; docId <= 3000; docId++) {
      // 12 terms of its own (ids far apart) plus a few shared ones.
      const own = Array.from({ length: 12 }, (_, j) => `u${docId}x${j}`);
      corpus.set(docId, [...own, `shared${docId % 5}`, `shared${docId % 5}`, 'everywhere']);
    }
    const index = build(corpus);
    for (let docId = 2; docId <= 3000; docId += 9) {
      index.remove(docId);
      corpus.delete(docId);
    }
    const expectDf = (term: string) =>
      expect(index.documentFrequency(term)).toBe(
        [...corpus.values()].filter((tokens) => tokens.includes(term)).length,
      );
    for (const term of ['everywhere', 'shared0', 'shared3', 'u2x0', 'u11x11', 'u2999x5', 'u3000x1'])
      expectDf(term);
    check(index, corpus, ['shared1', 'u2999x5', 'everywhere']);
    for (let docId = 1; docId <= 3000; docId += 2) {
      index.remove(docId);
      corpus.delete(docId);
    }
    for (const term of ['everywhere', 'shared0', 'shared3', 'u4x0', 'u3000x1', 'u2999x5']) expectDf(term);
    check(index, corpus, ['shared2', 'u3000x1', 'everywhere'], 20);
  });
});

describe('LexicalIndex compaction', () => {
  it('keeps results identical when compacted explicitly', () => {
    const random = mulberry32(11);
    const vocabulary = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const pick = () => vocabulary[Math.floor(random() ** 3 * vocabulary.length)] as string;
    const corpus = new Map<number, readonly string[]>();
    for (let docId = 1; docId <= 2000; docId++) {
      corpus.set(docId, Array.from({ length: 5 + Math.floor(random() * 40) }, pick));
    }
    const index = build(corpus);
    // Fewer than a quarter dead, so nothing compacts by itself yet.
    for (let docId = 3; docId <= 2000; docId += 7) {
      index.remove(docId);
      corpus.delete(docId);
    }
    const queries = Array.from({ length: 40 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 6) }, pick),
    );
    const before = queries.map((terms) => index.search(terms, { limit: 20 }));
    const dfBefore = vocabulary.map((term) => index.documentFrequency(term));
    const bytesBefore = index.memoryEstimate();
    index.compact();
    expect(queries.map((terms) => index.search(terms, { limit: 20 }))).toEqual(before);
    expect(vocabulary.map((term) => index.documentFrequency(term))).toEqual(dfBefore);
    expect(index.memoryEstimate()).toBeLessThan(bytesBefore);
    for (const terms of queries.slice(0, 10)) check(index, corpus, terms, 20);

    // Still correct when growing and shrinking after compaction.
    for (let docId = 2001; docId <= 2300; docId++) {
      const tokens = Array.from({ length: 5 + Math.floor(random() * 40) }, pick);
      index.add(docId, tokens, meta(docId));
      corpus.set(docId, tokens);
    }
    for (let docId = 1; docId <= 1500; docId += 2) {
      index.remove(docId);
      corpus.delete(docId);
    }
    expect(index.size).toBe(corpus.size);
    for (const terms of queries) check(index, corpus, terms, 20);
  });

  it('compacts by itself when more than a quarter is dead, with the same results', () => {
    const corpus = new Map<number, readonly string[]>();
    const random = mulberry32(3);
    for (let docId = 1; docId <= 400; docId++) {
      corpus.set(
        docId,
        Array.from({ length: 1 + Math.floor(random() * 20) }, () => `t${Math.floor(random() * 30)}`),
      );
    }
    const index = build(corpus);
    const kept = new Map([...corpus].filter(([docId]) => docId % 3 !== 0));
    const fresh = build(kept);
    for (const docId of corpus.keys()) if (!kept.has(docId)) index.remove(docId);
    for (const terms of [['t1'], ['t2', 't3', 't29'], ['t0', 't5', 't7', 't11']]) {
      expect(index.search(terms, { limit: 50 })).toEqual(fresh.search(terms, { limit: 50 }));
      check(index, kept, terms, 50);
    }
    // Removing everything empties the index but keeps lastDocId.
    for (const docId of kept.keys()) index.remove(docId);
    expect(index.size).toBe(0);
    expect(index.search(['t1'], { limit: 5 })).toEqual([]);
    expect(index.documentFrequency('t1')).toBe(0);
    expect(index.lastDocId).toBe(400);
    index.add(401, ['t1'], meta(401));
    check(index, new Map([[401, ['t1']]]), ['t1']);
  });
});

describe('LexicalIndex at scale', () => {
  it('agrees with the reference top 10 over 100,000 synthetic documents', () => {
    const { docs, word } = syntheticCorpus(100_000);
    const corpus: Corpus = new Map(docs.map((tokens, i) => [i + 1, tokens]));
    const index = build(corpus);
    expect(index.size).toBe(100_000);
    const queries = [
      [word(0), word(7), word(350), word(9000)],
      [word(15), word(19_999)],
      [word(1), word(2), word(3), word(60), word(900), word(4000), word(12_000), word(18_500)],
      [word(17_000)],
    ];
    for (const terms of queries) check(index, corpus, terms);

    // A sixth removed (no compaction yet), then enough for a compaction.
    for (let docId = 6; docId <= 100_000; docId += 6) {
      index.remove(docId);
      corpus.delete(docId);
    }
    for (const terms of queries.slice(0, 2)) check(index, corpus, terms);
    for (let docId = 1; docId <= 100_000; docId += 5) {
      index.remove(docId);
      corpus.delete(docId);
    }
    expect(index.size).toBe(corpus.size);
    for (const terms of queries.slice(2)) check(index, corpus, terms);
  });
});
