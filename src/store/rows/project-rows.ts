import type { ProjectDependency, ProjectDependencyType } from '../../core/projects/project-types.js';

/** Rows of the project tables as both backends read them, and their mapping to domain values. */
export interface DependencyRow {
  id: string;
  from_id: string;
  to_id: string;
  type: ProjectDependencyType;
  created_at: string;
}

export const toDependency = (row: DependencyRow): ProjectDependency => ({
  id: row.id,
  fromId: row.from_id,
  toId: row.to_id,
  type: row.type,
  createdAt: row.created_at,
});
