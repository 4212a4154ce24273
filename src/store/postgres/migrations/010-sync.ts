/**
 * Sync (SQLite's 010): change sequence for mutable rows, memory tombstones,
 * sync cursors. Positions come from one sequence, `sync_seq`, taken under the
 * store's sequence lock (see pg-context.ts) by the triggers, so positions are
 * handed out in commit order and a reader that remembers "up to N" never
 * misses a row committed later with a smaller N. For the same reason every
 * append-only synced table takes that lock before its rows get their `seq`
 * (a statement trigger runs before identity values are drawn), and
 * `token_usage` gets a `seq`.
 */
const APPEND_TABLES = [
  'events',
  'messages',
  'checkpoints',
  'handoffs',
  'token_usage',
  'interactions',
  'issues',
  'code_metrics',
  'context_snapshots',
  'quality_runs',
  'project_dependencies',
];

export const syncSchema = `
CREATE SEQUENCE sync_seq;

CREATE TABLE sync_changes (
  seq bigint NOT NULL,
  tbl text COLLATE "C" NOT NULL,
  row_id text COLLATE "C" NOT NULL,
  PRIMARY KEY (tbl, row_id)
);
CREATE INDEX sync_changes_table ON sync_changes(tbl, seq);

CREATE TABLE sync_tombstones (
  seq bigint NOT NULL,
  tbl text COLLATE "C" NOT NULL,
  row_id text COLLATE "C" NOT NULL,
  deleted_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (tbl, row_id)
);
CREATE INDEX sync_tombstones_seq ON sync_tombstones(seq);

CREATE TABLE sync_state (
  peer text COLLATE "C" NOT NULL,
  direction text NOT NULL CHECK (direction IN ('push', 'pull')),
  tbl text COLLATE "C" NOT NULL,
  position bigint NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  PRIMARY KEY (peer, direction, tbl)
);

ALTER TABLE token_usage ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX token_usage_seq ON token_usage(seq);

INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT nextval('sync_seq'), 'projects', id FROM (SELECT id FROM projects ORDER BY updated_at, id) p;
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT nextval('sync_seq'), 'sessions', id FROM (SELECT id FROM sessions ORDER BY updated_at, id) s;
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT nextval('sync_seq'), 'memories', id FROM (SELECT id FROM memories ORDER BY seq) m;

CREATE FUNCTION deja_sync_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('deja:sequence:' || current_schema()));
  RETURN NULL;
END $$;

-- TG_ARGV[0] is the table name as sync knows it.
CREATE FUNCTION deja_sync_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('deja:sequence:' || current_schema()));
  INSERT INTO sync_changes (seq, tbl, row_id) VALUES (nextval('sync_seq'), TG_ARGV[0], NEW.id)
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
  RETURN NULL;
END $$;

CREATE FUNCTION deja_sync_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('deja:sequence:' || current_schema()));
  INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
    VALUES (nextval('sync_seq'), TG_ARGV[0], OLD.id,
      to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq,
      deleted_at = GREATEST(sync_tombstones.deleted_at, excluded.deleted_at);
  RETURN NULL;
END $$;

${['projects', 'sessions', 'memories']
  .map(
    (table) => `CREATE TRIGGER ${table}_sync_change AFTER INSERT OR UPDATE ON ${table}
  FOR EACH ROW EXECUTE FUNCTION deja_sync_change('${table}');`,
  )
  .join('\n')}
CREATE TRIGGER memories_sync_delete AFTER DELETE ON memories
  FOR EACH ROW EXECUTE FUNCTION deja_sync_tombstone('memories');
${APPEND_TABLES.map(
  (table) => `CREATE TRIGGER ${table}_sync_lock BEFORE INSERT ON ${table}
  FOR EACH STATEMENT EXECUTE FUNCTION deja_sync_lock();`,
).join('\n')}
`;
