/**
 * Project groups sync (`deja sync`), by name: a group's change entry moves to
 * the top when the group is added or changed and when a project joins it (its
 * members travel with it). Removals are not tracked.
 */
const changeGroup = (id: string) => `INSERT INTO sync_changes (seq, tbl, row_id)
    VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_changes), 'project_groups', ${id})
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;`;

export const syncProjectGroupsSchema = `
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT (SELECT COALESCE(MAX(seq), 0) FROM sync_changes) + ROW_NUMBER() OVER (ORDER BY seq), 'project_groups', id
  FROM project_groups;
CREATE TRIGGER project_groups_sync_insert AFTER INSERT ON project_groups BEGIN
  ${changeGroup('new.id')}
END;
CREATE TRIGGER project_groups_sync_update AFTER UPDATE ON project_groups BEGIN
  ${changeGroup('new.id')}
END;
CREATE TRIGGER project_group_members_sync_insert AFTER INSERT ON project_group_members BEGIN
  ${changeGroup('new.group_id')}
END;
`;
