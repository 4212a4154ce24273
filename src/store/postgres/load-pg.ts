import { createRequire } from 'node:module';
import type pg from 'pg';

let loaded: typeof pg | null = null;

/**
 * The `pg` driver, loaded on first use: only a store that talks to PostgreSQL
 * pays for it (~16 MB), not every deja process that imports the store code.
 */
export function loadPg(): typeof pg {
  loaded ??= createRequire(import.meta.url)('pg') as typeof pg;
  return loaded;
}
