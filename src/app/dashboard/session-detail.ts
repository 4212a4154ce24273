import type { EventCounts } from '../../store/port.js';
import type { UsageTotals } from '../../store/transcript-port.js';
import type { AppDeps } from '../deps.js';
import { requireSession } from '../sessions/resolve-session.js';
import { toCheckpointView, toEventView, toProjectView, toSessionView } from '../views.js';

export const DETAIL_EVENTS = 500;
export const DETAIL_MESSAGES = 300;
const MESSAGE_CHARS = 2000;

export interface SessionMessageView {
  id: string;
  role: string;
  content: string;
  truncated: boolean;
  turn: number | null;
  created_at: string;
}

/**
 * One session as the dashboard shows it: the session, its project, its events
 * (oldest first), imported conversation messages, checkpoints, hand-off and token usage.
 */
export async function sessionDetail(deps: AppDeps, id: string) {
  const session = await requireSession(deps, id, 'id');
  const [project, events, counts, checkpoints, handoff, usage, messages] = await Promise.all([
    deps.store.getProject(session.projectId),
    deps.store.queryEvents({ sessionId: session.id, ascending: true, limit: DETAIL_EVENTS }),
    deps.store.countEvents({ sessionId: session.id }),
    deps.store.listCheckpoints({ sessionId: session.id, limit: 100 }),
    deps.store.getHandoffBySession(session.id),
    deps.store.usageTotals({ sessionId: session.id }, 'model'),
    sessionMessages(deps, session.id),
  ]);
  return {
    session: {
      ...toSessionView(session),
      type: session.type,
      model: session.model,
      client_name: session.clientName,
      last_activity_at: session.lastActivityAt,
      end_reason: session.endReason,
      notes: session.notes,
    },
    project: project ? toProjectView(project) : null,
    counts: counts satisfies EventCounts,
    events: events.map(toEventView),
    events_truncated: events.length >= DETAIL_EVENTS,
    messages,
    checkpoints: checkpoints.map(toCheckpointView),
    handoff: handoff
      ? { id: handoff.id, content: handoff.content, path: handoff.path, created_at: handoff.createdAt }
      : null,
    usage: usage.map(withTotal),
  };
}

export type SessionDetail = Awaited<ReturnType<typeof sessionDetail>>;

/** The newest indexed messages of an imported conversation, oldest first. */
async function sessionMessages(deps: AppDeps, sessionId: string): Promise<SessionMessageView[]> {
  const hits = await deps.store.searchIndex({
    terms: [],
    match: 'any',
    filters: { sessionId, sources: ['message'] },
    limit: DETAIL_MESSAGES,
  });
  if (hits.length === 0) return [];
  const messages = await deps.store.getMessages(hits.map((hit) => hit.ref));
  return messages
    .map((message) => ({
      id: message.id,
      role: message.role,
      content: message.content.slice(0, MESSAGE_CHARS),
      truncated: message.content.length > MESSAGE_CHARS,
      turn: message.turn,
      created_at: message.createdAt,
    }))
    .sort((a, b) => a.created_at.localeCompare(b.created_at) || (a.turn ?? 0) - (b.turn ?? 0));
}

export function withTotal(row: UsageTotals) {
  return {
    ...row,
    totalTokens: row.inputTokens + row.outputTokens + row.cacheWriteTokens + row.cacheReadTokens,
  };
}
