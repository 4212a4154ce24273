import type { AppDeps } from '../app/deps.js';
import { ensureProject } from '../app/sessions/ensure-project.js';
import { activeSessionOf, noActiveSession, requireSession } from '../app/sessions/resolve-session.js';
import type { Session } from '../core/types.js';

/**
 * The session a CLI command acts on: `--session`, else the active background
 * session of the current folder's project, else its active foreground one.
 */
export async function cliSession(
  deps: AppDeps,
  sessionId: string | undefined,
  cwd = process.cwd(),
): Promise<Session> {
  if (sessionId) return requireSession(deps, sessionId);
  const { project } = await ensureProject(deps, cwd, 'cwd');
  const session = await activeSessionOf(deps, project.id, 'background');
  if (!session) throw noActiveSession(project.name);
  return session;
}
