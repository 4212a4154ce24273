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
import type { SqliteContext } from './sqlite-context.js';

/**
 * WHERE clauses of a tracking filter over a table with project_id, session_id and
 * created_at; acting as a member, only rows of their sessions or of none (bound
 * as `@reader`, see `bound`).
 */
function whereOf(filter: TrackingFilter, alias = ''): string[] {
  const where: string[] = [];
  if (filter.projectId !== undefined) where.push(`${alias}project_id = @projectId`);
  if (filter.sessionId !== undefined) where.push(`${alias}session_id = @sessionId`);
  if (filter.since !== undefined) where.push(`${alias}created_at >= @since`);
  if (filter.until !== undefined) where.push(`${alias}created_at < @until`);
  if (sessionReader() !== null) where.push(sessionlessOrOwned(`${alias}session_id`, '@reader'));
  return where;
}

/** The parameters of a `whereOf` statement. */
const bound = (filter: object, limit: number) => ({ ...filter, limit, reader: sessionReader() });

const clause = (where: string[]) => (where.length > 0 ? `WHERE ${where.join(' AND ')}` : '');

/** Interactions, issues, code metrics, context snapshots and activity reads in SQLite. */
export class SqliteTracking {
  constructor(private readonly ctx: SqliteContext) {}

  insertInteraction(interaction: Interaction): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO interactions (id, project_id, session_id, prompt, response_summary, rating, files, created_at)
           VALUES (@id, @projectId, @sessionId, @prompt, @responseSummary, @rating, @files, @createdAt)`,
        )
        .run({ ...interaction, files: JSON.stringify(interaction.files) }),
    );
  }

  listInteractions(filter: TrackingFilter, limit: number): Interaction[] {
    const sql = `SELECT * FROM interactions ${clause(whereOf(filter))} ORDER BY created_at DESC, seq DESC LIMIT @limit`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all(bound(filter, limit))) as InteractionRow[];
    return rows.map(toInteraction);
  }

  insertIssue(issue: IssueFlag): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO issues (id, project_id, session_id, type, severity, description, created_at)
           VALUES (@id, @projectId, @sessionId, @type, @severity, @description, @createdAt)`,
        )
        .run(issue),
    );
  }

  listIssues(filter: TrackingFilter, limit: number): IssueFlag[] {
    const sql = `SELECT * FROM issues ${clause(whereOf(filter))} ORDER BY created_at DESC, seq DESC LIMIT @limit`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all(bound(filter, limit))) as IssueRow[];
    return rows.map(toIssue);
  }

  insertCodeMetrics(records: CodeMetricsRecord[]): void {
    if (records.length === 0) return;
    this.ctx.write(() => {
      const insert = this.ctx.stmt(
        `INSERT INTO code_metrics (id, project_id, session_id, path, language, content_hash, lines, functions,
           classes, complexity_total, complexity_max, complexity_average, documented, documentable, doc_coverage,
           created_at)
         VALUES (@id, @projectId, @sessionId, @path, @language, @contentHash, @lines, @functions, @classes,
           @complexityTotal, @complexityMax, @complexityAverage, @documented, @documentable, @docCoverage,
           @createdAt)`,
      );
      for (const record of records) {
        insert.run({
          id: record.id,
          projectId: record.projectId,
          sessionId: record.sessionId,
          path: record.path,
          language: record.language,
          contentHash: record.contentHash,
          lines: record.lines,
          functions: record.functions,
          classes: record.classes,
          complexityTotal: record.complexity.total,
          complexityMax: record.complexity.max,
          complexityAverage: record.complexity.average,
          documented: record.documentation.documented,
          documentable: record.documentation.documentable,
          docCoverage: record.documentation.coverage,
          createdAt: record.createdAt,
        });
      }
    });
  }

  listCodeMetrics(filter: TrackingFilter & { path?: string }, limit: number): CodeMetricsRecord[] {
    const where = whereOf(filter);
    if (filter.path !== undefined) where.push('path = @path');
    const sql = `SELECT * FROM code_metrics ${clause(where)} ORDER BY created_at DESC, seq DESC LIMIT @limit`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all(bound(filter, limit))) as MetricsRow[];
    return rows.map(toCodeMetrics);
  }

  insertContextSnapshot(snapshot: ContextSnapshot): void {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO context_snapshots (id, project_id, session_id, name, content, state, created_at)
           VALUES (@id, @projectId, @sessionId, @name, @content, @state, @createdAt)`,
        )
        .run({ ...snapshot, state: JSON.stringify(snapshot.state) }),
    );
  }

  getContextSnapshot(ref: SnapshotRef): ContextSnapshot | null {
    const where: string[] = [];
    if (ref.id !== undefined) where.push('id = @id');
    if (ref.name !== undefined) where.push('name = @name');
    if (ref.projectId !== undefined) where.push('project_id = @projectId');
    if (where.length === 0) return null;
    if (sessionReader() !== null) where.push(sessionlessOrOwned('session_id', '@reader'));
    const sql = `SELECT * FROM context_snapshots ${clause(where)} ORDER BY seq DESC LIMIT 1`;
    const row = this.ctx.read(() => this.ctx.stmt(sql).get(bound(ref, 1))) as SnapshotRow | undefined;
    return row ? toSnapshot(row) : null;
  }

  listContextSnapshots(filter: TrackingFilter, limit: number): ContextSnapshot[] {
    const sql = `SELECT * FROM context_snapshots ${clause(whereOf(filter))} ORDER BY seq DESC LIMIT @limit`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all(bound(filter, limit))) as SnapshotRow[];
    return rows.map(toSnapshot);
  }

  activityEvents(
    filter: TrackingFilter,
    limit: number,
  ): { sessionId: string; createdAt: string; data: JsonObject }[] {
    // Every key filesInEventData reads contains "file" or "path": a cheap pre-filter.
    const where = [...whereOf(filter), `(data LIKE '%file%' OR data LIKE '%path%')`];
    const sql = `SELECT session_id, created_at, data FROM events ${clause(where)} ORDER BY seq DESC LIMIT @limit`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all(bound(filter, limit))) as {
      session_id: string;
      created_at: string;
      data: string;
    }[];
    return rows.map((row) => ({
      sessionId: row.session_id,
      createdAt: row.created_at,
      data: JSON.parse(row.data) as JsonObject,
    }));
  }

  activityToolCalls(
    filter: TrackingFilter,
    limit: number,
  ): { sessionId: string; createdAt: string; content: string }[] {
    const where = [...whereOf(filter), `json_extract(meta, '$.type') = 'tool_call'`];
    const sql = `SELECT session_id, created_at, content FROM messages ${clause(where)}
      ORDER BY seq DESC LIMIT @limit`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all(bound(filter, limit))) as {
      session_id: string;
      created_at: string;
      content: string;
    }[];
    return rows.map((row) => ({
      sessionId: row.session_id,
      createdAt: row.created_at,
      content: row.content,
    }));
  }

  activityTimes(filter: TrackingFilter, limit: number): { sessionId: string; at: string }[] {
    const where = clause(whereOf(filter));
    const sql = `SELECT session_id AS sessionId, created_at AS at FROM (
        SELECT session_id, created_at FROM events ${where}
        UNION ALL
        SELECT session_id, created_at FROM messages ${where}
      ) ORDER BY session_id, created_at LIMIT @limit`;
    return this.ctx.read(() => this.ctx.stmt(sql).all(bound(filter, limit))) as {
      sessionId: string;
      at: string;
    }[];
  }
}
