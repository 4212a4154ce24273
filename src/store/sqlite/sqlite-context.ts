import type Database from 'better-sqlite3';

/** What the SQLite store's parts share: one connection, its statement cache and its transaction helpers. */
export interface SqliteContext {
  readonly db: Database.Database;
  stmt(sql: string): Database.Statement;
  /** One IMMEDIATE write transaction, retried while the lock is busy. */
  write<T>(work: () => T): T;
  read<T>(work: () => T): T;
  /** Asks for the pending documents to be indexed soon (batched). */
  scheduleIndexing(): void;
}
