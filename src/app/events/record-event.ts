import { UserError } from '../../core/errors.js';
import { eventText, normaliseEventData } from '../../core/events/event-text.js';
import { newId } from '../../core/ids.js';
import type { SessionRecordInput } from '../../core/schemas.js';
import type { EventRecord, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { extractGraphQuietly } from '../graph/extract-graph.js';
import { captureInsights, stringsWithInsights } from '../memory/capture-insights.js';

export const MAX_EVENT_DATA_BYTES = 256 * 1024;

/** `session_record`: appends one event to a session's log. */
export async function recordEvent(
  deps: AppDeps,
  session: Session,
  input: Omit<SessionRecordInput, 'session_id'>,
): Promise<EventRecord> {
  let data: ReturnType<typeof normaliseEventData>;
  let json: string;
  try {
    data = normaliseEventData(input.data);
    json = JSON.stringify(data);
  } catch {
    throw new UserError('data', 'must be JSON-serialisable (no cycles or BigInt values)');
  }
  const size = Buffer.byteLength(json);
  if (size > MAX_EVENT_DATA_BYTES) {
    throw new UserError(
      'data',
      `must be at most ${MAX_EVENT_DATA_BYTES / 1024} KB as JSON`,
      `it is ${Math.ceil(size / 1024)} KB`,
    );
  }
  const type = input.type ?? input.category;
  const now = deps.clock.now();
  const event = await deps.store.appendEvent({
    id: newId(now),
    sessionId: session.id,
    projectId: session.projectId,
    category: input.category,
    type,
    data,
    text: eventText(type, data),
    createdAt: now.toISOString(),
  });
  // Files (and symbols) the event names become graph entities; never fails the record.
  // A long-lived server folds them in batches (app/graph/graph-queue.ts).
  const touched = [{ data, at: event.createdAt }];
  if (deps.graphQueue) deps.graphQueue.add(session.projectId, touched);
  else await extractGraphQuietly(deps, session.projectId, touched);
  const texts = stringsWithInsights(data);
  if (texts.length > 0) {
    await captureInsights(deps, texts, { projectId: session.projectId, sessionId: session.id });
  }
  return event;
}
