import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  dropSchema,
  freshSchemaName,
  POSTGRES_URL,
  postgresReachable,
  postgresRequired,
  schemaUrl,
} from '../../../test/support/postgres.js';
import { newId } from '../../core/ids.js';
import { reminder } from '../contract/reminders-contract.js';
import { memory } from '../contract/search-contract.js';
import { project, session } from '../contract/store-contract.js';
import type { Store } from '../port.js';
import { withRedaction } from '../redacting-store.js';
import { parsePostgresUrl } from './connection.js';
import { migrate } from './migrate.js';
import { postgresMigrations } from './migrations/index.js';
import { PostgresStore } from './postgres-store.js';

describe('PostgreSQL connection URLs', () => {
  it('reads schema and pool size, and hides the password', () => {
    const parsed = parsePostgresUrl(
      'postgres://app:s3cret@db:5432/deja?schema=team_a&pool_size=4&sslmode=disable',
    );
    expect(parsed).toMatchObject({ schema: 'team_a', poolSize: 4 });
    expect(parsed.connectionString).toBe('postgres://app:s3cret@db:5432/deja?sslmode=disable');
    expect(parsed.location).not.toContain('s3cret');
    expect(parsed.location).toContain('schema=team_a');
  });

  it('defaults to schema deja and 10 connections', () => {
    expect(parsePostgresUrl('postgresql://localhost/x')).toMatchObject({ schema: 'deja', poolSize: 10 });
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => parsePostgresUrl('postgres://h/db?schema=a;drop')).toThrow(/schema must be/);
    expect(() => parsePostgresUrl('postgres://h/db?pool_size=0')).toThrow(/pool_size/);
  });
});

const reachable = await postgresReachable();
const suite = reachable || postgresRequired ? describe : describe.skip;
const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const dayLater = (r: { nextDueAt: string | null }) =>
  new Date(Date.parse(r.nextDueAt ?? at(0)) + 86_400_000).toISOString();

