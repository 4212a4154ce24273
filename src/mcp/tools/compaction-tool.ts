import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { compactionAdvice } from '../../app/compaction/compaction-advice.js';
import {
  compactionAdviceOutput,
  compactionAdviceText,
  toCompactionAdviceView,
} from '../../app/compaction/compaction-view.js';
import type { AppDeps } from '../../app/deps.js';
import { compactionAdviceInput } from '../../core/compaction/compaction-schemas.js';
import type { Session } from '../../core/types.js';
import { type Connection, sessionForTool } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

/** `compaction_advice`: how full the context window is, and a compact summary when asked. */
export function registerCompactionTool(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  if (!enabled('compaction_advice')) return;
  server.registerTool(
    'compaction_advice',
    {
      description:
        "Estimate the conversation's context use from its transcript vs the model's window; advise when to compact; with prepare, store a compact summary checkpoint.",
      inputSchema: compactionAdviceInput.shape,
      outputSchema: outputShape(compactionAdviceOutput),
    },
    (input) =>
      runTool(deps.logger, 'compaction_advice', async () => {
        await connection.ready;
        let session: Session | null = null;
        if (input.session_id) session = await sessionForTool(deps, connection, input.session_id);
        else session = await sessionForTool(deps, connection).catch(() => null);
        const result = await compactionAdvice(deps, input, session, connection.cwd);
        return toolOk(toCompactionAdviceView(result), compactionAdviceText(result));
      }),
  );
}
