import { decodeCursor, encodeCursor } from '../../core/cursor.js';
import { UserError } from '../../core/errors.js';
import { type SessionQueryInput, sessionQueryInput } from '../../core/schemas.js';
import type { EventRecord } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { findProjectByRef } from '../sessions/ensure-project.js';

export interface QueryEventsResult {
  events: EventRecord[];
  nextCursor: string | null;
}

/** `session_query`: a filtered, newest-first, cursor-paginated listing of events. */
export async function queryEvents(deps: AppDeps, raw: SessionQueryInput): Promise<QueryEventsResult> {
  const input = sessionQueryInput.parse(raw);
  const since = input.since ? new Date(input.since).toISOString() : undefined;
  const until = input.until ? new Date(input.until).toISOString() : undefined;
  if (since && until && since >= until) {
    throw new UserError('until', 'must be later than `since`', `since=${since}, until=${until}`);
  }
  const project = input.project ? await findProjectByRef(deps, input.project) : null;
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await deps.store.queryEvents({
    sessionId: input.session_id,
    projectId: project?.id,
    category: input.category,
    type: input.type,
    keyword: input.keyword,
    since,
    until,
    beforeSeq: cursor?.seq,
    limit: input.limit + 1,
  });
  const events = rows.slice(0, input.limit);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > input.limit && last ? encodeCursor({ seq: last.seq }) : null };
}
