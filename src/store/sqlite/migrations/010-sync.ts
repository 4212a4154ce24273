/**
 * Sync (`deja sync`): a change sequence for mutable rows, tombstones for
 * deleted memories, and the sync cursors.
 *
 * `sync_changes` holds one entry per mutable row (projects, sessions,
 * memories) with the sequence of its latest change: triggers move it to the
 * top on every insert and update, so "rows changed after N" is exact whatever
 * the clocks say. Sequences come from MAX(seq) + 1 under SQLite's single
 * writer and entries are never deleted, so a number is never reused.
 *
 * `sync_tombstones` records each deleted memory with its time (one entry per
 * id, moved to the top when deleted again). `sync_state` keeps, on the local
 * store, how far each direction got per peer and table.
 */
export const syncSchema = `
CREATE TABLE sync_changes (
  seq INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  UNIQUE (tbl, row_id)
);
CREATE INDEX sync_changes_table ON sync_changes(tbl, seq);

CREATE TABLE sync_tombstones (
  seq INTEGER PRIMARY KEY,
  tbl TEXT NOT NULL,
  row_id TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  UNIQUE (tbl, row_id)
);

CREATE TABLE sync_state (
  peer TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
  tbl TEXT NOT NULL,
  position INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (peer, direction, tbl)
);

INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT ROW_NUMBER() OVER (ORDER BY updated_at, id), 'projects', id FROM projects;
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT (SELECT COALESCE(MAX(seq), 0) FROM sync_changes) + ROW_NUMBER() OVER (ORDER BY updated_at, id),
    'sessions', id FROM sessions;
INSERT INTO sync_changes (seq, tbl, row_id)
  SELECT (SELECT COALESCE(MAX(seq), 0) FROM sync_changes) + ROW_NUMBER() OVER (ORDER BY seq),
    'memories', id FROM memories;
${['projects', 'sessions', 'memories']
  .flatMap((table) =>
    ['INSERT', 'UPDATE'].map(
      (op) => `CREATE TRIGGER ${table}_sync_${op.toLowerCase()} AFTER ${op} ON ${table} BEGIN
  INSERT INTO sync_changes (seq, tbl, row_id)
    VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_changes), '${table}', new.id)
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq;
END;`,
    ),
  )
  .join('\n')}
CREATE TRIGGER memories_sync_delete AFTER DELETE ON memories BEGIN
  INSERT INTO sync_tombstones (seq, tbl, row_id, deleted_at)
    VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM sync_tombstones), 'memories', old.id,
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (tbl, row_id) DO UPDATE SET seq = excluded.seq,
      deleted_at = MAX(sync_tombstones.deleted_at, excluded.deleted_at);
END;
`;
