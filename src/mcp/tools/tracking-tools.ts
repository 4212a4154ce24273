import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { activityReport } from '../../app/tracking/activity-report.js';
import { preserveContext, restoreContext } from '../../app/tracking/context-snapshot.js';
import { listTracking } from '../../app/tracking/list-tracking.js';
import { logCodeMetrics } from '../../app/tracking/log-code-metrics.js';
import { flagIssue, logInteraction } from '../../app/tracking/log-interaction.js';
import type { TrackingContext } from '../../app/tracking/tracking-scope.js';
import {
  activityView,
  listLines,
  metricsView,
  snapshotView,
  toActivityView,
  toListItems,
  toMetricsView,
  toSnapshotView,
} from '../../app/tracking/tracking-views.js';
import { renderContext } from '../../core/tracking/render-context.js';
import {
  activityInput,
  contextPreserveInput,
  contextRestoreInput,
  flagIssueInput,
  logCodeMetricsInput,
  logInteractionInput,
  trackingListInput,
} from '../../core/tracking/tracking-schemas.js';
import type { Connection } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

/** log_interaction, flag_issue, log_code_metrics, context_preserve, context_restore, activity, tracking_list. */
export function registerTrackingTools(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  const context = async (): Promise<TrackingContext> => {
    await connection.ready;
    return { cwd: connection.cwd, sessionId: connection.sessionId, context: 'foreground' };
  };

  if (enabled('log_interaction')) {
    server.registerTool(
      'log_interaction',
      {
        description:
          'Log one prompt and its outcome (response summary, optional 1–5 rating, files) for productivity tracking.',
        inputSchema: logInteractionInput.shape,
        outputSchema: outputShape({ id: z.string(), session_id: z.string().nullable(), project: z.string() }),
      },
      (input) =>
        runTool(deps.logger, 'log_interaction', async () => {
          const logged = await logInteraction(deps, input, await context());
          return toolOk(
            { id: logged.id, session_id: logged.sessionId, project: logged.projectId },
            `Logged interaction ${logged.id}${logged.rating === null ? '' : ` (rated ${logged.rating}/5)`}.`,
          );
        }),
    );
  }

  if (enabled('flag_issue')) {
    server.registerTool(
      'flag_issue',
      {
        description:
          "Flag a problem with the assistant's work: hallucination, incorrect_output, context_loss, tooling or other, with a severity.",
        inputSchema: flagIssueInput.shape,
        outputSchema: outputShape({ id: z.string(), session_id: z.string().nullable(), project: z.string() }),
      },
      (input) =>
        runTool(deps.logger, 'flag_issue', async () => {
          const issue = await flagIssue(deps, input, await context());
          return toolOk(
            { id: issue.id, session_id: issue.sessionId, project: issue.projectId },
            `Flagged ${issue.severity} ${issue.type} issue ${issue.id}.`,
          );
        }),
    );
  }

  if (enabled('log_code_metrics')) {
    server.registerTool(
      'log_code_metrics',
      {
        description:
          'Measure source files (TypeScript, JavaScript, Python): functions, cyclomatic complexity, doc coverage, lines; stores each measurement.',
        inputSchema: logCodeMetricsInput.shape,
        outputSchema: outputShape({
          root: z.string(),
          files: z.array(metricsView),
          skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
          errors: z.array(z.object({ path: z.string(), field: z.string(), reason: z.string() })),
        }),
      },
      (input) =>
        runTool(deps.logger, 'log_code_metrics', async () => {
          const result = await logCodeMetrics(deps, input, await context());
          const lines = [
            `Measured ${result.measured.length} file(s), skipped ${result.skipped.length}, errors ${result.errors.length}.`,
            ...result.measured.map(
              (m) =>
                `${m.path}: ${m.functions} fn, complexity ${m.complexity.total} (max ${m.complexity.max}, avg ${m.complexity.average}), docs ${Math.round(m.documentation.coverage * 100)}%, ${m.lines} lines`,
            ),
            ...result.skipped.map((s) => `${s.path}: skipped, ${s.reason}`),
            ...result.errors.map((e) => `${e.field} ${e.path}: ${e.reason}`),
          ];
          return toolOk(
            {
              root: result.root,
              files: result.measured.map(toMetricsView),
              skipped: result.skipped,
              errors: result.errors,
            },
            lines.join('\n'),
          );
        }),
    );
  }

  if (enabled('context_preserve')) {
    server.registerTool(
      'context_preserve',
      {
        description:
          "Snapshot the session's context (goal, decisions, open questions, files touched, recent events, git) with your notes, to restore later by name.",
        inputSchema: contextPreserveInput.shape,
        outputSchema: outputShape({ id: z.string(), name: z.string(), session_id: z.string().nullable() }),
      },
      (input) =>
        runTool(deps.logger, 'context_preserve', async () => {
          const snapshot = await preserveContext(deps, input, await context());
          return toolOk(
            { id: snapshot.id, name: snapshot.name, session_id: snapshot.sessionId },
            `Preserved context "${snapshot.name}" (${snapshot.id}).`,
          );
        }),
    );
  }

  if (enabled('context_restore')) {
    server.registerTool(
      'context_restore',
      {
        description:
          'Return a context snapshot by name (the newest of that name) or id, as data and markdown.',
        inputSchema: contextRestoreInput.shape,
        outputSchema: outputShape({ ...snapshotView.shape, markdown: z.string() }),
      },
      (input) =>
        runTool(deps.logger, 'context_restore', async () => {
          await connection.ready;
          const snapshot = await restoreContext(deps, input, { cwd: connection.cwd });
          const markdown = renderContext(snapshot);
          return toolOk({ ...toSnapshotView(snapshot), markdown }, markdown);
        }),
    );
  }

  if (enabled('activity')) {
    server.registerTool(
      'activity',
      {
        description:
          'Files touched (from recorded and imported tool calls) and interruptions (idle gaps longer than gap_minutes) per project or session.',
        inputSchema: activityInput.shape,
        outputSchema: outputShape(activityView),
      },
      (input) =>
        runTool(deps.logger, 'activity', async () => {
          await connection.ready;
          const report = await activityReport(deps, input, { cwd: connection.cwd });
          const lines = [
            `${report.files} file(s) touched in ${report.sessions} session(s); ${report.interruptions.length} interruption(s), ${report.idleMinutes} idle minute(s).`,
            ...report.filesTouched
              .slice(0, 20)
              .map((touch) => `${touch.count}× ${touch.path} (last ${touch.lastAt})`),
            ...report.interruptions
              .slice(0, 10)
              .map((gap) => `idle ${gap.minutes} min: ${gap.from} → ${gap.to} (session ${gap.sessionId})`),
          ];
          return toolOk(toActivityView(report), lines.join('\n'));
        }),
    );
  }

  if (enabled('tracking_list')) {
    server.registerTool(
      'tracking_list',
      {
        description:
          'List logged interactions, flagged issues, code metrics (a file trend with path) or context snapshots, newest first.',
        inputSchema: trackingListInput.shape,
        outputSchema: outputShape({ kind: z.string(), items: z.array(z.looseObject({})) }),
      },
      (input) =>
        runTool(deps.logger, 'tracking_list', async () => {
          await connection.ready;
          const result = await listTracking(deps, input, { cwd: connection.cwd });
          return toolOk(
            { kind: result.kind, items: toListItems(result) },
            [`${result.items.length} ${result.kind}.`, ...listLines(result)].join('\n'),
          );
        }),
    );
  }
}
