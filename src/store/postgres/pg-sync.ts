import {
  countMerge,
  incomingWins,
  keepsUniqueSlot,
  replacesExisting,
  sameRow,
  tombstoneWins,
} from '../../core/sync/last-writer-wins.js';
import { SOURCE_TABLES } from '../rows/search-rows.js';
import {
  type GroupMember,
  groupMembers,
  JOIN_MEMBER,
  MEMBER_TOMBSTONES,
  memberJoins,
  memberKey,
} from '../rows/sync-group-members.js';
import {
  keyedContent,
  keyedFind,
  keyedInsert,
  keyedReadSql,
  keyedTable,
  keyedUpdate,
} from '../rows/sync-keyed-rows.js';
import {
  GROUP_BY_NAME,
  GROUP_CONTENT,
  graphInsert,
  graphUpdate,
  groupInsert,
  groupUpdate,
  namedKey,
  namedKeyParts,
  namedReadSql,
  numbered,
  relationEnds,
} from '../rows/sync-named-rows.js';
import { toBatch } from '../rows/sync-rows.js';
import { tombstoneTarget } from '../rows/sync-tombstone-target.js';
import {
  emptyCounts,
  graphContent,
  type SyncDirection,
  type SyncEndpoint,
  type SyncImportCounts,
  type SyncImportResult,
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

/** A project group's members as they travel: JSON arrays of project ids, sorted, and of their join times. */
const memberColumn = (
  column: string,
) => `(SELECT COALESCE(jsonb_agg(${column} ORDER BY project_id), '[]'::jsonb)::text
  FROM project_group_members WHERE group_id = g.id)`;
const MEMBERS = { ids: memberColumn('project_id'), added: memberColumn('added_at') };

function readSql(spec: SyncTableSpec): string {
  if (spec.kind === 'tombstone') {
    return 'SELECT seq AS _pos, tbl, row_id, deleted_at FROM sync_tombstones WHERE seq > $1 ORDER BY seq LIMIT $2';
  }
  if (keyedTable(spec.name)) return keyedReadSql(spec.name, '$1', '$2', 'chr(31)');
  if (spec.kind === 'named') return namedReadSql(spec, '$1', '$2', MEMBERS);
  if (spec.kind === 'mutable') {
    return `SELECT c.seq AS _pos, t.id AS _present, ${selectList(spec, 't.')} FROM sync_changes c
      LEFT JOIN ${spec.name} t ON t.id = c.row_id
      WHERE c.tbl = '${spec.name}' AND c.seq > $1 ORDER BY c.seq LIMIT $2`;
  }
  return `SELECT seq AS _pos, ${selectList(spec)} FROM ${spec.name} WHERE seq > $1 ORDER BY seq LIMIT $2`;
}

function countSql(spec: SyncTableSpec): string {
  if (spec.kind === 'tombstone') return 'SELECT COUNT(*) AS n FROM sync_tombstones WHERE seq > $1';
  if (spec.kind === 'mutable' || spec.kind === 'named') {
    return `SELECT COUNT(*) AS n FROM sync_changes WHERE tbl = '${spec.name}' AND seq > $1`;
  }
  return `SELECT COUNT(*) AS n FROM ${spec.name} WHERE seq > $1`;
}

/** The last position of a table as its reader counts them (see readSql). */
function positionSql(spec: SyncTableSpec): string {
  if (spec.kind === 'tombstone') return 'SELECT COALESCE(MAX(seq), 0) AS at FROM sync_tombstones';
  if (spec.kind === 'mutable' || spec.kind === 'named') {
    return `SELECT COALESCE(MAX(seq), 0) AS at FROM sync_changes WHERE tbl = '${spec.name}'`;
  }
  return `SELECT COALESCE(MAX(seq), 0) AS at FROM ${spec.name}`;
}

/** What INSERT/UPDATE … RETURNING gives back: the row as the search indexer reads it. */
const returning = (spec: SyncTableSpec) =>
  spec.search ? ` RETURNING ${SOURCE_TABLES[spec.search].columns}` : '';

/** The columns of a graph relation as graphInsert binds them. */
const RELATION_INSERT_COLUMNS = [
  'id',
  'from_id',
  'to_id',
  'type',
  'properties',
  'weight',
  'created_at',
  'updated_at',
] as const;

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

  async importRows(table: string, rows: SyncRow[]): Promise<SyncImportResult> {
    const spec = syncTable(table);
    const counts = emptyCounts();
    const position = async (db: Queryable) => {
      const {
        rows: [row],
      } = await db.query<{ at: number }>(positionSql(spec));
      return Number(row?.at ?? 0);
    };
    return this.ctx.transaction(
      async (db) => {
        // Under the sequence lock (taken first): no other writer draws a position until this commits.
        const before = await position(db);
        if (spec.kind === 'append') await this.importAppend(db, spec, rows, counts);
        else if (spec.kind === 'mutable') await this.importMutable(db, spec, rows, counts);
        else if (spec.name === 'project_groups') {
          for (const row of rows) await this.importGroup(db, row, counts);
        } else if (keyedTable(spec.name)) {
          for (const row of rows) await this.importKeyed(db, spec, row, counts);
        } else if (spec.name === 'graph_entities') await this.importEntities(db, spec, rows, counts);
        else if (spec.name === 'graph_relations') await this.importRelations(db, spec, rows, counts);
        else for (const row of rows) await this.importTombstone(db, row, counts);
        return { counts, positions: { before, after: await position(db) } };
      },
      { sequenced: true },
    );
  }

  /** Inserts rows absent on the target (chunked), indexing them; `ids` collects the ids it added. */
  private async insert(
    db: Queryable,
    spec: SyncTableSpec,
    rows: SyncRow[],
    ids?: Set<string>,
  ): Promise<number> {
    const back = spec.search ? returning(spec) : ids ? ' RETURNING id' : '';
    const tuples = rows.map((row) => spec.columns.map((column) => row[column] ?? null));
    return this.insertTuples(db, spec.name, spec.columns, tuples, back, async (added) => {
      if (spec.search) await indexRows(db, spec.search, added);
      if (ids) for (const row of added) ids.add(String(row.id));
    });
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

  /**
   * A batch of rows merged by id, last writer wins: the batch's tombstones and the
   * target's versions are read in two statements and the absent rows inserted in
   * one (per chunk), so a batch costs a few round trips instead of several per row
   * (a shared store across a network). Only updates go one row at a time.
   */
  private async importMutable(db: Queryable, spec: SyncTableSpec, rows: SyncRow[], counts: SyncImportCounts) {
    const ids = rows.map((row) => String(row.id));
    const buried = await this.tombstonesOf(db, spec.name, ids);
    const existing = new Map(
      (
        await db.query(`SELECT ${selectList(spec)} FROM ${spec.name} WHERE id = ANY($1::text[])`, [ids])
      ).rows.map((row) => [String(row.id), row as SyncRow]),
    );
    const absent: SyncRow[] = [];
    const present: [SyncRow, SyncRow][] = [];
    for (const row of rows) {
      const deletedAt = buried.get(String(row.id));
      if (deletedAt !== undefined && tombstoneWins(deletedAt, row)) counts.tombstoned++;
      else {
        const local = existing.get(String(row.id));
        if (local) present.push([row, local]);
        else absent.push(row);
      }
    }
    const added = new Set<string>();
    counts.inserted += await this.insert(db, spec, absent, added);
    for (const row of absent) {
      if (added.has(String(row.id))) continue;
      // Held back by another unique value: for memories, the same text in the same scope.
      if (spec.name === 'memories' && (await this.claimUniqueSlot(db, row))) {
        await this.insert(db, spec, [row]);
        counts.inserted++;
      } else counts.kept++;
    }
    for (const [row, local] of present) await this.updateMutable(db, spec, row, local, counts);
  }

  private async updateMutable(
    db: Queryable,
    spec: SyncTableSpec,
    row: SyncRow,
    existing: SyncRow,
    counts: SyncImportCounts,
  ) {
    if (!replacesExisting(row, existing, spec.columns, counts)) return;
    if (spec.name === 'memories' && !(await this.claimUniqueSlot(db, row))) {
      counts.kept++;
      return;
    }
    const id = String(row.id);
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

  /**
   * Graph entities merged by name (last writer wins, the target keeping its own ids, as in
   * SQLite), a batch at a time: the batch's
   * tombstones and the target's entities of the same names are read in two
   * statements, the new ones inserted in one (per chunk); only changed ones are
   * updated one by one.
   */
  private async importEntities(
    db: Queryable,
    spec: SyncTableSpec,
    rows: SyncRow[],
    counts: SyncImportCounts,
  ) {
    const keys = rows.map((row) => namedKey(spec, row));
    const buried = await this.tombstonesOf(db, spec.name, keys);
    const local = await this.entitiesNamed(db, rows, spec.columns);
    const absent: SyncRow[] = [];
    const content = graphContent(spec);
    for (const [i, row] of rows.entries()) {
      const key = keys[i] as string;
      const deletedAt = buried.get(key);
      if (deletedAt !== undefined && tombstoneWins(deletedAt, row)) {
        counts.tombstoned++;
        continue;
      }
      const existing = local.get(key);
      if (!existing) {
        absent.push(row);
        continue;
      }
      if (!replacesExisting(row, existing, content, counts)) continue;
      const update = graphUpdate(spec, row, existing.id);
      await db.query(numbered(update.sql), update.values);
      counts.updated++;
    }
    const inserted = await this.insert(db, spec, absent);
    counts.inserted += inserted;
    counts.kept += absent.length - inserted;
  }

  /**
   * Graph relations merged by their ends' names and type (as in SQLite), a batch at a time: the ends'
   * entities, the relations between them and the tombstones are each read in
   * one statement; new relations are inserted in one (per chunk).
   */
  private async importRelations(
    db: Queryable,
    spec: SyncTableSpec,
    rows: SyncRow[],
    counts: SyncImportCounts,
  ) {
    const entities = syncTable('graph_entities');
    const keys = rows.map((row) => namedKey(spec, row));
    const buried = await this.tombstonesOf(db, spec.name, keys);
    const ends = new Map<string, Record<string, unknown>>();
    for (const row of rows) {
      const { from, to } = relationEnds(row);
      for (const end of [from, to]) ends.set(namedKey(entities, { ...end }), { ...end });
    }
    const endEntities = await this.entitiesNamed(
      db,
      [...ends.values()],
      ['id', 'project_id', 'type', 'name'],
    );
    const resolved = rows.map((row) => {
      const { from, to } = relationEnds(row);
      const fromId = endEntities.get(namedKey(entities, { ...from }))?.id;
      const toId = endEntities.get(namedKey(entities, { ...to }))?.id;
      return fromId == null || toId == null ? null : { from_id: String(fromId), to_id: String(toId) };
    });
    const linked = rows.flatMap((row, i) => {
      const ids = resolved[i];
      return ids ? [{ ...ids, type: String(row.type) }] : [];
    });
    const { rows: found } = await db.query(
      `SELECT r.id, r.from_id, r.to_id, r.type, r.properties, r.weight, r.created_at, r.updated_at
       FROM graph_relations r JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(from_id, to_id, type)
         ON r.from_id = k.from_id AND r.to_id = k.to_id AND r.type = k.type`,
      [linked.map((l) => l.from_id), linked.map((l) => l.to_id), linked.map((l) => l.type)],
    );
    const relationKey = (from: unknown, to: unknown, type: unknown) => `${from}\u001f${to}\u001f${type}`;
    const local = new Map(
      found.map((row) => [relationKey(row.from_id, row.to_id, row.type), row as SyncRow]),
    );
    const content = graphContent(spec);
    const absent: unknown[][] = [];
    for (const [i, row] of rows.entries()) {
      const deletedAt = buried.get(keys[i] as string);
      if (deletedAt !== undefined && tombstoneWins(deletedAt, row)) {
        counts.tombstoned++;
        continue;
      }
      const ids = resolved[i];
      if (!ids) {
        counts.kept++;
        continue;
      }
      const found = local.get(relationKey(ids.from_id, ids.to_id, row.type));
      if (!found) {
        // The values of graphInsert's statement, in RELATION_INSERT_COLUMNS order.
        absent.push(graphInsert(spec, row, ids).values);
        continue;
      }
      if (!replacesExisting(row, { ...row, ...found }, content, counts)) continue;
      const update = graphUpdate(spec, row, found.id);
      await db.query(numbered(update.sql), update.values);
      counts.updated++;
    }
    const inserted = await this.insertTuples(db, 'graph_relations', RELATION_INSERT_COLUMNS, absent);
    counts.inserted += inserted;
    counts.kept += absent.length - inserted;
  }

  /** The target's graph entities of these names (project, type, name) by name key, with `columns` (one statement). */
  private async entitiesNamed(
    db: Queryable,
    /** Rows holding project_id, type and name. */
    names: readonly Record<string, unknown>[],
    columns: readonly string[],
  ): Promise<Map<string, SyncRow>> {
    const { rows } = await db.query(
      `SELECT ${columns.map((column) => `e.${column}`).join(', ')} FROM graph_entities e
       JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(project_id, type, name)
         ON e.project_id = k.project_id AND e.type = k.type AND e.name = k.name`,
      [names.map((n) => n.project_id), names.map((n) => n.type), names.map((n) => n.name)],
    );
    return new Map(rows.map((row) => [namedKey(syncTable('graph_entities'), row), row as SyncRow]));
  }

  /** The deletion times of a batch's keys in one table (one statement). */
  private async tombstonesOf(db: Queryable, table: string, keys: string[]): Promise<Map<string, string>> {
    const { rows } = await db.query<{ row_id: string; deleted_at: string }>(
      'SELECT row_id, deleted_at FROM sync_tombstones WHERE tbl = $1 AND row_id = ANY($2::text[])',
      [table, keys],
    );
    return new Map(rows.map((row) => [row.row_id, row.deleted_at]));
  }

  /**
   * Inserts rows of values (in `columns` order) absent on the target, CHUNK rows per
   * statement; `back` (a RETURNING clause) hands each statement's added rows to `added`.
   * The number of rows added.
   */
  private async insertTuples(
    db: Queryable,
    table: string,
    columns: readonly string[],
    tuples: unknown[][],
    back = '',
    added?: (rows: Record<string, unknown>[]) => Promise<void>,
  ): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < tuples.length; i += CHUNK) {
      const params: unknown[] = [];
      const values = tuples.slice(i, i + CHUNK).map((tuple) => {
        const start = params.length;
        params.push(...tuple);
        return `(${tuple.map((_value: unknown, j: number) => `$${start + j + 1}`).join(', ')})`;
      });
      const result = await db.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING${back}`,
        params,
      );
      if (added) await added(result.rows);
      inserted += result.rowCount ?? 0;
    }
    return inserted;
  }

  /** As in SQLite: merged by name, description last writer wins, members as a union less later departures. */
  private async importGroup(db: Queryable, row: SyncRow, counts: SyncImportCounts) {
    if (await this.buried(db, syncTable('project_groups'), row, counts)) return;
    const members = groupMembers(row);
    const { rows } = await db.query(numbered(GROUP_BY_NAME), [row.name]);
    const local = rows[0] as SyncRow | undefined;
    if (!local) {
      const insert = groupInsert(row);
      const added = await db.query(numbered(insert.sql), insert.values);
      if ((added.rowCount ?? 0) === 0) counts.kept++;
      else {
        await this.joinGroup(db, String(row.id), String(row.name), members);
        counts.inserted++;
      }
      return;
    }
    const differs = !sameRow(row, local, GROUP_CONTENT);
    const wins = differs && incomingWins(row, local, GROUP_CONTENT);
    if (wins) {
      const update = groupUpdate(row, local.id);
      await db.query(numbered(update.sql), update.values);
    }
    const joined = await this.joinGroup(db, String(local.id), String(row.name), members);
    countMerge(counts, differs, wins || joined > 0);
  }

  private async joinGroup(db: Queryable, groupId: string, groupName: string, members: GroupMember[]) {
    let joined = 0;
    for (const member of members) {
      const departed = await this.tombstone(db, MEMBER_TOMBSTONES, memberKey(groupName, member.projectId));
      if (!memberJoins(member, departed)) continue;
      const result = await db.query(numbered(JOIN_MEMBER), [groupId, member.projectId, member.addedAt]);
      joined += result.rowCount ?? 0;
    }
    return joined;
  }

  /** As in SQLite: a team member or a vote added, last writer wins, or buried. */
  private async importKeyed(db: Queryable, spec: SyncTableSpec, row: SyncRow, counts: SyncImportCounts) {
    if (await this.buried(db, spec, row, counts)) return;
    const find = keyedFind(spec.name, namedKeyParts(namedKey(spec, row)));
    const existing = (await db.query(numbered(find.sql), find.values)).rows[0] as SyncRow | undefined;
    if (!existing) {
      const insert = keyedInsert(spec.name, row);
      if (((await db.query(numbered(insert.sql), insert.values)).rowCount ?? 0) > 0) counts.inserted++;
      else counts.kept++;
      return;
    }
    if (!replacesExisting(row, existing, keyedContent(spec.name), counts)) return;
    const update = keyedUpdate(spec.name, row);
    await db.query(numbered(update.sql), update.values);
    counts.updated++;
  }

  /** True (and counted) when a deletion of this name is newer than the incoming version. */
  private async buried(db: Queryable, spec: SyncTableSpec, row: SyncRow, counts: SyncImportCounts) {
    const deletedAt = await this.tombstone(db, spec.name, namedKey(spec, row));
    if (deletedAt === undefined || !tombstoneWins(deletedAt, row)) return false;
    counts.tombstoned++;
    return true;
  }

  private async importTombstone(db: Queryable, row: SyncRow, counts: SyncImportCounts) {
    const table = String(row.tbl);
    const id = String(row.row_id);
    const deletedAt = String(row.deleted_at);
    // Rows merged by name (and group members) are buried by name: their ids are each store's own.
    const target = tombstoneTarget(table, id);
    const existing = target
      ? ((await db.query(numbered(target.find.sql), target.find.values)).rows[0] as SyncRow | undefined)
      : await this.current(db, syncTable(table), id);
    if (existing && !tombstoneWins(deletedAt, existing)) {
      counts.kept++;
      return;
    }
    const known = await this.tombstone(db, table, id);
    if (existing) {
      if (target) {
        for (const { sql, values } of target.remove(existing)) await db.query(numbered(sql), values);
      } else await db.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
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
