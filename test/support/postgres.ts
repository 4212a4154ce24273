import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import type { StoreFactory } from '../../src/store/contract/store-contract.js';
import type { Store } from '../../src/store/port.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { withRedaction } from '../../src/store/redacting-store.js';

/** The PostgreSQL server the tests use (trust auth on this machine and in CI). */
export const POSTGRES_URL = process.env.DEJA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when the test server answers within a few seconds. */
export async function postgresReachable(url = POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new, unused schema name (the store creates the schema on first use). */
export function freshSchemaName(prefix = 'deja_test'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** The store URL for a schema on the test server. */
export function schemaUrl(schema: string, url = POSTGRES_URL): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string, url = POSTGRES_URL): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a test schema name: ${schema}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** How a PostgreSQL test file reacts to a missing server: CI must fail, a laptop may skip. */
export const postgresRequired = Boolean(process.env.CI);

/**
 * The PostgreSQL backend for the store contract: a fresh schema per test,
 * dropped in dispose. With no server: in CI, a backend whose `open` fails
 * loudly (so every suite fails); elsewhere, none — and a skipped suite whose
 * name says why.
 */
export async function postgresContractBackends(): Promise<StoreFactory[]> {
  if (!(await postgresReachable())) {
    const why = `PostgreSQL is not reachable at ${redactedUrl(POSTGRES_URL)}`;
    if (postgresRequired) {
      return [
        {
          name: 'postgres',
          open: () => Promise.reject(new Error(`${why} (CI requires it: start it as .ci/run does)`)),
          dispose: async () => undefined,
        },
      ];
    }
    describe.skip(`Store contract: postgres — skipped: ${why} (start it: pg_ctlcluster --skip-systemctl-redirect 15 main start)`, () => {
      it('runs every contract suite on PostgreSQL', () => undefined);
    });
    return [];
  }
  const schemas = new Map<Store, string>();
  return [
    {
      name: 'postgres',
      async open() {
        const schema = freshSchemaName();
        const store = withRedaction(new PostgresStore({ url: schemaUrl(schema), poolSize: 3 }));
        schemas.set(store, schema);
        return store;
      },
      async dispose(store) {
        await store.close();
        const schema = schemas.get(store);
        schemas.delete(store);
        if (schema) await dropSchema(schema);
      },
    },
  ];
}

function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '';
  return parsed.toString();
}
