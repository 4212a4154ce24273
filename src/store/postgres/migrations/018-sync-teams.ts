/**
 * Teams sync (SQLite's 018): teams copied by id (their inserts take the
 * sequence lock, like every append-only synced table), members and votes
 * through `sync_changes` and `sync_tombstones` under the key of their two key
 * columns joined by chr(31), under the sequence lock. A member removed by its
 * team's cascade finds no team and leaves no tombstone.
 */
export const syncTeamsSchema = `
ALTER TABLE team_members ADD COLUMN updated_at text COLLATE "C";
UPDATE team_members SET updated_at = added_at;
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT nextval('sync_seq'), 'team_members', team_id || chr(31) || member
  FROM (SELECT team_id, member FROM team_members ORDER BY team_id, member) m;
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT nextval('sync_seq'), 'memory_votes', memory_id || chr(31) || member
  FROM (SELECT memory_id, member FROM memory_votes ORDER BY memory_id, member) v;

CREATE FUNCTION deja_sync_keyed_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text;
BEGIN
  IF TG_TABLE_NAME = 'team_members' THEN
    key := NEW.team_id || chr(31) || NEW.member;
  ELSE
    key := NEW.memory_id || chr(31) || NEW.member;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('deja:sequence:' || current_schema()));
  INSERT INTO sync_changes (seq, tbl, row_id) VALUES (nextval('sync_seq'), TG_TABLE_NAME, key)
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
  RETURN NULL;
END $$;

CREATE FUNCTION deja_sync_keyed_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text;
BEGIN
  IF TG_TABLE_NAME = 'team_members' THEN
    IF NOT EXISTS (SELECT 1 FROM teams WHERE id = OLD.team_id) THEN
      RETURN NULL;
    END IF;
    key := OLD.team_id || chr(31) || OLD.member;
  ELSE
    key := OLD.memory_id || chr(31) || OLD.member;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('deja:sequence:' || current_schema()));
  INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
    VALUES (nextval('sync_seq'), TG_TABLE_NAME, key,
      to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq,
      deleted_at = GREATEST(sync_tombstones.deleted_at, excluded.deleted_at);
  RETURN NULL;
END $$;

${['team_members', 'memory_votes']
  .map(
    (table) => `CREATE TRIGGER ${table}_sync_change AFTER INSERT OR UPDATE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION deja_sync_keyed_change();
CREATE TRIGGER ${table}_sync_delete AFTER DELETE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION deja_sync_keyed_tombstone();`,
  )
  .join('\n')}
CREATE TRIGGER teams_sync_lock BEFORE INSERT ON teams
  FOR EACH STATEMENT EXECUTE FUNCTION deja_sync_lock();
`;
