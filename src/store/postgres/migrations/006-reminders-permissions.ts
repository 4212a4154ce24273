/**
 * Reminders and trusted operations (SQLite's 006). Claims use
 * `SELECT … FOR UPDATE SKIP LOCKED`; `project_key` is '' for global grants.
 */
export const remindersPermissionsSchema = `
CREATE TABLE reminders (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C",
  text text NOT NULL,
  when_text text NOT NULL,
  rule text,
  time_zone text NOT NULL,
  next_due_at text COLLATE "C",
  status text NOT NULL DEFAULT 'pending',
  last_delivered_at text COLLATE "C",
  delivered_count integer NOT NULL DEFAULT 0,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE INDEX reminders_due ON reminders(status, next_due_at);
CREATE INDEX reminders_project ON reminders(project_id, status, next_due_at);

CREATE TABLE trusted_operations (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_key text COLLATE "C" NOT NULL,
  operation text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  UNIQUE (project_key, operation)
);
`;
