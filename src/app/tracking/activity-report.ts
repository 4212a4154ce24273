import { filesInEventData } from '../../core/events/event-text.js';
import {
  type FileTouch,
  FileTouchCounter,
  filesInToolCallContent,
} from '../../core/tracking/files-touched.js';
import { detectInterruptions, type Interruption } from '../../core/tracking/interruptions.js';
import { type ActivityInput, activityInput } from '../../core/tracking/tracking-schemas.js';
import type { Project } from '../../core/types.js';
import type { TrackingFilter } from '../../store/tracking-port.js';
import type { AppDeps } from '../deps.js';
import { trackingFilter } from './tracking-range.js';

/** How many rows of each kind one report reads at most (the newest). */
const MAX_FILE_ROWS = 20_000;
const MAX_TIME_ROWS = 200_000;

export interface ActivityReport {
  project: Project;
  sessionId: string | null;
  since: string | null;
  until: string | null;
  gapMinutes: number;
  filesTouched: FileTouch[];
  /** How many distinct files were seen (filesTouched lists the top `limit`). */
  files: number;
  interruptions: Interruption[];
  idleMinutes: number;
  sessions: number;
  /** Events and messages the report looked at. */
  activities: number;
  /** True when a read limit was reached and only the newest rows counted. */
  truncated: boolean;
}

/** Files touched from recorded events and imported tool calls, read into a counter. */
export async function filesTouched(
  deps: AppDeps,
  filter: TrackingFilter,
  root: string,
): Promise<{ counter: FileTouchCounter; truncated: boolean }> {
  const [events, toolCalls] = await Promise.all([
    deps.store.activityEvents(filter, MAX_FILE_ROWS),
    deps.store.activityToolCalls(filter, MAX_FILE_ROWS),
  ]);
  const counter = new FileTouchCounter(root);
  for (const event of events) counter.add(filesInEventData(event.data), event.createdAt);
  for (const call of toolCalls) counter.add(filesInToolCallContent(call.content), call.createdAt);
  return { counter, truncated: events.length >= MAX_FILE_ROWS || toolCalls.length >= MAX_FILE_ROWS };
}

/**
 * `activity`: which files were touched (from recorded tool-call events and imported
 * transcript tool calls) and where sessions sat idle longer than the gap (interruptions).
 */
export async function activityReport(
  deps: AppDeps,
  raw: ActivityInput,
  context: { cwd: string },
): Promise<ActivityReport> {
  const input = activityInput.parse(raw);
  const { filter, project } = await trackingFilter(deps, input, context.cwd);
  const [{ counter, truncated }, times] = await Promise.all([
    filesTouched(deps, filter, project.rootPath),
    deps.store.activityTimes(filter, MAX_TIME_ROWS),
  ]);
  const interruptions = detectInterruptions(times, input.gap_minutes);
  const sessions = new Set(times.map((time) => time.sessionId)).size;
  const idle = interruptions.reduce((total, gap) => total + gap.minutes, 0);
  return {
    project,
    sessionId: filter.sessionId ?? null,
    since: filter.since ?? null,
    until: filter.until ?? null,
    gapMinutes: input.gap_minutes,
    filesTouched: counter.top(input.limit),
    files: counter.size,
    interruptions: [...interruptions].sort((a, b) => b.from.localeCompare(a.from)).slice(0, input.limit),
    idleMinutes: Math.round(idle * 100) / 100,
    sessions,
    activities: times.length,
    truncated: truncated || times.length >= MAX_TIME_ROWS,
  };
}
