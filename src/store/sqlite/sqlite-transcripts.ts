import type { JsonObject } from '../../core/types.js';
import { inOwnedSession, sessionReader } from '../rows/session-visibility.js';
import type {
  TokenUsage,
  TranscriptFileState,
  UsageFilter,
  UsageGroup,
  UsageTotals,
} from '../transcript-port.js';
import type { SqliteContext } from './sqlite-context.js';

interface FileRow {
  path: string;
  source: string;
  identity: string;
  head_hash: string;
  head_bytes: number;
  offset: number;
  line_number: number;
  parser_state: string;
  imported_at: string;
}

const UPSERT_USAGE = `INSERT INTO token_usage (key, source, session_id, project_id, model, sidechain, created_at,
    input_tokens, output_tokens, cache_write_tokens, cache_write_1h_tokens, cache_read_tokens, reasoning_tokens)
  VALUES (@key, @source, @sessionId, @projectId, @model, @sidechain, @createdAt,
    @inputTokens, @outputTokens, @cacheWriteTokens, @cacheWrite1hTokens, @cacheReadTokens, @reasoningTokens)
  ON CONFLICT (key) DO UPDATE SET
    model = COALESCE(token_usage.model, excluded.model),
    input_tokens = MAX(token_usage.input_tokens, excluded.input_tokens),
    output_tokens = MAX(token_usage.output_tokens, excluded.output_tokens),
    cache_write_tokens = MAX(token_usage.cache_write_tokens, excluded.cache_write_tokens),
    cache_write_1h_tokens = MAX(token_usage.cache_write_1h_tokens, excluded.cache_write_1h_tokens),
    cache_read_tokens = MAX(token_usage.cache_read_tokens, excluded.cache_read_tokens),
    reasoning_tokens = MAX(token_usage.reasoning_tokens, excluded.reasoning_tokens)`;

/** The SQL expression each usage group is keyed by. */
const GROUP_COLUMN: Record<UsageGroup, string> = {
  model: `COALESCE(model, 'unknown')`,
  project: 'project_id',
  session: 'session_id',
  day: 'substr(created_at, 1, 10)',
};

/** Transcript import bookkeeping and token usage in SQLite. */
export class SqliteTranscripts {
  constructor(private readonly ctx: SqliteContext) {}

  getTranscriptFile(path: string): TranscriptFileState | null {
    const row = this.ctx.read(() =>
      this.ctx.stmt('SELECT * FROM transcript_files WHERE path = ?').get(path),
    ) as FileRow | undefined;
    if (!row) return null;
    return {
      path: row.path,
      source: row.source,
      identity: row.identity,
      headHash: row.head_hash,
      headBytes: row.head_bytes,
      offset: row.offset,
      lineNumber: row.line_number,
      parserState: JSON.parse(row.parser_state) as JsonObject,
      importedAt: row.imported_at,
    };
  }

  saveTranscriptFile(state: TranscriptFileState): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO transcript_files (path, source, identity, head_hash, head_bytes, offset, line_number,
             parser_state, imported_at)
           VALUES (@path, @source, @identity, @headHash, @headBytes, @offset, @lineNumber, @parserState, @importedAt)
           ON CONFLICT (path) DO UPDATE SET source = excluded.source, identity = excluded.identity,
             head_hash = excluded.head_hash, head_bytes = excluded.head_bytes, offset = excluded.offset,
             line_number = excluded.line_number, parser_state = excluded.parser_state,
             imported_at = excluded.imported_at`,
        )
        .run({ ...state, parserState: JSON.stringify(state.parserState) }),
    );
  }

  recordUsage(rows: TokenUsage[]): { inserted: number; updated: number } {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    return this.ctx.write(() => {
      const exists = this.ctx.stmt('SELECT 1 FROM token_usage WHERE key = ?');
      const upsert = this.ctx.stmt(UPSERT_USAGE);
      let inserted = 0;
      for (const row of rows) {
        if (exists.get(row.key) === undefined) inserted++;
        upsert.run({ ...row, sidechain: row.sidechain ? 1 : 0 });
      }
      return { inserted, updated: rows.length - inserted };
    });
  }

  usageTotals(filter: UsageFilter, group: UsageGroup): UsageTotals[] {
    const where: string[] = [];
    if (filter.projectId !== undefined) where.push('project_id = @projectId');
    if (filter.sessionId !== undefined) where.push('session_id = @sessionId');
    if (filter.since !== undefined) where.push('created_at >= @since');
    if (filter.until !== undefined) where.push('created_at < @until');
    const reader = sessionReader();
    if (reader !== null) where.push(inOwnedSession('session_id', '@reader'));
    const column = GROUP_COLUMN[group];
    const sql = `SELECT ${column} AS grp, COUNT(*) AS responses,
        SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cache_write_tokens) AS cache_write,
        SUM(cache_write_1h_tokens) AS cache_write_1h, SUM(cache_read_tokens) AS cache_read,
        SUM(reasoning_tokens) AS reasoning
      FROM token_usage ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY grp
      ORDER BY SUM(input_tokens + output_tokens + cache_write_tokens + cache_read_tokens) DESC, grp`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all({ ...filter, reader })) as Record<
      string,
      number | string
    >[];
    return rows.map((row) => ({
      group: String(row.grp),
      responses: Number(row.responses),
      inputTokens: Number(row.input),
      outputTokens: Number(row.output),
      cacheWriteTokens: Number(row.cache_write),
      cacheWrite1hTokens: Number(row.cache_write_1h),
      cacheReadTokens: Number(row.cache_read),
      reasoningTokens: Number(row.reasoning),
    }));
  }

  extendSession(id: string, at: string): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `UPDATE sessions SET last_activity_at = MAX(last_activity_at, @at),
             ended_at = CASE WHEN status = 'ended' THEN MAX(COALESCE(ended_at, @at), @at) ELSE ended_at END,
             updated_at = MAX(updated_at, @at)
           WHERE id = @id AND last_activity_at < @at`,
        )
        .run({ id, at }),
    );
  }
}
