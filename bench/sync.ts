import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { pullSync, pushSync, type SyncPair, type SyncSummary } from '../src/app/sync/sync.js';
import { newId } from '../src/core/ids.js';
import { memory } from '../src/store/contract/search-contract.js';
import { project } from '../src/store/contract/store-contract.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { SyncEndpoint } from '../src/store/sync-port.js';
import { dropSchema, freshSchemaName, POSTGRES_URL, schemaUrl } from '../test/support/postgres.js';
import { gitRepo, seedEvents, tempDir, WORDS } from './seed-store.js';

/**
 * `npm run bench -- sync`: a first push of a filled local store to an empty
 * shared PostgreSQL store, then a first pull of it into an empty local store,
 * with the rows per second of each table. With a round-trip latency (a local
 * TCP proxy delaying every chunk by half of it each way), the same run shows
 * what a shared store across a network costs: per-row round trips dominate.
 */
export interface SyncBenchOptions {
  memories: number;
  sessions: number;
  events: number;
  entities: number;
  /** Added round-trip time to PostgreSQL, ms (0: direct). */
  latencyMs: number;
}

const DEFAULTS: SyncBenchOptions = {
  memories: 5000,
  sessions: 200,
  events: 10_000,
  entities: 2000,
  latencyMs: 0,
};

/** A TCP proxy to PostgreSQL that holds each chunk for `delayMs` in each direction. */
async function latencyProxy(target: URL, delayMs: number): Promise<{ port: number; server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    sockets.add(client).add(upstream);
    const pipe = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
    pipe(client, upstream);
    pipe(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return { port: address.port, server };
}

async function seed(store: SqliteStore, o: SyncBenchOptions): Promise<void> {
  const root = gitRepo('sync');
  const { id: projectId } = await store.upsertProject(
    project({ identity: `path:${root}`, name: 'sync-bench', rootPath: root }),
  );
  await seedEvents(store, {
    projectId,
    workdir: root,
    total: o.events,
    sessions: o.sessions,
    context: 'foreground',
    status: 'ended',
    spacingMs: 1000,
    seed: 7,
  });
  const base = Date.parse('2026-02-01T00:00:00Z');
  const memories = Array.from({ length: o.memories }, (_, i) => {
    const content = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} memory number ${i}`;
    const at = new Date(base + i * 1000).toISOString();
    return memory(projectId, content, { id: newId(new Date(at)), createdAt: at, updatedAt: at });
  });
  for (let i = 0; i < memories.length; i += 1000) await store.insertMemories(memories.slice(i, i + 1000));
  // Files, each contained in one of a few modules: as many relations as files.
  const modules: string[] = [];
  for (let m = 0; m < 20; m++) {
    const at = new Date(base).toISOString();
    const module = await store.upsertEntity({
      id: newId(new Date(at)),
      projectId,
      type: 'module',
      name: `src/area-${m}`,
      properties: {},
      createdAt: at,
      updatedAt: at,
    });
    modules.push(module.id);
  }
  for (let i = 0; i < o.entities; i++) {
    const at = new Date(base + i * 1000).toISOString();
    const file = await store.upsertEntity({
      id: newId(new Date(at)),
      projectId,
      type: 'file',
      name: `src/area-${i % 20}/file-${i}.ts`,
      properties: { touched_in: 1 },
      createdAt: at,
      updatedAt: at,
    });
    await store.upsertRelation({
      id: newId(new Date(at)),
      fromId: modules[i % 20] as string,
      toId: file.id,
      type: 'contains',
      properties: {},
      weight: 1,
      createdAt: at,
      updatedAt: at,
    });
  }
}

function endpoint(store: SqliteStore | PostgresStore): SyncEndpoint {
  return store.syncEndpoint();
}

/** Milliseconds spent on each table's batches (from one batch's end to the next's). */
function tableClock() {
  const spent = new Map<string, number>();
  let last = performance.now();
  return {
    spent,
    reset: () => {
      last = performance.now();
    },
    onBatch: ({ table }: { table: string }) => {
      const now = performance.now();
      spent.set(table, (spent.get(table) ?? 0) + now - last);
      last = now;
    },
  };
}

const rate = (rows: number, ms: number) => `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;

function lines(label: string, summary: SyncSummary, ms: number, spent: Map<string, number>): string[] {
  const rows = summary.totals.read;
  const out = [`${label}: ${rows} rows in ${(ms / 1000).toFixed(2)} s (${rate(rows, ms)})`];
  for (const table of summary.tables) {
    if (table.read === 0) continue;
    const tableMs = spent.get(table.table) ?? 0;
    out.push(
      `    ${table.table.padEnd(18)} ${String(table.read).padStart(7)} rows ${(tableMs / 1000).toFixed(2).padStart(7)} s (${rate(table.read, tableMs)})`,
    );
  }
  return out;
}

export async function benchSync(options: Partial<SyncBenchOptions> = {}) {
  const o = { ...DEFAULTS, ...options };
  const home = tempDir('deja-bench-sync-');
  const local = new SqliteStore({ path: join(home, 'a.db') });
  await seed(local, o);
  const schema = freshSchemaName('deja_bench_sync');
  const target = new URL(schemaUrl(schema, POSTGRES_URL));
  const proxy = o.latencyMs > 0 ? await latencyProxy(new URL(target), o.latencyMs / 2) : null;
  if (proxy) {
    target.hostname = '127.0.0.1';
    target.port = String(proxy.port);
  }
  const remote = new PostgresStore({ url: target.toString() });
  const fresh = new SqliteStore({ path: join(home, 'b.db') });
  const out: string[] = [];
  try {
    // Opening the shared store (its migrations, on a fresh schema) is not part of the figures.
    await remote.health();
    const pushPair: SyncPair = { local: endpoint(local), remote: endpoint(remote), peer: 'bench' };
    let clock = tableClock();
    let started = performance.now();
    const pushed = await pushSync(pushPair, { batchSize: 500, onBatch: clock.onBatch });
    out.push(
      ...lines(`sync push (latency ${o.latencyMs} ms)`, pushed, performance.now() - started, clock.spent),
    );
    const pullPair: SyncPair = { local: endpoint(fresh), remote: endpoint(remote), peer: 'bench' };
    clock = tableClock();
    started = performance.now();
    const pulled = await pullSync(pullPair, { batchSize: 500, onBatch: clock.onBatch });
    out.push(
      ...lines(`sync pull (latency ${o.latencyMs} ms)`, pulled, performance.now() - started, clock.spent),
    );
  } finally {
    await local.close();
    await fresh.close();
    await remote.close();
    proxy?.server.close();
    await dropSchema(schema);
  }
  return { lines: out };
}

const runAsScript = process.argv[1]?.endsWith('sync.ts') ?? false;
if (runAsScript) {
  const latency = Number(process.argv[2] ?? 0);
  for (const line of (await benchSync({ latencyMs: latency })).lines) process.stdout.write(`${line}\n`);
}
