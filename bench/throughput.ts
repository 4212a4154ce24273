import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { newId } from '../src/core/ids.js';
import type { EventCategory } from '../src/core/types.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { ms, summarise } from './stats.js';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

function gitRepo(): string {
  const root = join(tempDir('deja-bench-repo-'), 'bench-project');
  mkdirSync(root);
  execFileSync('git', ['init', '-q', '-b', 'main', root]);
  writeFileSync(join(root, 'package.json'), '{}\n');
  execFileSync(
    'git',
    ['-c', 'user.email=b@e', '-c', 'user.name=b', 'commit', '-q', '--allow-empty', '-m', 'init'],
    {
      cwd: root,
    },
  );
  return root;
}

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
  const repo = gitRepo();
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
  const repo = gitRepo();
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

const WORDS =
  'cache retry index schema migration handler parser token session cursor query vector memory error timeout build deploy test lint config router'.split(
    ' ',
  );
const CATEGORIES: EventCategory[] = [
  'tool_call',
  'tool_response',
  'decision',
  'finding',
  'question',
  'phase',
  'custom',
];

/** session_query over stdio against a store holding `total` events. */
export async function benchQuery(total = 100_000, rounds = 300) {
  const repo = gitRepo();
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
  const sessions: string[] = [];
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let s = 0; s < 100; s++) {
    const id = newId(new Date(base + s * 3_600_000));
    sessions.push(id);
    await store.insertSession({
      id,
      projectId: project.id,
      context: 'background',
      status: 'ended',
      goal: null,
      skill: null,
      type: null,
      model: null,
      estimateMinutes: null,
      branch: 'main',
      workdir: repo,
      clientName: null,
      startedAt: new Date(base + s * 3_600_000).toISOString(),
      lastActivityAt: new Date(base + s * 3_600_000).toISOString(),
      endedAt: null,
      outcome: null,
      endReason: null,
      notes: null,
    });
  }
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < total; i++) {
    const words = Array.from({ length: 8 }, () => WORDS[rand(WORDS.length)]).join(' ');
    const at = new Date(base + i * 36_000);
    const category = CATEGORIES[rand(CATEGORIES.length)] as EventCategory;
    await store.appendEvent({
      id: newId(at),
      sessionId: sessions[Math.floor((i / total) * sessions.length)] as string,
      projectId: project.id,
      category,
      type: category,
      data: { text: `${words} #${i}` },
      text: `${category}\n${words} #${i}`,
      createdAt: at.toISOString(),
    });
  }
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
