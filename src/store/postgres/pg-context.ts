import type pg from 'pg';
import { loadPg } from './load-pg.js';

/** A query runner: the pool (one statement, autocommit) or a client inside a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** What the PostgreSQL store's parts share: the pool, the schema, and transaction helpers. */
export interface PgContext {
  readonly schema: string;
  /** One statement in autocommit (reads, single-row writes). */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /**
   * One transaction (READ COMMITTED), retried on serialization failures and
   * deadlocks. `sequenced` takes the store's sequence lock first: see
   * `lockSequence`.
   */
  transaction<T>(work: (db: Queryable) => Promise<T>, options?: { sequenced?: boolean }): Promise<T>;
}

/**
 * pg returns bigint and numeric as strings; deja's counts and sequences fit in
 * a double, so they are parsed as numbers — for this pool only, not globally.
 */
const INT8 = 20;
const NUMERIC = 1700;
export const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return loadPg().types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

/** PostgreSQL text cannot hold NUL characters; they are dropped from every string parameter. */
export function cleanParams(params: unknown[] | undefined): unknown[] | undefined {
  if (!params) return params;
  return params.map((value) => {
    if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '') : value;
    if (Array.isArray(value) && value.some((item) => typeof item === 'string' && item.includes('\0'))) {
      return value.map((item) => (typeof item === 'string' ? item.replaceAll('\0', '') : item));
    }
    return value;
  });
}

/**
 * The sequence lock: a transaction-scoped advisory lock per schema, taken by
 * every write that appends to a sequence other processes page through (events,
 * memories, messages, checkpoints, hand-offs, the search index and its
 * tombstones). Identity values are handed out in commit order, so a reader
 * that remembers "everything up to N" never misses a row committed later
 * with a smaller N — the guarantee SQLite gets from its single writer.
 */
export async function lockSequence(db: Queryable, schema: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`deja:sequence:${schema}`]);
}

const RETRYABLE = new Set(['40001', '40P01']);

export async function inTransaction<T>(
  pool: pg.Pool,
  schema: string,
  work: (db: Queryable) => Promise<T>,
  options: { sequenced?: boolean } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    const db: Queryable = {
      query: (sql, params) => client.query(sql, cleanParams(params)),
    };
    try {
      await client.query('BEGIN');
      if (options.sequenced) await lockSequence(db, schema);
      const result = await work(db);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < 5) continue;
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Quotes an identifier that was validated as [a-z_][a-z0-9_]*. */
export const ident = (name: string) => `"${name}"`;
