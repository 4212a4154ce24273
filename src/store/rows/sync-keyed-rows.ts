import type { SyncRow } from '../sync-port.js';
import type { BoundSql } from './sync-named-rows.js';

/**
 * Rows keyed by two columns instead of an id, synced through `sync_changes`
 * and `sync_tombstones` under a name key (the key columns joined by the
 * character 31; migration 018's triggers build the same text): a team's
 * members (team id and member) and memory votes (memory id and member). An
 * edit is last-writer-wins by `updated_at`; a removal leaves a tombstone. A
 * member whose team the target lacks is not added (teams sync before them).
 */
interface KeyedTable {
  keys: readonly [string, string];
  /** The columns last-writer-wins compares and an update replaces. */
  content: readonly string[];
  /** The table a row's first key must exist in, if any. */
  parent?: string;
}

export const KEYED_TABLES: Readonly<Record<string, KeyedTable>> = {
  team_members: { keys: ['team_id', 'member'], content: ['role', 'added_at', 'updated_at'], parent: 'teams' },
  memory_votes: { keys: ['memory_id', 'member'], content: ['vote', 'updated_at'] },
};

export const keyedTable = (name: string): KeyedTable | undefined => KEYED_TABLES[name];

function table(name: string): KeyedTable {
  const spec = KEYED_TABLES[name];
  if (!spec) throw new Error(`not a keyed table: ${name}`);
  return spec;
}

/**
 * One batch of a keyed table's changes (`after`, `limit`: the driver's
 * placeholders; `separator`: the backend's expression for the character 31).
 */
export function keyedReadSql(name: string, after: string, limit: string, separator: string): string {
  const { keys, content } = table(name);
  const [first, second] = keys;
  const columns = [...keys, ...content].map((column) => `t.${column}`).join(', ');
  return `SELECT c.seq AS _pos, t.${first} AS _present, ${columns} FROM sync_changes c
    LEFT JOIN ${name} t ON c.row_id = t.${first} || ${separator} || t.${second}
    WHERE c.tbl = '${name}' AND c.seq > ${after} ORDER BY c.seq LIMIT ${limit}`;
}

/** The target's row of a key (`parts`: the key's two values), with every synced column. */
export function keyedFind(name: string, parts: readonly unknown[]): BoundSql {
  const { keys, content } = table(name);
  return {
    sql: `SELECT ${[...keys, ...content].join(', ')} FROM ${name} WHERE ${keys[0]} = ? AND ${keys[1]} = ?`,
    values: [parts[0], parts[1]],
  };
}

/** Adds an incoming row absent on the target (nothing when its parent is missing there). */
export function keyedInsert(name: string, row: SyncRow): BoundSql {
  const { keys, content, parent } = table(name);
  const columns = [...keys, ...content];
  const values = columns.map((column) => row[column] ?? null);
  const placeholders = columns.map(() => '?').join(', ');
  if (!parent) {
    return {
      sql: `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${placeholders}) ON CONFLICT DO NOTHING`,
      values,
    };
  }
  return {
    sql: `INSERT INTO ${name} (${columns.join(', ')}) SELECT ${placeholders}
      WHERE EXISTS (SELECT 1 FROM ${parent} WHERE id = ?) ON CONFLICT DO NOTHING`,
    values: [...values, row[keys[0]] ?? null],
  };
}

/** Replaces the target's row of the same key with the incoming version. */
export function keyedUpdate(name: string, row: SyncRow): BoundSql {
  const { keys, content } = table(name);
  return {
    sql: `UPDATE ${name} SET ${content.map((column) => `${column} = ?`).join(', ')}
      WHERE ${keys[0]} = ? AND ${keys[1]} = ?`,
    values: [...content.map((column) => row[column] ?? null), row[keys[0]], row[keys[1]]],
  };
}

/** Removes the target's row of a key (a tombstone won). */
export function keyedDelete(name: string, found: SyncRow): BoundSql {
  const { keys } = table(name);
  return {
    sql: `DELETE FROM ${name} WHERE ${keys[0]} = ? AND ${keys[1]} = ?`,
    values: [found[keys[0]], found[keys[1]]],
  };
}

/** The content columns of a keyed table (what last-writer-wins compares). */
export const keyedContent = (name: string): readonly string[] => table(name).content;
