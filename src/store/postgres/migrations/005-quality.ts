/** Quality runs (SQLite's 005): each test/lint run with counts, output head/tail and failure signatures. */
export const qualitySchema = `
CREATE TABLE quality_runs (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C" NOT NULL,
  session_id text COLLATE "C",
  kind text NOT NULL,
  command text COLLATE "C" NOT NULL,
  exit_code integer,
  timed_out boolean NOT NULL DEFAULT false,
  duration_ms bigint NOT NULL,
  passed integer,
  failed integer,
  skipped integer,
  output_head text NOT NULL DEFAULT '',
  output_tail text NOT NULL DEFAULT '',
  dropped_bytes bigint NOT NULL DEFAULT 0,
  failures text NOT NULL DEFAULT '[]',
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX quality_runs_project ON quality_runs(project_id, created_at);
CREATE INDEX quality_runs_project_command ON quality_runs(project_id, command, created_at);
CREATE INDEX quality_runs_session ON quality_runs(session_id, created_at);
`;
