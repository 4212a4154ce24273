import { incomingWins, keepsUniqueSlot, sameRow, tombstoneWins } from '../../core/sync/last-writer-wins.js';
import { SOURCE_TABLES } from '../rows/search-rows.js';
import { toBatch } from '../rows/sync-rows.js';
import {
  emptyCounts,
  type SyncDirection,
  type SyncEndpoint,
  type SyncImportCounts,
  type SyncRow,
  type SyncSnapshot,
  type SyncTableSpec,
  syncTable,
} from '../sync-port.js';
import type { PgContext, Queryable } from './pg-context.js';
import { indexRows } from './pg-search.js';

/** Select list in canonical form: booleans as 0/1. */
const selectList = (spec: SyncTableSpec, alias = '') =>
  spec.columns
    .map((column) =>
      spec.booleans?.includes(column) ? `${alias}${column}::int AS ${column}` : `${alias}${column}`,
    )
    .join(', ');

function readSql(spec: SyncTableSpec): string {
  if (spec.kind === 'tombstone') {
    return 'SELECT seq AS _pos, tbl, row_id, deleted_at FROM sync_tombstones WHERE seq > $1 ORDER BY seq LIMIT $2';
  }
  if (spec.kind === 'mutable') {
    return `SELECT c.seq AS _pos, t.id AS _present, ${selectList(spec, 't.')} FROM sync_changes c
      LEFT JOIN ${spec.name} t ON t.id = c.row_id
      WHERE c.tbl = '${spec.name}' AND c.seq > $1 ORDER BY c.seq LIMIT $2`;
  }
  return `SELECT seq AS _pos, ${selectList(spec)} FROM ${spec.name} WHERE seq > $1 ORDER BY seq LIMIT $2`;
}

function countSql(spec: SyncTableSpec): string {
  if (spec.kind === 'tombstone') return 'SELECT COUNT(*) AS n FROM sync_tombstones WHERE seq > $1';
  if (spec.kind === 'mutable') {
    return `SELECT COUNT(*) AS n FROM sync_changes WHERE tbl = '${spec.name}' AND seq > $1`;
  }
  return `SELECT COUNT(*) AS n FROM ${spec.name} WHERE seq > $1`;
}

/** What INSERT/UPDATE … RETURNING gives back: the row as the search indexer reads it. */
const returning = (spec: SyncTableSpec) =>
  spec.search ? ` RETURNING ${SOURCE_TABLES[spec.search].columns}` : '';

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters). */
const CHUNK = 1000;

/**
 * Sync in PostgreSQL: reads inside one REPEATABLE READ transaction (a
 * snapshot), writes each batch in one transaction under the sequence lock,
 * indexing the rows it adds (documents are indexed in the writing transaction
 * on this backend).
 */
export class PgSync implements SyncEndpoint {
  constructor(private readonly ctx: PgContext) {}

  snapshot(): Promise<SyncSnapshot> {
    return new Promise((resolve, reject) => {
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((done) => {
        finish = done;
      });
      const transaction = this.ctx.transaction(async (db) => {
        await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        resolve({
          read: async (table, after, limit) => {
            const { rows } = await db.query(readSql(syncTable(table)), [after, limit]);
            return toBatch(rows, limit);
          },
          close: async () => {
            finish();
            await transaction.catch(() => undefined);
          },
        });
        await finished;
      });
      transaction.catch(reject);
    });
  }

  async countAfter(table: string, after: number): Promise<number> {
    const [row] = await this.ctx.query<{ n: number }>(countSql(syncTable(table)), [after]);
    return Number(row?.n ?? 0);
  }

  async importRows(table: string, rows: SyncRow[]): Promise<SyncImportCounts> {
    const spec = syncTable(table);
    const counts = emptyCounts();
    if (rows.length === 0) return counts;
    return this.ctx.transaction(
      async (db) => {
        if (spec.kind === 'append') await this.importAppend(db, spec, rows, counts);
        else if (spec.kind === 'mutable') {
          for (const row of rows) await this.importMutable(db, spec, row, counts);
        } else for (const row of rows) await this.importTombstone(db, row, counts);
        return counts;
      },
      { sequenced: true },
    );
  }

  private async insert(db: Queryable, spec: SyncTableSpec, rows: SyncRow[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const params: unknown[] = [];
      const tuples = chunk.map(
        (row) =>
          `(${spec.columns
            .map((column) => {
              params.push(row[column] ?? null);
              return `$${params.length}`;
            })
            .join(', ')})`,
      );
      const result = await db.query(
        `INSERT INTO ${spec.name} (${spec.columns.join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT DO NOTHING${returning(spec)}`,
        params,
      );
      if (spec.search) await indexRows(db, spec.search, result.rows);
      inserted += result.rowCount ?? 0;
    }
    return inserted;
  }

