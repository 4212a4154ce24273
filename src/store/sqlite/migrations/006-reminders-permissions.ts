/**
 * Reminders (one-off or on an RRULE, next due instant in UTC, claimed exactly
 * once per occurrence) and trusted operations (grants per project or global;
 * `project_key` is '' for global so that the pair stays unique).
 */
export const remindersPermissionsSchema = `
CREATE TABLE reminders (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT,
  text TEXT NOT NULL,
  when_text TEXT NOT NULL,
  rule TEXT,
  time_zone TEXT NOT NULL,
  next_due_at TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  last_delivered_at TEXT,
  delivered_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX reminders_due ON reminders(status, next_due_at);
CREATE INDEX reminders_project ON reminders(project_id, status, next_due_at);

CREATE TABLE trusted_operations (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_key TEXT NOT NULL,
  operation TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (project_key, operation)
);
`;
