import Database from 'better-sqlite3';
import {
  countMerge,
  incomingWins,
  keepsUniqueSlot,
  replacesExisting,
  sameRow,
  tombstoneWins,
} from '../../core/sync/last-writer-wins.js';
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
  entityByNameSql,
  GROUP_BY_NAME,
  GROUP_CONTENT,
  type GraphEnd,
  graphInsert,
  graphUpdate,
  groupInsert,
  groupUpdate,
  namedKey,
  namedKeyParts,
  namedReadSql,
  namedRowSql,
  RELATION_BY_ENDS,
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
import type { SqliteContext } from './sqlite-context.js';

/** The column append-only tables grow by (checkpoints, hand-offs and usage have no `seq`: their rowid). */
const POSITION: Record<string, string> = {
  checkpoints: 'rowid',
  handoffs: 'rowid',
  token_usage: 'rowid',
};
const position = (table: string) => POSITION[table] ?? 'seq';

/** SQL that reads one batch of a table past a position (see SyncSnapshot.read). */
function readSql(spec: SyncTableSpec): string {
  if (spec.kind === 'tombstone') {
    return 'SELECT seq AS _pos, tbl, row_id, deleted_at FROM sync_tombstones WHERE seq > ? ORDER BY seq LIMIT ?';
  }
  if (spec.name === 'memories') {
    // Every change gives a memory a new sequence (see migration 011): read it like an append-only table.
    return `SELECT seq AS _pos, ${spec.columns.join(', ')} FROM memories WHERE seq > ? ORDER BY seq LIMIT ?`;
  }
  if (keyedTable(spec.name)) return keyedReadSql(spec.name, '?', '?', 'char(31)');
  if (spec.kind === 'named') return namedReadSql(spec, '?', '?', MEMBERS);
  if (spec.kind === 'mutable') {
    const cols = spec.columns.map((column) => `t.${column}`).join(', ');
    return `SELECT c.seq AS _pos, t.id AS _present, ${cols} FROM sync_changes c
      LEFT JOIN ${spec.name} t ON t.id = c.row_id
      WHERE c.tbl = '${spec.name}' AND c.seq > ? ORDER BY c.seq LIMIT ?`;
  }
  const at = position(spec.name);
  return `SELECT ${at} AS _pos, ${spec.columns.join(', ')} FROM ${spec.name}
    WHERE ${at} > ? ORDER BY ${at} LIMIT ?`;
}

function countSql(spec: SyncTableSpec): string {
  if (spec.kind === 'tombstone') return 'SELECT COUNT(*) AS n FROM sync_tombstones WHERE seq > ?';
  if (spec.name === 'memories') return 'SELECT COUNT(*) AS n FROM memories WHERE seq > ?';
  if (spec.kind === 'mutable' || spec.kind === 'named') {
    return `SELECT COUNT(*) AS n FROM sync_changes WHERE tbl = '${spec.name}' AND seq > ?`;
  }
  return `SELECT COUNT(*) AS n FROM ${spec.name} WHERE ${position(spec.name)} > ?`;
}

/** The last position of a table as its reader counts them (see readSql). */
function positionSql(spec: SyncTableSpec): string {
  if (spec.kind === 'tombstone') return 'SELECT COALESCE(MAX(seq), 0) AS at FROM sync_tombstones';
  if (spec.name === 'memories') return 'SELECT COALESCE(MAX(seq), 0) AS at FROM memories';
  if (spec.kind === 'mutable' || spec.kind === 'named') {
    return `SELECT COALESCE(MAX(seq), 0) AS at FROM sync_changes WHERE tbl = '${spec.name}'`;
  }
  return `SELECT COALESCE(MAX(${position(spec.name)}), 0) AS at FROM ${spec.name}`;
}

const insertSql = (spec: SyncTableSpec) =>
  `INSERT INTO ${spec.name} (${spec.columns.join(', ')}) VALUES (${spec.columns.map((c) => `@${c}`).join(', ')})
   ON CONFLICT DO NOTHING`;

/** A project group's members as they travel: JSON arrays of project ids, sorted, and of their join times. */
const memberColumn = (column: string) => `(SELECT json_group_array(${column}) FROM (
  SELECT ${column} FROM project_group_members WHERE group_id = g.id ORDER BY project_id))`;
const MEMBERS = { ids: memberColumn('project_id'), added: memberColumn('added_at') };

/** Rows as better-sqlite3 binds them: every column present (missing ones as null). */
const params = (spec: SyncTableSpec, row: SyncRow) =>
  Object.fromEntries(spec.columns.map((column) => [column, row[column] ?? null]));

