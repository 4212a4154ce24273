import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AppDeps } from '../../app/deps.js';
import { pluginView, toPluginView } from '../../app/plugins/plugin-view.js';
import { qualityScoreLines, toQualityScoreView } from '../../app/quality/quality-views.js';
import { checkpointSession } from '../../app/sessions/checkpoint-session.js';
import { endSession } from '../../app/sessions/end-session.js';
import { ensureProject, findProjectByRef } from '../../app/sessions/ensure-project.js';
import { resumeSession } from '../../app/sessions/resume-session.js';
import { sessionStatus } from '../../app/sessions/session-status.js';
import { startSession } from '../../app/sessions/start-session.js';
import {
  checkpointView,
  projectView,
  sessionView,
  toCheckpointView,
  toProjectView,
  toResumeView,
  toSessionView,
} from '../../app/views.js';
import {
  sessionCheckpointInput,
  sessionEndInput,
  sessionResumeInput,
  sessionStartInput,
  sessionStatusInput,
} from '../../core/schemas.js';
import { type Connection, sessionForTool } from '../connection.js';
import { outputShape } from '../output-shape.js';
import { runTool, toolOk } from '../tool-result.js';

type Register = (name: string) => boolean;

/** session_start, session_checkpoint, session_end, session_status, session_resume. */
export function registerSessionTools(
  server: McpServer,
  deps: AppDeps,
  connection: Connection,
  enabled: Register,
) {
  if (enabled('session_start')) {
    server.registerTool(
      'session_start',
      {
        description:
          'Start (or rejoin) the work session for a project. Returns a welcome with the previous hand-off. Call at the start of work.',
        inputSchema: sessionStartInput.shape,
        outputSchema: outputShape({
          session: sessionView,
          project: projectView,
          welcome: z.string(),
          already_active: z.boolean(),
          closed_sessions: z.array(z.string()),
          plugin: pluginView.optional(),
        }),
      },
      (input) =>
        runTool(deps.logger, 'session_start', async () => {
          await connection.ready;
          const result = await startSession(deps, input, {
            context: 'foreground',
            cwd: connection.cwd,
            clientName: connection.clientName,
            currentSessionId: connection.sessionId,
          });
          connection.sessionId = result.session.id;
          return toolOk(
            {
              session: toSessionView(result.session),
              project: toProjectView(result.project),
              welcome: result.welcome,
              already_active: result.alreadyActive,
              closed_sessions: result.closed.map((closed) => closed.id),
              ...(result.plugin ? { plugin: toPluginView(result.plugin) } : {}),
            },
            result.welcome,
          );
        }),
    );
  }

  if (enabled('session_checkpoint')) {
    server.registerTool(
      'session_checkpoint',
      {
        description: 'Save a named checkpoint of the session: quality score, advice, optional git commit.',
        inputSchema: { ...sessionCheckpointInput.shape, session_id: z.string().min(1).max(64).optional() },
        outputSchema: outputShape({
          checkpoint: checkpointView,
          pruned: z.number(),
          git_error: z.string().nullable(),
          // {score, components, recommendations} (qualityScoreView); `{}` keeps the core tools/list within 8 KB.
          quality: z.unknown().optional(),
        }),
      },
      ({ session_id, ...input }) =>
        runTool(deps.logger, 'session_checkpoint', async () => {
          const session = await sessionForTool(deps, connection, session_id);
          const result = await checkpointSession(deps, session, input, 'manual');
          const commit = result.checkpoint.gitCommit
            ? ` (commit ${result.checkpoint.gitCommit.slice(0, 10)})`
            : '';
          return toolOk(
            {
              checkpoint: toCheckpointView(result.checkpoint),
              pruned: result.pruned,
              git_error: result.gitError,
              ...(result.quality ? { quality: toQualityScoreView(result.quality) } : {}),
            },
            [
              `Checkpoint "${result.checkpoint.name}" saved${commit}.${result.gitError ? ` Git: ${result.gitError}` : ''}`,
              ...(result.quality ? qualityScoreLines(result.quality) : []),
            ].join('\n'),
          );
        }),
    );
  }

  if (enabled('session_end')) {
    server.registerTool(
      'session_end',
      {
        description:
          'End the current session with an outcome and notes; writes the markdown hand-off for next time.',
        inputSchema: { ...sessionEndInput.shape, session_id: z.string().min(1).max(64).optional() },
        outputSchema: outputShape({
          session: sessionView,
          handoff: z.string(),
          handoff_path: z.string().nullable(),
        }),
      },
      ({ session_id, ...input }) =>
        runTool(deps.logger, 'session_end', async () => {
          const session = await sessionForTool(deps, connection, session_id);
          const result = await endSession(deps, session.id, input);
          if (connection.sessionId === session.id) connection.sessionId = null;
          const handoff = result.handoff?.content ?? '';
          return toolOk(
            { session: toSessionView(result.session), handoff, handoff_path: result.handoff?.path ?? null },
            `Session ${session.id} ended (${result.session.outcome}). Hand-off: ${result.handoff?.path ?? 'not written'}`,
          );
        }),
    );
  }

  if (enabled('session_status')) {
    server.registerTool(
      'session_status',
      {
        description:
          'Current session: duration, event counts, checkpoints, and health of store, embedder and project.',
        inputSchema: sessionStatusInput.shape,
        outputSchema: outputShape({
          session: sessionView.nullable(),
          project: projectView.nullable(),
          duration_minutes: z.number().nullable(),
          event_counts: z.record(z.string(), z.number()),
          checkpoints: z.number(),
          health: z.record(z.string(), z.unknown()),
        }),
      },
      ({ session_id }) =>
        runTool(deps.logger, 'session_status', async () => {
          let session = null;
          try {
            session = await sessionForTool(deps, connection, session_id);
          } catch (error) {
            if (session_id) throw error;
          }
          const project = session
            ? await deps.store.getProject(session.projectId)
            : ((await ensureProject(deps, connection.cwd).catch(() => null))?.project ?? null);
          const status = await sessionStatus(deps, session, project);
          const text = session
            ? `Session ${session.id} (${session.status}) in ${project?.name}: ${status.durationMinutes} min, ` +
              `${Object.values(status.eventCounts).reduce((a, b) => a + (b ?? 0), 0)} events, ${status.checkpoints} checkpoints.`
            : 'No active session.';
          return toolOk(
            {
              session: session ? toSessionView(session) : null,
              project: project ? toProjectView(project) : null,
              duration_minutes: status.durationMinutes,
              event_counts: status.eventCounts as Record<string, number>,
              checkpoints: status.checkpoints,
              health: status.health,
            },
            `${text} Store: ${status.health.store.ok ? 'ok' : 'FAILING'} (${status.health.store.detail}).`,
          );
        }),
    );
  }

  if (enabled('session_resume')) {
    server.registerTool(
      'session_resume',
      {
        description:
          'Get the context to continue earlier work: the latest session, a checkpoint by name, or a session id.',
        inputSchema: sessionResumeInput.shape,
        outputSchema: outputShape({
          session: sessionView,
          checkpoint: checkpointView.nullable(),
          handoff: z.string(),
          decisions: z.array(z.string()),
          open_questions: z.array(z.string()),
          plugin: pluginView.optional(),
        }),
      },
      (input) =>
        runTool(deps.logger, 'session_resume', async () => {
          await connection.ready;
          const project = input.project_path
            ? (await ensureProject(deps, input.project_path)).project
            : await projectOfConnection(deps, connection);
          const result = await resumeSession(deps, project, input.target ?? 'latest', connection.sessionId);
          const context = result.plugin ? `\n\n${result.plugin.context}` : '';
          return toolOk(toResumeView(result), `${result.handoff}${context}`);
        }),
    );
  }
}

async function projectOfConnection(deps: AppDeps, connection: Connection) {
  if (connection.sessionId) {
    const session = await deps.store.getSession(connection.sessionId);
    if (session) return findProjectByRef(deps, session.projectId, 'project_path');
  }
  return (await ensureProject(deps, connection.cwd)).project;
}
