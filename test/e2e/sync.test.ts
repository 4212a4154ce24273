import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/core/memory/content-hash.js';
import type { Session } from '../../src/core/types.js';
import { pgTypes } from '../../src/store/postgres/pg-context.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { SYNC_TABLES } from '../../src/store/sync-port.js';
import { tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import {
  dropSchema,
  freshSchemaName,
  POSTGRES_URL,
  postgresReachable,
  postgresRequired,
  schemaUrl,
} from '../support/postgres.js';

const reachable = await postgresReachable();
const suite = reachable || postgresRequired ? describe : describe.skip;
const schemas: string[] = [];

function deja(home: string, args: string[]) {
  const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
    cwd: home,
    env: { ...process.env, DEJA_HOME: home, DEJA_DATABASE_URL: '' },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Summary {
  totals: { read: number; inserted: number; updated: number; conflicts: number; tombstoned: number };
  tables: { table: string; inserted: number }[];
}

function sync(home: string, direction: 'push' | 'pull', url: string, extra: string[] = []): Summary {
  const result = deja(home, ['sync', direction, '--url', url, '--json', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

function newSchema(): { schema: string; url: string } {
  const schema = freshSchemaName('deja_sync');
  schemas.push(schema);
  return { schema, url: schemaUrl(schema) };
}

const SYNCED = SYNC_TABLES.filter((table) => table.kind !== 'tombstone' && table.kind !== 'named');

/** Rows merged by name (each store keys them by its own ids), the same SQL on both backends. */
const BY_NAME: Record<string, string> = {
  project_groups: `SELECT g.name, g.description, g.created_at, g.updated_at,
      (SELECT string_agg(project_id, ',' ORDER BY project_id) FROM project_group_members m WHERE m.group_id = g.id)
        AS members
    FROM project_groups g ORDER BY g.name`,
  graph_entities: `SELECT project_id, type, name, name_lower, properties, created_at, updated_at
    FROM graph_entities ORDER BY project_id, type, name`,
  graph_relations: `SELECT f.project_id AS from_project, f.type AS from_type, f.name AS from_name,
      t.project_id AS to_project, t.type AS to_type, t.name AS to_name,
      r.type, r.properties, r.weight, r.created_at, r.updated_at
    FROM graph_relations r JOIN graph_entities f ON f.id = r.from_id JOIN graph_entities t ON t.id = r.to_id
    ORDER BY from_project, from_type, from_name, to_project, to_type, to_name, r.type`,
};

const graphAndGroups = (rows: Record<string, unknown[]>) => ({
  entities: rows.graph_entities,
  relations: rows.graph_relations,
  groups: rows.project_groups,
});

/** Every synced table of a local store, sorted by key, in canonical columns; named rows by name. */
function localRows(home: string): Record<string, unknown[]> {
  const db = new Database(join(home, 'deja.db'), { readonly: true });
  try {
    return Object.fromEntries([
      ...SYNCED.map((table) => [
        table.name,
        db.prepare(`SELECT ${table.columns.join(', ')} FROM ${table.name} ORDER BY ${table.key}`).all(),
      ]),
      ...Object.entries(BY_NAME).map(([table, sql]) => [table, db.prepare(sql).all()]),
    ]);
  } finally {
    db.close();
  }
}

/** Two machines: A seeded and pushed to a fresh shared schema, B pulled from it. */
async function seededPair() {
  const { schema, url } = newSchema();
  const a = tempHome();
  const b = tempHome();
  await seed(a);
  sync(a, 'push', url);
  sync(b, 'pull', url);
  return { schema, url, a, b };
}

/** Stores a memory straight into a machine's local store (visibility fields optional). */
async function storeMemoryIn(
  home: string,
  id: string,
  text: string,
  visibility: { ownerMember?: string; teamId?: string } = {},
) {
  const store = new SqliteStore({ path: join(home, 'deja.db') });
  try {
    await store.insertMemory({
      id,
      projectId: 'prj_synctest0001',
      sessionId: null,
      kind: 'decision',
      content: text,
      contentHash: contentHash(text),
      title: null,
      category: null,
      tags: [],
      confidence: null,
      source: 'cli',
      createdAt: T0,
      updatedAt: T0,
      ...visibility,
    } as Parameters<SqliteStore['insertMemory']>[0]);
  } finally {
    await store.close();
  }
}

/** Rows of a local table through a read-only connection. */
function localQuery(home: string, sql: string): unknown[] {
  const db = new Database(join(home, 'deja.db'), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

async function sharedRows(schema: string): Promise<Record<string, unknown[]>> {
  // bigint as numbers, as the store reads them.
  const client = new pg.Client({ connectionString: POSTGRES_URL, types: pgTypes });
  await client.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of SYNCED) {
      const list = table.columns
        .map((column) => (table.booleans?.includes(column) ? `${column}::int AS ${column}` : column))
        .join(', ');
      const { rows } = await client.query(
        `SELECT ${list} FROM "${schema}".${table.name} ORDER BY ${table.key} COLLATE "C"`,
      );
      out[table.name] = rows;
    }
    await client.query(`SET search_path TO "${schema}"`);
    for (const [table, sql] of Object.entries(BY_NAME)) out[table] = (await client.query(sql)).rows;
    return out;
  } finally {
    await client.end();
  }
}

async function sharedCount(schema: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${schema}".${table}`);
    return Number(rows[0]?.n ?? 0);
  } catch {
    return 0;
  } finally {
    await client.end();
  }
}

/** The indexed words of a document in the shared store's search index. */
async function sharedDocs(schema: string, ref: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ body: string }>(
      `SELECT body::text AS body FROM "${schema}".search_docs WHERE ref = $1`,
      [ref],
    );
    return rows.map((row) => row.body);
  } finally {
    await client.end();
  }
}

const T0 = '2026-03-01T10:00:00.000Z';

/** A local store with a project, an ended session with events, a memory, a message, a checkpoint, usage… */
async function seed(home: string, options: { events?: number; tag?: string } = {}) {
  const tag = options.tag ?? 'a';
  const store = new SqliteStore({ path: join(home, 'deja.db') });
  const projectId = 'prj_synctest0001';
  await store.upsertProject({
    id: projectId,
    identity: 'git:synctest0001',
    name: 'sync-demo',
    rootPath: '/tmp/sync-demo',
    languages: ['typescript'],
    packageManager: 'npm',
    createdAt: T0,
    updatedAt: T0,
  });
  const sessionId = `ses_${tag}_0001`;
  const session: Session = {
    id: sessionId,
    projectId,
    context: 'background',
    status: 'active',
    goal: `goal ${tag}`,
    skill: null,
    type: null,
    model: null,
    estimateMinutes: 30,
    branch: 'main',
    workdir: '/tmp/sync-demo',
    clientName: 'test',
    startedAt: T0,
    lastActivityAt: T0,
    endedAt: null,
    outcome: null,
    endReason: null,
    notes: null,
  } as Session;
  await store.insertSession(session);
  const count = options.events ?? 20;
  for (let i = 0; i < count; i++) {
    await store.appendEvent({
      id: `evt_${tag}_${String(i).padStart(6, '0')}`,
      sessionId,
      projectId,
      category: 'decision',
      type: 'note',
      data: { i },
      text: `decision number ${i} about zebra ${tag}`,
      createdAt: T0,
    });
  }
  const memoryText = `Remember the zebra crossing ${tag}`;
  await store.insertMemory({
    id: `mem_${tag}_0001`,
    projectId,
    sessionId,
    kind: 'insight',
    content: memoryText,
    contentHash: contentHash(memoryText),
    title: null,
    category: null,
    tags: ['sync'],
    confidence: 0.8,
    source: 'cli',
    createdAt: T0,
    updatedAt: T0,
  });
  await store.appendMessages([
    {
      id: `msg_${tag}_0001`,
      sessionId,
      projectId,
      role: 'user',
      content: 'hello zebra',
      turn: 1,
      sourceRef: `ref_${tag}_1`,
      meta: {},
      createdAt: T0,
    },
  ]);
  await store.insertCheckpoint(
    {
      id: `chk_${tag}_0001`,
      sessionId,
      projectId,
      name: 'halfway',
      summary: 'half done',
      kind: 'manual',
      gitCommit: null,
      state: { eventCounts: { decision: 1 }, git: null, recentEvents: [] },
      createdAt: T0,
    },
    10,
  );
  await store.recordUsage([
    {
      key: `use_${tag}_1`,
      source: 'claude',
      sessionId,
      projectId,
      model: 'm',
      sidechain: true,
      createdAt: T0,
      inputTokens: 10,
      outputTokens: 5,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      cacheReadTokens: 0,
      reasoningTokens: 0,
    },
  ] as Parameters<SqliteStore['recordUsage']>[0]);
  await store.endSession(
    sessionId,
    { endedAt: '2026-03-01T11:00:00.000Z', outcome: 'success', endReason: 'explicit', notes: null },
    {
      id: `hof_${tag}_0001`,
      sessionId,
      projectId,
      content: 'next: more zebras',
      path: null,
      projectCopyPath: null,
      createdAt: '2026-03-01T11:00:00.000Z',
    },
  );
  await store.addToProjectGroup({ id: `grp_${tag}_zoo`, name: 'zoo', description: 'animals', at: T0 }, [
    projectId,
    `prj_extra_${tag}`,
  ]);
  const file = await store.upsertEntity({
    id: `ent_${tag}_file`,
    projectId,
    type: 'file',
    name: 'src/zebra.ts',
    properties: { touched_in: 2 },
    createdAt: T0,
    updatedAt: T0,
  });
  const decision = await store.upsertEntity({
    id: `ent_${tag}_decision`,
    projectId,
    type: 'decision',
    name: `stripes ${tag}`,
    properties: {},
    createdAt: T0,
    updatedAt: T0,
  });
  await store.upsertRelation({
    id: `rel_${tag}_0001`,
    fromId: decision.id,
    toId: file.id,
    type: 'references',
    properties: {},
    weight: 1,
    createdAt: T0,
    updatedAt: T0,
  });
  await store.close();
  return { projectId, sessionId, memoryId: `mem_${tag}_0001` };
}

/** A memory changed in place, which (as every change of a memory on SQLite) moves it to a new top sequence. */
function editMemory(home: string, id: string, content: string, updatedAt: string) {
  const db = new Database(join(home, 'deja.db'));
  try {
    db.prepare(
      `UPDATE memories SET content = ?, content_hash = ?, updated_at = ?,
         seq = (SELECT seq + 1 FROM sqlite_sequence WHERE name = 'memories') WHERE id = ?`,
    ).run(content, contentHash(content), updatedAt, id);
    db.prepare(
      `UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM memories) WHERE name = 'memories'`,
    ).run();
  } finally {
    db.close();
  }
}

function memory(home: string, id: string): { content: string; updated_at: string } | undefined {
  const db = new Database(join(home, 'deja.db'), { readonly: true });
  try {
    return db.prepare('SELECT content, updated_at FROM memories WHERE id = ?').get(id) as
      | { content: string; updated_at: string }
      | undefined;
  } finally {
    db.close();
  }
}

suite(`deja sync push|pull with PostgreSQL${reachable ? '' : ' — skipped: PostgreSQL is not reachable'}`, () => {
  afterAll(async () => {
    if (reachable) for (const schema of schemas) await dropSchema(schema);
  });

  it('round trip: push then pull leaves both stores with the same rows; running again adds nothing', async () => {
    const { schema, url } = newSchema();
    const a = tempHome();
    const b = tempHome();
    await seed(a);
    const pushed = sync(a, 'push', url);
    expect(pushed.totals.inserted).toBeGreaterThan(20);
    const pulled = sync(b, 'pull', url);
    expect(pulled.totals.inserted).toBe(pushed.totals.inserted);

    const rowsA = localRows(a);
    expect(rowsA.events).toHaveLength(20);
    expect(localRows(b)).toEqual(rowsA);
    expect(await sharedRows(schema)).toEqual(rowsA);

    for (const [home, direction] of [
      [a, 'push'],
      [b, 'pull'],
      [a, 'pull'],
      [b, 'push'],
    ] as const) {
      const again = sync(home, direction, url);
      expect(again.totals.inserted + again.totals.updated + again.totals.tombstoned).toBe(0);
      // Nothing is read back either: A's pull skips what A pushed, B's push what B pulled.
      expect(again.totals.read).toBe(0);
    }
    expect(localRows(a)).toEqual(rowsA);
    expect(localRows(b)).toEqual(rowsA);

    // The pulled rows are searchable on the other machine (each side indexes what it receives).
    const found = deja(b, ['search', 'zebra', '--json']);
    expect(found.code).toBe(0);
    expect(found.stdout).toContain('mem_a_0001');

    const status = JSON.parse(deja(a, ['sync', 'status', '--url', url, '--json']).stdout) as {
      pendingPush: number;
    };
    expect(status.pendingPush).toBe(0);
  });

  it('a push killed with SIGKILL mid-way and run again leaves the same rows, none duplicated or lost', async () => {
    const { schema, url } = newSchema();
    const a = tempHome();
    await seed(a, { events: 5000 });
    const child: ChildProcess = spawn(
      process.execPath,
      [DEJA_BIN, 'sync', 'push', '--url', url, '--batch', '50', '--json'],
      { cwd: a, env: { ...process.env, DEJA_HOME: a, DEJA_DATABASE_URL: '' }, stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on('exit', (_code, signal) => done(signal)),
    );
    let seen = 0;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      seen = await sharedCount(schema, 'events');
      if (seen >= 500) break;
      await new Promise((done) => setTimeout(done, 20));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = await sharedCount(schema, 'events');
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(5000);

    const resumed = sync(a, 'push', url, ['--batch', '50']);
    expect(resumed.totals.inserted).toBeGreaterThan(0);
    const shared = await sharedRows(schema);
    const local = localRows(a);
    expect(shared.events).toHaveLength(5000);
    expect(shared).toEqual(local);
    expect(sync(a, 'push', url).totals.inserted).toBe(0);
  }, 120_000);

  it('two machines editing one memory converge: the later edit wins, a tie goes to the same version everywhere', async () => {
    const { schema, url } = newSchema();
    const a = tempHome();
    const b = tempHome();
    const { memoryId } = await seed(a);
    sync(a, 'push', url);
    sync(b, 'pull', url);

    editMemory(a, memoryId, 'edited on A', '2026-03-02T10:00:00.000Z');
    editMemory(b, memoryId, 'edited on B, later', '2026-03-02T11:00:00.000Z');
    const roundTrip = () => {
      const results = [
        sync(a, 'push', url),
        sync(b, 'push', url),
        sync(a, 'pull', url),
        sync(b, 'pull', url),
      ];
      return results.reduce((sum, result) => sum + result.totals.conflicts, 0);
    };
    expect(roundTrip()).toBeGreaterThan(0);
    expect(memory(a, memoryId)?.content).toBe('edited on B, later');
    expect(memory(b, memoryId)?.content).toBe('edited on B, later');

    // Same updated_at on both sides: the deterministic tie-break picks one version for everyone.
    editMemory(a, memoryId, 'tie from alpha', '2026-03-03T10:00:00.000Z');
    editMemory(b, memoryId, 'tie from bravo', '2026-03-03T10:00:00.000Z');
    roundTrip();
    const onA = memory(a, memoryId);
    expect(onA).toEqual(memory(b, memoryId));
    expect(['tie from alpha', 'tie from bravo']).toContain(onA?.content);
    roundTrip();
    expect(memory(a, memoryId)).toEqual(onA);
    expect(memory(b, memoryId)).toEqual(onA);
    expect((await sharedRows(schema)).memories).toMatchObject([{ id: memoryId, content: onA?.content }]);

    // Every side indexed the winning text again: it is found, the losing one is not.
    const [winner, loser] = onA?.content === 'tie from alpha' ? ['alpha', 'bravo'] : ['bravo', 'alpha'];
    for (const home of [a, b]) {
      expect(deja(home, ['search', winner, '--json']).stdout).toContain(memoryId);
      expect(deja(home, ['search', loser, '--json']).stdout).not.toContain(memoryId);
    }
    expect(await sharedDocs(schema, memoryId)).toEqual([expect.stringContaining(`'${winner}'`)]);
  }, 60_000);

  it('one text stored on two machines under two ids becomes one memory everywhere, the smaller id', async () => {
    const { schema, url, a, b } = await seededPair();
    const text = 'Both machines decided to vendor the zebra parser';
    await storeMemoryIn(a, 'mem_b_dup', text);
    await storeMemoryIn(b, 'mem_a_dup', text);
    sync(a, 'push', url);
    // B's copy meets A's on the shared store: same text, same scope; the smaller id stays.
    sync(b, 'push', url);
    sync(a, 'pull', url);
    sync(b, 'pull', url);
    const copies = (rows: Record<string, unknown[]>) =>
      (rows.memories as { id: string; content: string }[]).filter((m) => m.content === text).map((m) => m.id);
    expect(copies(await sharedRows(schema))).toEqual(['mem_a_dup']);
    expect(copies(localRows(a))).toEqual(['mem_a_dup']);
    expect(copies(localRows(b))).toEqual(['mem_a_dup']);
  }, 60_000);

  it('a pull skips only what this machine wrote: rows another machine pushed in between still arrive', async () => {
    const { url } = newSchema();
    const a = tempHome();
    const b = tempHome();
    await seed(a);
    sync(a, 'push', url);
    expect(sync(a, 'pull', url).totals.read).toBe(0);
    await seed(b, { tag: 'b' });
    sync(b, 'push', url);
    // A writes again after B's rows reached the shared store.
    const store = new SqliteStore({ path: join(a, 'deja.db') });
    await store.appendEvent({
      id: 'evt_a_late',
      sessionId: 'ses_a_0001',
      projectId: 'prj_synctest0001',
      category: 'decision',
      type: 'note',
      data: {},
      text: 'a late decision',
      createdAt: T0,
    });
    await store.close();
    expect(sync(a, 'push', url).totals.inserted).toBeGreaterThanOrEqual(1);
    const pulled = sync(a, 'pull', url);
    expect(pulled.tables.find((table) => table.table === 'events')).toMatchObject({ inserted: 20 });
    const eventIds = (localRows(a).events as { id: string }[]).map((event) => event.id);
    expect(eventIds).toHaveLength(41);
    expect(eventIds).toContain('evt_b_000019');
    sync(b, 'pull', url);
    expect(localRows(b)).toEqual(localRows(a));
  }, 60_000);

  it('the knowledge graph and project groups merge by name: one entity (or group) built on two machines under two ids stays one, each keeping its ids', async () => {
    const { schema, url } = newSchema();
    const a = tempHome();
    const b = tempHome();
    // Both machines know the file `src/zebra.ts` (ids ent_a_file, ent_b_file) and link their own decision to it.
    await seed(a);
    await seed(b, { tag: 'b' });
    sync(a, 'push', url);
    const pushedB = sync(b, 'push', url);
    const tableB = (name: string) => pushedB.tables.find((table) => table.table === name);
    expect(tableB('graph_entities')).toMatchObject({ inserted: 1 });
    expect(tableB('graph_relations')).toMatchObject({ inserted: 1 });
    sync(a, 'pull', url);
    sync(b, 'pull', url);

    const graphOf = (rows: Record<string, unknown[]>) => ({
      entities: rows.graph_entities,
      relations: rows.graph_relations,
    });
    const onA = graphOf(localRows(a));
    expect(onA.entities).toHaveLength(3);
    expect(onA.relations).toMatchObject([
      { from_name: 'stripes a', to_name: 'src/zebra.ts', type: 'references' },
      { from_name: 'stripes b', to_name: 'src/zebra.ts', type: 'references' },
    ]);
    expect(graphOf(localRows(b))).toEqual(onA);
    // The group both machines made is one group, its members the union of theirs.
    expect(localRows(a).project_groups).toEqual([
      expect.objectContaining({ name: 'zoo', members: 'prj_extra_a,prj_extra_b,prj_synctest0001' }),
    ]);
    expect(localRows(b).project_groups).toEqual(localRows(a).project_groups);
    expect((await sharedRows(schema)).project_groups).toEqual(localRows(a).project_groups);
    expect(graphOf(await sharedRows(schema))).toEqual(onA);
    const ids = (home: string) => {
      const db = new Database(join(home, 'deja.db'), { readonly: true });
      try {
        return db.prepare(`SELECT id FROM graph_entities WHERE name = 'src/zebra.ts'`).pluck().all();
      } finally {
        db.close();
      }
    };
    expect(ids(a)).toEqual(['ent_a_file']);
    expect(ids(b)).toEqual(['ent_b_file']);

    // Traversal on A reaches the decision made on B, through A's own id for the file.
    const reached = deja(a, [
      'graph',
      'neighbours',
      'file:src/zebra.ts',
      '--project',
      'prj_synctest0001',
      '--json',
    ]);
    expect(reached.code).toBe(0);
    expect(reached.stdout).toContain('stripes b');

    // A later edit on B wins on A; A keeps its id.
    const store = new SqliteStore({ path: join(b, 'deja.db') });
    await store.upsertEntity({
      id: 'ent_b_other',
      projectId: 'prj_synctest0001',
      type: 'file',
      name: 'src/zebra.ts',
      properties: { touched_in: 7 },
      createdAt: T0,
      updatedAt: '2026-03-05T10:00:00.000Z',
    });
    await store.close();
    expect(sync(b, 'push', url).totals.updated).toBe(1);
    expect(sync(a, 'pull', url).totals.updated).toBe(1);
    expect(graphOf(localRows(a))).toEqual(graphOf(localRows(b)));
    expect(ids(a)).toEqual(['ent_a_file']);
    expect(localRows(a).graph_entities).toContainEqual(
      expect.objectContaining({ name: 'src/zebra.ts', properties: '{"touched_in":7}' }),
    );
    for (const [home, direction] of [
      [a, 'push'],
      [b, 'pull'],
    ] as const) {
      const again = sync(home, direction, url);
      expect(again.totals.inserted + again.totals.updated).toBe(0);
    }
  }, 60_000);

  it('a graph entity, a link or a project group deleted on one machine is deleted on the other, and stays deleted', async () => {
    const { schema, url, a, b } = await seededPair();
    const onB = (args: string[]) => {
      const result = deja(b, [...args, '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    };
    onB(['graph', 'delete', 'decision:stripes a', '--project', 'prj_synctest0001']);
    onB(['projects', 'ungroup', 'zoo']);
    const pushed = sync(b, 'push', url);
    // The entity, its one relation (deleted before it) and the group.
    expect(pushed.tables.find((table) => table.table === 'tombstones')).toMatchObject({ tombstoned: 3 });
    const shared = await sharedRows(schema);
    expect(shared.graph_entities).toMatchObject([{ name: 'src/zebra.ts' }]);
    expect(shared.graph_relations).toEqual([]);
    expect(shared.project_groups).toEqual([]);

    const pulled = sync(a, 'pull', url);
    expect(pulled.totals.tombstoned).toBe(3);
    expect(graphAndGroups(localRows(a))).toEqual(graphAndGroups(localRows(b)));
    expect(localRows(a).graph_entities).toHaveLength(1);
    // A's own older copies do not bring them back, in either direction.
    sync(a, 'push', url);
    sync(b, 'pull', url);
    expect(graphAndGroups(localRows(b))).toEqual(graphAndGroups(localRows(a)));
    expect(localRows(b).project_groups).toEqual([]);
  }, 60_000);

  it('a project leaving a group on one machine leaves it on the other, and joins again only by a later join', async () => {
    const { schema, url, a, b } = await seededPair();
    const membersOf = (rows: Record<string, unknown[]>) =>
      (rows.project_groups as { members: string }[]).map((group) => group.members);
    expect(membersOf(localRows(b))).toEqual(['prj_extra_a,prj_synctest0001']);

    const onB = new SqliteStore({ path: join(b, 'deja.db') });
    expect(await onB.removeFromProjectGroup('zoo', ['prj_extra_a'])).toEqual({ removed: 1 });
    await onB.close();
    const pushed = sync(b, 'push', url);
    expect(pushed.tables.find((table) => table.table === 'tombstones')).toMatchObject({ tombstoned: 1 });
    expect(membersOf(await sharedRows(schema))).toEqual(['prj_synctest0001']);
    expect(sync(a, 'pull', url).totals.tombstoned).toBe(1);
    expect(membersOf(localRows(a))).toEqual(['prj_synctest0001']);

    // A's group, pushed again with its older members, does not bring the project back anywhere.
    sync(a, 'push', url);
    sync(b, 'pull', url);
    expect(membersOf(localRows(b))).toEqual(['prj_synctest0001']);
    expect(membersOf(await sharedRows(schema))).toEqual(['prj_synctest0001']);

    // Joining again later, on A, travels like any join.
    const onA = new SqliteStore({ path: join(a, 'deja.db') });
    await onA.addToProjectGroup(
      { id: 'grp_a_zoo', name: 'zoo', description: 'animals', at: new Date().toISOString() },
      ['prj_extra_a'],
    );
    await onA.close();
    sync(a, 'push', url);
    sync(b, 'pull', url);
    expect(membersOf(localRows(b))).toEqual(['prj_extra_a,prj_synctest0001']);
    expect(membersOf(await sharedRows(schema))).toEqual(['prj_extra_a,prj_synctest0001']);
  }, 60_000);

  it('teams, their members and votes travel: a memory shared with a team reaches its members elsewhere, until they leave', async () => {
    const { schema, url } = newSchema();
    const a = tempHome();
    const b = tempHome();
    await seed(a);
    const as = (home: string, member: string, args: string[]) => {
      const result = spawnSync(process.execPath, [DEJA_BIN, ...args, '--json'], {
        cwd: home,
        env: { ...process.env, DEJA_HOME: home, DEJA_DATABASE_URL: '', DEJA_MEMBER: member },
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).toBe(0);
      return result.stdout;
    };
    const team = (JSON.parse(as(a, 'ann', ['team', 'create', 'red'])) as { team: { id: string } }).team;
    as(a, 'ann', ['team', 'add', 'red', 'ben']);
    const text = 'red team florpwidget runbook';
    await storeMemoryIn(a, 'mem_a_team', text, { ownerMember: 'ann', teamId: team.id });
    sync(a, 'push', url);
    sync(b, 'pull', url);
    const finds = (home: string, member: string) =>
      as(home, member, ['search', 'florpwidget']).includes('mem_a_team');
    expect(finds(b, 'ben')).toBe(true);
    expect(finds(b, 'cid')).toBe(false);

    // Ben's vote on B reaches A; withdrawing it there reaches B.
    as(b, 'ben', ['team', 'vote', 'mem_a_team', 'up']);
    sync(b, 'push', url);
    sync(a, 'pull', url);
    const votes = (home: string) => localQuery(home, 'SELECT member, vote FROM memory_votes');
    expect(votes(a)).toEqual([{ member: 'ben', vote: 1 }]);
    expect((await sharedRows(schema)).memories).toContainEqual(expect.objectContaining({ id: 'mem_a_team' }));
    as(a, 'ben', ['team', 'vote', 'mem_a_team', 'none']);
    sync(a, 'push', url);
    sync(b, 'pull', url);
    expect(votes(b)).toEqual([]);

    // A role change and then a removal on A reach B: Ben no longer finds the team's memory there.
    as(a, 'ann', ['team', 'role', 'red', 'ben', 'admin']);
    sync(a, 'push', url);
    sync(b, 'pull', url);
    expect(as(b, 'ben', ['team', 'list', 'red'])).toContain('"admin"');
    as(a, 'ann', ['team', 'remove', 'red', 'ben']);
    sync(a, 'push', url);
    sync(b, 'pull', url);
    expect(finds(b, 'ben')).toBe(false);
    // Pushing and pulling again on both sides brings nobody back.
    for (const home of [b, a]) {
      sync(home, 'push', url);
      sync(home, 'pull', url);
    }
    const members = (home: string) =>
      localQuery(home, 'SELECT member, role FROM team_members ORDER BY member');
    expect(members(a)).toEqual([{ member: 'ann', role: 'owner' }]);
    expect(members(b)).toEqual(members(a));
  }, 90_000);

  it('a memory forgotten on one machine disappears on the other after sync', async () => {
    const { schema, url } = newSchema();
    const a = tempHome();
    const b = tempHome();
    const { memoryId } = await seed(a);
    sync(a, 'push', url);
    sync(b, 'pull', url);
    expect(memory(b, memoryId)).toBeDefined();

    const forgot = deja(b, ['memory', 'forget', memoryId, '--json']);
    expect(forgot.code).toBe(0);
    const pushed = sync(b, 'push', url);
    expect(pushed.totals.tombstoned).toBe(1);
    expect((await sharedRows(schema)).memories).toEqual([]);
    const pulled = sync(a, 'pull', url);
    expect(pulled.totals.tombstoned).toBe(1);
    expect(memory(a, memoryId)).toBeUndefined();
    const search = deja(a, ['search', 'crossing', '--json']);
    expect(search.stdout).not.toContain(memoryId);
    // Nothing comes back on later runs.
    sync(a, 'push', url);
    sync(b, 'pull', url);
    expect(memory(a, memoryId)).toBeUndefined();
    expect(memory(b, memoryId)).toBeUndefined();
  }, 60_000);
});
