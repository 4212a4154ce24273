import { visibilityMember } from '../../core/teams/acting-member.js';
import type { MemoryVisibility } from '../../core/teams/team-types.js';
import type { Memory, MemoryKind, Message } from '../../core/types.js';
import { inOwnedSession, memoryVisibleTo, sessionReader } from '../rows/session-visibility.js';
import type { MemoryFilter, MemoryStats } from '../search-port.js';
import type { SqliteContext } from './sqlite-context.js';

interface MemoryRow {
  seq: number;
  id: string;
  project_id: string | null;
  session_id: string | null;
  kind: MemoryKind;
  content: string;
  content_hash: string;
  title: string | null;
  category: string | null;
  tags: string;
  confidence: number | null;
  source: Memory['source'];
  created_at: string;
  updated_at: string;
  owner_member?: string | null;
  team_id?: string | null;
}

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

export function toMemory(row: MemoryRow): Memory & { seq: number } {
  return {
    seq: row.seq,
    id: row.id,
    projectId: row.project_id,
    sessionId: row.session_id,
    kind: row.kind,
    content: row.content,
    contentHash: row.content_hash,
    title: row.title,
    category: row.category,
    tags: JSON.parse(row.tags) as string[],
    confidence: row.confidence,
    source: row.source,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    // Teams: only memories that have them carry these (single-user memories look as before).
    ...(row.owner_member ? { ownerMember: row.owner_member } : {}),
    ...(row.team_id ? { teamId: row.team_id } : {}),
  };
}

/**
 * Teams: a memory is visible to a member when they wrote it or it is shared
 * with one of their teams (`@visibleTo`; table alias-free).
 */
export const MEMORY_VISIBLE_TO = memoryVisibleTo('@visibleTo');

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

const INSERT_MEMORY = `INSERT INTO memories (id, project_id, session_id, kind, content, content_hash, title, category,
    tags, confidence, source, created_at, updated_at, owner_member, team_id)
  VALUES (@id, @projectId, @sessionId, @kind, @content, @contentHash, @title, @category, @tags, @confidence,
    @source, @createdAt, @updatedAt, @ownerMember, @teamId)
  ON CONFLICT DO NOTHING`;

const memoryParams = (memory: Memory & MemoryVisibility) => ({
  ...memory,
  tags: JSON.stringify(memory.tags),
  ownerMember: memory.ownerMember ?? null,
  teamId: memory.teamId ?? null,
});

/** The deduplication scope of migration 009: project, content, and team (or, unshared, author). */
const SAME_SCOPE = `COALESCE(project_id, '') = COALESCE(@projectId, '') AND content_hash = @contentHash
  AND COALESCE(team_id, '') = COALESCE(@teamId, '')
  AND (CASE WHEN team_id IS NULL THEN COALESCE(owner_member, '') ELSE '' END)
    = (CASE WHEN @teamId IS NULL THEN COALESCE(@ownerMember, '') ELSE '' END)`;

/** Memories and conversation messages in SQLite. */
export class SqliteMemories {
  constructor(private readonly ctx: SqliteContext) {}

  insertMemory(memory: Memory): { memory: Memory; deduplicated: boolean } {
    const existing = this.ctx.write(() => {
      const params = memoryParams(memory);
      if (this.ctx.stmt(INSERT_MEMORY).run(params).changes > 0) return null;
      return this.ctx.stmt(`SELECT * FROM memories WHERE ${SAME_SCOPE}`).get({
        projectId: params.projectId,
        contentHash: params.contentHash,
        teamId: params.teamId,
        ownerMember: params.ownerMember,
      }) as MemoryRow;
    });
    if (existing === null) {
      this.ctx.scheduleIndexing();
      return { memory, deduplicated: false };
    }
    const { seq: _seq, ...stored } = toMemory(existing);
    return { memory: stored, deduplicated: true };
  }

  insertMemories(memories: Memory[]): { inserted: number; duplicates: number } {
    const inserted = this.ctx.write(() => {
      const statement = this.ctx.stmt(INSERT_MEMORY);
      let count = 0;
      for (const memory of memories) count += statement.run(memoryParams(memory)).changes;
      return count;
    });
    if (inserted > 0) this.ctx.scheduleIndexing();
    return { inserted, duplicates: memories.length - inserted };
  }

  getMemory(id: string, visibleTo?: string | null): Memory | null {
    const member = visibilityMember(visibleTo);
    const row = this.ctx.read(() =>
      member === null
        ? this.ctx.stmt('SELECT * FROM memories WHERE id = @id').get({ id })
        : this.ctx
            .stmt(`SELECT * FROM memories WHERE id = @id AND ${MEMORY_VISIBLE_TO}`)
            .get({ id, visibleTo: member }),
    ) as MemoryRow | undefined;
    if (!row) return null;
    const { seq: _seq, ...memory } = toMemory(row);
    return memory;
  }

