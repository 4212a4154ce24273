/** What a `postgres://` URL tells deja: where to connect, which schema, how many connections. */
export interface PostgresConnection {
  /** The URL handed to `pg`, without deja's own parameters. */
  connectionString: string;
  /** The schema that holds this store's tables (created when missing). */
  schema: string;
  poolSize: number;
  /** The URL without its password (for `health()` and messages). */
  location: string;
}

export const DEFAULT_SCHEMA = 'deja';
export const DEFAULT_POOL_SIZE = 10;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reads `postgres://user:pass@host:port/db?schema=deja&pool_size=10`. `schema`
 * and `pool_size` are deja's parameters and are removed before `pg` sees the
 * URL; everything else (sslmode, application_name, …) passes through.
 */
export function parsePostgresUrl(url: string, overrides: { schema?: string; poolSize?: number } = {}) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DEJA_DATABASE_URL is not a valid URL: expected postgres://user@host:5432/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DEJA_DATABASE_URL must start with postgres:// (got ${parsed.protocol}…)`);
  }
  const schema = overrides.schema ?? parsed.searchParams.get('schema') ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `DEJA_DATABASE_URL: schema must be lowercase letters, digits and _ (at most 63, not starting with a digit); got ${JSON.stringify(schema)}`,
    );
  }
  const sizeParam = parsed.searchParams.get('pool_size');
  const poolSize = overrides.poolSize ?? (sizeParam === null ? DEFAULT_POOL_SIZE : Number(sizeParam));
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) {
    throw new Error(`DEJA_DATABASE_URL: pool_size must be a whole number from 1 to 1000; got ${sizeParam}`);
  }
  parsed.searchParams.delete('schema');
  parsed.searchParams.delete('pool_size');
  const connectionString = parsed.toString();
  const shown = new URL(connectionString);
  if (shown.password) shown.password = '';
  shown.searchParams.set('schema', schema);
  return { connectionString, schema, poolSize, location: shown.toString() } satisfies PostgresConnection;
}
