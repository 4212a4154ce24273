import type {
  CodeMetricsRecord,
  ContextSnapshot,
  Interaction,
  IssueFlag,
} from '../../core/tracking/tracking-types.js';
import type { JsonObject } from '../../core/types.js';
import { sessionlessOrOwned, sessionReader } from '../rows/session-visibility.js';
import {
  type InteractionRow,
  type IssueRow,
  type MetricsRow,
  type SnapshotRow,
  toCodeMetrics,
  toInteraction,
  toIssue,
  toSnapshot,
} from '../rows/tracking-rows.js';
import type { SnapshotRef, TrackingFilter } from '../tracking-port.js';
import type { PgContext } from './pg-context.js';

/**
 * WHERE clauses (with their positional parameters) of a filter over a table
 * with project_id, session_id and created_at; `offset` shifts the numbering.
 */
export function filterClause(
  filter: { projectId?: string; sessionId?: string; since?: string; until?: string },
  params: unknown[] = [],
): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const add = (clause: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${clause} $${params.length}`);
  };
  add('project_id =', filter.projectId);
  add('session_id =', filter.sessionId);
  add('created_at >=', filter.since);
  add('created_at <', filter.until);
  // Teams: acting as a member, only rows of their sessions or of none.
  const reader = sessionReader();
  if (reader !== null) {
    params.push(reader);
    where.push(sessionlessOrOwned('session_id', `$${params.length}`));
  }
  return { where, params };
}

const clause = (where: string[]) => (where.length > 0 ? `WHERE ${where.join(' AND ')}` : '');

/** Interactions, issues, code metrics, context snapshots and activity reads in PostgreSQL. */
export class PgTracking {
  constructor(private readonly ctx: PgContext) {}

  async insertInteraction(interaction: Interaction): Promise<void> {
    await this.ctx.query(
      `INSERT INTO interactions (id, project_id, session_id, prompt, response_summary, rating, files, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        interaction.id,
        interaction.projectId,
        interaction.sessionId,
        interaction.prompt,
        interaction.responseSummary,
        interaction.rating,
        JSON.stringify(interaction.files),
        interaction.createdAt,
      ],
    );
  }

  async listInteractions(filter: TrackingFilter, limit: number): Promise<Interaction[]> {
    const { where, params } = filterClause(filter);
    params.push(limit);
    const rows = await this.ctx.query<InteractionRow>(
      `SELECT * FROM interactions ${clause(where)} ORDER BY created_at DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toInteraction);
  }

  async insertIssue(issue: IssueFlag): Promise<void> {
    await this.ctx.query(
      `INSERT INTO issues (id, project_id, session_id, type, severity, description, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        issue.id,
        issue.projectId,
        issue.sessionId,
        issue.type,
        issue.severity,
        issue.description,
        issue.createdAt,
      ],
    );
  }

  async listIssues(filter: TrackingFilter, limit: number): Promise<IssueFlag[]> {
    const { where, params } = filterClause(filter);
    params.push(limit);
    const rows = await this.ctx.query<IssueRow>(
      `SELECT * FROM issues ${clause(where)} ORDER BY created_at DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toIssue);
  }

  async insertCodeMetrics(records: CodeMetricsRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ctx.transaction(async (db) => {
      for (const record of records) {
        await db.query(
          `INSERT INTO code_metrics (id, project_id, session_id, path, language, content_hash, lines, functions,
             classes, complexity_total, complexity_max, complexity_average, documented, documentable,
             doc_coverage, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [
            record.id,
            record.projectId,
            record.sessionId,
            record.path,
            record.language,
            record.contentHash,
            record.lines,
            record.functions,
            record.classes,
            record.complexity.total,
            record.complexity.max,
            record.complexity.average,
            record.documentation.documented,
            record.documentation.documentable,
            record.documentation.coverage,
            record.createdAt,
          ],
        );
      }
    });
  }

  async listCodeMetrics(
    filter: TrackingFilter & { path?: string },
    limit: number,
  ): Promise<CodeMetricsRecord[]> {
    const { where, params } = filterClause(filter);
    if (filter.path !== undefined) {
      params.push(filter.path);
      where.push(`path = $${params.length}`);
    }
    params.push(limit);
    const rows = await this.ctx.query<MetricsRow>(
      `SELECT * FROM code_metrics ${clause(where)} ORDER BY created_at DESC, seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toCodeMetrics);
  }

  async insertContextSnapshot(snapshot: ContextSnapshot): Promise<void> {
    await this.ctx.query(
      `INSERT INTO context_snapshots (id, project_id, session_id, name, content, state, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        snapshot.id,
        snapshot.projectId,
        snapshot.sessionId,
        snapshot.name,
        snapshot.content,
        JSON.stringify(snapshot.state),
        snapshot.createdAt,
      ],
    );
  }

  async getContextSnapshot(ref: SnapshotRef): Promise<ContextSnapshot | null> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    add('id', ref.id);
    add('name', ref.name);
    add('project_id', ref.projectId);
    if (where.length === 0) return null;
    const reader = sessionReader();
    if (reader !== null) {
      params.push(reader);
      where.push(sessionlessOrOwned('session_id', `$${params.length}`));
    }
    const [row] = await this.ctx.query<SnapshotRow>(
      `SELECT * FROM context_snapshots ${clause(where)} ORDER BY seq DESC LIMIT 1`,
      params,
    );
    return row ? toSnapshot(row) : null;
  }

  async listContextSnapshots(filter: TrackingFilter, limit: number): Promise<ContextSnapshot[]> {
    const { where, params } = filterClause(filter);
    params.push(limit);
    const rows = await this.ctx.query<SnapshotRow>(
      `SELECT * FROM context_snapshots ${clause(where)} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toSnapshot);
  }

  async activityEvents(
    filter: TrackingFilter,
    limit: number,
  ): Promise<{ sessionId: string; createdAt: string; data: JsonObject }[]> {
    const { where, params } = filterClause(filter);
    // Every key filesInEventData reads contains "file" or "path": a cheap pre-filter.
    where.push(`(data LIKE '%file%' OR data LIKE '%path%')`);
    params.push(limit);
    const rows = await this.ctx.query<{ session_id: string; created_at: string; data: string }>(
      `SELECT session_id, created_at, data FROM events ${clause(where)} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      sessionId: row.session_id,
      createdAt: row.created_at,
      data: JSON.parse(row.data) as JsonObject,
    }));
  }

  async activityToolCalls(
    filter: TrackingFilter,
    limit: number,
  ): Promise<{ sessionId: string; createdAt: string; content: string }[]> {
    const { where, params } = filterClause(filter);
    where.push(`(meta::jsonb ->> 'type') = 'tool_call'`);
    params.push(limit);
    const rows = await this.ctx.query<{ session_id: string; created_at: string; content: string }>(
      `SELECT session_id, created_at, content FROM messages ${clause(where)}
       ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({
      sessionId: row.session_id,
      createdAt: row.created_at,
      content: row.content,
    }));
  }

  async activityTimes(filter: TrackingFilter, limit: number): Promise<{ sessionId: string; at: string }[]> {
    const { where, params } = filterClause(filter);
    params.push(limit);
    const whereSql = clause(where);
    return this.ctx.query<{ sessionId: string; at: string }>(
      `SELECT session_id AS "sessionId", created_at AS at FROM (
         SELECT session_id, created_at FROM events ${whereSql}
         UNION ALL
         SELECT session_id, created_at FROM messages ${whereSql}
       ) t ORDER BY session_id, created_at LIMIT $${params.length}`,
      params,
    );
  }
}
