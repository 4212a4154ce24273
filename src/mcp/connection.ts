import type { AppDeps } from '../app/deps.js';
import { ensureProject } from '../app/sessions/ensure-project.js';
import { activeSessionOf, noActiveSession, requireSession } from '../app/sessions/resolve-session.js';
import type { Session } from '../core/types.js';

/** What one MCP client connection holds: its working folder and its session. */
export interface Connection {
  cwd: string;
  sessionId: string | null;
  clientName: string | null;
  /** Settles once the automatic session start (if any) is done; tools wait for it. */
  ready: Promise<void>;
}

/**
 * A connection's own session is looked up again at most once a second: a burst
 * of session_record calls does not read the same row for each event.
 */
const SESSION_RECHECK_MS = 1000;
const recentSessions = new WeakMap<Connection, { session: Session; at: number }>();

/** Drops the connection's remembered session row (after a tool changed it, e.g. a worktree switch). */
export function forgetSessionRow(connection: Connection): void {
  recentSessions.delete(connection);
}

/**
 * The session a tool acts on: the one named, else the connection's own, else
 * the active foreground session of the working folder's project.
 */
export async function sessionForTool(
  deps: AppDeps,
  connection: Connection,
  sessionId?: string,
): Promise<Session> {
  await connection.ready;
  if (sessionId) return requireSession(deps, sessionId);
  if (connection.sessionId) {
    const now = Date.now();
    const cached = recentSessions.get(connection);
    if (cached && cached.session.id === connection.sessionId && now - cached.at < SESSION_RECHECK_MS) {
      return cached.session;
    }
    const own = await deps.store.getSession(connection.sessionId);
    if (own) {
      recentSessions.set(connection, { session: own, at: now });
      return own;
    }
  }
  const { project } = await ensureProject(deps, connection.cwd, 'session_id');
  const active = await activeSessionOf(deps, project.id, 'foreground');
  if (!active) throw noActiveSession(project.name);
  return active;
}
