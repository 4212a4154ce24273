/** Project groups and dependencies between projects (SQLite's 008). */
export const projectsSchema = `
CREATE TABLE project_groups (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  name text COLLATE "C" NOT NULL UNIQUE,
  description text,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);

CREATE TABLE project_group_members (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id text COLLATE "C" NOT NULL REFERENCES project_groups(id) ON DELETE CASCADE,
  project_id text COLLATE "C" NOT NULL,
  added_at text COLLATE "C" NOT NULL,
  UNIQUE (group_id, project_id)
);
CREATE INDEX project_group_members_project ON project_group_members(project_id);

CREATE TABLE project_dependencies (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text COLLATE "C" NOT NULL UNIQUE,
  from_id text COLLATE "C" NOT NULL,
  to_id text COLLATE "C" NOT NULL,
  type text COLLATE "C" NOT NULL,
  created_at text COLLATE "C" NOT NULL,
  UNIQUE (from_id, to_id, type)
);
CREATE INDEX project_dependencies_to ON project_dependencies(to_id);
`;
