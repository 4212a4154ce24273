import type { SearchSource } from '../core/types.js';

/**
 * Sync between two stores (`deja sync`): rows leave one backend and enter the
 * other as they are — same ids, same timestamps — which the Store port's
 * use-case methods cannot do (they assign sequences and times, redact, index).
 * Both backends implement this port; the sync use case (app/sync) drives it
 * and knows no SQL.
 *
 * Rows travel in a canonical form: SQLite column names, text/number/null
 * values, booleans as 0/1. Each table is read by a position that only grows
 * (its sequence for append-only tables, a change sequence for mutable ones),
 * so a cursor "everything up to N" is exact.
 */
export type SyncValue = string | number | null;
export type SyncRow = Record<string, SyncValue>;

/**
 * `named`: rows each store keys by its own ids but which are unique by name —
 * a graph entity by (project, type, name), a relation by its two entities and
 * its type, a project group by its name. They travel by those names and are
 * merged by them (see those rows in SYNC_TABLES).
 */
export type SyncTableKind = 'append' | 'mutable' | 'named' | 'tombstone';

export interface SyncTableSpec {
  name: string;
  kind: SyncTableKind;
  /** The column that names a row on every store (a global id). */
  key: string;
  /** The columns that travel, in canonical (SQLite) names. */
  columns: readonly string[];
  /** Columns stored as 0/1 in SQLite and as boolean in PostgreSQL. */
  booleans?: readonly string[];
  /** The search source whose index a backend refreshes for these rows. */
  search?: SearchSource;
}

/** Deleted rows of mutable tables: `tbl`, `row_id`, `deleted_at` (LWW against the row's `updated_at`). */
export const TOMBSTONES = 'tombstones';

/**
 * What syncs, parents before children (foreign keys). The search index is
 * not copied: each backend indexes the rows it receives. Not synced: reminders
 * and trusted operations (machine-local) and team tables.
 */
export const SYNC_TABLES: readonly SyncTableSpec[] = [
  {
    name: 'projects',
    kind: 'mutable',
    key: 'id',
    columns: [
      'id',
      'identity',
      'name',
      'root_path',
      'languages',
      'package_manager',
      'created_at',
      'updated_at',
    ],
  },
  {
    name: 'sessions',
    kind: 'mutable',
    key: 'id',
    columns: [
      'id',
      'project_id',
      'context',
      'status',
      'goal',
      'skill',
      'type',
      'model',
      'estimate_minutes',
      'branch',
      'workdir',
      'client_name',
      'started_at',
      'last_activity_at',
      'ended_at',
      'outcome',
      'end_reason',
      'notes',
      'updated_at',
      'owner_member',
    ],
  },
  {
    name: 'memories',
    kind: 'mutable',
    key: 'id',
    search: 'memory',
    columns: [
      'id',
      'project_id',
      'session_id',
      'kind',
      'content',
      'content_hash',
      'title',
      'category',
      'tags',
      'confidence',
      'source',
      'created_at',
      'updated_at',
      'owner_member',
      'team_id',
    ],
  },
  {
    name: 'events',
    kind: 'append',
    key: 'id',
    search: 'event',
    columns: ['id', 'session_id', 'project_id', 'category', 'type', 'data', 'text', 'created_at'],
  },
  {
    name: 'messages',
    kind: 'append',
    key: 'id',
    search: 'message',
    columns: [
      'id',
      'session_id',
      'project_id',
      'role',
      'content',
      'turn',
      'source_ref',
      'meta',
      'created_at',
    ],
  },
  {
    name: 'checkpoints',
    kind: 'append',
    key: 'id',
    search: 'checkpoint',
    columns: [
      'id',
      'session_id',
      'project_id',
      'name',
      'summary',
      'kind',
      'git_commit',
      'state',
      'created_at',
    ],
  },
  {
    name: 'handoffs',
    kind: 'append',
    key: 'id',
    search: 'handoff',
    columns: ['id', 'session_id', 'project_id', 'content', 'path', 'project_copy_path', 'created_at'],
  },
  {
    name: 'token_usage',
    kind: 'append',
    key: 'key',
    booleans: ['sidechain'],
    columns: [
      'key',
      'source',
      'session_id',
      'project_id',
      'model',
      'sidechain',
      'created_at',
      'input_tokens',
      'output_tokens',
      'cache_write_tokens',
      'cache_write_1h_tokens',
      'cache_read_tokens',
      'reasoning_tokens',
    ],
  },
  {
    name: 'interactions',
    kind: 'append',
    key: 'id',
    columns: [
      'id',
      'project_id',
      'session_id',
      'prompt',
      'response_summary',
      'rating',
      'files',
      'created_at',
    ],
  },
  {
    name: 'issues',
    kind: 'append',
    key: 'id',
    columns: ['id', 'project_id', 'session_id', 'type', 'severity', 'description', 'created_at'],
  },
  {
    name: 'code_metrics',
    kind: 'append',
    key: 'id',
    columns: [
      'id',
      'project_id',
      'session_id',
      'path',
      'language',
      'content_hash',
      'lines',
      'functions',
      'classes',
      'complexity_total',
      'complexity_max',
      'complexity_average',
      'documented',
      'documentable',
      'doc_coverage',
      'created_at',
    ],
  },
  {
    name: 'context_snapshots',
    kind: 'append',
    key: 'id',
    columns: ['id', 'project_id', 'session_id', 'name', 'content', 'state', 'created_at'],
  },
  {
    name: 'quality_runs',
    kind: 'append',
    key: 'id',
    booleans: ['timed_out'],
    columns: [
      'id',
      'project_id',
      'session_id',
      'kind',
      'command',
      'exit_code',
      'timed_out',
      'duration_ms',
      'passed',
      'failed',
      'skipped',
      'output_head',
      'output_tail',
      'dropped_bytes',
      'failures',
      'created_at',
    ],
  },
  {
    name: 'project_dependencies',
    kind: 'append',
    key: 'id',
    columns: ['id', 'from_id', 'to_id', 'type', 'created_at'],
  },
  {
    // Merged by name: description last writer wins, members as a union less later departures (rows/sync-group-members.ts).
    name: 'project_groups',
    kind: 'named',
    key: 'id',
    columns: ['id', 'name', 'description', 'members', 'created_at', 'updated_at'],
  },
  {
    // Merged by (project_id, type, name): the target keeps its own id for a name it already has.
    name: 'graph_entities',
    kind: 'named',
    key: 'id',
    columns: ['id', 'project_id', 'type', 'name', 'name_lower', 'properties', 'created_at', 'updated_at'],
  },
  {
    // Travels with its entities' names instead of their ids (`from_*`, `to_*`), merged by them and its type.
    name: 'graph_relations',
    kind: 'named',
    key: 'id',
    columns: [
      'id',
      'from_project',
      'from_type',
      'from_name',
      'to_project',
      'to_type',
      'to_name',
      'type',
      'properties',
      'weight',
      'created_at',
      'updated_at',
    ],
  },
  {
    // Teams are created, never changed: copied when the id is new (a team of the same name stays the target's).
    name: 'teams',
    kind: 'append',
    key: 'id',
    columns: ['id', 'name', 'created_at'],
  },
  {
    // Keyed by team and member (rows/sync-keyed-rows.ts): roles last writer wins, removals by tombstone.
    name: 'team_members',
    kind: 'named',
    key: 'team_id',
    columns: ['team_id', 'member', 'role', 'added_at', 'updated_at'],
  },
  {
    // Keyed by memory and member: a changed vote last writer wins, a withdrawn one by tombstone.
    name: 'memory_votes',
    kind: 'named',
    key: 'memory_id',
    columns: ['memory_id', 'member', 'vote', 'updated_at'],
  },
  { name: TOMBSTONES, kind: 'tombstone', key: 'row_id', columns: ['tbl', 'row_id', 'deleted_at'] },
];

