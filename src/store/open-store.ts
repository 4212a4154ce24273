import { join } from 'node:path';
import type { Store } from './port.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { withRedaction } from './redacting-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

export interface StoreLocation {
  /** `DEJA_HOME`: the data folder. */
  home: string;
  /** `DEJA_DATABASE_URL`; empty means the embedded SQLite file. */
  databaseUrl?: string | null;
  /** True for the long-lived server: WAL checkpoints in a worker thread, indexing in background batches. */
  longLived?: boolean;
}

/** Opens the configured backend, always behind the redaction boundary. */
export function openStore(location: StoreLocation): Store {
  if (location.databaseUrl) {
    if (location.databaseUrl === ':memory:') return withRedaction(new SqliteStore({ path: ':memory:' }));
    if (/^postgres(ql)?:\/\//.test(location.databaseUrl)) {
      // One schema (default `deja`, or `?schema=`) of a database shared by every deja process.
      return withRedaction(new PostgresStore({ url: location.databaseUrl }));
    }
    throw new Error(
      `DEJA_DATABASE_URL must start with postgres:// (got ${location.databaseUrl.split(':')[0]}:…)`,
    );
  }
  return withRedaction(
    new SqliteStore({
      path: join(location.home, 'deja.db'),
      backgroundCheckpoints: location.longLived === true,
      backgroundIndexing: location.longLived === true,
    }),
  );
}
