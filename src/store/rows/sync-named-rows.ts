import type { SyncRow, SyncTableSpec } from '../sync-port.js';
import { keyedTable } from './sync-keyed-rows.js';

/**
 * Reading rows merged by name for sync (both backends; `after` and `limit` are
 * the placeholders of the backend's driver). Rows come in change order through
 * `sync_changes`; a relation carries its entities' names in place of their ids,
 * which mean nothing on another store, and a project group its members.
 */
export function namedReadSql(
  spec: SyncTableSpec,
  after: string,
  limit: string,
  /**
   * The backend's expressions for a group's members as a JSON array of project ids,
   * sorted, and for their join times in the same order.
   */
  members = { ids: '', added: '' },
): string {
  const changes = `FROM sync_changes c`;
  const page = `WHERE c.tbl = '${spec.name}' AND c.seq > ${after} ORDER BY c.seq LIMIT ${limit}`;
  if (spec.name === 'project_groups') {
    return `SELECT c.seq AS _pos, g.id AS _present, g.id, g.name, g.description, ${members.ids} AS members, ${members.added} AS members_added,
        g.created_at, g.updated_at ${changes}
      LEFT JOIN project_groups g ON g.id = c.row_id ${page}`;
  }
  if (spec.name === 'graph_entities') {
    const columns = spec.columns.map((column) => `t.${column}`).join(', ');
    return `SELECT c.seq AS _pos, t.id AS _present, ${columns} ${changes}
      LEFT JOIN graph_entities t ON t.id = c.row_id ${page}`;
  }
  return `SELECT c.seq AS _pos, r.id AS _present, r.id,
      f.project_id AS from_project, f.type AS from_type, f.name AS from_name,
      t.project_id AS to_project, t.type AS to_type, t.name AS to_name,
      r.type, r.properties, r.weight, r.created_at, r.updated_at ${changes}
    LEFT JOIN graph_relations r ON r.id = c.row_id
    LEFT JOIN graph_entities f ON f.id = r.from_id
    LEFT JOIN graph_entities t ON t.id = r.to_id ${page}`;
}

/** The entity a relation end names, by project, type and name. */
export interface GraphEnd {
  project_id: unknown;
  type: unknown;
  name: unknown;
}

export const relationEnds = (row: Record<string, unknown>): { from: GraphEnd; to: GraphEnd } => ({
  from: { project_id: row.from_project, type: row.from_type, name: row.from_name },
  to: { project_id: row.to_project, type: row.to_type, name: row.to_name },
});

/** The target's own graph entity of a name, every synced column (`?` = project, type, name). */
export const entityByNameSql = (entities: SyncTableSpec) =>
  `SELECT ${entities.columns.join(', ')} FROM graph_entities WHERE project_id = ? AND type = ? AND name = ?`;

/** The target's own graph relation between two of its entities, of a type (`?` = from id, to id, type). */
export const RELATION_BY_ENDS = `SELECT id, type, properties, weight, created_at, updated_at FROM graph_relations
  WHERE from_id = ? AND to_id = ? AND type = ?`;

/** The target's own project group of a name (`?` = the name), with the columns last-writer-wins compares. */
export const GROUP_BY_NAME =
  'SELECT id, name, description, created_at, updated_at FROM project_groups WHERE name = ?';

/** The group columns that last-writer-wins compares (members merge as a set instead). */
export const GROUP_CONTENT = ['name', 'description', 'created_at', 'updated_at'] as const;

/** Joins the parts of a name key (a control character no name contains). */
const KEY_SEPARATOR = '\u001f';

/**
 * The key a row merged by name is known by in `sync_tombstones` on every store
 * (the delete triggers of migration 015 build the same text): an entity's
 * project, type and name; a relation's two entities and its type; a group's name.
 */
export function namedKey(spec: SyncTableSpec, row: Record<string, unknown>): string {
  const keyed = keyedTable(spec.name);
  if (keyed) return joinKey(keyed.keys.map((column) => String(row[column] ?? '')));
  const parts =
    spec.name === 'graph_entities'
      ? [row.project_id, row.type, row.name]
      : spec.name === 'graph_relations'
        ? [row.from_project, row.from_type, row.from_name, row.to_project, row.to_type, row.to_name, row.type]
        : [row.name];
  return joinKey(parts.map((part) => String(part ?? '')));
}

