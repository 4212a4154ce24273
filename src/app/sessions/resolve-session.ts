import { NotFoundError, UserError } from '../../core/errors.js';
import type { ExecutionContext, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';

/** Loads a session by id, or fails naming the field. */
export async function requireSession(deps: AppDeps, id: string, field = 'session_id'): Promise<Session> {
  const session = await deps.store.getSession(id);
  if (!session)
    throw new NotFoundError(field, `session ${JSON.stringify(id)}`, 'list sessions with session_status');
  return session;
}

/**
 * The session a command acts on when it names none: the newest active session
 * of the project in the caller's execution context, else any active one.
 */
export async function activeSessionOf(
  deps: AppDeps,
  projectId: string,
  context: ExecutionContext,
): Promise<Session | null> {
  const active = await deps.store.findSessions({ projectId, status: 'active', limit: 20 });
  return active.find((session) => session.context === context) ?? active[0] ?? null;
}

export function noActiveSession(projectName: string): UserError {
  return new UserError(
    'session_id',
    `is required: there is no active session for ${projectName}`,
    'start one with session_start (CLI: deja start), or pass session_id',
  );
}
