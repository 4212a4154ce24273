import type { Command } from 'commander';
import type { AppDeps } from '../../app/deps.js';
import { ensureProject } from '../../app/sessions/ensure-project.js';
import { activeSessionOf, requireSession } from '../../app/sessions/resolve-session.js';
import { sessionStatus } from '../../app/sessions/session-status.js';
import { toProjectView, toSessionView } from '../../app/views.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerStatus(program: Command) {
  program
    .command('status')
    .description('show the current session, its counts, and the health of store and project')
    .option('--session <id>', 'session id (default: the active one of this folder)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const { session, project } = await locate(deps, options.session);
        const status = await sessionStatus(deps, session, project);
        const structured = {
          session: session ? toSessionView(session) : null,
          project: project ? toProjectView(project) : null,
          duration_minutes: status.durationMinutes,
          event_counts: status.eventCounts,
          checkpoints: status.checkpoints,
          health: status.health,
        };
        const lines = [
          session
            ? `Session ${session.id} (${session.context}, ${session.status}) — ${status.durationMinutes} min`
            : 'No active session.',
          project ? `Project: ${project.name} (${project.rootPath})` : 'Project: not detected',
          `Events: ${
            Object.entries(status.eventCounts)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || 'none'
          }`,
          `Checkpoints: ${status.checkpoints}`,
          `Store: ${status.health.store.ok ? 'ok' : 'FAILING'} — ${status.health.store.detail} (schema v${status.health.store.schemaVersion})`,
          `Embedder: ${status.health.embedder.detail}`,
          `Project health: ${status.health.project?.detail ?? 'n/a'}`,
        ];
        printResult(options.json, structured, lines.join('\n'));
        return 0;
      }),
    );
}

async function locate(deps: AppDeps, sessionId: string | undefined) {
  if (sessionId) {
    const session = await requireSession(deps, sessionId);
    return { session, project: await deps.store.getProject(session.projectId) };
  }
  const found = await ensureProject(deps, process.cwd(), 'cwd').catch(() => null);
  if (!found) return { session: null, project: null };
  return { session: await activeSessionOf(deps, found.project.id, 'background'), project: found.project };
}
