/** Productivity tracking (SQLite's 004): interactions, issues, code metrics, context snapshots. */
export const trackingSchema = `
CREATE TABLE interactions (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C" NOT NULL,
  session_id text COLLATE "C",
  prompt text NOT NULL,
  response_summary text NOT NULL,
  rating integer,
  files text NOT NULL DEFAULT '[]',
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX interactions_project ON interactions(project_id, created_at);
CREATE INDEX interactions_session ON interactions(session_id, created_at);

CREATE TABLE issues (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C" NOT NULL,
  session_id text COLLATE "C",
  type text NOT NULL,
  severity text NOT NULL,
  description text NOT NULL,
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX issues_project ON issues(project_id, created_at);
CREATE INDEX issues_session ON issues(session_id, created_at);

CREATE TABLE code_metrics (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C" NOT NULL,
  session_id text COLLATE "C",
  path text COLLATE "C" NOT NULL,
  language text NOT NULL,
  content_hash text NOT NULL,
  lines integer NOT NULL,
  functions integer NOT NULL,
  classes integer NOT NULL,
  complexity_total integer NOT NULL,
  complexity_max integer NOT NULL,
  complexity_average double precision NOT NULL,
  documented integer NOT NULL,
  documentable integer NOT NULL,
  doc_coverage double precision NOT NULL,
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX code_metrics_project_path ON code_metrics(project_id, path, created_at);
CREATE INDEX code_metrics_session ON code_metrics(session_id, created_at);

CREATE TABLE context_snapshots (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C" NOT NULL,
  session_id text COLLATE "C",
  name text COLLATE "C" NOT NULL,
  content text,
  state text NOT NULL DEFAULT '{}',
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX context_snapshots_project_name ON context_snapshots(project_id, name, seq);
CREATE INDEX context_snapshots_name ON context_snapshots(name, seq);
CREATE INDEX context_snapshots_session ON context_snapshots(session_id, seq);
`;
