import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { observability } from '../../app/report/observability.js';
import { observabilityInput } from '../../app/report/report-scope.js';
import { reportText } from '../../app/report/report-text.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

const summary = z.object({
  sessions: z.number(),
  comparable_sessions: z.number(),
  estimated_minutes: z.number().nullable(),
  actual_minutes: z.number().nullable(),
  time_saved_minutes: z.number().nullable(),
  multiplier: z.number().nullable(),
  success_rate: z.number().nullable(),
  tokens: z.number(),
  cost_usd: z.number().nullable(),
  priced_cost_usd: z.number(),
  unpriced_models: z.array(z.string()),
  interactions: z.number(),
  average_rating: z.number().nullable(),
  issues: z.number(),
});

/** get_observability: the ROI, cost and quality report (docs/report.md). */
export function registerObservabilityTool(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  if (!enabled('get_observability')) return;
  server.registerTool(
    'get_observability',
    {
      description:
        'ROI and quality report: human-estimated vs actual minutes, time saved, productivity multiplier, token cost (unpriced models listed), ratings, issues by type, weekly trend. Default: every project.',
      inputSchema: observabilityInput.shape,
      outputSchema: outputShape({
        scope: z.object({}).loose(),
        generated_at: z.string(),
        sections: z.array(z.string()),
        summary,
        gaps: z.array(z.object({ figure: z.string(), reason: z.string() })),
        cost: z.object({ total: z.object({}) }).optional(),
        roi: z.object({ totals: z.object({}) }).optional(),
        quality: z.object({ trend: z.array(z.object({})) }).optional(),
      }),
    },
    (input) =>
      runTool(deps.logger, 'get_observability', async () => {
        await connection.ready;
        const report = await observability(deps, input);
        return toolOk({ ...report }, reportText(report));
      }),
  );
}
