import type { Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { findProjectByRef } from '../sessions/ensure-project.js';
import { toSessionView } from '../views.js';
import { decodeOffsetCursor, encodeOffsetCursor, MAX_OFFSET } from './page-cursor.js';

export interface ListSessionsInput {
  /** Project id, name or path. */
  project?: string;
  status?: Session['status'];
  /** Only this member's sessions (teams; a member acting for themselves sees only their own anyway). */
  member?: string;
  limit: number;
  cursor?: string;
}

export type SessionListItem = ReturnType<typeof toSessionView> & {
  project_name: string | null;
  type: string | null;
  model: string | null;
  client_name: string | null;
  last_activity_at: string;
  events: number;
};

/** Sessions newest first, with their project's name and event count (the dashboard's list). */
export async function listSessions(
  deps: AppDeps,
  input: ListSessionsInput,
): Promise<{ sessions: SessionListItem[]; next_cursor: string | null }> {
  const offset = input.cursor ? decodeOffsetCursor(input.cursor) : 0;
  const project = input.project ? await findProjectByRef(deps, input.project) : null;
  const rows = await deps.store.findSessions({
    ...(project ? { projectId: project.id } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.member ? { member: input.member } : {}),
    limit: offset + input.limit + 1,
  });
  const page = rows.slice(offset, offset + input.limit);
  const names = new Map((await deps.store.listProjects()).map((p) => [p.id, p.name]));
  const sessions = await Promise.all(
    page.map(async (session) => {
      const counts = await deps.store.countEvents({ sessionId: session.id });
      return {
        ...toSessionView(session),
        project_name: names.get(session.projectId) ?? null,
        type: session.type,
        model: session.model,
        client_name: session.clientName,
        last_activity_at: session.lastActivityAt,
        events: Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0),
      };
    }),
  );
  const nextOffset = offset + input.limit;
  const more = rows.length > nextOffset && nextOffset <= MAX_OFFSET;
  return { sessions, next_cursor: more ? encodeOffsetCursor(nextOffset) : null };
}
