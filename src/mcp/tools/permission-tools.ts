import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { managePermissions, permissionsText, toGrantView } from '../../app/permissions/permissions.js';
import { permissionsInput } from '../../core/permissions/permission-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

const grantView = z.object({
  id: z.string(),
  operation: z.string(),
  scope: z.enum(['project', 'global']),
  project: z.string().nullable(),
  created_at: z.string(),
});

/** permissions: grant, revoke, list, reset trusted operations. */
export function registerPermissionTools(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  if (!enabled('permissions')) return;
  server.registerTool(
    'permissions',
    {
      description:
        'Trusted operations the user allowed without asking again: grant, revoke, list or reset (confirm: true). Operations are kind:subject — "command:npm test", "command:npm *" (glob), "git:commit", "tool:quality_run" — per project (default) or global.',
      inputSchema: permissionsInput.shape,
      outputSchema: outputShape({
        action: z.enum(['grant', 'revoke', 'list', 'reset']),
        scope: z.enum(['project', 'global', 'all']),
        project: z.string().nullable(),
        count: z.number(),
        grants: z.array(grantView),
      }),
    },
    (input) =>
      runTool(deps.logger, 'permissions', async () => {
        await connection.ready;
        const result = await managePermissions(deps, input, { cwd: connection.cwd });
        return toolOk(
          {
            action: result.action,
            scope: result.scope,
            project: result.projectId,
            count: result.count,
            grants: result.grants.map(toGrantView),
          },
          permissionsText(result),
        );
      }),
  );
}
