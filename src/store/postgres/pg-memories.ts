import { visibilityMember } from '../../core/teams/acting-member.js';
import type { MemoryVisibility } from '../../core/teams/team-types.js';
import type { Memory, Message } from '../../core/types.js';
import { SOURCE_TABLES } from '../rows/search-rows.js';
import { inOwnedSession, memoryVisibleTo, sessionReader } from '../rows/session-visibility.js';
import type { MemoryFilter, MemoryStats } from '../search-port.js';
import { toMemory } from '../sqlite/sqlite-memories.js';
import type { PgContext, Queryable } from './pg-context.js';
import { indexRows } from './pg-search.js';

type MemoryRow = Parameters<typeof toMemory>[0];

interface MessageRow {
  id: string;
  session_id: string;
  project_id: string;
  role: Message['role'];
  content: string;
  turn: number | null;
  source_ref: string | null;
  meta: string;
  created_at: string;
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    sessionId: row.session_id,
    projectId: row.project_id,
    role: row.role,
    content: row.content,
    turn: row.turn,
    sourceRef: row.source_ref,
    meta: JSON.parse(row.meta) as Message['meta'],
    createdAt: row.created_at,
  };
}

const MEMORY_FIELDS = [
  'id',
  'project_id',
  'session_id',
  'kind',
  'content',
  'content_hash',
  'title',
  'category',
  'tags',
  'confidence',
  'source',
  'created_at',
  'updated_at',
  'owner_member',
  'team_id',
] as const;
const MEMORY_TYPES = [
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'float8',
  'text',
  'text',
  'text',
  'text',
  'text',
];

const memoryValues = (memory: Memory & MemoryVisibility): unknown[] => [
  memory.id,
  memory.projectId,
  memory.sessionId,
  memory.kind,
  memory.content,
  memory.contentHash,
  memory.title,
  memory.category,
  JSON.stringify(memory.tags),
  memory.confidence,
  memory.source,
  memory.createdAt,
  memory.updatedAt,
  memory.ownerMember ?? null,
  memory.teamId ?? null,
];

/** Teams: visible to member `$n` when they wrote it or it is shared with one of their teams. */
const visibleTo = (n: number) => memoryVisibleTo(`$${n}`);

/** Inserts rows column-wise through unnest (one statement per batch), skipping any that conflict. */
function unnestInsert(table: string, fields: readonly string[], types: string[], returning: string): string {
  const args = types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
  return `INSERT INTO ${table} (${fields.join(', ')})
    SELECT ${fields.join(', ')} FROM unnest(${args}) WITH ORDINALITY AS t(${fields.join(', ')}, ord)
    ORDER BY ord
    ON CONFLICT DO NOTHING RETURNING ${returning}`;
}

function columns(rows: unknown[][], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => []);
  for (const row of rows) {
    for (const [i, value] of row.entries()) out[i]?.push(value);
  }
  return out;
}

const INSERT_MEMORIES = unnestInsert('memories', MEMORY_FIELDS, MEMORY_TYPES, SOURCE_TABLES.memory.columns);

const MESSAGE_FIELDS = [
  'id',
  'session_id',
  'project_id',
  'role',
  'content',
  'turn',
  'source_ref',
  'meta',
  'created_at',
];
const MESSAGE_TYPES = ['text', 'text', 'text', 'text', 'text', 'int4', 'text', 'text', 'text'];
const INSERT_MESSAGES = unnestInsert(
  'messages',
  MESSAGE_FIELDS,
  MESSAGE_TYPES,
  SOURCE_TABLES.message.columns,
);
/** Rows per INSERT statement of a batch. */
const BATCH = 1000;

/** Memories and conversation messages in PostgreSQL, indexed in the transaction that writes them. */
export class PgMemories {
  constructor(private readonly ctx: PgContext) {}

