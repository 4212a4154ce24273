/**
 * Transcript import: where each transcript file's incremental import stands
 * (byte offset, identity, parser state), and token usage per model response,
 * keyed so that a response written on several lines or read twice counts once.
 */
export const transcriptsSchema = `
CREATE TABLE transcript_files (
  path TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  head_hash TEXT NOT NULL,
  head_bytes INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  line_number INTEGER NOT NULL,
  parser_state TEXT NOT NULL DEFAULT '{}',
  imported_at TEXT NOT NULL
);

CREATE TABLE token_usage (
  key TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  session_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  model TEXT,
  sidechain INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cache_write_tokens INTEGER NOT NULL DEFAULT 0,
  cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens INTEGER NOT NULL DEFAULT 0,
  reasoning_tokens INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX token_usage_session ON token_usage(session_id);
CREATE INDEX token_usage_project_time ON token_usage(project_id, created_at);
CREATE INDEX token_usage_time ON token_usage(created_at);
`;
