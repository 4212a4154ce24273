import { z } from 'zod';
import { MAX_SEARCH_LIMIT } from '../search-schemas.js';
import { MAX_DEPENDENCY_DISTANCE, PROJECT_DEPENDENCY_TYPES } from './project-types.js';

export const PROJECTS_ACTIONS = [
  'list',
  'group',
  'ungroup',
  'depend',
  'undepend',
  'insights',
  'search',
] as const;
export type ProjectsAction = (typeof PROJECTS_ACTIONS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const projectRef = text(4096);

/** The `projects` tool input; which fields each action needs is checked by the use case. */
export const projectsInput = z.object({
  action: z
    .enum(PROJECTS_ACTIONS)
    .describe('list, group (add to a group), ungroup, depend, undepend, insights, or search across projects'),
  project: projectRef.optional().describe('project id, name or path (default: current)'),
  group: text(200).optional().describe('group name (group/ungroup; search: search the whole group)'),
  projects: z.array(projectRef).max(200).optional().describe('group/ungroup: projects to add or remove'),
  description: text(1000).optional().describe('group: description of the group'),
  on: projectRef.optional().describe('depend/undepend: the project `project` depends on'),
  type: z
    .enum(PROJECT_DEPENDENCY_TYPES)
    .optional()
    .describe('depend/undepend: dependency type (default uses)'),
  query: text(1000).optional().describe('search: words to search for'),
  depth: z
    .number()
    .int()
    .min(1)
    .max(MAX_DEPENDENCY_DISTANCE)
    .optional()
    .describe(`search: dependency hops to follow (default 2, at most ${MAX_DEPENDENCY_DISTANCE})`),
  limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional().describe('search: results (default 10)'),
  days: z.number().int().min(1).max(3650).optional().describe('insights: window in days (default 30)'),
});
export type ProjectsInput = z.infer<typeof projectsInput>;
