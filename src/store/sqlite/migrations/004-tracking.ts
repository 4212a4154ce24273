/**
 * Productivity tracking: logged interactions, flagged issues, code metrics per
 * file and measurement (a trend), and named context snapshots.
 */
export const trackingSchema = `
CREATE TABLE interactions (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  session_id TEXT,
  prompt TEXT NOT NULL,
  response_summary TEXT NOT NULL,
  rating INTEGER,
  files TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);
CREATE INDEX interactions_project ON interactions(project_id, created_at);
CREATE INDEX interactions_session ON interactions(session_id, created_at);

CREATE TABLE issues (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  session_id TEXT,
  type TEXT NOT NULL,
  severity TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX issues_project ON issues(project_id, created_at);
CREATE INDEX issues_session ON issues(session_id, created_at);

CREATE TABLE code_metrics (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  session_id TEXT,
  path TEXT NOT NULL,
  language TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  lines INTEGER NOT NULL,
  functions INTEGER NOT NULL,
  classes INTEGER NOT NULL,
  complexity_total INTEGER NOT NULL,
  complexity_max INTEGER NOT NULL,
  complexity_average REAL NOT NULL,
  documented INTEGER NOT NULL,
  documentable INTEGER NOT NULL,
  doc_coverage REAL NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX code_metrics_project_path ON code_metrics(project_id, path, created_at);
CREATE INDEX code_metrics_session ON code_metrics(session_id, created_at);

CREATE TABLE context_snapshots (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  session_id TEXT,
  name TEXT NOT NULL,
  content TEXT,
  state TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
CREATE INDEX context_snapshots_project_name ON context_snapshots(project_id, name, seq);
CREATE INDEX context_snapshots_name ON context_snapshots(name, seq);
CREATE INDEX context_snapshots_session ON context_snapshots(session_id, seq);
`;
