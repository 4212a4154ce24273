import { join } from 'node:path';
import type { Command } from 'commander';
import type { AppDeps } from '../../app/deps.js';
import {
  DEFAULT_SYNC_BATCH,
  pullSync,
  pushSync,
  type SyncPair,
  type SyncStatus,
  type SyncSummary,
  syncStatus,
} from '../../app/sync/sync.js';
import { UserError } from '../../core/errors.js';
import type { Store } from '../../store/port.js';
import { PostgresStore } from '../../store/postgres/postgres-store.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { isSyncCapable, type SyncEndpoint } from '../../store/sync-port.js';
import { printResult, style } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

interface SyncFlags {
  url?: string;
  batch?: number;
  json?: boolean;
}

/**
 * Opens both sides: the local SQLite file of DEJA_HOME (the configured store
 * when it is that file) and the shared PostgreSQL store. Stores opened here
 * are closed by the returned `close`.
 */
async function openPair(deps: AppDeps, flags: SyncFlags) {
  const url = flags.url ?? deps.config.sync?.url ?? null;
  if (!url) {
    throw new UserError(
      'sync.url',
      'is not set',
      'pass --url postgres://user@host:5432/db?schema=deja, or set DEJA_SYNC_URL or sync.url in config.toml',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UserError('--url', 'must be a postgres:// URL');
  const localPath = join(deps.config.home, 'deja.db');
  const opened: Store[] = [];
  let localStore = deps.store;
  if (deps.store.backend !== 'sqlite' || deps.store.location !== localPath) {
    localStore = new SqliteStore({ path: localPath });
    opened.push(localStore);
  }
  const remoteStore = new PostgresStore({ url });
  opened.push(remoteStore);
  const close = async () => {
    for (const store of opened) await store.close();
  };
  try {
    const health = await remoteStore.health();
    if (!health.ok) throw new UserError('sync.url', 'cannot be reached', health.detail);
    const pair: SyncPair = {
      local: endpoint(localStore),
      remote: endpoint(remoteStore),
      peer: remoteStore.location,
    };
    return { pair, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function endpoint(store: Store): SyncEndpoint {
  if (!isSyncCapable(store)) throw new Error(`the ${store.backend} store cannot sync`);
  return store.syncEndpoint();
}

function batchSize(deps: AppDeps, flags: SyncFlags): number {
  const size = flags.batch ?? deps.config.sync?.batchSize ?? DEFAULT_SYNC_BATCH;
  if (!Number.isInteger(size) || size < 1 || size > 100_000) {
    throw new UserError('--batch', 'must be a whole number from 1 to 100000');
  }
  return size;
}

function summaryText(summary: SyncSummary): string {
  const verb = summary.direction === 'push' ? 'Pushed to' : 'Pulled from';
  const t = summary.totals;
  const lines = [
    `${verb} ${summary.peer}: ${t.read} rows read in ${t.batches} batches; ${t.inserted} added, ${t.updated} updated, ` +
      `${t.unchanged} already there, ${t.conflicts} conflicts resolved (${t.kept} kept the target's version), ` +
      `${t.tombstoned} removed by tombstones.`,
  ];
  for (const row of summary.tables) {
    if (row.read === 0) continue;
    lines.push(
      `  ${row.table.padEnd(20)} ${String(row.read).padStart(7)} read ${String(row.inserted).padStart(7)} added ` +
        `${String(row.updated).padStart(5)} updated ${style.dim(`${row.conflicts} conflicts, ${row.tombstoned} tombstoned`)}`,
    );
  }
  return lines.join('\n');
}

function statusText(status: SyncStatus): string {
  const lines = [
    `${status.peer}: ${status.pendingPush} to push, ${status.pendingPull} to pull ` +
      style.dim('(rows or changes past each cursor)'),
  ];
  for (const row of status.tables) {
    if (row.push === 0 && row.pull === 0) continue;
    lines.push(
      `  ${row.table.padEnd(20)} push ${String(row.push).padStart(7)}  pull ${String(row.pull).padStart(7)}`,
    );
  }
  return lines.join('\n');
}

export function registerSync(program: Command) {
  const sync = program
    .command('sync')
    .description('push/pull between the local SQLite store and a shared PostgreSQL store (see docs/sync.md)');

  const withCommon = (command: Command) =>
    command
      .option('--url <url>', 'the shared store: postgres://user@host:5432/db?schema=deja (env DEJA_SYNC_URL)')
      .option('--json', 'print JSON');

  for (const direction of ['push', 'pull'] as const) {
    withCommon(
      sync
        .command(direction)
        .description(
          direction === 'push'
            ? 'copy local rows the shared store lacks (resumable, idempotent)'
            : 'copy shared rows the local store lacks (resumable, idempotent)',
        )
        .option('--batch <n>', `rows per batch and cursor update (default ${DEFAULT_SYNC_BATCH})`, Number),
    ).action((options: SyncFlags, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const size = batchSize(deps, options);
        const { pair, close } = await openPair(deps, options);
        try {
          const run = direction === 'push' ? pushSync : pullSync;
          const summary = await run(pair, { batchSize: size });
          printResult(options.json === true, summary, summaryText(summary));
        } finally {
          await close();
        }
        return 0;
      }),
    );
  }

  withCommon(sync.command('status').description('what is pending each way, per table')).action(
    (options: SyncFlags, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const { pair, close } = await openPair(deps, options);
        try {
          const status = await syncStatus(pair);
          printResult(options.json === true, status, statusText(status));
        } finally {
          await close();
        }
        return 0;
      }),
  );
}
