import { mkdtempSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { importMemories as ImportMemories } from '../src/app/memory/memory-transfer.js';
import type { storeMemory as StoreMemory } from '../src/app/memory/store-memory.js';
import type { createRuntime as CreateRuntime } from '../src/runtime.js';
import { ms, summarise } from './stats.js';

// The compiled build, as `deja serve` runs it (the WAL checkpoint worker exists only there).
const DIST = new URL('../dist/', import.meta.url).href;
const { importMemories } = (await import(`${DIST}app/memory/memory-transfer.js`)) as {
  importMemories: typeof ImportMemories;
};
const { storeMemory } = (await import(`${DIST}app/memory/store-memory.js`)) as {
  storeMemory: typeof StoreMemory;
};
const { createRuntime } = (await import(`${DIST}runtime.js`)) as { createRuntime: typeof CreateRuntime };

/**
 * Memory at scale: 100,000 memories stored through the use cases (one by one,
 * then a batched JSONL import), then searched over MCP stdio by a real client
 * against `deja serve`, with the server's peak RSS and the database size.
 * Texts and queries come from the shared deterministic workload
 * (../shared/bench/workload.mjs): coding-assistant notes, errors, paths and
 * identifiers; each query is 2–4 distinctive words of one target item.
 */
const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const WORKLOAD = new URL('../../shared/bench/workload.mjs', import.meta.url);

interface Workload {
  items: { id: string; kind: string; text: string }[];
  queries: { id: string; target: string; text: string }[];
}

export async function benchMemoryScale(total = 100_000, oneByOne = 10_000, queries = 300) {
  const { makeWorkload } = (await import(WORKLOAD.href)) as {
    makeWorkload(options: { n: number; q: number; seed: number }): Workload;
  };
  const workload = makeWorkload({ n: total, q: queries, seed: 42 });
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'deja-bench-memory-')));
  const project = 'bench-memory';
  const deps = createRuntime({ env: { DEJA_HOME: home, DEJA_LOG_LEVEL: 'error' } }, undefined, {
    longLived: true,
  });
  const idByItem = new Map<string, string>();

  const t0 = performance.now();
  for (const item of workload.items.slice(0, oneByOne)) {
    const { memory } = await storeMemory(
      deps,
      { content: item.text, project },
      { cwd: home, source: 'tool' },
    );
    idByItem.set(item.id, memory.id);
  }
  const storePerSecond = oneByOne / ((performance.now() - t0) / 1000);

  const rest = workload.items.slice(oneByOne);
  const lines = rest.map((item) => JSON.stringify({ content: item.text, project, kind: 'reflection' }));
  const t1 = performance.now();
  const report = await importMemories(deps, lines, { cwd: home });
  const storedPerSecond = rest.length / ((performance.now() - t1) / 1000);
  await deps.store.indexPending();
  const importPerSecond = rest.length / ((performance.now() - t1) / 1000);
  if (report.inserted + report.duplicates !== rest.length)
    throw new Error(`import lost lines: ${JSON.stringify(report)}`);
  // Imported memories get ids at import; map items to them by content through the export order.
  const imported = await deps.store.listMemories({ afterSeq: 0, limit: total + 1 });
  const byContent = new Map(imported.map((memory) => [memory.content, memory.id]));
  for (const item of rest) idByItem.set(item.id, byContent.get(item.text.trim()) ?? '');
  await deps.store.close();

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'serve'],
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DEJA_HOME: home,
      DEJA_LOG_LEVEL: 'error',
    },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'deja-bench', version: '1.0.0' });
  await client.connect(transport);
  const search = (query: string) =>
    client.callTool({ name: 'search', arguments: { query, project, limit: 10 } });
  // The server loads its in-memory index in the background: wait until searches use it, then warm up.
  const readySince = performance.now();
  for (;;) {
    const probe = await search(workload.queries[0]?.text ?? 'x');
    if ((probe.structuredContent as { ranker?: string }).ranker === 'memory') break;
    if (performance.now() - readySince > 120_000)
      throw new Error('the in-memory index did not get ready in 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const indexReadyMs = performance.now() - readySince;
  for (const query of workload.queries.slice(0, 20)) await search(query.text);
  const samples: number[] = [];
  let hit1 = 0;
  let hit10 = 0;
  let reciprocal = 0;
  for (const query of workload.queries) {
    const started = performance.now();
    const result = await search(query.text);
    samples.push(performance.now() - started);
    const ids = ((result.structuredContent as { results: { id: string }[] }).results ?? []).map((r) => r.id);
    const rank = ids.indexOf(idByItem.get(query.target) ?? '?');
    if (rank === 0) hit1++;
    if (rank >= 0) {
      hit10++;
      reciprocal += 1 / (rank + 1);
    }
  }
  const pid = transport.pid;
  const peakRssMb = pid ? peakRss(pid) : Number.NaN;
  await client.close();
  const dbBytes = ['deja.db', 'deja.db-wal'].reduce((sum, name) => {
    try {
      return sum + statSync(join(home, name)).size;
    } catch {
      return sum;
    }
  }, 0);
  const latency = summarise(samples);
  return {
    storePerSecond,
    storedPerSecond,
    importPerSecond,
    latency,
    hit1: hit1 / workload.queries.length,
    hit10: hit10 / workload.queries.length,
    mrr: reciprocal / workload.queries.length,
    peakRssMb,
    dbMb: dbBytes / 2 ** 20,
    lines: [
      `memory_store through the use case (file store): ${Math.round(storePerSecond)} memories/s (${oneByOne} one by one)   (target ≥ 5,000/s)`,
      `batched JSONL import: ${Math.round(importPerSecond)} memories/s (${rest.length}, indexing included; stored at ${Math.round(storedPerSecond)}/s before indexing)   (target ≥ 20,000/s)`,
      `search over stdio, ${total} memories: p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)} (${samples.length} queries)   (target p50 ≤ 5 ms, p95 ≤ 30 ms)`,
      `search quality on the workload: hit@1 ${(hit1 / workload.queries.length).toFixed(3)}, hit@10 ${(hit10 / workload.queries.length).toFixed(3)}, MRR ${(reciprocal / workload.queries.length).toFixed(3)}`,
      `server peak RSS: ${peakRssMb.toFixed(0)} MB   (target ≤ 300 MB); database: ${(dbBytes / 2 ** 20).toFixed(1)} MB; in-memory index ready ${(indexReadyMs / 1000).toFixed(1)} s after start`,
    ],
  };
}

/** VmHWM of a live process (Linux), in MB. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}
