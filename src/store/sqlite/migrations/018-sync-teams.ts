/**
 * Teams sync (`deja sync`): teams are copied by id (read by `seq`, like the
 * append-only tables); a team's members and memory votes travel through
 * `sync_changes` under a key of their two key columns joined by the character
 * 31 (store/rows/sync-keyed-rows.ts), and their removals leave tombstones under
 * the same key. A member's row gains `updated_at`, so a role change is
 * last-writer-wins. Members removed with their team (the cascade) leave none.
 */
const SEP = 'char(31)';
const change = (table: string, key: string) => `INSERT INTO sync_changes (seq, tbl, row_id)
    VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_changes), '${table}', ${key})
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;`;
const tombstone = (
  table: string,
  key: string,
  where: string,
) => `INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
    SELECT (SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_tombstones), '${table}', ${key},
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE ${where}
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq,
      deleted_at = MAX(sync_tombstones.deleted_at, excluded.deleted_at);`;
const memberKey = (row: string) => `${row}.team_id || ${SEP} || ${row}.member`;
const voteKey = (row: string) => `${row}.memory_id || ${SEP} || ${row}.member`;

export const syncTeamsSchema = `
ALTER TABLE team_members ADD COLUMN updated_at TEXT;
UPDATE team_members SET updated_at = added_at;
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT (SELECT COALESCE(MAX(seq), 0) FROM sync_changes) + ROW_NUMBER() OVER (ORDER BY team_id, member),
    'team_members', ${memberKey('team_members')}
  FROM team_members;
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT (SELECT COALESCE(MAX(seq), 0) FROM sync_changes) + ROW_NUMBER() OVER (ORDER BY memory_id, member),
    'memory_votes', ${voteKey('memory_votes')}
  FROM memory_votes;
${(
  [
    ['team_members', memberKey, 'EXISTS (SELECT 1 FROM teams WHERE id = old.team_id)'],
    ['memory_votes', voteKey, 'true'],
  ] as const
)
  .map(
    ([table, key, keep]) => `CREATE TRIGGER ${table}_sync_insert AFTER INSERT ON ${table} BEGIN
  ${change(table, key('new'))}
END;
CREATE TRIGGER ${table}_sync_update AFTER UPDATE ON ${table} BEGIN
  ${change(table, key('new'))}
END;
CREATE TRIGGER ${table}_sync_delete AFTER DELETE ON ${table} BEGIN
  ${tombstone(table, key('old'), keep)}
END;`,
  )
  .join('\n')}
`;
