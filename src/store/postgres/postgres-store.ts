import type pg from 'pg';
import type { Entity, Relation, RelationType, TraversalDirection } from '../../core/graph/graph-types.js';
import type { TrustedOperation } from '../../core/permissions/permission-types.js';
import type { ProjectDependency, ProjectDependencyType } from '../../core/projects/project-types.js';
import type { QualityRun } from '../../core/quality/quality-types.js';
import type { Reminder } from '../../core/reminders/reminder-types.js';
import type { Team, TeamMember, Vote } from '../../core/teams/team-types.js';
import type {
  CodeMetricsRecord,
  ContextSnapshot,
  Interaction,
  IssueFlag,
} from '../../core/tracking/tracking-types.js';
import type {
  Checkpoint,
  EventRecord,
  Handoff,
  Memory,
  Message,
  Project,
  Session,
} from '../../core/types.js';
import type { EntityFilter, GraphTouchBatch, TraversalOptions } from '../graph-port.js';
import type { PermissionFilter } from '../permissions-port.js';
import type {
  CheckpointFilter,
  EventCounts,
  EventFilter,
  NewEvent,
  SessionEnd,
  SessionFilter,
  SessionMove,
  Store,
  StoreHealth,
} from '../port.js';
import type { InsightWindow, NewProjectGroup } from '../projects-port.js';
import type { QualityRunFilter } from '../quality-port.js';
import type { DueClaim, ReminderFilter } from '../reminders-port.js';
import { SOURCE_TABLES } from '../rows/search-rows.js';
import { inOwnedSession, ownedSession, sessionReader } from '../rows/session-visibility.js';
import type { IndexFilters, IndexHit, IndexQuery, MemoryFilter, SearchLogEntry } from '../search-port.js';
import { keywordTerms } from '../sqlite/fts-query.js';
import {
  type CheckpointRow,
  type EventRow,
  type HandoffRow,
  type ProjectRow,
  type SessionRow,
  toCheckpoint,
  toEvent,
  toHandoff,
  toProject,
  toSession,
} from '../sqlite/rows.js';
import type { SnapshotRef, TrackingFilter } from '../tracking-port.js';
import type { TokenUsage, TranscriptFileState, UsageFilter, UsageGroup } from '../transcript-port.js';
import { parsePostgresUrl } from './connection.js';
import { loadPg } from './load-pg.js';
import { migrate } from './migrate.js';
import { postgresMigrations } from './migrations/index.js';
import { cleanParams, inTransaction, type PgContext, pgTypes, type Queryable } from './pg-context.js';
import { PgGraph } from './pg-graph.js';
import { PgMemories } from './pg-memories.js';
import { PgPermissions } from './pg-permissions.js';
import { PgProjects } from './pg-projects.js';
import { PgQuality } from './pg-quality.js';
import { PgReminders } from './pg-reminders.js';
import { indexRows, PgSearch, tsQueryText } from './pg-search.js';
import { PgSync } from './pg-sync.js';
import { PgTeams } from './pg-teams.js';
import { PgTracking } from './pg-tracking.js';
import { PgTranscripts } from './pg-transcripts.js';

/**
 * A session's last activity is the later of what the row holds and its newest
 * event (as in SQLite: the session row is not rewritten on every event).
 */
const SESSION_COLUMNS = `s.id, s.project_id, s.context, s.status, s.goal, s.skill, s.type, s.model,
  s.estimate_minutes, s.branch, s.workdir, s.client_name, s.started_at, s.ended_at, s.outcome, s.end_reason,
  s.notes, GREATEST(s.last_activity_at, COALESCE(
  (SELECT e.created_at FROM events e WHERE e.session_id = s.id ORDER BY e.seq DESC LIMIT 1), '')) AS last_activity_at`;

export interface PostgresStoreOptions {
  /** `postgres://user[:password]@host[:port]/database[?schema=deja&pool_size=10]`. */
  url: string;
  /** Overrides the URL's `schema` (default `deja`). */
  schema?: string;
  /** Overrides the URL's `pool_size` (default 10). */
  poolSize?: number;
}

/**
 * The shared store: one schema in a PostgreSQL database, used by any number
 * of deja processes at once. The constructor returns at once; the first call
 * waits for the connection and the migrations (run under an advisory lock).
 */