/**
 * Sync in SQLite: reads through a second, read-only connection inside one
 * read transaction (a WAL snapshot, so children never arrive without their
 * parents), writes each batch in one IMMEDIATE transaction. New rows get new
 * local sequences, so the batched indexer adds them to the search index; a
 * newer version of a memory is deleted and inserted again for the same reason.
 */
export class SqliteSync implements SyncEndpoint {
  constructor(private readonly ctx: SqliteContext) {}

  async snapshot(): Promise<SyncSnapshot> {
    const main = this.ctx.db;
    const own = main.memory ? null : new Database(main.name, { readonly: true, fileMustExist: true });
    const db = own ?? main;
    if (own) {
      own.pragma('busy_timeout = 15000');
      own.exec('BEGIN');
    }
    return {
      read: async (table, after, limit) => {
        const spec = syncTable(table);
        const raw = db.prepare(readSql(spec)).all(after, limit) as Record<string, unknown>[];
        return toBatch(raw, limit);
      },
      close: async () => {
        if (!own?.open) return;
        own.exec('COMMIT');
        own.close();
      },
    };
  }

  async countAfter(table: string, after: number): Promise<number> {
    const row = this.ctx.read(() => this.ctx.stmt(countSql(syncTable(table))).get(after)) as { n: number };
    return row.n;
  }

  async importRows(table: string, rows: SyncRow[]): Promise<SyncImportResult> {
    const spec = syncTable(table);
    const counts = emptyCounts();
    const position = () => (this.ctx.stmt(positionSql(spec)).get() as { at: number }).at;
    const positions = this.ctx.write(() => {
      const before = position();
      if (spec.kind === 'append') this.importAppend(spec, rows, counts);
      else if (spec.kind === 'mutable') for (const row of rows) this.importMutable(spec, row, counts);
      else if (spec.name === 'project_groups') for (const row of rows) this.importGroup(row, counts);
      else if (keyedTable(spec.name)) for (const row of rows) this.importKeyed(spec, row, counts);
      else if (spec.kind === 'named') for (const row of rows) this.importGraph(spec, row, counts);
      else for (const row of rows) this.importTombstone(row, counts);
      return { before, after: position() };
    });
    if (counts.inserted + counts.updated > 0 && spec.search) this.ctx.scheduleIndexing();
    return { counts, positions };
  }

  private importAppend(spec: SyncTableSpec, rows: SyncRow[], counts: SyncImportCounts): void {
    const insert = this.ctx.stmt(insertSql(spec));
    for (const row of rows) {
      if (insert.run(params(spec, row)).changes > 0) counts.inserted++;
      else counts.unchanged++;
    }
  }

  private current(spec: SyncTableSpec, id: string): SyncRow | undefined {
    return this.ctx.stmt(`SELECT ${spec.columns.join(', ')} FROM ${spec.name} WHERE id = ?`).get(id) as
      | SyncRow
      | undefined;
  }

  private tombstone(table: string, id: string): string | undefined {
    const row = this.ctx
      .stmt('SELECT deleted_at FROM sync_tombstones WHERE tbl = ? AND row_id = ?')
      .get(table, id) as { deleted_at: string } | undefined;
    return row?.deleted_at;
  }

  private importMutable(spec: SyncTableSpec, row: SyncRow, counts: SyncImportCounts): void {
    const id = String(row.id);
    const deletedAt = this.tombstone(spec.name, id);
    if (deletedAt !== undefined && tombstoneWins(deletedAt, row)) {
      counts.tombstoned++;
      return;
    }
    const existing = this.current(spec, id);
    if (!existing) {
      if (this.insertMutable(spec, row)) counts.inserted++;
      else counts.kept++;
      return;
    }
    if (!replacesExisting(row, existing, spec.columns, counts)) return;
    if (spec.name === 'memories' && !this.claimUniqueSlot(spec, row)) {
      counts.kept++;
      return;
    }
    const sets = spec.columns
      .filter((column) => column !== 'id')
      .map((column) => `${column} = @${column}`)
      .join(', ');
    this.ctx.stmt(`UPDATE ${spec.name} SET ${sets} WHERE id = @id`).run(params(spec, row));
    if (spec.name === 'memories') this.reindexMemory(id);
    counts.updated++;
  }