export function syncTable(name: string): SyncTableSpec {
  const spec = SYNC_TABLES.find((table) => table.name === name);
  if (!spec) throw new Error(`not a synced table: ${name}`);
  return spec;
}

export interface SyncBatch {
  /** Rows in position order (a mutable row whose change is read after it was deleted is left out). */
  rows: SyncRow[];
  /** The position of the last entry read: the cursor to save once the rows are stored. */
  last: number | null;
  /** True when fewer entries than asked were left. */
  done: boolean;
}

/** A consistent read view of a store (one snapshot), so that every child row read has its parent. */
export interface SyncSnapshot {
  read(table: string, after: number, limit: number): Promise<SyncBatch>;
  close(): Promise<void>;
}

/** What one batch did on the target. */
export interface SyncImportCounts {
  /** Rows that were absent and were added. */
  inserted: number;
  /** Mutable rows replaced by a newer version. */
  updated: number;
  /** Rows already there as they are. */
  unchanged: number;
  /** Rows on both sides that differed: resolved by last-writer-wins (either way). */
  conflicts: number;
  /** Rows the target kept instead (its version won, or a unique clash). */
  kept: number;
  /** Rows deleted by a tombstone, or not inserted because a newer tombstone exists. */
  tombstoned: number;
}

export interface SyncSource {
  snapshot(): Promise<SyncSnapshot>;
  /** Entries past a position (pending work for `deja sync status`). */
  countAfter(table: string, after: number): Promise<number>;
}

/**
 * One imported batch: what it did, and the table's last position on the target
 * before and after it, read inside the batch's transaction under the writer
 * lock — every position in between belongs to a row this batch wrote.
 */
export interface SyncImportResult {
  counts: SyncImportCounts;
  positions: { before: number; after: number };
}

export interface SyncTarget {
  /** Stores one batch in one transaction: all of it or nothing. Idempotent. */
  importRows(table: string, rows: SyncRow[]): Promise<SyncImportResult>;
}

export type SyncDirection = 'push' | 'pull';

/** Where each direction stands, per peer and table (kept on the local store). */
export interface SyncStateStore {
  syncPosition(peer: string, direction: SyncDirection, table: string): Promise<number>;
  saveSyncPosition(peer: string, direction: SyncDirection, table: string, position: number): Promise<void>;
}

export interface SyncEndpoint extends SyncSource, SyncTarget, SyncStateStore {}

/** A store that can take part in a sync. */
export interface SyncCapable {
  syncEndpoint(): SyncEndpoint;
}

export function isSyncCapable(store: unknown): store is SyncCapable {
  return typeof (store as Partial<SyncCapable>).syncEndpoint === 'function';
}

export const emptyCounts = (): SyncImportCounts => ({
  inserted: 0,
  updated: 0,
  unchanged: 0,
  conflicts: 0,
  kept: 0,
  tombstoned: 0,
});

/** The columns that say what a graph row holds (its id is each store's own). */
export const graphContent = (spec: SyncTableSpec): readonly string[] =>
  spec.columns.filter((column) => column !== 'id');