export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  readonly location: string;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly ready: Promise<void>;
  private schemaVersion = 0;
  /** Schema of the pgvector extension when it is installed (vector distance in C); null: plain SQL. */
  private pgvectorSchema: string | null = null;
  private closed = false;
  private readonly ctx: PgContext;
  private readonly memories: PgMemories;
  private readonly search: PgSearch;
  private readonly transcripts: PgTranscripts;
  private readonly tracking: PgTracking;
  private readonly quality: PgQuality;
  private readonly reminders: PgReminders;
  private readonly permissions: PgPermissions;
  private readonly graph: PgGraph;
  private readonly projectsPart: PgProjects;
  private readonly teamsPart: PgTeams;

  constructor(options: PostgresStoreOptions) {
    const connection = parsePostgresUrl(options.url, {
      ...(options.schema === undefined ? {} : { schema: options.schema }),
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    });
    this.location = connection.location;
    this.schema = connection.schema;
    this.pool = new (loadPg().Pool)({
      connectionString: connection.connectionString,
      max: connection.poolSize,
      options: `-c search_path=${connection.schema}`,
      types: pgTypes,
      idleTimeoutMillis: 30_000,
    });
    // A connection that dies while idle (server restart) is replaced on the next query.
    this.pool.on('error', () => undefined);
    this.ready = this.init();
    this.ready.catch(() => undefined);
    const ready = this.ready;
    const pool = this.pool;
    const schema = this.schema;
    this.ctx = {
      schema,
      async query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
        await ready;
        return (await pool.query<R>(sql, cleanParams(params))).rows;
      },
      async transaction(work, txOptions) {
        await ready;
        return inTransaction(pool, schema, work, txOptions);
      },
    };
    this.memories = new PgMemories(this.ctx);
    this.search = new PgSearch(this.ctx);
    this.transcripts = new PgTranscripts(this.ctx);
    this.tracking = new PgTracking(this.ctx);
    this.quality = new PgQuality(this.ctx);
    this.reminders = new PgReminders(this.ctx);
    this.permissions = new PgPermissions(this.ctx);
    this.graph = new PgGraph(this.ctx);
    this.projectsPart = new PgProjects(this.ctx);
    this.teamsPart = new PgTeams(this.ctx);
  }

  private async init(): Promise<void> {
    this.schemaVersion = await migrate(this.pool, this.schema, postgresMigrations);
    const { rows } = await this.pool.query<{ schema: string }>(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
       WHERE e.extname = 'vector'`,
    );
    this.pgvectorSchema = rows[0]?.schema ?? null;
  }

  private write<T>(work: (db: Queryable) => Promise<T>, sequenced = false): Promise<T> {
    return this.ctx.transaction(work, { sequenced });
  }

  async upsertProject(project: Project): Promise<Project> {
    const [row] = await this.ctx.query<ProjectRow>(
      `INSERT INTO projects (id, identity, name, root_path, languages, package_manager, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (identity) DO UPDATE SET name = excluded.name, root_path = excluded.root_path,
         languages = excluded.languages, package_manager = excluded.package_manager,
         updated_at = excluded.updated_at
       RETURNING *`,
      [
        project.id,
        project.identity,
        project.name,
        project.rootPath,
        JSON.stringify(project.languages),
        project.packageManager,
        project.createdAt,
        project.updatedAt,
      ],
    );
    return toProject(row as ProjectRow);
  }

  async getProject(id: string): Promise<Project | null> {
    const [row] = await this.ctx.query<ProjectRow>('SELECT * FROM projects WHERE id = $1', [id]);
    return row ? toProject(row) : null;
  }

  async findProject(ref: string): Promise<Project | null> {
    const [row] = await this.ctx.query<ProjectRow>(
      `SELECT * FROM projects WHERE id = $1 OR identity = $1 OR root_path = $1 OR name = $1
       ORDER BY (id = $1) DESC, (identity = $1) DESC, (root_path = $1) DESC, updated_at DESC LIMIT 1`,
      [ref],
    );
    return row ? toProject(row) : null;
  }

  async listProjects(): Promise<Project[]> {
    return (await this.ctx.query<ProjectRow>('SELECT * FROM projects ORDER BY name')).map(toProject);
  }

  async insertSession(session: Session): Promise<void> {
    await this.ctx.query(
      `INSERT INTO sessions (id, project_id, context, status, goal, skill, type, model, estimate_minutes,
         branch, workdir, client_name, started_at, last_activity_at, ended_at, outcome, end_reason, notes,
         updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $13)`,
      [
        session.id,
        session.projectId,
        session.context,
        session.status,
        session.goal,
        session.skill,
        session.type,
        session.model,
        session.estimateMinutes,
        session.branch,
        session.workdir,
        session.clientName,
        session.startedAt,
        session.lastActivityAt,
        session.endedAt,
        session.outcome,
        session.endReason,
        session.notes,
      ],
    );
  }

  async getSession(id: string): Promise<Session | null> {
    const reader = sessionReader();
    const [row] = await this.ctx.query<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = $1 ${reader === null ? '' : `AND ${ownedSession('$2', 's.')}`}`,
      reader === null ? [id] : [id, reader],
    );
    return row ? toSession(row) : null;
  }

  async findSessions(filter: SessionFilter): Promise<Session[]> {
    const where: string[] = [];
    const params: unknown[] = [filter.limit];
    const add = (clause: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${clause} $${params.length}`);
    };
    add('s.project_id =', filter.projectId);
    add('s.status =', filter.status);
    add('s.context =', filter.context);
    add('s.owner_member =', filter.member);
    add('s.owner_member =', sessionReader() ?? undefined);
    const rows = await this.ctx.query<SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.started_at DESC, s.id DESC LIMIT $1`,
      params,
    );
    return rows.map(toSession);
  }

  async updateSessionWorkdir(id: string, move: SessionMove): Promise<boolean> {
    const rows = await this.ctx.query(
      'UPDATE sessions SET workdir = $2, branch = $3, updated_at = $4 WHERE id = $1 RETURNING id',
      [id, move.workdir, move.branch, move.at],
    );
    return rows.length > 0;
  }

  /**
   * The status check and the hand-off insert share one transaction: a second
   * concurrent `endSession` waits on the row lock, then finds the session
   * ended and stores nothing.
   */
  async endSession(id: string, end: SessionEnd, handoff: Handoff | null): Promise<boolean> {
    return this.write(async (db) => {
      const changed = await db.query(
        `UPDATE sessions SET status = 'ended', ended_at = $2, outcome = $3, end_reason = $4, notes = $5,
           updated_at = $2
         WHERE id = $1 AND status = 'active'`,
        [id, end.endedAt, end.outcome, end.endReason, end.notes],
      );
      if (changed.rowCount === 0) return false;
      if (handoff) {
        const { rows } = await db.query(
          `INSERT INTO handoffs (id, session_id, project_id, content, path, project_copy_path, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${SOURCE_TABLES.handoff.columns}`,
          [
            handoff.id,
            handoff.sessionId,
            handoff.projectId,
            handoff.content,
            handoff.path,
            handoff.projectCopyPath,
            handoff.createdAt,
          ],
        );
        await indexRows(db, 'handoff', rows);
      }
      return true;
    }, handoff !== null);
  }

  async appendEvent(event: NewEvent): Promise<EventRecord> {
    return this.write(async (db) => {
      const { rows } = await db.query<EventRow>(
        `INSERT INTO events (id, session_id, project_id, category, type, data, text, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          event.id,
          event.sessionId,
          event.projectId,
          event.category,
          event.type,
          JSON.stringify(event.data),
          event.text,
          event.createdAt,
        ],
      );
      await indexRows(db, 'event', rows as unknown as Record<string, unknown>[]);
      return { ...event, seq: (rows[0] as EventRow).seq };
    }, true);
  }

  /** Documents are indexed in the transaction that writes them: nothing is ever pending. */
  async indexPending(): Promise<number> {
    return 0;
  }

  async queryEvents(filter: EventFilter): Promise<EventRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [filter.limit];
    const add = (clause: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${clause} $${params.length}`);
    };
    add('e.session_id =', filter.sessionId);
    add('e.project_id =', filter.projectId);
    add('e.category =', filter.category);
    add('e.type =', filter.type);
    add('e.created_at >=', filter.since);
    add('e.created_at <', filter.until);
    add('e.seq <', filter.beforeSeq);
    add('e.seq >', filter.afterSeq);
    const reader = sessionReader();
    if (reader !== null) {
      params.push(reader);
      where.push(inOwnedSession('e.session_id', `$${params.length}`));
    }
    const direction = filter.ascending ? 'ASC' : 'DESC';
    let from = 'events e';
    if (filter.keyword !== undefined) {
      const text = tsQueryText(keywordTerms(filter.keyword), 'prefix');
      if (text === null) return [];
      params.push(text);
      from = `events e JOIN search_docs d ON d.source = 'event' AND d.ref = e.id`;
      where.push(`d.body @@ to_tsquery('deja_text', $${params.length})`);
    }
    const rows = await this.ctx.query<EventRow>(
      `SELECT e.* FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.seq ${direction} LIMIT $1`,
      params,
    );
    return rows.map(toEvent);
  }

  async countEvents(filter: { sessionId?: string; projectId?: string }): Promise<EventCounts> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.sessionId !== undefined) {
      params.push(filter.sessionId);
      where.push(`session_id = $${params.length}`);
    }
    if (filter.projectId !== undefined) {
      params.push(filter.projectId);
      where.push(`project_id = $${params.length}`);
    }
    const reader = sessionReader();
    if (reader !== null) {
      params.push(reader);
      where.push(inOwnedSession('session_id', `$${params.length}`));
    }
    const rows = await this.ctx.query<{ category: string; n: number }>(
      `SELECT category, COUNT(*) AS n FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY category`,
      params,
    );
    return Object.fromEntries(rows.map((row) => [row.category, row.n])) as EventCounts;
  }

  async insertCheckpoint(checkpoint: Checkpoint, keepAuto: number): Promise<{ pruned: number }> {
    return this.write(async (db) => {
      const { rows } = await db.query(
        `INSERT INTO checkpoints (id, session_id, project_id, name, summary, kind, git_commit, state, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${SOURCE_TABLES.checkpoint.columns}`,
        [
          checkpoint.id,
          checkpoint.sessionId,
          checkpoint.projectId,
          checkpoint.name,
          checkpoint.summary,
          checkpoint.kind,
          checkpoint.gitCommit,
          JSON.stringify(checkpoint.state),
          checkpoint.createdAt,
        ],
      );
      await indexRows(db, 'checkpoint', rows);
      const pruned = await db.query(
        `DELETE FROM checkpoints WHERE session_id = $1 AND kind = 'auto' AND id NOT IN (
           SELECT id FROM checkpoints WHERE session_id = $1 AND kind = 'auto' ORDER BY id DESC LIMIT $2)`,
        [checkpoint.sessionId, keepAuto],
      );
      return { pruned: pruned.rowCount ?? 0 };
    }, true);
  }

  async listCheckpoints(filter: CheckpointFilter): Promise<Checkpoint[]> {
    const where: string[] = [];
    const params: unknown[] = [filter.limit];
    const add = (clause: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${clause} $${params.length}`);
    };
    add('session_id =', filter.sessionId);
    add('project_id =', filter.projectId);
    add('name =', filter.name);
    const reader = sessionReader();
    if (reader !== null) {
      params.push(reader);
      where.push(inOwnedSession('session_id', `$${params.length}`));
    }
    const rows = await this.ctx.query<CheckpointRow>(
      `SELECT * FROM checkpoints ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $1`,
      params,
    );
    return rows.map(toCheckpoint);
  }

  async getHandoffBySession(sessionId: string): Promise<Handoff | null> {
    const reader = sessionReader();
    const [row] = await this.ctx.query<HandoffRow>(
      `SELECT * FROM handoffs WHERE session_id = $1 ${reader === null ? '' : `AND ${inOwnedSession('session_id', '$2')}`}`,
      reader === null ? [sessionId] : [sessionId, reader],
    );
    return row ? toHandoff(row) : null;
  }

  async latestHandoff(projectId: string, excludeSessionId?: string): Promise<Handoff | null> {
    const reader = sessionReader();
    const [row] = await this.ctx.query<HandoffRow>(
      `SELECT * FROM handoffs WHERE project_id = $1 AND session_id IS DISTINCT FROM $2::text
         ${reader === null ? '' : `AND ${inOwnedSession('session_id', '$3')}`}
       ORDER BY id DESC LIMIT 1`,
      reader === null ? [projectId, excludeSessionId ?? null] : [projectId, excludeSessionId ?? null, reader],
    );
    return row ? toHandoff(row) : null;
  }

  async health(): Promise<StoreHealth> {
    try {
      await this.ctx.query('SELECT COUNT(*) FROM schema_migrations');
      const vectors = this.pgvectorSchema === null ? 'vectors as real[] (exact cosine)' : 'pgvector';
      return {
        ok: true,
        backend: this.backend,
        schemaVersion: this.schemaVersion,
        detail: `PostgreSQL ${this.location} (schema ${this.schema}; ${vectors})`,
      };
    } catch (error) {
      return {
        ok: false,
        backend: this.backend,
        schemaVersion: this.schemaVersion,
        detail: `PostgreSQL ${this.location}: ${String(error)}`,
      };
    }
  }

  /**
   * Exact cosine nearest neighbours of one embedder's vectors, computed in SQL
   * (pgvector's `<=>` when the extension is installed). Not part of the Store
   * port: search keeps vectors in memory; this serves tools that do not.
   */
  async nearestEmbeddings(embedderId: string, query: Float32Array, limit: number) {
    await this.ready;
    return this.search.nearestEmbeddings(embedderId, query, limit, this.pgvectorSchema);
  }

  /** Row export/import for `deja sync` (store/sync-port.ts). */
  syncEndpoint(): PgSync {
    return new PgSync(this.ctx);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.pool.end();
  }

  async getTranscriptFile(path: string) {
    return this.transcripts.getTranscriptFile(path);
  }
  async saveTranscriptFile(state: TranscriptFileState) {
    await this.transcripts.saveTranscriptFile(state);
  }
  async recordUsage(rows: TokenUsage[]) {
    return this.transcripts.recordUsage(rows);
  }
  async usageTotals(filter: UsageFilter, group: UsageGroup) {
    return this.transcripts.usageTotals(filter, group);
  }
  async extendSession(id: string, at: string) {
    await this.transcripts.extendSession(id, at);
  }

  async insertInteraction(interaction: Interaction) {
    await this.tracking.insertInteraction(interaction);
  }
  async listInteractions(filter: TrackingFilter, limit: number) {
    return this.tracking.listInteractions(filter, limit);
  }
  async insertIssue(issue: IssueFlag) {
    await this.tracking.insertIssue(issue);
  }
  async listIssues(filter: TrackingFilter, limit: number) {
    return this.tracking.listIssues(filter, limit);
  }
  async insertCodeMetrics(records: CodeMetricsRecord[]) {
    await this.tracking.insertCodeMetrics(records);
  }
  async listCodeMetrics(filter: TrackingFilter & { path?: string }, limit: number) {
    return this.tracking.listCodeMetrics(filter, limit);
  }
  async insertContextSnapshot(snapshot: ContextSnapshot) {
    await this.tracking.insertContextSnapshot(snapshot);
  }
  async getContextSnapshot(ref: SnapshotRef) {
    return this.tracking.getContextSnapshot(ref);
  }
  async listContextSnapshots(filter: TrackingFilter, limit: number) {
    return this.tracking.listContextSnapshots(filter, limit);
  }
  async activityEvents(filter: TrackingFilter, limit: number) {
    return this.tracking.activityEvents(filter, limit);
  }
  async activityToolCalls(filter: TrackingFilter, limit: number) {
    return this.tracking.activityToolCalls(filter, limit);
  }
  async activityTimes(filter: TrackingFilter, limit: number) {
    return this.tracking.activityTimes(filter, limit);
  }
  async insertQualityRun(run: QualityRun) {
    await this.quality.insertQualityRun(run);
  }
  async listQualityRuns(filter: QualityRunFilter, limit: number) {
    return this.quality.listQualityRuns(filter, limit);
  }
  async insertReminder(reminder: Reminder) {
    await this.reminders.insert(reminder);
  }
  async getReminder(id: string) {
    return this.reminders.get(id);
  }
  async listReminders(filter: ReminderFilter) {
    return this.reminders.list(filter);
  }
  async cancelReminder(id: string, at: string) {
    return this.reminders.cancel(id, at);
  }
  async claimDueReminders(claim: DueClaim, next: (reminder: Reminder) => string | null) {
    return this.reminders.claimDue(claim, next);
  }
  async hasDueReminders(claim: Omit<DueClaim, 'limit'>) {
    return this.reminders.hasDue(claim);
  }
  async grantPermission(grant: TrustedOperation) {
    return this.permissions.grant(grant);
  }
  async revokePermission(operation: string, projectId: string | null) {
    return this.permissions.revoke(operation, projectId);
  }
  async listPermissions(filter: PermissionFilter) {
    return this.permissions.list(filter);
  }
  async resetPermissions(projectId: string | null) {
    return this.permissions.reset(projectId);
  }

  async insertMemory(memory: Memory) {
    return this.memories.insertMemory(memory);
  }
  async insertMemories(memories: Memory[]) {
    return this.memories.insertMemories(memories);
  }
  async getMemory(id: string, visibleTo?: string | null) {
    return this.memories.getMemory(id, visibleTo);
  }
  async listMemories(filter: MemoryFilter) {
    return this.memories.listMemories(filter);
  }
  async deleteMemories(ids: string[], ownedBy?: string | null) {
    return this.memories.deleteMemories(ids, ownedBy);
  }
  async deleteAllMemories(projectId?: string | null, ownedBy?: string | null) {
    return this.memories.deleteAllMemories(projectId, ownedBy);
  }
  async memoryStats(projectId?: string, visibleTo?: string | null) {
    return this.memories.memoryStats(projectId, visibleTo);
  }
  async appendMessages(messages: Message[]) {
    return this.memories.appendMessages(messages);
  }
  async sessionMessages(
    sessionId: string,
    options: { role?: Message['role']; since?: string; limit: number },
  ) {
    return this.memories.sessionMessages(sessionId, options);
  }

  async getMessages(ids: string[]) {
    return this.memories.getMessages(ids);
  }
  async searchIndex(query: IndexQuery) {
    return this.search.searchIndex(query);
  }
  async indexSize() {
    return this.search.indexSize();
  }
  /** PostgreSQL gives no cheap change counter across connections: callers look each time. */
  async indexVersion() {
    return null;
  }
  async indexedDocuments(afterRowid: number, limit: number) {
    return this.search.indexedDocuments(afterRowid, limit);
  }
  async documentsToEmbed(embedderId: string, afterRowid: number, limit: number) {
    return this.search.documentsToEmbed(embedderId, afterRowid, limit);
  }
  async storeEmbeddings(embedderId: string, vectors: { docId: number; vector: Float32Array }[], at: string) {
    await this.search.storeEmbeddings(embedderId, vectors, at);
  }
  async embeddings(embedderId: string, afterRowid: number, limit: number) {
    return this.search.embeddings(embedderId, afterRowid, limit);
  }
  async embeddingProgress(embedderId: string) {
    return this.search.embeddingProgress(embedderId);
  }
  async deletedDocuments(afterSeq: number, limit: number) {
    return this.search.deletedDocuments(afterSeq, limit);
  }
  async lastTombstone() {
    return this.search.lastTombstone();
  }
  async matchingDocIds(filters: IndexFilters) {
    return this.search.matchingDocIds(filters);
  }
  async countMatches(query: Omit<IndexQuery, 'limit'>) {
    return this.search.countMatches(query);
  }
  async facetCounts(query: Omit<IndexQuery, 'limit'>, top: number) {
    return this.search.facetCounts(query, top);
  }
  async documents(hits: Pick<IndexHit, 'source' | 'ref'>[]) {
    return this.search.documents(hits);
  }
  async vocabulary(prefix: string, limit: number, visibleTo?: string | null) {
    return this.search.vocabulary(prefix, limit, visibleTo);
  }
  async logSearch(entry: SearchLogEntry) {
    await this.search.logSearch(entry);
  }
  async searchMetrics(since?: string) {
    return this.search.searchMetrics(since);
  }

  async upsertEntity(entity: Entity) {
    return this.graph.upsertEntity(entity);
  }
  async getEntity(id: string) {
    return this.graph.getEntity(id);
  }
  async findEntityByName(projectId: string, type: Entity['type'], name: string) {
    return this.graph.findEntityByName(projectId, type, name);
  }
  async findEntities(filter: EntityFilter) {
    return this.graph.findEntities(filter);
  }
  async deleteEntity(id: string) {
    return this.graph.deleteEntity(id);
  }
  async upsertRelation(relation: Relation) {
    return this.graph.upsertRelation(relation);
  }
  async deleteRelations(fromId: string, toId: string, type?: RelationType) {
    return this.graph.deleteRelations(fromId, toId, type);
  }
  async relationsAmong(ids: string[]) {
    return this.graph.relationsAmong(ids);
  }
  async neighbours(startId: string, options: TraversalOptions) {
    return this.graph.neighbours(startId, options);
  }
  async shortestPath(fromId: string, toId: string, maxDepth: number, direction: TraversalDirection) {
    return this.graph.shortestPath(fromId, toId, maxDepth, direction);
  }
  async touchGraph(batch: GraphTouchBatch) {
    await this.graph.touchGraph(batch);
  }
  async addToProjectGroup(group: NewProjectGroup, projectIds: string[]) {
    return this.projectsPart.addToProjectGroup(group, projectIds);
  }
  async removeFromProjectGroup(name: string, projectIds: string[] | null) {
    return this.projectsPart.removeFromProjectGroup(name, projectIds);
  }
  async getProjectGroup(name: string) {
    return this.projectsPart.getProjectGroup(name);
  }
  async listProjectGroups(projectId?: string) {
    return this.projectsPart.listProjectGroups(projectId);
  }
  async addProjectDependency(dependency: ProjectDependency) {
    return this.projectsPart.addProjectDependency(dependency);
  }
  async removeProjectDependencies(fromId: string, toId: string, type?: ProjectDependencyType) {
    return this.projectsPart.removeProjectDependencies(fromId, toId, type);
  }
  async listProjectDependencies(projectId?: string) {
    return this.projectsPart.listProjectDependencies(projectId);
  }
  async dependencyDistances(projectId: string, maxDepth: number, direction: 'out' | 'in' | 'both') {
    return this.projectsPart.dependencyDistances(projectId, maxDepth, direction);
  }
  async projectActivity(projectId: string, since?: string) {
    return this.projectsPart.projectActivity(projectId, since);
  }
  async projectTexts(projectId: string, window: InsightWindow) {
    return this.projectsPart.projectTexts(projectId, window);
  }
  async projectErrors(projectId: string, window: InsightWindow) {
    return this.projectsPart.projectErrors(projectId, window);
  }

  // Teams (src/store/teams-port.ts).
  async insertTeam(team: Team) {
    return this.teamsPart.insertTeam(team);
  }
  async getTeam(ref: string) {
    return this.teamsPart.getTeam(ref);
  }
  async listTeams(member?: string) {
    return this.teamsPart.listTeams(member);
  }
  async upsertTeamMember(member: TeamMember) {
    return this.teamsPart.upsertTeamMember(member);
  }
  async removeTeamMember(teamId: string, member: string) {
    return this.teamsPart.removeTeamMember(teamId, member);
  }
  async listTeamMembers(teamId: string) {
    return this.teamsPart.listTeamMembers(teamId);
  }
  async memberTeams(member: string) {
    return this.teamsPart.memberTeams(member);
  }
  async setSessionOwner(sessionId: string, member: string) {
    return this.teamsPart.setSessionOwner(sessionId, member);
  }
  async claimOwnerless(member: string) {
    return this.teamsPart.claimOwnerless(member);
  }
  async setMemberToken(member: string, tokenSha256: string, at: string) {
    return this.teamsPart.setMemberToken(member, tokenSha256, at);
  }
  async memberForToken(tokenSha256: string) {
    return this.teamsPart.memberForToken(tokenSha256);
  }
  async setVote(memoryId: string, member: string, vote: Vote | null, at: string) {
    return this.teamsPart.setVote(memoryId, member, vote, at);
  }
  async voteScores(memoryIds: string[]) {
    return this.teamsPart.voteScores(memoryIds);
  }
  async teamStats(teamId: string, options: { top: number; since: string }) {
    return this.teamsPart.teamStats(teamId, options);
  }
}