/** A name key from its parts, in order. */
export const joinKey = (parts: readonly string[]): string => parts.join(KEY_SEPARATOR);

/**
 * The local row a name key names: `?` placeholders for the key's parts, in
 * order (PostgreSQL numbers them with `numbered`). Gives `id` and `updated_at`.
 */
export function namedRowSql(spec: SyncTableSpec): string {
  if (spec.name === 'graph_entities') {
    return 'SELECT id, updated_at FROM graph_entities WHERE project_id = ? AND type = ? AND name = ?';
  }
  if (spec.name === 'project_groups') return 'SELECT id, updated_at FROM project_groups WHERE name = ?';
  return `SELECT r.id, r.updated_at FROM graph_relations r
    JOIN graph_entities f ON f.id = r.from_id JOIN graph_entities t ON t.id = r.to_id
    WHERE f.project_id = ? AND f.type = ? AND f.name = ? AND t.project_id = ? AND t.type = ? AND t.name = ?
      AND r.type = ?`;
}

export const namedKeyParts = (key: string): string[] => key.split(KEY_SEPARATOR);

/** Deletes a named row by its local id, its dependants first (each statement's one `?` is the id). */
export function namedDeleteSql(spec: SyncTableSpec): string[] {
  if (spec.name === 'graph_entities') {
    return [
      'DELETE FROM graph_relations WHERE from_id = ?',
      'DELETE FROM graph_relations WHERE to_id = ?',
      'DELETE FROM graph_entities WHERE id = ?',
    ];
  }
  // Its members go by the foreign key's cascade, leaving no departures of their own.
  if (spec.name === 'project_groups') return ['DELETE FROM project_groups WHERE id = ?'];
  return ['DELETE FROM graph_relations WHERE id = ?'];
}

/** `?` placeholders as PostgreSQL's `$1`, `$2`, … */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A statement with `?` placeholders and its values, in order. */
export interface BoundSql {
  sql: string;
  values: unknown[];
}

/** Adds a graph row absent on the target: its own id, the target's ids for a relation's entities. */
export function graphInsert(spec: SyncTableSpec, row: SyncRow, ids: Record<string, string>): BoundSql {
  if (spec.name === 'graph_entities') {
    return {
      sql: `INSERT INTO graph_entities (id, project_id, type, name, name_lower, properties, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      values: [
        row.id,
        row.project_id,
        row.type,
        row.name,
        row.name_lower,
        row.properties,
        row.created_at,
        row.updated_at,
      ],
    };
  }
  return {
    sql: `INSERT INTO graph_relations (id, from_id, to_id, type, properties, weight, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    values: [
      row.id,
      ids.from_id,
      ids.to_id,
      row.type,
      row.properties,
      row.weight,
      row.created_at,
      row.updated_at,
    ],
  };
}

/** Replaces the content of the target's graph row `localId` with the incoming version. */
export function graphUpdate(spec: SyncTableSpec, row: SyncRow, localId: unknown): BoundSql {
  if (spec.name === 'graph_entities') {
    return {
      sql: 'UPDATE graph_entities SET name_lower = ?, properties = ?, created_at = ?, updated_at = ? WHERE id = ?',
      values: [row.name_lower, row.properties, row.created_at, row.updated_at, localId],
    };
  }
  return {
    sql: 'UPDATE graph_relations SET properties = ?, weight = ?, created_at = ?, updated_at = ? WHERE id = ?',
    values: [row.properties, row.weight, row.created_at, row.updated_at, localId],
  };
}

/** Adds a project group absent on the target, with its own id (its members are joined apart). */
export function groupInsert(row: SyncRow): BoundSql {
  return {
    sql: `INSERT INTO project_groups (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING`,
    values: [row.id, row.name, row.description ?? null, row.created_at, row.updated_at],
  };
}

/** Replaces the description (and times) of the target's group `localId` with the incoming version's. */
export function groupUpdate(row: SyncRow, localId: unknown): BoundSql {
  return {
    sql: 'UPDATE project_groups SET description = ?, created_at = ?, updated_at = ? WHERE id = ?',
    values: [row.description ?? null, row.created_at, row.updated_at, localId],
  };
}
