import type { QualityKind, QualityRun } from '../../core/quality/quality-types.js';
import type { QualityRunFilter } from '../quality-port.js';
import type { PgContext } from './pg-context.js';
import { filterClause } from './pg-tracking.js';

interface QualityRunRow {
  id: string;
  project_id: string;
  session_id: string | null;
  kind: QualityKind;
  command: string;
  exit_code: number | null;
  timed_out: boolean;
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

/** Quality runs in PostgreSQL. */
export class PgQuality {
  constructor(private readonly ctx: PgContext) {}

  async insertQualityRun(run: QualityRun): Promise<void> {
    await this.ctx.query(
      `INSERT INTO quality_runs (id, project_id, session_id, kind, command, exit_code, timed_out, duration_ms,
         passed, failed, skipped, output_head, output_tail, dropped_bytes, failures, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [
        run.id,
        run.projectId,
        run.sessionId,
        run.kind,
        run.command,
        run.exitCode,
        run.timedOut,
        run.durationMs,
        run.passed,
        run.failed,
        run.skipped,
        run.outputHead,
        run.outputTail,
        run.droppedBytes,
        JSON.stringify(run.failures),
        run.createdAt,
      ],
    );
  }

  async listQualityRuns(filter: QualityRunFilter, limit: number): Promise<QualityRun[]> {
    const { where, params } = filterClause(filter);
    if (filter.command !== undefined) {
      params.push(filter.command);
      where.push(`command = $${params.length}`);
    }
    params.push(limit);
    const rows = await this.ctx.query<QualityRunRow>(
      `SELECT * FROM quality_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      projectId: row.project_id,
      sessionId: row.session_id,
      kind: row.kind,
      command: row.command,
      exitCode: row.exit_code,
      timedOut: row.timed_out,
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
