import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { graphText, manageGraph, toEntityView, toRelationView } from '../../app/graph/graph.js';
import { GRAPH_ACTIONS, graphInput } from '../../core/graph/graph-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

const entityView = z.object({
  id: z.string(),
  project: z.string(),
  type: z.string(),
  name: z.string(),
  properties: z.looseObject({}),
  distance: z.number().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const relationView = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  type: z.string(),
  properties: z.looseObject({}),
  weight: z.number(),
});

/** graph: the knowledge graph of entities and relations, in one tool. */
export function registerGraphTool(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: (name: string) => boolean,
) {
  if (!enabled('graph')) return;
  server.registerTool(
    'graph',
    {
      description:
        'Knowledge graph of the project: entities (file, function, class, module, decision, concept, person, other) and relations (uses, extends, references, depends_on, calls, contains, decided_by, related_to). Actions: add_entity, link, unlink, delete, find, neighbours (depth 1–5), path. Files touched by tool calls are added automatically. Name entities by id or type:name.',
      inputSchema: graphInput.shape,
      outputSchema: outputShape({
        action: z.enum(GRAPH_ACTIONS),
        project: z.string(),
        entities: z.array(entityView),
        relations: z.array(relationView),
        path: z.array(z.string()).nullable(),
        count: z.number(),
      }),
    },
    (input) =>
      runTool(deps.logger, 'graph', async () => {
        await connection.ready;
        const result = await manageGraph(deps, input, { cwd: connection.cwd });
        return toolOk(
          {
            action: result.action,
            project: result.projectId,
            entities: result.entities.map(toEntityView),
            relations: result.relations.map(toRelationView),
            path: result.path,
            count: result.count,
          },
          graphText(result),
        );
      }),
  );
}
