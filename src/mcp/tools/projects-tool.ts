import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { manageProjects, projectsText, toProjectsView } from '../../app/projects/manage-projects.js';
import { PROJECTS_ACTIONS, projectsInput } from '../../core/projects/project-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

/** projects: groups, dependencies, insights and cross-project search, in one tool. */
export function registerProjectsTool(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: (name: string) => boolean,
) {
  if (!enabled('projects')) return;
  server.registerTool(
    'projects',
    {
      description:
        'Projects deja knows: list; group/ungroup (named sets of projects); depend/undepend (project uses|extends|references|shares_code `on`, no cycles); insights (activity, top topics, recurring errors); search across the dependency closure (nearest projects first) or a group.',
      inputSchema: projectsInput.shape,
      outputSchema: outputShape({
        action: z.enum(PROJECTS_ACTIONS),
        project: z.object({ id: z.string(), name: z.string() }).nullable(),
        projects: z.array(z.looseObject({})),
        groups: z.array(z.looseObject({})),
        dependencies: z.array(z.looseObject({})),
        insights: z.looseObject({}).nullable(),
        searched: z.array(z.looseObject({})),
        results: z.array(z.looseObject({})),
        count: z.number(),
      }),
    },
    (input) =>
      runTool(deps.logger, 'projects', async () => {
        await connection.ready;
        const result = await manageProjects(deps, input, { cwd: connection.cwd });
        return toolOk(toProjectsView(result), projectsText(result));
      }),
  );
}
