/**
 * Knowledge graph: entities unique per (project, type, name) with JSON
 * properties, and directed, typed relations unique per (from, to, type).
 */
export const graphSchema = `
CREATE TABLE graph_entities (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  name_lower TEXT NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (project_id, type, name)
);
CREATE INDEX graph_entities_name ON graph_entities(name_lower);
CREATE INDEX graph_entities_project_name ON graph_entities(project_id, name_lower);

CREATE TABLE graph_relations (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  from_id TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
  to_id TEXT NOT NULL REFERENCES graph_entities(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}',
  weight REAL NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (from_id, to_id, type)
);
CREATE INDEX graph_relations_to ON graph_relations(to_id, type);
`;
