/**
 * A project leaving a group leaves a tombstone keyed by the group's name and
 * the project's id (SQLite's 016; the same text on both backends), under the
 * sequence lock. A member removed by the cascade of its group's deletion
 * finds no group and leaves none: the group's own tombstone covers it.
 */
export const syncGroupDeparturesSchema = `
CREATE FUNCTION deja_sync_member_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text;
BEGIN
  SELECT g.name || chr(31) || OLD.project_id INTO key FROM project_groups g WHERE g.id = OLD.group_id;
  IF key IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('deja:sequence:' || current_schema()));
  INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
    VALUES (nextval('sync_seq'), 'project_group_members', key,
      to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq,
      deleted_at = GREATEST(sync_tombstones.deleted_at, excluded.deleted_at);
  RETURN NULL;
END $$;

CREATE TRIGGER project_group_members_sync_delete AFTER DELETE ON project_group_members
  FOR EACH ROW EXECUTE FUNCTION deja_sync_member_tombstone();
`;