  /**
   * A changed memory leaves the search index and moves to a new sequence
   * past the indexer's watermark, so the next batch indexes its new text.
   */
  private reindexMemory(id: string): void {
    this.ctx
      .stmt(
        `UPDATE memories SET seq = MAX(
           (SELECT COALESCE(MAX(seq), 0) FROM memories),
           COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'memories'), 0)) + 1
         WHERE id = ?`,
      )
      .run(id);
    this.ctx
      .stmt(`UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM memories) WHERE name = 'memories'`)
      .run();
    this.ctx
      .stmt(
        `DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE source = 'memory' AND ref = ?)`,
      )
      .run(id);
    this.ctx.stmt(`DELETE FROM search_docs WHERE source = 'memory' AND ref = ?`).run(id);
  }

  /**
   * Another memory with the same text in the same scope holds the unique slot
   * this row needs: the smaller id keeps it. True when the slot is free (the
   * rival, if any, was deleted; its tombstone tells the other stores).
   */
  private claimUniqueSlot(spec: SyncTableSpec, row: SyncRow): boolean {
    const rivals = this.ctx
      .stmt(
        `SELECT id FROM memories WHERE project_id IS @project_id AND content_hash = @content_hash
           AND team_id IS @team_id AND id <> @id`,
      )
      .all(params(spec, row)) as { id: string }[];
    if (rivals.length === 0) return true;
    const rival = rivals.length === 1 ? rivals[0] : undefined;
    if (!rival || !keepsUniqueSlot(String(row.id), rival.id)) return false;
    this.ctx.stmt('DELETE FROM memories WHERE id = ?').run(rival.id);
    return true;
  }

  /**
   * Inserts a row whose id is absent. Another id may hold its unique slot (a
   * project's identity, a memory's text): a project then stays as it is; of
   * two memories, the smaller id stays (the other is deleted, and its
   * tombstone tells the other stores).
   */
  private insertMutable(spec: SyncTableSpec, row: SyncRow): boolean {
    const insert = this.ctx.stmt(insertSql(spec));
    if (insert.run(params(spec, row)).changes > 0) return true;
    if (spec.name !== 'memories' || !this.claimUniqueSlot(spec, row)) return false;
    return insert.run(params(spec, row)).changes > 0;
  }

  /**
   * A graph row merged by name: absent → added (with its id); present → last
   * writer wins over its content, the target keeping its own ids. A relation
   * whose entities the target lacks (deleted there) is left out.
   */
  private importGraph(spec: SyncTableSpec, row: SyncRow, counts: SyncImportCounts): void {
    if (this.buried(spec, row, counts)) return;
    const content = graphContent(spec);
    const isEntity = spec.name === 'graph_entities';
    const local = isEntity ? this.localEntity(row) : this.localRelation(row);
    if (local === null) {
      counts.kept++;
      return;
    }
    if (!local.existing) {
      if (this.insertGraphRow(spec, row, local.ids)) counts.inserted++;
      else counts.kept++;
      return;
    }
    if (!replacesExisting(row, local.existing, content, counts)) return;
    const update = graphUpdate(spec, row, local.existing.id);
    this.ctx.stmt(update.sql).run(...update.values);
    counts.updated++;
  }

  /**
   * A project group merged by name: absent → added with its members; present →
   * its description last writer wins and its members become the union of both,
   * less the projects that left the group here after they joined it there.
   */
  private importGroup(row: SyncRow, counts: SyncImportCounts): void {
    if (this.buried(syncTable('project_groups'), row, counts)) return;
    const members = groupMembers(row);
    const local = this.ctx.stmt(GROUP_BY_NAME).get(row.name) as SyncRow | undefined;
    if (!local) {
      const insert = groupInsert(row);
      const added = this.ctx.stmt(insert.sql).run(...insert.values).changes;
      if (added === 0) counts.kept++;
      else {
        this.joinGroup(String(row.id), String(row.name), members);
        counts.inserted++;
      }
      return;
    }
    const differs = !sameRow(row, local, GROUP_CONTENT);
    const wins = differs && incomingWins(row, local, GROUP_CONTENT);
    if (wins) {
      const update = groupUpdate(row, local.id);
      this.ctx.stmt(update.sql).run(...update.values);
    }
    const joined = this.joinGroup(String(local.id), String(row.name), members);
    countMerge(counts, differs, wins || joined > 0);
  }

  /** A team member or a vote (rows/sync-keyed-rows.ts): added, last writer wins, or buried. */
  private importKeyed(spec: SyncTableSpec, row: SyncRow, counts: SyncImportCounts): void {
    if (this.buried(spec, row, counts)) return;
    const find = keyedFind(spec.name, namedKeyParts(namedKey(spec, row)));
    const existing = this.ctx.stmt(find.sql).get(...find.values) as SyncRow | undefined;
    if (!existing) {
      const insert = keyedInsert(spec.name, row);
      if (this.ctx.stmt(insert.sql).run(...insert.values).changes > 0) counts.inserted++;
      else counts.kept++;
      return;
    }
    if (!replacesExisting(row, existing, keyedContent(spec.name), counts)) return;
    const update = keyedUpdate(spec.name, row);
    this.ctx.stmt(update.sql).run(...update.values);
    counts.updated++;
  }

