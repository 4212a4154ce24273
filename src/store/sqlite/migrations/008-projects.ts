/** Project groups (named sets of projects) and directed dependencies between projects. */
export const projectsSchema = `
CREATE TABLE project_groups (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  description TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE project_group_members (
  seq INTEGER PRIMARY KEY,
  group_id TEXT NOT NULL REFERENCES project_groups(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL,
  added_at TEXT NOT NULL,
  UNIQUE (group_id, project_id)
);
CREATE INDEX project_group_members_project ON project_group_members(project_id);

CREATE TABLE project_dependencies (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  from_id TEXT NOT NULL,
  to_id TEXT NOT NULL,
  type TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (from_id, to_id, type)
);
CREATE INDEX project_dependencies_to ON project_dependencies(to_id);
`;
