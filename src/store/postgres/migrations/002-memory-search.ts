/**
 * Memories, transcript messages, and one search index over every kind of
 * document (memories, events, messages, checkpoints, hand-offs).
 *
 * Unlike SQLite (FTS5 filled in batches behind watermarks), a document enters
 * `search_docs` in the same transaction as its row, under the store's sequence
 * lock (see pg-context.ts), so `doc_id` order is commit order and readers that
 * page by `doc_id` (the in-memory index of every server) never skip a row.
 *
 * `body` is a tsvector of the code-aware text (buildIndexEntry, pre-split into
 * words by the same tokenizer as SQLite) under `deja_text`: the simple parser
 * with an English Snowball stemmer and no stop words (FTS5's porter tokenizer
 * keeps stop words too). `facets` holds the filter tokens as text[] with a GIN
 * index: a filter group is `facets && ARRAY[…]`, groups are ANDed.
 */
export const memorySearchSchema = `
CREATE TEXT SEARCH DICTIONARY deja_stem (TEMPLATE = pg_catalog.snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION deja_text (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION deja_text ALTER MAPPING FOR asciiword, word, numword, asciihword, hword,
  hword_asciipart, hword_part, hword_numpart WITH deja_stem;

CREATE TABLE memories (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C",
  session_id text COLLATE "C",
  kind text COLLATE "C" NOT NULL CHECK (kind IN ('reflection', 'insight', 'learning', 'decision')),
  content text NOT NULL,
  content_hash text COLLATE "C" NOT NULL,
  title text,
  category text,
  tags text NOT NULL DEFAULT '[]',
  confidence double precision,
  source text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX memories_dedupe ON memories((COALESCE(project_id, '')), content_hash);
CREATE INDEX memories_project ON memories(project_id, seq);

CREATE TABLE messages (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  session_id text COLLATE "C" NOT NULL REFERENCES sessions(id),
  project_id text COLLATE "C" NOT NULL,
  role text COLLATE "C" NOT NULL,
  content text NOT NULL,
  turn integer,
  source_ref text COLLATE "C" UNIQUE,
  meta text NOT NULL DEFAULT '{}',
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX messages_session ON messages(session_id, seq);
CREATE INDEX messages_project ON messages(project_id, seq);

CREATE TABLE search_docs (
  doc_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text COLLATE "C" NOT NULL,
  ref text COLLATE "C" NOT NULL,
  project_id text COLLATE "C",
  session_id text COLLATE "C",
  kind text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  confidence double precision,
  files text NOT NULL DEFAULT '',
  body tsvector NOT NULL,
  facets text[] NOT NULL,
  UNIQUE (source, ref)
);
CREATE INDEX search_docs_created ON search_docs(created_at);
CREATE INDEX search_docs_body ON search_docs USING gin(body);
CREATE INDEX search_docs_facets ON search_docs USING gin(facets);

-- Deleted index documents, so that in-memory indexes in other processes can forget them too.
CREATE TABLE search_tombstones (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  doc_id bigint NOT NULL
);

-- One vector per indexed document and embedder; vectors of another embedder are never compared.
CREATE TABLE embeddings (
  doc_id bigint PRIMARY KEY REFERENCES search_docs(doc_id) ON DELETE CASCADE,
  embedder text COLLATE "C" NOT NULL,
  vector real[] NOT NULL,
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX embeddings_embedder ON embeddings(embedder, doc_id);

CREATE FUNCTION deja_search_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_tombstones (doc_id) VALUES (OLD.doc_id);
  RETURN NULL;
END $$;
CREATE TRIGGER search_docs_tombstone AFTER DELETE ON search_docs
  FOR EACH ROW EXECUTE FUNCTION deja_search_tombstone();

-- TG_ARGV[0] is the source name of the table the trigger sits on.
CREATE FUNCTION deja_unindex() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_docs WHERE source = TG_ARGV[0] AND ref = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER memories_unindex AFTER DELETE ON memories
  FOR EACH ROW EXECUTE FUNCTION deja_unindex('memory');
CREATE TRIGGER checkpoints_unindex AFTER DELETE ON checkpoints
  FOR EACH ROW EXECUTE FUNCTION deja_unindex('checkpoint');
CREATE TRIGGER events_unindex AFTER DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION deja_unindex('event');
CREATE TRIGGER messages_unindex AFTER DELETE ON messages
  FOR EACH ROW EXECUTE FUNCTION deja_unindex('message');

CREATE TABLE search_log (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  mode text NOT NULL,
  terms integer NOT NULL,
  results integer NOT NULL,
  latency_ms double precision NOT NULL,
  created_at text COLLATE "C" NOT NULL
);
CREATE INDEX search_log_created ON search_log(created_at);
`;
