import type { Memory, MemoryKind, Message } from '../../core/types.js';
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
  };
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

const INSERT_MEMORY = `INSERT INTO memories (id, project_id, session_id, kind, content, content_hash, title, category,
    tags, confidence, source, created_at, updated_at)
  VALUES (@id, @projectId, @sessionId, @kind, @content, @contentHash, @title, @category, @tags, @confidence,
    @source, @createdAt, @updatedAt)
  ON CONFLICT DO NOTHING`;

const memoryParams = (memory: Memory) => ({ ...memory, tags: JSON.stringify(memory.tags) });

/** Memories and conversation messages in SQLite. */
export class SqliteMemories {
  constructor(private readonly ctx: SqliteContext) {}

  insertMemory(memory: Memory): { memory: Memory; deduplicated: boolean } {
    const existing = this.ctx.write(() => {
      if (this.ctx.stmt(INSERT_MEMORY).run(memoryParams(memory)).changes > 0) return null;
      return this.ctx
        .stmt(`SELECT * FROM memories WHERE COALESCE(project_id, '') = COALESCE(?, '') AND content_hash = ?`)
        .get(memory.projectId, memory.contentHash) as MemoryRow;
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

  getMemory(id: string): Memory | null {
    const row = this.ctx.read(() => this.ctx.stmt('SELECT * FROM memories WHERE id = ?').get(id)) as
      | MemoryRow
      | undefined;
    if (!row) return null;
    const { seq: _seq, ...memory } = toMemory(row);
    return memory;
  }

  listMemories(filter: MemoryFilter): (Memory & { seq: number })[] {
    const where = ['seq > @afterSeq'];
    if (filter.projectId !== undefined) where.push(`COALESCE(project_id, '') = COALESCE(@projectId, '')`);
    if (filter.kind !== undefined) where.push('kind = @kind');
    const sql = `SELECT * FROM memories WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`;
    const rows = this.ctx.read(() =>
      this.ctx.stmt(sql).all({ ...filter, afterSeq: filter.afterSeq ?? 0 }),
    ) as MemoryRow[];
    return rows.map(toMemory);
  }

  deleteMemories(ids: string[]): number {
    if (ids.length === 0) return 0;
    return this.ctx.write(() => {
      const statement = this.ctx.stmt('DELETE FROM memories WHERE id = ?');
      let count = 0;
      for (const id of ids) count += statement.run(id).changes;
      return count;
    });
  }

  deleteAllMemories(projectId?: string | null): number {
    return this.ctx.write(() =>
      projectId === undefined
        ? this.ctx.stmt('DELETE FROM memories').run().changes
        : this.ctx
            .stmt(`DELETE FROM memories WHERE COALESCE(project_id, '') = COALESCE(?, '')`)
            .run(projectId).changes,
    );
  }

  memoryStats(projectId?: string): MemoryStats {
    return this.ctx.read(() => {
      const where = projectId === undefined ? '' : 'WHERE project_id = @projectId';
      const params = { projectId: projectId ?? null };
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
