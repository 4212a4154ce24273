/**
 * Quality runs: each execution of a project's test/lint command, with its
 * counts, the head and tail of its output, and normalised failure signatures
 * (a JSON array) for recurring-failure reports.
 */
export const qualitySchema = `
CREATE TABLE quality_runs (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  session_id TEXT,
  kind TEXT NOT NULL,
  command TEXT NOT NULL,
  exit_code INTEGER,
  timed_out INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL,
  passed INTEGER,
  failed INTEGER,
  skipped INTEGER,
  output_head TEXT NOT NULL DEFAULT '',
  output_tail TEXT NOT NULL DEFAULT '',
  dropped_bytes INTEGER NOT NULL DEFAULT 0,
  failures TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);
CREATE INDEX quality_runs_project ON quality_runs(project_id, created_at);
CREATE INDEX quality_runs_project_command ON quality_runs(project_id, command, created_at);
CREATE INDEX quality_runs_session ON quality_runs(session_id, created_at);
`;
