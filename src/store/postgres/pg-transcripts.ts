import type { JsonObject } from '../../core/types.js';
import { inOwnedSession, sessionReader } from '../rows/session-visibility.js';
import type {
  TokenUsage,
  TranscriptFileState,
  UsageFilter,
  UsageGroup,
  UsageTotals,
} from '../transcript-port.js';
import type { PgContext } from './pg-context.js';

interface FileRow {
  path: string;
  source: string;
  identity: string;
  head_hash: string;
  head_bytes: number;
  byte_offset: number;
  line_number: number;
  parser_state: string;
  imported_at: string;
}

/** Field-wise maximum on conflict; `inserted` tells a new key from an updated one. */
const UPSERT_USAGE = `INSERT INTO token_usage AS u (key, source, session_id, project_id, model, sidechain, created_at,
    input_tokens, output_tokens, cache_write_tokens, cache_write_1h_tokens, cache_read_tokens, reasoning_tokens)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (key) DO UPDATE SET
    model = COALESCE(u.model, excluded.model),
    input_tokens = GREATEST(u.input_tokens, excluded.input_tokens),
    output_tokens = GREATEST(u.output_tokens, excluded.output_tokens),
    cache_write_tokens = GREATEST(u.cache_write_tokens, excluded.cache_write_tokens),
    cache_write_1h_tokens = GREATEST(u.cache_write_1h_tokens, excluded.cache_write_1h_tokens),
    cache_read_tokens = GREATEST(u.cache_read_tokens, excluded.cache_read_tokens),
    reasoning_tokens = GREATEST(u.reasoning_tokens, excluded.reasoning_tokens)
  RETURNING (xmax = 0) AS inserted`;

const GROUP_COLUMN: Record<UsageGroup, string> = {
  model: `COALESCE(model, 'unknown')`,
  project: 'project_id',
  session: 'session_id',
  day: 'substr(created_at, 1, 10)',
};

/** Transcript import bookkeeping and token usage in PostgreSQL. */
export class PgTranscripts {
  constructor(private readonly ctx: PgContext) {}

  async getTranscriptFile(path: string): Promise<TranscriptFileState | null> {
    const [row] = await this.ctx.query<FileRow>('SELECT * FROM transcript_files WHERE path = $1', [path]);
    if (!row) return null;
    return {
      path: row.path,
      source: row.source,
      identity: row.identity,
      headHash: row.head_hash,
      headBytes: row.head_bytes,
      offset: row.byte_offset,
      lineNumber: row.line_number,
      parserState: JSON.parse(row.parser_state) as JsonObject,
      importedAt: row.imported_at,
    };
  }

  async saveTranscriptFile(state: TranscriptFileState): Promise<void> {
    await this.ctx.query(
      `INSERT INTO transcript_files (path, source, identity, head_hash, head_bytes, byte_offset, line_number,
         parser_state, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (path) DO UPDATE SET source = excluded.source, identity = excluded.identity,
         head_hash = excluded.head_hash, head_bytes = excluded.head_bytes, byte_offset = excluded.byte_offset,
         line_number = excluded.line_number, parser_state = excluded.parser_state,
         imported_at = excluded.imported_at`,
      [
        state.path,
        state.source,
        state.identity,
        state.headHash,
        state.headBytes,
        state.offset,
        state.lineNumber,
        JSON.stringify(state.parserState),
        state.importedAt,
      ],
    );
  }

  async recordUsage(rows: TokenUsage[]): Promise<{ inserted: number; updated: number }> {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    // One statement per row: a key may repeat inside one batch, which a single ON CONFLICT statement refuses.
    return this.ctx.transaction(async (db) => {
      let inserted = 0;
      for (const row of rows) {
        const { rows: result } = await db.query<{ inserted: boolean }>(UPSERT_USAGE, [
          row.key,
          row.source,
          row.sessionId,
          row.projectId,
          row.model,
          row.sidechain,
          row.createdAt,
          row.inputTokens,
          row.outputTokens,
          row.cacheWriteTokens,
          row.cacheWrite1hTokens,
          row.cacheReadTokens,
          row.reasoningTokens,
        ]);
        if (result[0]?.inserted) inserted++;
      }
      return { inserted, updated: rows.length - inserted };
    });
  }

  async usageTotals(filter: UsageFilter, group: UsageGroup): Promise<UsageTotals[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${clause} $${params.length}`);
    };
    add('project_id =', filter.projectId);
    add('session_id =', filter.sessionId);
    add('created_at >=', filter.since);
    add('created_at <', filter.until);
    const reader = sessionReader();
    if (reader !== null) {
      params.push(reader);
      where.push(inOwnedSession('session_id', `$${params.length}`));
    }
    const column = GROUP_COLUMN[group];
    const rows = await this.ctx.query<Record<string, number | string>>(
      `SELECT ${column} AS grp, COUNT(*) AS responses,
         SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cache_write_tokens) AS cache_write,
         SUM(cache_write_1h_tokens) AS cache_write_1h, SUM(cache_read_tokens) AS cache_read,
         SUM(reasoning_tokens) AS reasoning
       FROM token_usage ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY 1
       ORDER BY SUM(input_tokens + output_tokens + cache_write_tokens + cache_read_tokens) DESC, 1`,
      params,
    );
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

  async extendSession(id: string, at: string): Promise<void> {
    await this.ctx.query(
      `UPDATE sessions SET last_activity_at = GREATEST(last_activity_at, $2),
         ended_at = CASE WHEN status = 'ended' THEN GREATEST(COALESCE(ended_at, $2), $2) ELSE ended_at END,
         updated_at = GREATEST(updated_at, $2)
       WHERE id = $1 AND last_activity_at < $2`,
      [id, at],
    );
  }
}
