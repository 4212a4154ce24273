import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { gitRepo, seedEvents, tempDir } from './seed-store.js';
import { ms, summarise } from './stats.js';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

const NOOP_SERVER = fileURLToPath(new URL('./noop-server.mjs', import.meta.url));

async function connect(cwd: string, home: string, args: string[] = [BIN, 'serve']) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DEJA_HOME: home,
      DEJA_LOG_LEVEL: 'error',
      DEJA_TOOLS: 'full',
    },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'deja-bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Spawn to initialised: what a user waits for when the assistant launches deja. */
export async function benchStartup(runs = 10) {
  const repo = gitRepo('bench-project');
  const home = tempDir('deja-bench-home-');
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const client = await connect(repo, home);
    samples.push(performance.now() - t0);
    await client.close();
  }
  const s = summarise(samples);
  return {
    name: 'deja serve start → initialized',
    ...s,
    line: `p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (${s.n} runs)`,
  };
}

/**
 * Sequential session_record calls over stdio: throughput and per-call latency,
 * in steady state (after 2,000 warm-up calls, so the JIT has compiled the path).
 * With `server: 'noop'` the same calls go to a server that does nothing: the
 * protocol floor.
 */
export async function benchRecord(count = 5000, server: 'deja' | 'noop' = 'deja') {
  const repo = gitRepo('bench-project');
  const home = tempDir('deja-bench-home-');
  const client = await connect(repo, home, server === 'noop' ? [NOOP_SERVER] : undefined);
  for (let i = 0; i < 2000; i++) {
    await client.callTool({ name: 'session_record', arguments: { category: 'custom', data: { warmup: i } } });
  }
  const samples: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    const result = await client.callTool({
      name: 'session_record',
      arguments: {
        category: 'tool_call',
        type: 'Edit',
        data: { file_path: `src/module-${i % 97}.ts`, summary: `edited handler ${i} to fix the retry loop` },
      },
    });
    samples.push(performance.now() - s);
    if (result.isError) throw new Error(JSON.stringify(result.content));
  }
  const seconds = (performance.now() - t0) / 1000;
  await client.close();
  const s = summarise(samples);
  const perSecond = Math.round(count / seconds);
  return {
    name:
      server === 'noop' ? 'no-op tool over stdio (protocol floor)' : 'session_record over stdio (sequential)',
    perSecond,
    ...s,
    line: `${perSecond} events/s; p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (${count} calls)`,
  };
}

/** session_query over stdio against a store holding `total` events. */
export async function benchQuery(total = 100_000, rounds = 300) {
  const repo = gitRepo('bench-project');
  const home = tempDir('deja-bench-home-');
  // Seed through the store itself (the same code path session_record uses, without the protocol).
  const store = new SqliteStore({ path: join(home, 'deja.db') });
  const project = await store.upsertProject({
    id: 'prj_bench',
    identity: 'git:bench',
    name: 'bench',
    rootPath: repo,
    languages: [],
    packageManager: null,
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  });
  const { sessions } = await seedEvents(store, {
    projectId: project.id,
    workdir: repo,
    total,
    sessions: 100,
    context: 'background',
    status: 'ended',
    spacingMs: 36_000,
    seed: 7,
  });
  await store.close();

  const client = await connect(repo, home);
  const queries: Record<string, unknown>[] = [
    { limit: 20 },
    { category: 'decision', limit: 20 },
    { session_id: sessions[42], limit: 50 },
    { keyword: 'migration', limit: 20 },
    { keyword: 'retry timeout', category: 'finding', limit: 20 },
    { since: '2026-01-10T00:00:00Z', until: '2026-01-11T00:00:00Z', limit: 50 },
    { project: 'bench', type: 'phase', limit: 20 },
  ];
  for (const query of queries) await client.callTool({ name: 'session_query', arguments: query });
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const query = queries[i % queries.length] as Record<string, unknown>;
    const s = performance.now();
    const result = await client.callTool({ name: 'session_query', arguments: query });
    samples.push(performance.now() - s);
    if (result.isError) throw new Error(JSON.stringify(result.content));
  }
  await client.close();
  const s = summarise(samples);
  return {
    name: `session_query over stdio, ${total.toLocaleString('en')} events`,
    ...s,
    line: `p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (${rounds} queries, ${queries.length} shapes)`,
  };
}
