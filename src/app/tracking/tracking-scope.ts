import type { ExecutionContext, Project, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { ensureProject } from '../sessions/ensure-project.js';
import { activeSessionOf, requireSession } from '../sessions/resolve-session.js';

/** Where a tracking call comes from: the caller's folder, its session if any, its execution context. */
export interface TrackingContext {
  cwd: string;
  /** The caller's own session (an MCP connection's), used when the input names none. */
  sessionId?: string | null;
  context: ExecutionContext;
}

export interface TrackingScope {
  project: Project;
  /** Null when no session is named and none is active: the record then belongs to the project only. */
  session: Session | null;
  /** The folder files are resolved against: the session's work tree, else the caller's checkout. */
  root: string;
}

/**
 * The project and session a tracking record belongs to: the session named (which must
 * exist), else the caller's own, else the active session of the folder's project, else none.
 */
export async function trackingScope(
  deps: AppDeps,
  sessionId: string | undefined,
  context: TrackingContext,
): Promise<TrackingScope> {
  const own = sessionId
    ? await requireSession(deps, sessionId)
    : context.sessionId
      ? await deps.store.getSession(context.sessionId)
      : null;
  if (own) {
    const project = await deps.store.getProject(own.projectId);
    if (project) return { project, session: own, root: own.workdir || project.rootPath };
  }
  const { project, detected } = await ensureProject(deps, context.cwd, 'cwd');
  const session = await activeSessionOf(deps, project.id, context.context);
  const repo = await deps.git.repository(context.cwd);
  return { project, session, root: session?.workdir || repo?.workTree || detected.rootPath };
}