  private async insertBatch(db: Queryable, memories: Memory[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < memories.length; i += BATCH) {
      const chunk = memories.slice(i, i + BATCH);
      const { rows } = await db.query(
        INSERT_MEMORIES,
        columns(chunk.map(memoryValues), MEMORY_FIELDS.length),
      );
      await indexRows(db, 'memory', rows);
      inserted += rows.length;
    }
    return inserted;
  }

  async insertMemory(memory: Memory): Promise<{ memory: Memory; deduplicated: boolean }> {
    const existing = await this.ctx.transaction(
      async (db) => {
        if ((await this.insertBatch(db, [memory])) > 0) return null;
        const scoped = memory as Memory & MemoryVisibility;
        // The deduplication scope of migration 009: project, content, and team (or, unshared, author).
        const { rows } = await db.query<MemoryRow>(
          `SELECT * FROM memories WHERE COALESCE(project_id, '') = COALESCE($1, '') AND content_hash = $2
             AND COALESCE(team_id, '') = COALESCE($3::text, '')
             AND (CASE WHEN team_id IS NULL THEN COALESCE(owner_member, '') ELSE '' END)
               = (CASE WHEN $3::text IS NULL THEN COALESCE($4::text, '') ELSE '' END)`,
          [memory.projectId, memory.contentHash, scoped.teamId ?? null, scoped.ownerMember ?? null],
        );
        return rows[0] ?? null;
      },
      { sequenced: true },
    );
    if (existing === null) return { memory, deduplicated: false };
    const { seq: _seq, ...stored } = toMemory(existing);
    return { memory: stored, deduplicated: true };
  }

  async insertMemories(memories: Memory[]): Promise<{ inserted: number; duplicates: number }> {
    if (memories.length === 0) return { inserted: 0, duplicates: 0 };
    const inserted = await this.ctx.transaction((db) => this.insertBatch(db, memories), { sequenced: true });
    return { inserted, duplicates: memories.length - inserted };
  }

  async getMemory(id: string, visibleToMember?: string | null): Promise<Memory | null> {
    const member = visibilityMember(visibleToMember);
    const [row] =
      member === null
        ? await this.ctx.query<MemoryRow>('SELECT * FROM memories WHERE id = $1', [id])
        : await this.ctx.query<MemoryRow>(`SELECT * FROM memories WHERE id = $1 AND ${visibleTo(2)}`, [
            id,
            member,
          ]);
    if (!row) return null;
    const { seq: _seq, ...memory } = toMemory(row);
    return memory;
  }

  async listMemories(filter: MemoryFilter): Promise<(Memory & { seq: number })[]> {
    const params: unknown[] = [filter.afterSeq ?? 0, filter.limit];
    const where = ['seq > $1'];
    if (filter.projectId !== undefined) {
      params.push(filter.projectId);
      where.push(`COALESCE(project_id, '') = COALESCE($${params.length}::text, '')`);
    }
    if (filter.kind !== undefined) {
      params.push(filter.kind);
      where.push(`kind = $${params.length}`);
    }
    if (filter.sessionId !== undefined) {
      params.push(filter.sessionId);
      where.push(`session_id = $${params.length}`);
    }
    const member = visibilityMember(filter.visibleTo);
    if (member !== null) {
      params.push(member);
      where.push(visibleTo(params.length));
    }
    const rows = await this.ctx.query<MemoryRow>(
      `SELECT * FROM memories WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $2`,
      params,
    );
    return rows.map(toMemory);
  }

  async deleteMemories(ids: string[], ownedBy?: string | null): Promise<number> {
    if (ids.length === 0) return 0;
    const owner = visibilityMember(ownedBy);
    return this.ctx.transaction(
      async (db) =>
        (owner === null
          ? await db.query('DELETE FROM memories WHERE id = ANY($1::text[])', [ids])
          : await db.query('DELETE FROM memories WHERE id = ANY($1::text[]) AND owner_member = $2', [
              ids,
              owner,
            ])
        ).rowCount ?? 0,
      { sequenced: true },
    );
  }

