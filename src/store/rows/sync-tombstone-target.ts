import { type SyncRow, syncTable } from '../sync-port.js';
import { MEMBER_TOMBSTONES, memberDeparture } from './sync-group-members.js';
import { keyedDelete, keyedFind, keyedTable } from './sync-keyed-rows.js';
import { type BoundSql, namedDeleteSql, namedKeyParts, namedRowSql } from './sync-named-rows.js';

/**
 * What a tombstone buries on the target, for rows known by name (both
 * backends): the statement finding the local row (its `updated_at` compared
 * with the deletion) and the statements removing it. Null for rows known by id
 * (each backend reads those itself).
 */
export interface TombstoneTarget {
  find: BoundSql;
  remove: (found: SyncRow) => BoundSql[];
}

export function tombstoneTarget(table: string, key: string): TombstoneTarget | null {
  if (table === MEMBER_TOMBSTONES) return memberDeparture(key);
  if (keyedTable(table)) {
    return { find: keyedFind(table, namedKeyParts(key)), remove: (found) => [keyedDelete(table, found)] };
  }
  const spec = syncTable(table);
  if (spec.kind !== 'named') return null;
  return {
    find: { sql: namedRowSql(spec), values: namedKeyParts(key) },
    remove: (found) => namedDeleteSql(spec).map((sql) => ({ sql, values: [found.id] })),
  };
}
