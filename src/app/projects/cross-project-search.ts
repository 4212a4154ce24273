import { DISTANCE_PRIOR, MAX_DEPENDENCY_DISTANCE } from '../../core/projects/project-types.js';
import type { Project } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { type SearchResultItem, search } from '../search/search.js';

/** At most this many projects are searched in one cross-project search. */
export const MAX_SEARCHED_PROJECTS = 50;
export const DEFAULT_SEARCH_DEPTH = 2;

export interface CrossProjectSearchOptions {
  query: string;
  /** The project the caller works in: distance 0. */
  origin: Project;
  /** Search this group's members instead of the dependency closure. */
  groupProjectIds?: string[];
  /** Dependency hops to follow (1–5). */
  depth?: number;
  limit?: number;
}

export interface SearchedProject {
  id: string;
  name: string;
  distance: number;
}

export type CrossProjectResult = SearchResultItem & {
  /** Dependency hops from the origin project (0 = the origin). */
  distance: number;
  /** The score the project's own search gave, before the distance prior. */
  base_score: number;
};

/**
 * Search across projects: the origin's dependency closure (what it depends on,
 * transitively, up to `depth` hops), or a group's members. Each project is
 * searched with the ordinary search use case; every score is multiplied by
 * DISTANCE_PRIOR^distance, so with comparable matches the origin's results come
 * first, then distance 1, 2… In a group, members no dependency path reaches
 * (within `depth`) count as distance depth + 1.
 */
export async function crossProjectSearch(
  deps: AppDeps,
  options: CrossProjectSearchOptions,
): Promise<{ projects: SearchedProject[]; results: CrossProjectResult[] }> {
  const depth = Math.min(options.depth ?? DEFAULT_SEARCH_DEPTH, MAX_DEPENDENCY_DISTANCE);
  const limit = options.limit ?? 10;
  const reached = await deps.store.dependencyDistances(options.origin.id, depth, 'out');
  const distances = new Map<string, number>([[options.origin.id, 0]]);
  if (options.groupProjectIds) {
    const both = await deps.store.dependencyDistances(options.origin.id, depth, 'both');
    const byId = new Map(both.map((entry) => [entry.projectId, entry.distance]));
    for (const id of options.groupProjectIds) {
      if (id !== options.origin.id) distances.set(id, byId.get(id) ?? depth + 1);
    }
  } else {
    for (const entry of reached) distances.set(entry.projectId, entry.distance);
  }
  const names = new Map((await deps.store.listProjects()).map((project) => [project.id, project.name]));
  const projects = [...distances.entries()]
    .map(([id, distance]) => ({ id, name: names.get(id) ?? id, distance }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, MAX_SEARCHED_PROJECTS);

  const results: CrossProjectResult[] = [];
  for (const project of projects) {
    const output = await search(deps, { query: options.query, project: project.id, limit });
    const prior = DISTANCE_PRIOR ** project.distance;
    for (const item of output.results) {
      results.push({
        ...item,
        distance: project.distance,
        base_score: item.score,
        score: Math.round(item.score * prior * 10_000) / 10_000,
      });
    }
  }
  results.sort(
    (a, b) => b.score - a.score || a.distance - b.distance || b.created_at.localeCompare(a.created_at),
  );
  return { projects, results: results.slice(0, limit) };
}
