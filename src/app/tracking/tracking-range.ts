import { resolveSinceUntil } from '../../core/dates/parse-time-range.js';
import { UserError } from '../../core/errors.js';
import type { Project } from '../../core/types.js';
import type { TrackingFilter } from '../../store/tracking-port.js';
import type { AppDeps } from '../deps.js';
import { timeZoneOf } from '../search/search-filters.js';
import { ensureProject, findProjectByRef } from '../sessions/ensure-project.js';
import { requireSession } from '../sessions/resolve-session.js';

/**
 * Turns `project` / `session_id` / `since` / `until` into a store filter: a session
 * narrows to itself (and its project); else the project named, else the caller's folder's.
 * since/until take the same words as search ("yesterday", "last week", dates).
 */
export async function trackingFilter(
  deps: AppDeps,
  input: { project?: string; session_id?: string; since?: string; until?: string },
  cwd: string,
): Promise<{ filter: TrackingFilter; project: Project }> {
  const filter: TrackingFilter = {};
  let project: Project;
  if (input.session_id !== undefined) {
    const session = await requireSession(deps, input.session_id);
    filter.sessionId = session.id;
    project =
      (await deps.store.getProject(session.projectId)) ?? (await ensureProject(deps, cwd, 'cwd')).project;
  } else if (input.project !== undefined) {
    project = await findProjectByRef(deps, input.project);
  } else {
    project = (await ensureProject(deps, cwd, 'project')).project;
  }
  filter.projectId = project.id;
  if (input.since !== undefined || input.until !== undefined) {
    try {
      const range = resolveSinceUntil(
        { since: input.since, until: input.until },
        { now: deps.clock.now(), timeZone: timeZoneOf(deps) },
      );
      if (range.start) filter.since = range.start.toISOString();
      if (range.end) filter.until = range.end.toISOString();
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const field =
        /`(since|until)`/.exec(error.message)?.[1] ?? (input.since !== undefined ? 'since' : 'until');
      throw new UserError(field, error.message.replace(/^`(since|until)`\s*/, ''));
    }
  }
  return { filter, project };
}