  async deleteAllMemories(projectId?: string | null, ownedBy?: string | null): Promise<number> {
    const owner = visibilityMember(ownedBy);
    const params: unknown[] = [];
    const where: string[] = [];
    if (projectId !== undefined) {
      params.push(projectId);
      where.push(`COALESCE(project_id, '') = COALESCE($${params.length}::text, '')`);
    }
    if (owner !== null) {
      params.push(owner);
      where.push(`owner_member = $${params.length}`);
    }
    const sql = `DELETE FROM memories${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    return this.ctx.transaction(async (db) => (await db.query(sql, params)).rowCount ?? 0, {
      sequenced: true,
    });
  }

  async memoryStats(projectId?: string, visibleToMember?: string | null): Promise<MemoryStats> {
    const member = visibilityMember(visibleToMember);
    const params: unknown[] = [];
    const conditions: string[] = [];
    if (projectId !== undefined) {
      params.push(projectId);
      conditions.push(`project_id = $${params.length}`);
    }
    if (member !== null) {
      params.push(member);
      conditions.push(visibleTo(params.length));
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const grouped = async (column: string) =>
      Object.fromEntries(
        (
          await this.ctx.query<{ key: string | null; n: number }>(
            `SELECT ${column} AS key, COUNT(*) AS n FROM memories ${where} GROUP BY ${column}`,
            params,
          )
        ).map((row) => [row.key ?? '(none)', row.n]),
      );
    const [totals] = await this.ctx.query<{ total: number; oldest: string | null; newest: string | null }>(
      `SELECT COUNT(*) AS total, MIN(created_at) AS oldest, MAX(created_at) AS newest FROM memories ${where}`,
      params,
    );
    return {
      total: totals?.total ?? 0,
      byKind: await grouped('kind'),
      byProject: await grouped('project_id'),
      bySource: await grouped('source'),
      oldest: totals?.oldest ?? null,
      newest: totals?.newest ?? null,
    };
  }

  async appendMessages(messages: Message[]): Promise<{ inserted: number; skipped: number }> {
    if (messages.length === 0) return { inserted: 0, skipped: 0 };
    const inserted = await this.ctx.transaction(
      async (db) => {
        let count = 0;
        for (let i = 0; i < messages.length; i += BATCH) {
          const chunk = messages
            .slice(i, i + BATCH)
            .map((m) => [
              m.id,
              m.sessionId,
              m.projectId,
              m.role,
              m.content,
              m.turn,
              m.sourceRef,
              JSON.stringify(m.meta),
              m.createdAt,
            ]);
          const { rows } = await db.query(INSERT_MESSAGES, columns(chunk, MESSAGE_FIELDS.length));
          await indexRows(db, 'message', rows);
          count += rows.length;
        }
        return count;
      },
      { sequenced: true },
    );
    return { inserted, skipped: messages.length - inserted };
  }

  async sessionMessages(
    sessionId: string,
    options: { role?: Message['role']; since?: string; limit: number },
  ): Promise<Message[]> {
    const params: unknown[] = [sessionId, options.limit];
    const where = ['session_id = $1'];
    if (options.role !== undefined) {
      params.push(options.role);
      where.push(`role = $${params.length}`);
    }
    if (options.since !== undefined) {
      params.push(options.since);
      where.push(`created_at >= $${params.length}`);
    }
    const reader = sessionReader();
    if (reader !== null) {
      params.push(reader);
      where.push(inOwnedSession('session_id', `$${params.length}`));
    }
    const rows = await this.ctx.query<MessageRow>(
      `SELECT * FROM messages WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $2`,
      params,
    );
    return rows.map(toMessage);
  }

  async getMessages(ids: string[]): Promise<Message[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.query<MessageRow>(
      'SELECT * FROM messages WHERE id = ANY($1::text[]) ORDER BY seq',
      [ids],
    );
    return rows.map(toMessage);
  }
}
