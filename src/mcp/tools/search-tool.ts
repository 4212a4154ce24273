import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { formatSearch } from '../../app/search/format-search.js';
import { search } from '../../app/search/search.js';
import { searchInput } from '../../core/search-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

/** The one `search` tool: every search mode over memories, events, messages, checkpoints and hand-offs. */
export function registerSearchTool(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: (name: string) => boolean,
) {
  if (!enabled('search')) return;
  server.registerTool(
    'search',
    {
      description:
        'Search memories, events, conversations, checkpoints and hand-offs in one ranked list. Modes: ranked, ' +
        'quick (count + top 3), summary (counts only), suggest (complete last word), errors (+ their fixes), code, concept, metrics.',
      inputSchema: searchInput.shape,
      outputSchema: outputShape({
        mode: z.string(),
        query: z.string(),
        results: z.array(z.looseObject({})),
        total: z.number().nullable(),
        next_cursor: z.string().nullable(),
        time_filter: z.looseObject({}).nullable(),
        summary: z.looseObject({}).optional(),
        suggestions: z.array(z.string()).optional(),
        metrics: z.looseObject({}).optional(),
        ranker: z.string().optional(),
        took_ms: z.number(),
      }),
    },
    (input) =>
      runTool(deps.logger, 'search', async () => {
        await connection.ready;
        const output = await search(deps, input);
        return toolOk({ ...output }, formatSearch(output));
      }),
  );
}
