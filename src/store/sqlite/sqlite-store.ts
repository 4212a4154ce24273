import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { inOwnedSession, ownedSession, sessionReader } from '../rows/session-visibility.js';
import type { IndexFilters, IndexHit, IndexQuery, MemoryFilter, SearchLogEntry } from '../search-port.js';
import type { SnapshotRef, TrackingFilter } from '../tracking-port.js';
import type { TokenUsage, TranscriptFileState, UsageFilter, UsageGroup } from '../transcript-port.js';
import { type BackgroundCheckpointer, startBackgroundCheckpointer } from './background-checkpointer.js';
import { withBusyRetry } from './busy-retry.js';
import { keywordTerms } from './fts-query.js';
import { migrate } from './migrate.js';
import { sqliteMigrations } from './migrations/index.js';
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
} from './rows.js';
import type { SqliteContext } from './sqlite-context.js';
import { SqliteGraph } from './sqlite-graph.js';
import { SqliteMemories } from './sqlite-memories.js';
import { SqlitePermissions } from './sqlite-permissions.js';
import { SqliteProjects } from './sqlite-projects.js';
import { SqliteQuality } from './sqlite-quality.js';
import { SqliteReminders } from './sqlite-reminders.js';
import { matchExpression, SqliteSearch } from './sqlite-search.js';
import { SqliteSync } from './sqlite-sync.js';
import { SqliteTeams } from './sqlite-teams.js';
import { SqliteTracking } from './sqlite-tracking.js';
import { SqliteTranscripts } from './sqlite-transcripts.js';

/**
 * A session's last activity is the later of what the row holds (start, resume)
 * and its newest event: read through the events index instead of updating the
 * session row on every event, which would add a page write to each record.
 */
const SESSION_COLUMNS = `s.*, MAX(s.last_activity_at, COALESCE(
  (SELECT e.created_at FROM events e WHERE e.session_id = s.id ORDER BY e.seq DESC LIMIT 1), '')) AS last_activity_at`;

/** WAL pages (4 KB each) after which a commit checkpoints (see the constructor). */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** How long after a write the pending events are added to the full-text index. */
const INDEX_BATCH_DELAY_MS = 250;
/** Writes must pause this long before a batch runs… */
const INDEX_IDLE_MS = 100;
/** …but no document waits longer than this to be indexed. */
const INDEX_MAX_LAG_MS = 5000;

export interface SqliteStoreOptions {
  /** A file path, or `:memory:`. */
  path: string;
  /** How long a writer waits for the lock before retrying (ms). */
  busyTimeoutMs?: number;
  /**
   * Long-lived processes (the server) move WAL checkpoints to a worker thread so
   * that their fsyncs never delay a request; short ones leave them to SQLite.
   */
  backgroundCheckpoints?: boolean;
  /**
   * Index new documents in batches on a timer (the default). Short-lived
   * processes turn it off: what they write is indexed when they close (or by
   * the next search anywhere), in a few large transactions — a bulk import then
   * stores at full speed instead of stopping every few seconds to index.
   */
  backgroundIndexing?: boolean;
}