suite(`PostgreSQL store across processes${reachable ? '' : ' — skipped: PostgreSQL is not reachable'}`, () => {
  let schema: string;
  let stores: Store[] = [];
  const open = (poolSize = 3) => {
    const store = withRedaction(new PostgresStore({ url: schemaUrl(schema), poolSize }));
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    for (const store of stores) await store.close();
    stores = [];
    await dropSchema(schema);
  });

  it('migrates once when several stores open a fresh schema at the same time', async () => {
    schema = freshSchemaName();
    const many = Array.from({ length: 5 }, () => open(2));
    const health = await Promise.all(many.map((store) => store.health()));
    expect(health.every((h) => h.ok && h.backend === 'postgres' && h.schemaVersion >= 8)).toBe(true);
    expect(health[0]?.detail).toContain(`schema ${schema}`);
  });

  it('upgrades a schema of version 15 with teams, votes, groups, reminders and grants in it, losing nothing', async () => {
    schema = freshSchemaName();
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    try {
      await migrate(pool, schema, postgresMigrations.slice(0, 15));
      await pool.query(`SET search_path TO "${schema}"`);
      const T = at(0);
      await pool.query(`INSERT INTO teams (id, name, created_at) VALUES ('tm_1', 'red', '${T}');
        INSERT INTO team_members (team_id, member, role, added_at) VALUES ('tm_1', 'ann', 'owner', '${T}');
        INSERT INTO memory_votes (memory_id, member, vote, updated_at) VALUES ('mem_1', 'ann', 1, '${T}');
        INSERT INTO project_groups (id, name, description, created_at, updated_at) VALUES ('grp_1', 'zoo', NULL, '${T}', '${T}');
        INSERT INTO project_group_members (group_id, project_id, added_at) VALUES ('grp_1', 'prj_1', '${T}');
        INSERT INTO reminders (id, project_id, text, when_text, rule, time_zone, next_due_at, status, created_at, updated_at)
          VALUES ('rem_1', NULL, 'water the plants', 'tomorrow', NULL, 'UTC', '${T}', 'pending', '${T}', '${T}');
        INSERT INTO trusted_operations (id, project_key, operation, created_at) VALUES ('tr_1', '', 'command:npm test', '${T}');`);
    } finally {
      await pool.end();
    }
    const store = open();
    expect((await store.health()).schemaVersion).toBe(postgresMigrations.at(-1)?.version);
    expect(await store.listTeamMembers('tm_1')).toEqual([
      expect.objectContaining({ member: 'ann', role: 'owner', addedAt: at(0) }),
    ]);
    expect((await store.getProjectGroup('zoo'))?.projectIds).toEqual(['prj_1']);
    expect((await store.listReminders({ limit: 10 })).map((r) => r.text)).toEqual(['water the plants']);
    expect((await store.listPermissions({ projectId: null })).map((g) => g.id)).toEqual(['tr_1']);
    const check = new pg.Client({ connectionString: POSTGRES_URL });
    await check.connect();
    try {
      await check.query(`SET search_path TO "${schema}"`);
      const queued = await check.query(
        `SELECT tbl, row_id FROM sync_changes WHERE tbl IN ('team_members', 'memory_votes') ORDER BY tbl`,
      );
      expect(queued.rows).toEqual([
        { tbl: 'memory_votes', row_id: 'mem_1\u001fann' },
        { tbl: 'team_members', row_id: 'tm_1\u001fann' },
      ]);
      expect((await check.query('SELECT updated_at FROM team_members')).rows).toEqual([
        { updated_at: at(0) },
      ]);
    } finally {
      await check.end();
    }
  });

  it('two stores racing over 200 due reminders deliver each exactly once', async () => {
    schema = freshSchemaName();
    const [a, b] = [open(), open()] as [Store, Store];
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const r = reminder({ nextDueAt: at(i % 50), rule: i % 2 === 0 ? 'RRULE:FREQ=DAILY' : null });
      ids.push(r.id);
      await (i % 2 === 0 ? a : b).insertReminder(r);
    }
    const claimedBy = { a: [] as string[], b: [] as string[] };
    const claimer = async (store: Store, into: string[]) => {
      for (let round = 0; round < 40; round++) {
        const claimed = await store.claimDueReminders(
          { projectId: 'prj_a', now: at(60), limit: 7 },
          dayLater,
        );
        into.push(...claimed.map((r) => r.id));
      }
    };
    await Promise.all([claimer(a, claimedBy.a), claimer(b, claimedBy.b)]);
    const all = [...claimedBy.a, ...claimedBy.b];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual([...ids].sort());
    expect(await a.hasDueReminders({ projectId: 'prj_a', now: at(60) })).toBe(false);
  });

  it('sees the other store’s writes at once, and ends a session exactly once', async () => {
    schema = freshSchemaName();
    const [a, b] = [open(), open()] as [Store, Store];
    const p = await a.upsertProject(project());
    const s = session(p.id);
    await a.insertSession(s);
    const stored = await a.insertMemory(memory(p.id, 'shared database visibility check'));
    const hits = await b.searchIndex({ terms: ['visibility'], match: 'any', filters: {}, limit: 5 });
    expect(hits.map((hit) => hit.ref)).toEqual([stored.memory.id]);
    const handoff = (id: string) => ({
      id,
      sessionId: s.id,
      projectId: p.id,
      content: '# Hand-off',
      path: null,
      projectCopyPath: null,
      createdAt: at(9),
    });
    const end = { endedAt: at(9), outcome: 'success' as const, endReason: 'explicit' as const, notes: null };
    const results = await Promise.all([
      a.endSession(s.id, end, handoff(newId())),
      b.endSession(s.id, end, handoff(newId())),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b.getHandoffBySession(s.id)).not.toBeNull();
  });

  it('hands out index ids in commit order while two stores write at once', async () => {
    schema = freshSchemaName();
    const [a, b] = [open(), open()] as [Store, Store];
    const p = await a.upsertProject(project());
    const writes = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).insertMemory(memory(p.id, `concurrent note ${i}`)),
    );
    // A reader paging by doc id while the writes commit must end up with every document.
    const seen = new Set<number>();
    let cursor = 0;
    const read = async () => {
      const rows = await b.indexedDocuments(cursor, 1000);
      for (const row of rows) {
        seen.add(row.docId);
        cursor = Math.max(cursor, row.docId);
      }
    };
    await Promise.all([...writes, read(), read(), read()]);
    await read();
    expect(seen.size).toBe(40);
  });

  it('stores vectors as real[] and ranks them by exact cosine in SQL', async () => {
    schema = freshSchemaName();
    const store = open();
    const p = await store.upsertProject(project());
    await store.insertMemories([memory(p.id, 'north'), memory(p.id, 'east'), memory(p.id, 'north east')]);
    const docs = await store.documentsToEmbed('test-3d', 0, 10);
    const vectors: Record<string, number[]> = {
      north: [0, 1, 0],
      east: [1, 0, 0],
      'north east': [0.7, 0.7, 0],
    };
    await store.storeEmbeddings(
      'test-3d',
      docs.map((doc) => ({ docId: doc.docId, vector: Float32Array.from(vectors[doc.text] ?? [0, 0, 1]) })),
      at(0),
    );
    const loaded = await store.embeddings('test-3d', 0, 10);
    expect(loaded.map((row) => Array.from(row.vector))).toEqual(
      docs.map((doc) => Array.from(Float32Array.from(vectors[doc.text] ?? []))),
    );
    const pg = stores[0] as unknown as PostgresStore;
    const nearest = await pg.nearestEmbeddings('test-3d', Float32Array.from([0.1, 1, 0]), 2);
    const byDoc = new Map(docs.map((doc) => [doc.docId, doc.text]));
    expect(nearest.map((hit) => byDoc.get(hit.docId))).toEqual(['north', 'north east']);
    expect(await store.embeddingProgress('test-3d')).toEqual({ embedded: 3, total: 3 });
  });

  it('drops NUL characters, which PostgreSQL text cannot hold', async () => {
    schema = freshSchemaName();
    const store = open();
    const p = await store.upsertProject(project());
    const stored = await store.insertMemory(memory(p.id, 'binary\u0000output'));
    expect((await store.getMemory(stored.memory.id))?.content).toBe('binaryoutput');
  });
});
