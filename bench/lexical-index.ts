import { analyzeDocument } from '../src/core/ranking/analyze.js';
import { type LexicalDocMeta, LexicalIndex } from '../src/core/ranking/lexical-index.js';
import { mulberry32, syntheticCorpus } from '../test/support/synthetic-corpus.js';
import { ms, percentile } from './stats.js';

/**
 * In-memory BM25 index over 100,000 synthetic documents (the corpus of the
 * scale test in src/core/ranking/lexical-index.test.ts: Zipf-like vocabulary
 * of 20,000 words, 40–120 tokens each). Prints build time, memory and query
 * latency over 300 queries of 2–8 terms mixing common and rare words.
 *
 *   npx tsx bench/lexical-index.ts    (with --expose-gc the typed-array bytes are measured after a GC)
 */
const DOCUMENTS = 100_000;
const VOCABULARY = 20_000;
const QUERIES = 300;
const WARMUP = 50;

const out = (text: string) => process.stdout.write(`${text}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const SOURCES = ['memory', 'event', 'message', 'checkpoint', 'handoff'];
function meta(docId: number): LexicalDocMeta {
  return {
    ref: `01J${docId.toString(36).padStart(23, '0')}`,
    source: SOURCES[docId % SOURCES.length] as string,
    kind: docId % 2 === 0 ? 'note' : 'decision',
    projectId: `project-${docId % 10}`,
    sessionId: `session-${Math.floor(docId / 50)}`,
    createdAt: 1_700_000_000_000 + docId * 1000,
    confidence: null,
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
/** Bytes held in ArrayBuffers (the typed arrays: all of the index but its strings, objects and maps). */
const arrayBuffers = () => {
  gc?.();
  return process.memoryUsage().arrayBuffers;
};

const { docs, word } = syntheticCorpus(DOCUMENTS, VOCABULARY);
const tokenCount = docs.reduce((sum, tokens) => sum + tokens.length, 0);
out(
  `corpus: ${DOCUMENTS} documents, ${tokenCount} tokens (${(tokenCount / DOCUMENTS).toFixed(1)} per document)`,
);

let started = performance.now();
for (const tokens of docs) analyzeDocument(tokens.join(' '));
out(`analyzeDocument over the corpus text: ${ms(performance.now() - started)} (not part of the build below)`);

const buffersBefore = arrayBuffers();
const index = new LexicalIndex();
started = performance.now();
for (const [i, tokens] of docs.entries()) index.add(i + 1, tokens, meta(i + 1));
out(`build (add × ${DOCUMENTS}): ${ms(performance.now() - started)}`);
out(`memoryEstimate after build: ${mb(index.memoryEstimate())}`);
out(`  typed arrays measured: ${mb(arrayBuffers() - buffersBefore)}`);
started = performance.now();
index.compact();
out(`compact(): ${ms(performance.now() - started)}, memoryEstimate after: ${mb(index.memoryEstimate())}`);
out(
  `  typed arrays measured: ${mb(arrayBuffers() - buffersBefore)}${gc ? '' : ' (no --expose-gc: may include garbage)'}`,
);

function makeQueries(count: number, seed: number): string[][] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const terms = new Set<string>();
    const size = 2 + Math.floor(random() * 7);
    while (terms.size < size) {
      // About 40% common words (top 100 ranks), the rest anywhere in the long tail.
      const rank =
        random() < 0.4 ? Math.floor(random() * 100) : 100 + Math.floor(random() * (VOCABULARY - 100));
      terms.add(word(rank));
    }
    return [...terms];
  });
}

function measure(label: string, queries: string[][], options: Parameters<LexicalIndex['search']>[1]) {
  for (const terms of makeQueries(WARMUP, 99)) index.search(terms, options);
  const samples: number[] = [];
  let postings = 0;
  let hits = 0;
  for (const terms of queries) {
    const t0 = performance.now();
    const result = index.search(terms, options);
    samples.push(performance.now() - t0);
    hits += result.length;
    for (const term of terms) postings += index.documentFrequency(term);
  }
  samples.sort((a, b) => a - b);
  out(
    `${label}: p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, ` +
      `max ${ms(samples.at(-1) as number)} (mean postings scanned ${(postings / queries.length).toFixed(0)}, ` +
      `mean hits ${(hits / queries.length).toFixed(1)})`,
  );
}

const queries = makeQueries(QUERIES, 7);
measure(`query × ${QUERIES}, 2–8 terms, limit 10`, queries, { limit: 10 });
measure(`query × ${QUERIES}, 2–8 terms, limit 100`, queries, { limit: 100 });
measure(`query × ${QUERIES}, 2–8 terms, limit 10, accept one project`, queries, {
  limit: 10,
  accept: (candidate) => candidate.projectId === 'project-3',
});
