/** Knowledge graph (SQLite's 007): entities unique per (project, type, name), typed relations. */
export const graphSchema = `
CREATE TABLE graph_entities (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  project_id text COLLATE "C" NOT NULL,
  type text COLLATE "C" NOT NULL,
  name text COLLATE "C" NOT NULL,
  name_lower text COLLATE "C" NOT NULL,
  properties text NOT NULL DEFAULT '{}',
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  UNIQUE (project_id, type, name)
);
CREATE INDEX graph_entities_name ON graph_entities(name_lower);
CREATE INDEX graph_entities_project_name ON graph_entities(project_id, name_lower);

CREATE TABLE graph_relations (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  from_id text COLLATE "C" NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
  to_id text COLLATE "C" NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
  type text COLLATE "C" NOT NULL,
  properties text NOT NULL DEFAULT '{}',
  weight double precision NOT NULL DEFAULT 1,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL,
  UNIQUE (from_id, to_id, type)
);
CREATE INDEX graph_relations_to ON graph_relations(to_id, type);
`;
