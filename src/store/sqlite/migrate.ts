import type Database from 'better-sqlite3';
import type { Migration } from './migrations/index.js';

/**
 * Applies pending migrations inside one IMMEDIATE transaction, so two processes
 * opening a fresh database at once cannot both migrate. Refuses a schema newer
 * than this code knows, rather than writing to it.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], now: string): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > latest) {
      throw new SchemaTooNewError(current, latest);
    }
    const insert = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      insert.run(migration.version, migration.name, now);
    }
    return latest;
  });
  return run.immediate();
}

export class SchemaTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `the database schema is version ${found}, newer than this deja knows (${known}); ` +
        'upgrade deja (npm install -g deja@latest) or point DEJA_HOME at another folder',
    );
    this.name = 'SchemaTooNewError';
  }
}
