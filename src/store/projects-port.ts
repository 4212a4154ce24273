import type {
  ActivityDay,
  ErrorSample,
  InsightText,
  ProjectDependency,
  ProjectDependencyType,
  ProjectGroup,
} from '../core/projects/project-types.js';

export interface NewProjectGroup {
  /** Used when the group is created. */
  id: string;
  name: string;
  /** Replaces the description when not null. */
  description: string | null;
  at: string;
}

export interface InsightWindow {
  /** Inclusive ISO lower bound on createdAt. */
  since?: string;
  limit: number;
}

/** Project groups, dependencies between projects, and the reads project insights need. */
export interface ProjectsStore {
  /** Creates the group when missing, then adds the projects not in it yet (one transaction). */
  addToProjectGroup(group: NewProjectGroup, projectIds: string[]): Promise<ProjectGroup>;
  /**
   * Removes projects from a group; with `projectIds` null, deletes the whole group.
   * Null when there is no such group.
   */
  removeFromProjectGroup(name: string, projectIds: string[] | null): Promise<{ removed: number } | null>;
  getProjectGroup(name: string): Promise<ProjectGroup | null>;
  /** By name; only the groups holding `projectId` when given. */
  listProjectGroups(projectId?: string): Promise<ProjectGroup[]>;

  /** Inserts a dependency; an existing (fromId, toId, type) is returned unchanged. */
  addProjectDependency(dependency: ProjectDependency): Promise<ProjectDependency>;
  /** Removes from → to dependencies (of `type` only, when given); returns how many. */
  removeProjectDependencies(fromId: string, toId: string, type?: ProjectDependencyType): Promise<number>;
  /** Every dependency, or those with `projectId` at either end; oldest first. */
  listProjectDependencies(projectId?: string): Promise<ProjectDependency[]>;
  /**
   * Projects reachable from `projectId` following dependencies (`out`: what it
   * depends on; `in`: what depends on it; `both`), each with its shortest distance
   * in hops (1…maxDepth), nearest first; the start itself is not listed.
   */
  dependencyDistances(
    projectId: string,
    maxDepth: number,
    direction: 'out' | 'in' | 'both',
  ): Promise<{ projectId: string; distance: number }[]>;

  /** Events, imported messages and memories per UTC day, oldest day first. */
  projectActivity(projectId: string, since?: string): Promise<ActivityDay[]>;
  /** Recent memories and decision/finding events of a project, newest first. */
  projectTexts(projectId: string, window: InsightWindow): Promise<InsightText[]>;
  /**
   * Recent errors of a project, newest first: imported messages marked `is_error`,
   * and events whose type names an error or whose data has `is_error: true` or an `error`.
   */
  projectErrors(projectId: string, window: InsightWindow): Promise<ErrorSample[]>;
}
