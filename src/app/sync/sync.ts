import {
  emptyCounts,
  SYNC_TABLES,
  type SyncDirection,
  type SyncEndpoint,
  type SyncImportCounts,
  type SyncImportResult,
} from '../../store/sync-port.js';

/** The two sides of a sync: the local store (which keeps the cursors) and the shared one. */
export interface SyncPair {
  local: SyncEndpoint;
  remote: SyncEndpoint;
  /** Names the shared store in the local cursors (its location, without password). */
  peer: string;
}

export interface SyncTableSummary extends SyncImportCounts {
  table: string;
  /** Rows read from the source. */
  read: number;
  /** Batches committed on the target. */
  batches: number;
}

export interface SyncSummary {
  direction: SyncDirection;
  peer: string;
  tables: SyncTableSummary[];
  totals: SyncImportCounts & { read: number; batches: number };
}

export interface SyncProgress {
  direction: SyncDirection;
  table: string;
  position: number;
  rows: number;
}

export interface SyncRunOptions {
  /** Rows per batch (one target transaction and one cursor update each). */
  batchSize: number;
  onBatch?: (progress: SyncProgress) => void;
}

export const DEFAULT_SYNC_BATCH = 500;

/** `deja sync push`: local rows past the push cursors enter the shared store. */
export function pushSync(pair: SyncPair, options: SyncRunOptions): Promise<SyncSummary> {
  return transfer(pair, 'push', options);
}

/** `deja sync pull`: shared rows past the pull cursors enter the local store. */
export function pullSync(pair: SyncPair, options: SyncRunOptions): Promise<SyncSummary> {
  return transfer(pair, 'pull', options);
}

/**
 * Copies every synced table, parents first, from one snapshot of the source.
 * Each batch commits on the target before the cursor moves (on the local
 * store), so a run killed at any point repeats at most one batch when run
 * again — and batches are idempotent (insert-if-absent, last-writer-wins).
 */
async function transfer(pair: SyncPair, direction: SyncDirection, options: SyncRunOptions) {
  const [source, target] = direction === 'push' ? [pair.local, pair.remote] : [pair.remote, pair.local];
  const batchSize = Math.max(1, Math.floor(options.batchSize));
  const tables: SyncTableSummary[] = [];
  const snapshot = await source.snapshot();
  try {
    for (const spec of SYNC_TABLES) {
      const summary: SyncTableSummary = { table: spec.name, read: 0, batches: 0, ...emptyCounts() };
      let after = await pair.local.syncPosition(pair.peer, direction, spec.name);
      for (;;) {
        const batch = await snapshot.read(spec.name, after, batchSize);
        if (batch.last === null) break;
        const { counts, positions } = await target.importRows(spec.name, batch.rows);
        await pair.local.saveSyncPosition(pair.peer, direction, spec.name, batch.last);
        await skipOwnEcho(pair, direction, spec.name, positions);
        after = batch.last;
        summary.read += batch.rows.length;
        summary.batches++;
        addCounts(summary, counts);
        options.onBatch?.({ direction, table: spec.name, position: after, rows: batch.rows.length });
        if (batch.done) break;
      }
      tables.push(summary);
    }
  } finally {
    await snapshot.close();
  }
  const totals = { read: 0, batches: 0, ...emptyCounts() };
  for (const summary of tables) {
    totals.read += summary.read;
    totals.batches += summary.batches;
    addCounts(totals, summary);
  }
  return { direction, peer: pair.peer, tables, totals } satisfies SyncSummary;
}

/**
 * The rows a batch wrote on the target would come back in the other direction
 * (a pull re-reading what this machine pushed). When the other direction's
 * cursor stands exactly where the target's positions stood before the batch,
 * every position up to the batch's last is this batch's own: the cursor moves
 * past them. Any other writer's rows in between keep the cursor where it is.
 */
async function skipOwnEcho(
  pair: SyncPair,
  direction: SyncDirection,
  table: string,
  positions: SyncImportResult['positions'],
): Promise<void> {
  if (positions.after <= positions.before) return;
  const echo: SyncDirection = direction === 'push' ? 'pull' : 'push';
  const at = await pair.local.syncPosition(pair.peer, echo, table);
  if (at === positions.before) await pair.local.saveSyncPosition(pair.peer, echo, table, positions.after);
}

function addCounts(into: SyncImportCounts, add: SyncImportCounts): void {
  into.inserted += add.inserted;
  into.updated += add.updated;
  into.unchanged += add.unchanged;
  into.conflicts += add.conflicts;
  into.kept += add.kept;
  into.tombstoned += add.tombstoned;
}

export interface SyncStatus {
  peer: string;
  /** Entries past each cursor, per table: what the next push / pull reads. */
  tables: { table: string; push: number; pull: number }[];
  pendingPush: number;
  pendingPull: number;
}

/**
 * `deja sync status`: rows (or changes, for mutable tables) past each cursor.
 * What this machine wrote on the other side is skipped only when no one else
 * wrote in between (see skipOwnEcho), so "pending" is an upper bound of what changes.
 */
export async function syncStatus(pair: SyncPair): Promise<SyncStatus> {
  const tables: SyncStatus['tables'] = [];
  for (const spec of SYNC_TABLES) {
    const [pushAt, pullAt] = await Promise.all([
      pair.local.syncPosition(pair.peer, 'push', spec.name),
      pair.local.syncPosition(pair.peer, 'pull', spec.name),
    ]);
    const [push, pull] = await Promise.all([
      pair.local.countAfter(spec.name, pushAt),
      pair.remote.countAfter(spec.name, pullAt),
    ]);
    tables.push({ table: spec.name, push, pull });
  }
  return {
    peer: pair.peer,
    tables,
    pendingPush: tables.reduce((sum, row) => sum + row.push, 0),
    pendingPull: tables.reduce((sum, row) => sum + row.pull, 0),
  };
}
