import type { QualityKind, QualityRun } from '../../core/quality/quality-types.js';
import type { QualityRunFilter } from '../quality-port.js';
import { sessionlessOrOwned, sessionReader } from '../rows/session-visibility.js';
import type { SqliteContext } from './sqlite-context.js';

interface QualityRunRow {
  id: string;
  project_id: string;
  session_id: string | null;
  kind: QualityKind;
  command: string;
  exit_code: number | null;
  timed_out: number;
  duration_ms: number;
  passed: number | null;
  failed: number | null;
  skipped: number | null;
  output_head: string;
  output_tail: string;
  dropped_bytes: number;
  failures: string;
  created_at: string;
}

/** Quality runs in SQLite. */
export class SqliteQuality {
  constructor(private readonly ctx: SqliteContext) {}

  insertQualityRun(run: QualityRun): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO quality_runs (id, project_id, session_id, kind, command, exit_code, timed_out, duration_ms,
             passed, failed, skipped, output_head, output_tail, dropped_bytes, failures, created_at)
           VALUES (@id, @projectId, @sessionId, @kind, @command, @exitCode, @timedOut, @durationMs, @passed,
             @failed, @skipped, @outputHead, @outputTail, @droppedBytes, @failures, @createdAt)`,
        )
        .run({ ...run, timedOut: run.timedOut ? 1 : 0, failures: JSON.stringify(run.failures) }),
    );
  }

  listQualityRuns(filter: QualityRunFilter, limit: number): QualityRun[] {
    const where: string[] = [];
    if (filter.projectId !== undefined) where.push('project_id = @projectId');
    if (filter.sessionId !== undefined) where.push('session_id = @sessionId');
    if (filter.command !== undefined) where.push('command = @command');
    if (filter.since !== undefined) where.push('created_at >= @since');
    if (filter.until !== undefined) where.push('created_at < @until');
    const reader = sessionReader();
    if (reader !== null) where.push(sessionlessOrOwned('session_id', '@reader'));
    const sql = `SELECT * FROM quality_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY created_at DESC, seq DESC LIMIT @limit`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all({ ...filter, limit, reader })) as QualityRunRow[];
    return rows.map((row) => ({
      id: row.id,
      projectId: row.project_id,
      sessionId: row.session_id,
      kind: row.kind,
      command: row.command,
      exitCode: row.exit_code,
      timedOut: row.timed_out === 1,
      durationMs: row.duration_ms,
      passed: row.passed,
      failed: row.failed,
      skipped: row.skipped,
      outputHead: row.output_head,
      outputTail: row.output_tail,
      droppedBytes: row.dropped_bytes,
      failures: JSON.parse(row.failures) as string[],
      createdAt: row.created_at,
    }));
  }
}
