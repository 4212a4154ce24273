/**
 * A project leaving a group reaches the other stores (`deja sync`): removing a
 * member leaves a tombstone keyed by the group's name and the project's id
 * (store/rows/sync-group-members.ts, `memberKey`). A member removed with its
 * whole group (the foreign key's cascade, the group row already gone) leaves
 * none: the group's own tombstone covers it.
 */
export const syncGroupDeparturesSchema = `
CREATE TRIGGER project_group_members_sync_delete AFTER DELETE ON project_group_members BEGIN
  INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
    SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_tombstones), 'project_group_members',
      g.name || char(31) || old.project_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    FROM project_groups g WHERE g.id = old.group_id
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq,
      deleted_at = MAX(sync_tombstones.deleted_at, excluded.deleted_at);
END;
`;