  private joinGroup(groupId: string, groupName: string, members: GroupMember[]): number {
    const add = this.ctx.stmt(JOIN_MEMBER);
    let joined = 0;
    for (const member of members) {
      const departed = this.tombstone(MEMBER_TOMBSTONES, memberKey(groupName, member.projectId));
      if (memberJoins(member, departed)) joined += add.run(groupId, member.projectId, member.addedAt).changes;
    }
    return joined;
  }

  /** True (and counted) when a deletion of this name is newer than the incoming version. */
  private buried(spec: SyncTableSpec, row: SyncRow, counts: SyncImportCounts): boolean {
    const deletedAt = this.tombstone(spec.name, namedKey(spec, row));
    if (deletedAt === undefined || !tombstoneWins(deletedAt, row)) return false;
    counts.tombstoned++;
    return true;
  }

  private entityId(end: GraphEnd): string | null {
    const row = this.ctx
      .stmt(namedRowSql(syncTable('graph_entities')))
      .get(end.project_id, end.type, end.name) as { id: string } | undefined;
    return row?.id ?? null;
  }

  private localEntity(row: SyncRow): { existing: SyncRow | undefined; ids: Record<string, string> } {
    const existing = this.ctx
      .stmt(entityByNameSql(syncTable('graph_entities')))
      .get(row.project_id, row.type, row.name) as SyncRow | undefined;
    return { existing, ids: {} };
  }

  private localRelation(row: SyncRow): { existing: SyncRow | undefined; ids: Record<string, string> } | null {
    const ends = relationEnds(row);
    const fromId = this.entityId(ends.from);
    const toId = this.entityId(ends.to);
    if (fromId === null || toId === null) return null;
    const found = this.ctx.stmt(RELATION_BY_ENDS).get(fromId, toId, row.type) as SyncRow | undefined;
    const existing = found && { ...row, ...found };
    return { existing, ids: { from_id: fromId, to_id: toId } };
  }

  private insertGraphRow(spec: SyncTableSpec, row: SyncRow, ids: Record<string, string>): boolean {
    const insert = graphInsert(spec, row, ids);
    return this.ctx.stmt(insert.sql).run(...insert.values).changes > 0;
  }

  private importTombstone(row: SyncRow, counts: SyncImportCounts): void {
    const table = String(row.tbl);
    const id = String(row.row_id);
    const deletedAt = String(row.deleted_at);
    // Rows merged by name (and group members) are buried by name: their ids are each store's own.
    const target = tombstoneTarget(table, id);
    const existing = target
      ? (this.ctx.stmt(target.find.sql).get(...target.find.values) as SyncRow | undefined)
      : this.current(syncTable(table), id);
    if (existing && !tombstoneWins(deletedAt, existing)) {
      counts.kept++;
      return;
    }
    const known = this.tombstone(table, id);
    if (existing) {
      if (target) {
        for (const { sql, values } of target.remove(existing)) this.ctx.stmt(sql).run(...values);
      } else this.ctx.stmt(`DELETE FROM ${table} WHERE id = ?`).run(id);
      counts.tombstoned++;
    } else if (known !== undefined && known >= deletedAt) {
      counts.unchanged++;
      return;
    } else counts.inserted++;
    // Keep the deletion's own time (the trigger stamped "now").
    this.ctx
      .stmt(
        `INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
         VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_tombstones), @table, @id, @deletedAt)
         ON CONFLICT (tbl, row_id) DO UPDATE SET deleted_at = @deletedAt`,
      )
      .run({ table, id, deletedAt });
  }

  async syncPosition(peer: string, direction: SyncDirection, table: string): Promise<number> {
    const row = this.ctx.read(() =>
      this.ctx
        .stmt('SELECT position FROM sync_state WHERE peer = ? AND direction = ? AND tbl = ?')
        .get(peer, direction, table),
    ) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  async saveSyncPosition(peer: string, direction: SyncDirection, table: string, at: number): Promise<void> {
    this.ctx.write(() =>
      this.ctx
        .stmt(
          `INSERT INTO sync_state (peer, direction, tbl, position, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (peer, direction, tbl) DO UPDATE SET position = excluded.position,
             updated_at = excluded.updated_at`,
        )
        .run(peer, direction, table, at, new Date().toISOString()),
    );
  }
}
