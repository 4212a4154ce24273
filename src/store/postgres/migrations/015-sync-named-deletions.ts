/**
 * Deleted graph entities, graph relations and project groups leave tombstones
 * keyed by the row's name (SQLite's 015; the same text on both backends), under
 * the sequence lock. A relation deleted with its entity (a cascade) leaves
 * none of its own: the entity's tombstone removes it everywhere.
 */
export const syncNamedDeletionsSchema = `
CREATE FUNCTION deja_sync_named_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text;
BEGIN
  IF TG_TABLE_NAME = 'graph_entities' THEN
    key := OLD.project_id || chr(31) || OLD.type || chr(31) || OLD.name;
  ELSIF TG_TABLE_NAME = 'project_groups' THEN
    key := OLD.name;
  ELSE
    SELECT f.project_id || chr(31) || f.type || chr(31) || f.name || chr(31) || t.project_id || chr(31)
        || t.type || chr(31) || t.name || chr(31) || OLD.type
      INTO key FROM graph_entities f, graph_entities t WHERE f.id = OLD.from_id AND t.id = OLD.to_id;
  END IF;
  IF key IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('deja:sequence:' || current_schema()));
  INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
    VALUES (nextval('sync_seq'), TG_TABLE_NAME, key,
      to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq,
      deleted_at = GREATEST(sync_tombstones.deleted_at, excluded.deleted_at);
  RETURN NULL;
END $$;

${['graph_entities', 'graph_relations', 'project_groups']
  .map(
    (table) => `CREATE TRIGGER ${table}_sync_delete AFTER DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION deja_sync_named_tombstone();`,
  )
  .join('\n')}
`;