  private async importAppend(db: Queryable, spec: SyncTableSpec, rows: SyncRow[], counts: SyncImportCounts) {
    const inserted = await this.insert(db, spec, rows);
    counts.inserted += inserted;
    counts.unchanged += rows.length - inserted;
  }

  private async current(db: Queryable, spec: SyncTableSpec, id: string): Promise<SyncRow | undefined> {
    const { rows } = await db.query(`SELECT ${selectList(spec)} FROM ${spec.name} WHERE id = $1`, [id]);
    return rows[0] as SyncRow | undefined;
  }

  private async tombstone(db: Queryable, table: string, id: string): Promise<string | undefined> {
    const { rows } = await db.query<{ deleted_at: string }>(
      'SELECT deleted_at FROM sync_tombstones WHERE tbl = $1 AND row_id = $2',
      [table, id],
    );
    return rows[0]?.deleted_at;
  }

  private async importMutable(db: Queryable, spec: SyncTableSpec, row: SyncRow, counts: SyncImportCounts) {
    const id = String(row.id);
    const deletedAt = await this.tombstone(db, spec.name, id);
    if (deletedAt !== undefined && tombstoneWins(deletedAt, row)) {
      counts.tombstoned++;
      return;
    }
    const existing = await this.current(db, spec, id);
    if (!existing) {
      if ((await this.insert(db, spec, [row])) > 0) counts.inserted++;
      else if (spec.name === 'memories' && (await this.claimUniqueSlot(db, row))) {
        await this.insert(db, spec, [row]);
        counts.inserted++;
      } else counts.kept++;
      return;
    }
    if (sameRow(row, existing, spec.columns)) {
      counts.unchanged++;
      return;
    }
    counts.conflicts++;
    if (
      !incomingWins(row, existing, spec.columns) ||
      (spec.name === 'memories' && !(await this.claimUniqueSlot(db, row)))
    ) {
      counts.kept++;
      return;
    }
    const columns = spec.columns.filter((column) => column !== 'id');
    const result = await db.query(
      `UPDATE ${spec.name} SET ${columns.map((column, i) => `${column} = $${i + 2}`).join(', ')}
       WHERE id = $1${returning(spec)}`,
      [id, ...columns.map((column) => row[column] ?? null)],
    );
    if (spec.search) {
      // The changed row leaves the index and enters it again with its new text.
      await db.query('DELETE FROM search_docs WHERE source = $1 AND ref = $2', [spec.search, id]);
      await indexRows(db, spec.search, result.rows);
    }
    counts.updated++;
  }

  /** As in SQLite: of two memories with the same text in the same scope, the smaller id stays. */
  private async claimUniqueSlot(db: Queryable, row: SyncRow): Promise<boolean> {
    const { rows } = await db.query<{ id: string }>(
      `SELECT id FROM memories WHERE project_id IS NOT DISTINCT FROM $1::text AND content_hash = $2
         AND team_id IS NOT DISTINCT FROM $3::text AND id <> $4`,
      [row.project_id ?? null, row.content_hash, row.team_id ?? null, row.id],
    );
    if (rows.length === 0) return true;
    const rival = rows.length === 1 ? rows[0] : undefined;
    if (!rival || !keepsUniqueSlot(String(row.id), rival.id)) return false;
    await db.query('DELETE FROM memories WHERE id = $1', [rival.id]);
    return true;
  }

  private async importTombstone(db: Queryable, row: SyncRow, counts: SyncImportCounts) {
    const table = String(row.tbl);
    const id = String(row.row_id);
    const deletedAt = String(row.deleted_at);
    const spec = syncTable(table);
    const existing = await this.current(db, spec, id);
    if (existing && !tombstoneWins(deletedAt, existing)) {
      counts.kept++;
      return;
    }
    const known = await this.tombstone(db, table, id);
    if (existing) {
      await db.query(`DELETE FROM ${spec.name} WHERE id = $1`, [id]);
      counts.tombstoned++;
    } else if (known !== undefined && known >= deletedAt) {
      counts.unchanged++;
      return;
    } else counts.inserted++;
    await db.query(
      `INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at) VALUES (nextval('sync_seq'), $1, $2, $3)
       ON CONFLICT (tbl, row_id) DO UPDATE SET deleted_at = excluded.deleted_at`,
      [table, id, deletedAt],
    );
  }

  async syncPosition(peer: string, direction: SyncDirection, table: string): Promise<number> {
    const [row] = await this.ctx.query<{ position: number }>(
      'SELECT position FROM sync_state WHERE peer = $1 AND direction = $2 AND tbl = $3',
      [peer, direction, table],
    );
    return Number(row?.position ?? 0);
  }

  async saveSyncPosition(peer: string, direction: SyncDirection, table: string, at: number): Promise<void> {
    await this.ctx.query(
      `INSERT INTO sync_state (peer, direction, tbl, position, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (peer, direction, tbl) DO UPDATE SET position = excluded.position,
         updated_at = excluded.updated_at`,
      [peer, direction, table, at, new Date().toISOString()],
    );
  }
}
