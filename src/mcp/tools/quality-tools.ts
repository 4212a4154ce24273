import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AppDeps } from '../../app/deps.js';
import { qualityReport } from '../../app/quality/quality-report.js';
import {
  qualityReportLines,
  qualityReportShape,
  qualityRunLines,
  qualityRunResultShape,
  toQualityReportView,
  toQualityRunResult,
} from '../../app/quality/quality-views.js';
import { runQuality } from '../../app/quality/run-quality.js';
import { qualityReportInput, qualityRunInput } from '../../core/quality/quality-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

/** quality_run, quality_report. */
export function registerQualityTools(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  if (enabled('quality_run')) {
    server.registerTool(
      'quality_run',
      {
        description:
          "Run the project's own test/lint command (configured, detected from package.json, or given) with a timeout; records pass/fail counts, failures and the trend.",
        inputSchema: qualityRunInput.shape,
        outputSchema: outputShape(qualityRunResultShape),
      },
      (input) =>
        runTool(deps.logger, 'quality_run', async () => {
          await connection.ready;
          const result = await runQuality(
            deps,
            input,
            { cwd: connection.cwd, sessionId: connection.sessionId, context: 'foreground' },
            { requireTrust: true },
          );
          return toolOk(toQualityRunResult(result), qualityRunLines(result).join('\n'));
        }),
    );
  }

  if (enabled('quality_report')) {
    server.registerTool(
      'quality_report',
      {
        description:
          'Quality runs of a project: trend per command, recurring failure patterns, and the decisions/findings/tool calls that fixed them before.',
        inputSchema: qualityReportInput.shape,
        outputSchema: outputShape(qualityReportShape),
      },
      (input) =>
        runTool(deps.logger, 'quality_report', async () => {
          await connection.ready;
          const report = await qualityReport(deps, input, { cwd: connection.cwd });
          return toolOk(toQualityReportView(report), qualityReportLines(report).join('\n'));
        }),
    );
  }
}