  listMemories(filter: MemoryFilter): (Memory & { seq: number })[] {
    const where = ['seq > @afterSeq'];
    if (filter.projectId !== undefined) where.push(`COALESCE(project_id, '') = COALESCE(@projectId, '')`);
    if (filter.kind !== undefined) where.push('kind = @kind');
    if (filter.sessionId !== undefined) where.push('session_id = @sessionId');
    const member = visibilityMember(filter.visibleTo);
    if (member !== null) where.push(MEMORY_VISIBLE_TO);
    const sql = `SELECT * FROM memories WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`;
    const { visibleTo: _visibleTo, ...rest } = filter;
    const rows = this.ctx.read(() =>
      this.ctx
        .stmt(sql)
        .all({ ...rest, afterSeq: filter.afterSeq ?? 0, ...(member === null ? {} : { visibleTo: member }) }),
    ) as MemoryRow[];
    return rows.map(toMemory);
  }

  deleteMemories(ids: string[], ownedBy?: string | null): number {
    if (ids.length === 0) return 0;
    const owner = visibilityMember(ownedBy);
    return this.ctx.write(() => {
      const statement = this.ctx.stmt(
        owner === null
          ? 'DELETE FROM memories WHERE id = @id'
          : 'DELETE FROM memories WHERE id = @id AND owner_member = @owner',
      );
      let count = 0;
      for (const id of ids) count += statement.run(owner === null ? { id } : { id, owner }).changes;
      return count;
    });
  }

  deleteAllMemories(projectId?: string | null, ownedBy?: string | null): number {
    const owner = visibilityMember(ownedBy);
    const where = [
      ...(projectId === undefined ? [] : [`COALESCE(project_id, '') = COALESCE(@projectId, '')`]),
      ...(owner === null ? [] : ['owner_member = @owner']),
    ];
    const sql = `DELETE FROM memories${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    return this.ctx.write(
      () =>
        this.ctx.stmt(sql).run({
          ...(projectId === undefined ? {} : { projectId }),
          ...(owner === null ? {} : { owner }),
        }).changes,
    );
  }

  memoryStats(projectId?: string, visibleTo?: string | null): MemoryStats {
    const member = visibilityMember(visibleTo);
    return this.ctx.read(() => {
      const conditions = [
        ...(projectId === undefined ? [] : ['project_id = @projectId']),
        ...(member === null ? [] : [MEMORY_VISIBLE_TO]),
      ];
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      const params = { projectId: projectId ?? null, ...(member === null ? {} : { visibleTo: member }) };
      const grouped = (column: string) =>
        Object.fromEntries(
          (
            this.ctx
              .stmt(`SELECT ${column} AS key, COUNT(*) AS n FROM memories ${where} GROUP BY ${column}`)
              .all(params) as { key: string | null; n: number }[]
          ).map((row) => [row.key ?? '(none)', row.n]),
        );
      const totals = this.ctx
        .stmt(
          `SELECT COUNT(*) AS total, MIN(created_at) AS oldest, MAX(created_at) AS newest FROM memories ${where}`,
        )
        .get(params) as { total: number; oldest: string | null; newest: string | null };
      return {
        total: totals.total,
        byKind: grouped('kind'),
        byProject: grouped('project_id'),
        bySource: grouped('source'),
        oldest: totals.oldest,
        newest: totals.newest,
      };
    });
  }

  appendMessages(messages: Message[]): { inserted: number; skipped: number } {
    const inserted = this.ctx.write(() => {
      const statement = this.ctx.stmt(
        `INSERT INTO messages (id, session_id, project_id, role, content, turn, source_ref, meta, created_at)
         VALUES (@id, @sessionId, @projectId, @role, @content, @turn, @sourceRef, @meta, @createdAt)
         ON CONFLICT DO NOTHING`,
      );
      let count = 0;
      for (const message of messages) {
        count += statement.run({ ...message, meta: JSON.stringify(message.meta) }).changes;
      }
      return count;
    });
    if (inserted > 0) this.ctx.scheduleIndexing();
    return { inserted, skipped: messages.length - inserted };
  }

  sessionMessages(
    sessionId: string,
    options: { role?: Message['role']; since?: string; limit: number },
  ): Message[] {
    const role = options.role === undefined ? '' : 'AND role = @role';
    const since = options.since === undefined ? '' : 'AND created_at >= @since';
    const reader = sessionReader();
    const owned = reader === null ? '' : `AND ${inOwnedSession('session_id', '@reader')}`;
    const rows = this.ctx.read(() =>
      this.ctx
        .stmt(
          `SELECT * FROM messages WHERE session_id = @sessionId ${role} ${since} ${owned} ORDER BY seq LIMIT @limit`,
        )
        .all({
          sessionId,
          reader,
          limit: options.limit,
          ...(options.role === undefined ? {} : { role: options.role }),
          ...(options.since === undefined ? {} : { since: options.since }),
        }),
    ) as MessageRow[];
    return rows.map(toMessage);
  }

  getMessages(ids: string[]): Message[] {
    if (ids.length === 0) return [];
    const rows = this.ctx.read(() =>
      this.ctx
        .stmt(`SELECT * FROM messages WHERE id IN (SELECT value FROM json_each(?)) ORDER BY seq`)
        .all(JSON.stringify(ids)),
    ) as MessageRow[];
    return rows.map(toMessage);
  }
}
