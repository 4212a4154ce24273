/** Projects, sessions, the append-only event log (with FTS5), checkpoints and hand-offs. */
export const initialSchema = `
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  identity TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  root_path TEXT NOT NULL,
  languages TEXT NOT NULL DEFAULT '[]',
  package_manager TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX projects_root ON projects(root_path);
CREATE INDEX projects_name ON projects(name);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  context TEXT NOT NULL CHECK (context IN ('foreground', 'background')),
  status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
  goal TEXT,
  skill TEXT,
  type TEXT,
  model TEXT,
  estimate_minutes REAL,
  branch TEXT,
  workdir TEXT NOT NULL,
  client_name TEXT,
  started_at TEXT NOT NULL,
  last_activity_at TEXT NOT NULL,
  ended_at TEXT,
  outcome TEXT CHECK (outcome IN ('success', 'partial', 'failed', 'abandoned')),
  end_reason TEXT,
  notes TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX sessions_project ON sessions(project_id, started_at);
CREATE INDEX sessions_status ON sessions(status, context, project_id);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  project_id TEXT NOT NULL,
  category TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX events_session ON events(session_id, seq);
CREATE INDEX events_project ON events(project_id, seq);
CREATE INDEX events_category ON events(category, seq);
CREATE INDEX events_created ON events(created_at);

CREATE VIRTUAL TABLE events_fts USING fts5(
  text,
  content = 'events',
  content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);
-- The full-text index is filled in batches (see SqliteStore.indexPendingEvents):
-- every event up to fts_watermark.seq is indexed, the rest waits for the next batch.
CREATE TABLE fts_watermark (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);
INSERT INTO fts_watermark (name, seq) VALUES ('events', 0);
CREATE TRIGGER events_fts_delete AFTER DELETE ON events
WHEN old.seq <= (SELECT seq FROM fts_watermark WHERE name = 'events') BEGIN
  INSERT INTO events_fts(events_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;

CREATE TABLE checkpoints (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  project_id TEXT NOT NULL,
  name TEXT NOT NULL,
  summary TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('manual', 'auto')),
  git_commit TEXT,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX checkpoints_session ON checkpoints(session_id, id);
CREATE INDEX checkpoints_project ON checkpoints(project_id, id);

CREATE TABLE handoffs (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE REFERENCES sessions(id),
  project_id TEXT NOT NULL,
  content TEXT NOT NULL,
  path TEXT,
  project_copy_path TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX handoffs_project ON handoffs(project_id, id);
`;
