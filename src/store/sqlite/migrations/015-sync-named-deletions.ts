/**
 * Deleted graph entities, graph relations and project groups reach the other
 * stores (`deja sync`): each deletion leaves a tombstone keyed by the row's
 * name — the same text on every store (see store/rows/sync-named-rows.ts,
 * `namedKey`) — since their ids are each store's own.
 */
const SEP = 'char(31)';
const tombstone = (
  table: string,
  key: string,
  from = '',
) => `INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
    SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_tombstones), '${table}', ${key},
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ${from || 'WHERE true'}
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq,
      deleted_at = MAX(sync_tombstones.deleted_at, excluded.deleted_at);`;

export const syncNamedDeletionsSchema = `
CREATE TRIGGER graph_entities_sync_delete AFTER DELETE ON graph_entities BEGIN
  ${tombstone('graph_entities', `old.project_id || ${SEP} || old.type || ${SEP} || old.name`)}
END;
CREATE TRIGGER graph_relations_sync_delete AFTER DELETE ON graph_relations BEGIN
  ${tombstone(
    'graph_relations',
    `f.project_id || ${SEP} || f.type || ${SEP} || f.name || ${SEP} || t.project_id || ${SEP} || t.type || ${SEP} || t.name || ${SEP} || old.type`,
    'FROM graph_entities f, graph_entities t WHERE f.id = old.from_id AND t.id = old.to_id',
  )}
END;
CREATE TRIGGER project_groups_sync_delete AFTER DELETE ON project_groups BEGIN
  ${tombstone('project_groups', 'old.name')}
END;
`;
