/**
 * Projects, sessions, the append-only event log, checkpoints and hand-offs —
 * the same tables as SQLite's 001. Every text column that is sorted or
 * compared uses the "C" collation, so ordering is byte order as in SQLite
 * whatever the database's locale. Times are ISO-8601 UTC text, as in SQLite.
 */
export const initialSchema = `
CREATE TABLE projects (
  id text COLLATE "C" PRIMARY KEY,
  identity text COLLATE "C" NOT NULL UNIQUE,
  name text COLLATE "C" NOT NULL,
  root_path text COLLATE "C" NOT NULL,
  languages text NOT NULL DEFAULT '[]',
  package_manager text,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE INDEX projects_root ON projects(root_path);
CREATE INDEX projects_name ON projects(name);

CREATE TABLE sessions (
  id text COLLATE "C" PRIMARY KEY,
  project_id text COLLATE "C" NOT NULL REFERENCES projects(id),
  context text NOT NULL CHECK (context IN ('foreground', 'background')),
  status text NOT NULL CHECK (status IN ('active', 'ended')),
  goal text,
  skill text,
  type text,
  model text,
  estimate_minutes double precision,
  branch text,
  workdir text NOT NULL,
  client_name text,
  started_at text COLLATE "C" NOT NULL,
  last_activity_at text COLLATE "C" NOT NULL,
  ended_at text COLLATE "C",
  outcome text CHECK (outcome IN ('success', 'partial', 'failed', 'abandoned')),
  end_reason text,
  notes text,
  updated_at text COLLATE "C" NOT NULL
);
CREATE INDEX sessions_project ON sessions(project_id, started_at);
CREATE INDEX sessions_status ON sessions(status, context, project_id);

CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  session_id text COLLATE "C" NOT NULL REFERENCES sessions(id),
  project_id text COLLATE "C" NOT NULL,
  category text COLLATE "C" NOT NULL,
  type text COLLATE "C" NOT NULL,
  data text NOT NULL,
  text text NOT NULL,
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX events_session ON events(session_id, seq);
CREATE INDEX events_project ON events(project_id, seq);
CREATE INDEX events_category ON events(category, seq);
CREATE INDEX events_created ON events(created_at);

CREATE TABLE checkpoints (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text COLLATE "C" PRIMARY KEY,
  session_id text COLLATE "C" NOT NULL REFERENCES sessions(id),
  project_id text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  summary text,
  kind text NOT NULL CHECK (kind IN ('manual', 'auto')),
  git_commit text,
  state text NOT NULL,
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX checkpoints_session ON checkpoints(session_id, id);
CREATE INDEX checkpoints_project ON checkpoints(project_id, id);

CREATE TABLE handoffs (
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id text COLLATE "C" PRIMARY KEY,
  session_id text COLLATE "C" NOT NULL UNIQUE REFERENCES sessions(id),
  project_id text COLLATE "C" NOT NULL,
  content text NOT NULL,
  path text,
  project_copy_path text,
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX handoffs_project ON handoffs(project_id, id);
`;
