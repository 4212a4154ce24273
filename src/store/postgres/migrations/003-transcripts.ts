/**
 * Transcript import bookkeeping and token usage per model response (SQLite's
 * 003). `offset` is a reserved word in PostgreSQL: the column is `byte_offset`.
 */
export const transcriptsSchema = `
CREATE TABLE transcript_files (
  path text COLLATE "C" PRIMARY KEY,
  source text NOT NULL,
  identity text NOT NULL,
  head_hash text NOT NULL,
  head_bytes bigint NOT NULL,
  byte_offset bigint NOT NULL,
  line_number bigint NOT NULL,
  parser_state text NOT NULL DEFAULT '{}',
  imported_at text COLLATE "C" NOT NULL
);

CREATE TABLE token_usage (
  key text COLLATE "C" PRIMARY KEY,
  source text NOT NULL,
  session_id text COLLATE "C" NOT NULL,
  project_id text COLLATE "C" NOT NULL,
  model text COLLATE "C",
  sidechain boolean NOT NULL DEFAULT false,
  created_at text COLLATE "C" NOT NULL,
  input_tokens bigint NOT NULL DEFAULT 0,
  output_tokens bigint NOT NULL DEFAULT 0,
  cache_write_tokens bigint NOT NULL DEFAULT 0,
  cache_write_1h_tokens bigint NOT NULL DEFAULT 0,
  cache_read_tokens bigint NOT NULL DEFAULT 0,
  reasoning_tokens bigint NOT NULL DEFAULT 0
);
CREATE INDEX token_usage_session ON token_usage(session_id);
CREATE INDEX token_usage_project_time ON token_usage(project_id, created_at);
CREATE INDEX token_usage_time ON token_usage(created_at);
`;
