import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AppDeps } from '../../app/deps.js';
import { runWorktree, worktreeOutput } from '../../app/worktrees/run-worktree.js';
import { worktreeInput } from '../../app/worktrees/worktree-input.js';
import type { Session } from '../../core/types.js';
import { type Connection, forgetSessionRow, sessionForTool } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

/** `worktree`: list, add, remove and switch git worktrees; the connection's session moves with a switch. */
export function registerWorktreeTool(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  if (!enabled('worktree')) return;
  server.registerTool(
    'worktree',
    {
      description:
        'Git worktrees of the project: list (with deja session counts), add, remove (never the main one; force for uncommitted changes), switch (the current session moves along).',
      inputSchema: worktreeInput.shape,
      outputSchema: outputShape(worktreeOutput),
    },
    (input) =>
      runTool(deps.logger, 'worktree', async () => {
        await connection.ready;
        let session: Session | null = null;
        if (input.action === 'switch' || input.action === 'remove') {
          // Read fresh (not the connection's cached row): an earlier switch may have just moved it.
          session = connection.sessionId
            ? await deps.store.getSession(connection.sessionId)
            : await sessionForTool(deps, connection).catch(() => null);
        }
        const outcome = await runWorktree(deps, input, connection.cwd, session);
        if (outcome.newCwd) {
          connection.cwd = outcome.newCwd;
          forgetSessionRow(connection);
        }
        return toolOk(outcome.structured, outcome.text);
      }),
  );
}
