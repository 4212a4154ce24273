import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIndexEntry, type SourceDocument } from '../../core/search/index-entry.js';
import { distFile } from '../../package-root.js';
import { IndexEntryPipeline } from './index-entry-pipeline.js';

/** The compiled worker (npm test builds first): this test runs the real thread. */
const WORKER = distFile('store', 'sqlite', 'index-entry-worker.js');

const doc = (ref: string, text: string, extra: Partial<SourceDocument> = {}): SourceDocument => ({
  source: 'message',
  ref,
  projectId: 'prj_1',
  sessionId: 'ses_1',
  kind: 'assistant',
  createdAt: '2026-11-26T10:00:00.000Z',
  text,
  role: 'assistant',
  ...extra,
});

const batch = (prefix: string, size: number) =>
  Array.from({ length: size }, (_, i) =>
    doc(
      `${prefix}-${i}`,
      i % 3 === 0
        ? `TypeError: cannot read parseConfigFile in src/store/sqlite-store.ts line ${i}`
        : `plain words number ${i} about max_retry_count and the deploy`,
      i % 5 === 0 ? { kind: 'tool_call', files: ['README.md'] } : {},
    ),
  );

const running: IndexEntryPipeline[] = [];
const start = (file = WORKER, readyTimeoutMs?: number) => {
  const pipeline = IndexEntryPipeline.start(file, readyTimeoutMs);
  if (pipeline) running.push(pipeline);
  return pipeline;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((pipeline) => pipeline.stop()));
});

describe('IndexEntryPipeline (a worker thread building index entries)', () => {
  it('gives each batch the entries this thread would build, in order, one batch ahead', () => {
    const pipeline = start();
    expect(pipeline).not.toBeNull();
    const first = batch('a', 300);
    const second = batch('b', 200);
    const firstId = pipeline?.submit(first) as number;
    const secondId = pipeline?.submit(second) as number;
    expect(pipeline?.take(firstId, first)).toEqual(first.map((d) => buildIndexEntry(d)));
    expect(pipeline?.take(secondId, second)).toEqual(second.map((d) => buildIndexEntry(d)));
    expect(pipeline?.working).toBe(true);
  });

  it('skips the answer of a batch that was never taken', () => {
    const pipeline = start();
    const dropped = batch('x', 50);
    const wanted = batch('y', 50);
    pipeline?.submit(dropped);
    const id = pipeline?.submit(wanted) as number;
    expect(pipeline?.take(id, wanted)).toEqual(wanted.map((d) => buildIndexEntry(d)));
  });

  it('builds the batch on this thread when the worker is gone, and reports it', async () => {
    const pipeline = start();
    const docs = batch('c', 40);
    const id = pipeline?.submit(docs) as number;
    await pipeline?.stop();
    expect(pipeline?.take(id, docs)).toEqual(docs.map((d) => buildIndexEntry(d)));
    expect(pipeline?.working).toBe(false);
  });

  it('stops waiting for a worker whose code cannot load, and builds the batch here', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'deja-worker-')), 'worker.js');
    writeFileSync(broken, 'this is not JavaScript (');
    const pipeline = start(broken, 200);
    const docs = batch('d', 30);
    const id = pipeline?.submit(docs) as number;
    expect(pipeline?.take(id, docs)).toEqual(docs.map((d) => buildIndexEntry(d)));
    expect(pipeline?.working).toBe(false);
  });

  it('does not start without a compiled worker', () => {
    expect(start('/nonexistent/index-entry-worker.js')).toBeNull();
    expect(IndexEntryPipeline.start(null)).toBeNull();
  });
});