/** The embedded store: one SQLite file in WAL mode, shared safely by several processes. */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  readonly location: string;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly schemaVersion: number;
  private indexTimer: NodeJS.Timeout | null = null;
  private lastWriteAt = 0;
  private pendingSince: number | null = null;
  private readonly memories: SqliteMemories;
  private readonly search: SqliteSearch;
  private readonly transcripts: SqliteTranscripts;
  private readonly tracking: SqliteTracking;
  private readonly quality: SqliteQuality;
  private readonly reminders: SqliteReminders;
  private readonly permissions: SqlitePermissions;
  private readonly graph: SqliteGraph;
  private readonly projectsPart: SqliteProjects;
  private readonly teamsPart: SqliteTeams;
  private readonly backgroundIndexing: boolean;
  private readonly context: SqliteContext;
  private checkpointer: BackgroundCheckpointer | null = null;
  /** Made once: better-sqlite3 builds a wrapper per `transaction()` call, which costs per write. */
  private readonly runInTransaction: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(options: SqliteStoreOptions) {
    this.location = options.path;
    this.backgroundIndexing = options.backgroundIndexing ?? true;
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 15_000 });
    withBusyRetry(() => {
      if (options.path !== ':memory:') this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
    });
    this.runInTransaction = this.db.transaction((work: () => unknown) => work());
    this.schemaVersion = withBusyRetry(() => migrate(this.db, sqliteMigrations, new Date().toISOString()));
    if (options.backgroundCheckpoints && options.path !== ':memory:') {
      this.checkpointer = startBackgroundCheckpointer(options.path);
    }
    // Checkpoints every ~40 MB of WAL instead of SQLite's 4 MB: a bulk import then
    // copies a page that many batches rewrite (an index page) to the database once
    // instead of once per 4 MB. With a background checkpointer this is its safety
    // net; a short process's last close checkpoints what is left.
    if (options.path !== ':memory:') this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    const context: SqliteContext = {
      db: this.db,
      stmt: (sql) => this.stmt(sql),
      write: (work) => this.write(work),
      read: (work) => this.read(work),
      scheduleIndexing: () => this.scheduleIndexing(),
    };
    this.context = context;
    this.memories = new SqliteMemories(context);
    this.search = new SqliteSearch(context, { secondCore: !this.backgroundIndexing });
    this.transcripts = new SqliteTranscripts(context);
    this.tracking = new SqliteTracking(context);
    this.quality = new SqliteQuality(context);
    this.reminders = new SqliteReminders(context);
    this.permissions = new SqlitePermissions(context);
    this.graph = new SqliteGraph(context);
    this.projectsPart = new SqliteProjects(context);
    this.teamsPart = new SqliteTeams(context);
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** One IMMEDIATE write transaction per call, retried if the lock is busy. */
  private write<T>(work: () => T): T {
    return withBusyRetry(() => this.runInTransaction.immediate(work) as T);
  }

  private read<T>(work: () => T): T {
    return withBusyRetry(work);
  }

  async upsertProject(project: Project): Promise<Project> {
    return this.write(() => {
      this.stmt(
        `INSERT INTO projects (id, identity, name, root_path, languages, package_manager, created_at, updated_at)
         VALUES (@id, @identity, @name, @rootPath, @languages, @packageManager, @createdAt, @updatedAt)
         ON CONFLICT(identity) DO UPDATE SET name = excluded.name, root_path = excluded.root_path,
           languages = excluded.languages, package_manager = excluded.package_manager,
           updated_at = excluded.updated_at`,
      ).run({ ...project, languages: JSON.stringify(project.languages) });
      const row = this.stmt('SELECT * FROM projects WHERE identity = ?').get(project.identity) as ProjectRow;
      return toProject(row);
    });
  }

  async getProject(id: string): Promise<Project | null> {
    const row = this.read(() => this.stmt('SELECT * FROM projects WHERE id = ?').get(id)) as
      | ProjectRow
      | undefined;
    return row ? toProject(row) : null;
  }

  async findProject(ref: string): Promise<Project | null> {
    const row = this.read(() =>
      this.stmt(
        `SELECT * FROM projects WHERE id = @ref OR identity = @ref OR root_path = @ref OR name = @ref
         ORDER BY (id = @ref) DESC, (identity = @ref) DESC, (root_path = @ref) DESC, updated_at DESC LIMIT 1`,
      ).get({ ref }),
    ) as ProjectRow | undefined;
    return row ? toProject(row) : null;
  }

  async listProjects(): Promise<Project[]> {
    const rows = this.read(() => this.stmt('SELECT * FROM projects ORDER BY name').all()) as ProjectRow[];
    return rows.map(toProject);
  }

  async insertSession(session: Session): Promise<void> {
    this.write(() => {
      this.stmt(
        `INSERT INTO sessions (id, project_id, context, status, goal, skill, type, model, estimate_minutes,
           branch, workdir, client_name, started_at, last_activity_at, ended_at, outcome, end_reason, notes,
           updated_at)
         VALUES (@id, @projectId, @context, @status, @goal, @skill, @type, @model, @estimateMinutes, @branch,
           @workdir, @clientName, @startedAt, @lastActivityAt, @endedAt, @outcome, @endReason, @notes,
           @startedAt)`,
      ).run(session);
    });
  }

  async getSession(id: string): Promise<Session | null> {
    const reader = sessionReader();
    const owned = reader === null ? '' : `AND ${ownedSession('@reader', 's.')}`;
    const row = this.read(() =>
      this.stmt(`SELECT ${SESSION_COLUMNS} FROM sessions s WHERE s.id = @id ${owned}`).get({ id, reader }),
    ) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  async findSessions(filter: SessionFilter): Promise<Session[]> {
    const where: string[] = [];
    const reader = sessionReader();
    if (filter.projectId !== undefined) where.push('project_id = @projectId');
    if (filter.status !== undefined) where.push('status = @status');
    if (filter.context !== undefined) where.push('context = @context');
    if (filter.member !== undefined) where.push(ownedSession('@member', 's.'));
    if (reader !== null) where.push(ownedSession('@reader', 's.'));
    const sql = `SELECT ${SESSION_COLUMNS} FROM sessions s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, id DESC LIMIT @limit`;
    const rows = this.read(() => this.stmt(sql).all({ ...filter, reader })) as SessionRow[];
    return rows.map(toSession);
  }

  async updateSessionWorkdir(id: string, move: SessionMove): Promise<boolean> {
    return this.write(
      () =>
        this.stmt(
          'UPDATE sessions SET workdir = @workdir, branch = @branch, updated_at = @at WHERE id = @id',
        ).run({ id, ...move }).changes > 0,
    );
  }

  async endSession(id: string, end: SessionEnd, handoff: Handoff | null): Promise<boolean> {
    if (handoff) this.scheduleIndexing();
    return this.write(() => {
      const changed = this.stmt(
        `UPDATE sessions SET status = 'ended', ended_at = @endedAt, outcome = @outcome,
           end_reason = @endReason, notes = @notes, updated_at = @endedAt
         WHERE id = @id AND status = 'active'`,
      ).run({ id, ...end }).changes;
      if (changed === 0) return false;
      if (handoff) {
        this.stmt(
          `INSERT INTO handoffs (id, session_id, project_id, content, path, project_copy_path, created_at)
           VALUES (@id, @sessionId, @projectId, @content, @path, @projectCopyPath, @createdAt)`,
        ).run(handoff);
      }
      return true;
    });
  }

  async appendEvent(event: NewEvent): Promise<EventRecord> {
    const seq = this.write(() => {
      const result = this.stmt(
        `INSERT INTO events (id, session_id, project_id, category, type, data, text, created_at)
         VALUES (@id, @sessionId, @projectId, @category, @type, @data, @text, @createdAt)`,
      ).run({ ...event, data: JSON.stringify(event.data) });
      return Number(result.lastInsertRowid);
    });
    this.scheduleIndexing();
    return { ...event, seq };
  }

  /**
   * Full-text indexing runs in batches shortly after writes rather than inside
   * each write: one FTS5 segment per batch instead of per document keeps a
   * recorded event to a few page writes. Searches index what is pending first,
   * so they always see every committed document, whichever process wrote it.
   */
  private scheduleIndexing(): void {
    if (!this.backgroundIndexing) return;
    const now = Date.now();
    this.lastWriteAt = now;
    if (this.indexTimer || !this.db.open) return;
    this.pendingSince ??= now;
    this.armIndexTimer(INDEX_BATCH_DELAY_MS);
  }

  /**
   * The batch runs when writes pause (none for INDEX_IDLE_MS), so a burst of
   * writes is not slowed by indexing in between; at most INDEX_MAX_LAG_MS after
   * the first pending write it runs anyway. Searches never wait for it: they
   * index what is pending themselves.
   */
  private armIndexTimer(delay: number): void {
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null;
      const now = Date.now();
      const busy = now - this.lastWriteAt < INDEX_IDLE_MS;
      if (busy && now - (this.pendingSince ?? now) < INDEX_MAX_LAG_MS) {
        this.armIndexTimer(INDEX_IDLE_MS);
        return;
      }
      this.pendingSince = null;
      try {
        this.search.indexPending();
        this.search.flushSearchLog();
      } catch {
        // Busy or closed: the next search or batch catches up.
      }
    }, delay);
    this.indexTimer.unref();
  }

  async indexPending(): Promise<number> {
    return this.search.indexPending();
  }

  async queryEvents(filter: EventFilter): Promise<EventRecord[]> {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit };
    const add = (clause: string, name: string, value: unknown) => {
      if (value === undefined) return;
      where.push(clause);
      params[name] = value;
    };
    add('e.session_id = @sessionId', 'sessionId', filter.sessionId);
    add('e.project_id = @projectId', 'projectId', filter.projectId);
    add('e.category = @category', 'category', filter.category);
    add('e.type = @type', 'type', filter.type);
    add('e.created_at >= @since', 'since', filter.since);
    add('e.created_at < @until', 'until', filter.until);
    add(inOwnedSession('e.session_id', '@reader'), 'reader', sessionReader() ?? undefined);
    const direction = filter.ascending ? 'ASC' : 'DESC';
    let sql: string;
    if (filter.keyword !== undefined) {
      const match = matchExpression({
        terms: keywordTerms(filter.keyword),
        match: 'prefix',
        filters: { sources: ['event'] },
      });
      this.search.indexPending();
      add('search_fts MATCH @match', 'match', match);
      add('e.seq < @beforeSeq', 'beforeSeq', filter.beforeSeq);
      add('e.seq > @afterSeq', 'afterSeq', filter.afterSeq);
      // Events enter the index in sequence order, so index order is event order and FTS5 can stop at the limit.
      sql = `SELECT e.* FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid
        JOIN events e ON e.id = d.ref
        WHERE ${where.join(' AND ')} ORDER BY search_fts.rowid ${direction} LIMIT @limit`;
    } else {
      add('e.seq < @beforeSeq', 'beforeSeq', filter.beforeSeq);
      add('e.seq > @afterSeq', 'afterSeq', filter.afterSeq);
      sql = `SELECT e.* FROM events e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.seq ${direction} LIMIT @limit`;
    }
    const rows = this.read(() => this.stmt(sql).all(params)) as EventRow[];
    return rows.map(toEvent);
  }

  async countEvents(filter: { sessionId?: string; projectId?: string }): Promise<EventCounts> {
    const where: string[] = [];
    const reader = sessionReader();
    if (filter.sessionId !== undefined) where.push('session_id = @sessionId');
    if (filter.projectId !== undefined) where.push('project_id = @projectId');
    if (reader !== null) where.push(inOwnedSession('session_id', '@reader'));
    const sql = `SELECT category, COUNT(*) AS n FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY category`;
    const rows = this.read(() => this.stmt(sql).all({ ...filter, reader })) as {
      category: string;
      n: number;
    }[];
    return Object.fromEntries(rows.map((row) => [row.category, row.n])) as EventCounts;
  }

  async insertCheckpoint(checkpoint: Checkpoint, keepAuto: number): Promise<{ pruned: number }> {
    this.scheduleIndexing();
    return this.write(() => {
      this.stmt(
        `INSERT INTO checkpoints (id, session_id, project_id, name, summary, kind, git_commit, state, created_at)
         VALUES (@id, @sessionId, @projectId, @name, @summary, @kind, @gitCommit, @state, @createdAt)`,
      ).run({ ...checkpoint, state: JSON.stringify(checkpoint.state) });
      const pruned = this.stmt(
        `DELETE FROM checkpoints WHERE session_id = @sessionId AND kind = 'auto' AND id NOT IN (
           SELECT id FROM checkpoints WHERE session_id = @sessionId AND kind = 'auto'
           ORDER BY id DESC LIMIT @keepAuto)`,
      ).run({ sessionId: checkpoint.sessionId, keepAuto }).changes;
      return { pruned };
    });
  }

  async listCheckpoints(filter: CheckpointFilter): Promise<Checkpoint[]> {
    const where: string[] = [];
    if (filter.sessionId !== undefined) where.push('session_id = @sessionId');
    if (filter.projectId !== undefined) where.push('project_id = @projectId');
    if (filter.name !== undefined) where.push('name = @name');
    const reader = sessionReader();
    if (reader !== null) where.push(inOwnedSession('session_id', '@reader'));
    const sql = `SELECT * FROM checkpoints ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY id DESC LIMIT @limit`;
    const rows = this.read(() => this.stmt(sql).all({ ...filter, reader })) as CheckpointRow[];
    return rows.map(toCheckpoint);
  }

  async getHandoffBySession(sessionId: string): Promise<Handoff | null> {
    const reader = sessionReader();
    const owned = reader === null ? '' : `AND ${inOwnedSession('session_id', '@reader')}`;
    const row = this.read(() =>
      this.stmt(`SELECT * FROM handoffs WHERE session_id = @sessionId ${owned}`).get({ sessionId, reader }),
    ) as HandoffRow | undefined;
    return row ? toHandoff(row) : null;
  }

  async latestHandoff(projectId: string, excludeSessionId?: string): Promise<Handoff | null> {
    const reader = sessionReader();
    const owned = reader === null ? '' : `AND ${inOwnedSession('session_id', '@reader')}`;
    const row = this.read(() =>
      this.stmt(
        `SELECT * FROM handoffs WHERE project_id = @projectId AND session_id IS NOT @exclude ${owned}
         ORDER BY id DESC LIMIT 1`,
      ).get({ projectId, exclude: excludeSessionId ?? null, reader }),
    ) as HandoffRow | undefined;
    return row ? toHandoff(row) : null;
  }

  async health(): Promise<StoreHealth> {
    try {
      this.read(() => this.stmt('SELECT COUNT(*) FROM schema_migrations').get());
      const mode = this.location === ':memory:' ? 'in memory' : `WAL file ${this.location}`;
      return { ok: true, backend: this.backend, schemaVersion: this.schemaVersion, detail: mode };
    } catch (error) {
      return { ok: false, backend: this.backend, schemaVersion: this.schemaVersion, detail: String(error) };
    }
  }

  async getTranscriptFile(path: string) {
    return this.transcripts.getTranscriptFile(path);
  }
  async saveTranscriptFile(state: TranscriptFileState) {
    this.transcripts.saveTranscriptFile(state);
  }
  async recordUsage(rows: TokenUsage[]) {
    return this.transcripts.recordUsage(rows);
  }
  async usageTotals(filter: UsageFilter, group: UsageGroup) {
    return this.transcripts.usageTotals(filter, group);
  }
  async extendSession(id: string, at: string) {
    this.transcripts.extendSession(id, at);
  }

  async insertInteraction(interaction: Interaction) {
    this.tracking.insertInteraction(interaction);
  }
  async listInteractions(filter: TrackingFilter, limit: number) {
    return this.tracking.listInteractions(filter, limit);
  }
  async insertIssue(issue: IssueFlag) {
    this.tracking.insertIssue(issue);
  }
  async listIssues(filter: TrackingFilter, limit: number) {
    return this.tracking.listIssues(filter, limit);
  }
  async insertCodeMetrics(records: CodeMetricsRecord[]) {
    this.tracking.insertCodeMetrics(records);
  }
  async listCodeMetrics(filter: TrackingFilter & { path?: string }, limit: number) {
    return this.tracking.listCodeMetrics(filter, limit);
  }
  async insertContextSnapshot(snapshot: ContextSnapshot) {
    this.tracking.insertContextSnapshot(snapshot);
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
    this.quality.insertQualityRun(run);
  }
  async listQualityRuns(filter: QualityRunFilter, limit: number) {
    return this.quality.listQualityRuns(filter, limit);
  }
  async insertReminder(reminder: Reminder) {
    this.reminders.insert(reminder);
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
    this.search.indexPending();
    return this.search.searchIndex(query);
  }
  async indexSize() {
    return this.search.indexSize();
  }
  async indexVersion() {
    return this.search.indexVersion();
  }
  async indexedDocuments(afterRowid: number, limit: number) {
    this.search.indexPending();
    return this.search.indexedDocuments(afterRowid, limit);
  }
  async documentsToEmbed(embedderId: string, afterRowid: number, limit: number) {
    this.search.indexPending();
    return this.search.documentsToEmbed(embedderId, afterRowid, limit);
  }
  async storeEmbeddings(embedderId: string, vectors: { docId: number; vector: Float32Array }[], at: string) {
    this.search.storeEmbeddings(embedderId, vectors, at);
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
    this.search.indexPending();
    return this.search.matchingDocIds(filters);
  }
  async countMatches(query: Omit<IndexQuery, 'limit'>) {
    this.search.indexPending();
    return this.search.countMatches(query);
  }
  async facetCounts(query: Omit<IndexQuery, 'limit'>, top: number) {
    this.search.indexPending();
    return this.search.facetCounts(query, top);
  }
  async documents(hits: Pick<IndexHit, 'source' | 'ref'>[]) {
    return this.search.documents(hits);
  }
  async vocabulary(prefix: string, limit: number, visibleTo?: string | null) {
    this.search.indexPending();
    return this.search.vocabulary(prefix, limit, visibleTo);
  }
  async logSearch(entry: SearchLogEntry) {
    this.search.logSearch(entry);
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
    this.graph.touchGraph(batch);
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

  /** Row export/import for `deja sync` (store/sync-port.ts). */
  syncEndpoint(): SqliteSync {
    return new SqliteSync(this.context);
  }

  /** Runs SQLite's own consistency check (used by tests and `deja status --deep`). */
  integrityCheck(): string {
    return this.read(() => this.db.pragma('integrity_check', { simple: true }) as string);
  }

  async close(): Promise<void> {
    if (this.indexTimer) clearTimeout(this.indexTimer);
    this.indexTimer = null;
    if (!this.db.open) return;
    await this.checkpointer?.stop();
    this.checkpointer = null;
    try {
      this.search.indexPending();
      this.search.flushSearchLog();
    } catch {
      // Another process holds the lock: it, or the next query, indexes the rest.
    }
    await this.search.stopWorkers();
    this.db.close();
  }
}
