/**
 * Memories, transcript messages, and one search index over every kind of
 * document (memories, events, messages, checkpoints, hand-offs), so that
 * search ranks them in one list with shared BM25 statistics.
 *
 * `search_fts` is contentless (the texts live in their own tables) with
 * `contentless_delete`, so a forgotten memory leaves the index by rowid.
 * Column `body` holds the text plus its code-aware extra terms; column
 * `facets` holds filter tokens (source, kind, project, session, tags, …) so
 * filters intersect posting lists inside FTS5 instead of after it. Documents
 * are added in batches by the indexer, which keeps a watermark per source.
 * Tables that rows are deleted from use AUTOINCREMENT, so a sequence number is
 * never reused and a watermark never skips a new row.
 */
export const memorySearchSchema = `
CREATE TABLE memories (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT,
  session_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('reflection', 'insight', 'learning', 'decision')),
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  title TEXT,
  category TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  confidence REAL,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX memories_dedupe ON memories(COALESCE(project_id, ''), content_hash);
CREATE INDEX memories_project ON memories(project_id, seq);

CREATE TABLE messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  project_id TEXT NOT NULL,
  role TEXT NOT NULL,
  content TEXT NOT NULL,
  turn INTEGER,
  source_ref TEXT UNIQUE,
  meta TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX messages_session ON messages(session_id, seq);
CREATE INDEX messages_project ON messages(project_id, seq);

DROP TRIGGER events_fts_delete;
DROP TABLE events_fts;
DELETE FROM fts_watermark;
INSERT INTO fts_watermark (name, seq) VALUES
  ('event', 0), ('memory', 0), ('message', 0), ('checkpoint', 0), ('handoff', 0);

CREATE TABLE search_docs (
  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  ref TEXT NOT NULL,
  project_id TEXT,
  session_id TEXT,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  confidence REAL,
  files TEXT NOT NULL DEFAULT '',
  UNIQUE (source, ref)
);
CREATE INDEX search_docs_created ON search_docs(created_at);

CREATE VIRTUAL TABLE search_fts USING fts5(
  body,
  facets,
  content = '',
  contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- Deleted index documents, so that in-memory indexes in other processes can forget them too.
CREATE TABLE search_tombstones (seq INTEGER PRIMARY KEY, doc_rowid INTEGER NOT NULL);
CREATE TRIGGER search_docs_tombstone AFTER DELETE ON search_docs BEGIN
  INSERT INTO search_tombstones (doc_rowid) VALUES (old.rowid);
  DELETE FROM embeddings WHERE doc_rowid = old.rowid;
END;

-- One vector per indexed document and embedder; vectors of another embedder are never compared.
CREATE TABLE embeddings (
  doc_rowid INTEGER PRIMARY KEY,
  embedder TEXT NOT NULL,
  vector BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX embeddings_embedder ON embeddings(embedder, doc_rowid);

CREATE TRIGGER memories_unindex AFTER DELETE ON memories BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE source = 'memory' AND ref = old.id);
  DELETE FROM search_docs WHERE source = 'memory' AND ref = old.id;
END;
CREATE TRIGGER checkpoints_unindex AFTER DELETE ON checkpoints BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE source = 'checkpoint' AND ref = old.id);
  DELETE FROM search_docs WHERE source = 'checkpoint' AND ref = old.id;
END;
CREATE TRIGGER events_unindex AFTER DELETE ON events BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE source = 'event' AND ref = old.id);
  DELETE FROM search_docs WHERE source = 'event' AND ref = old.id;
END;
CREATE TRIGGER messages_unindex AFTER DELETE ON messages BEGIN
  DELETE FROM search_fts WHERE rowid = (SELECT rowid FROM search_docs WHERE source = 'message' AND ref = old.id);
  DELETE FROM search_docs WHERE source = 'message' AND ref = old.id;
END;

CREATE TABLE search_log (
  seq INTEGER PRIMARY KEY,
  mode TEXT NOT NULL,
  terms INTEGER NOT NULL,
  results INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  created_at TEXT NOT NULL
);
`;
