/**
 * Project groups sync (SQLite's 014): the group's change entry moves on every
 * insert or update of the group (010's change trigger) and when a project
 * joins it, under the sequence lock. Removals are not tracked.
 */
export const syncProjectGroupsSchema = `
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT nextval('sync_seq'), 'project_groups', id FROM (SELECT id FROM project_groups ORDER BY seq) g;

CREATE FUNCTION deja_sync_group_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('deja:sequence:' || current_schema()));
  INSERT INTO sync_changes (seq, tbl, row_id) VALUES (nextval('sync_seq'), 'project_groups', NEW.group_id)
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
  RETURN NULL;
END $$;

CREATE TRIGGER project_groups_sync_change AFTER INSERT OR UPDATE ON project_groups
  FOR EACH ROW EXECUTE FUNCTION deja_sync_change('project_groups');
CREATE TRIGGER project_group_members_sync_change AFTER INSERT ON project_group_members
  FOR EACH ROW EXECUTE FUNCTION deja_sync_group_member();
`;
