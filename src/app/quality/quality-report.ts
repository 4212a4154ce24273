import { eventSummary } from '../../core/events/event-text.js';
import { type QualityReportInput, qualityReportInput } from '../../core/quality/quality-schemas.js';
import { type QualityRun, runPassed } from '../../core/quality/quality-types.js';
import {
  type FailureEpisode,
  type RecurringFailure,
  recurringFailures,
} from '../../core/quality/recurring-failures.js';
import type { EventCategory, Project } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { ensureProject, findProjectByRef } from '../sessions/ensure-project.js';

/** How many of the latest checkpoints the score trend reads. */
const SCORED_CHECKPOINTS = 20;
/** How many runs the recurring-failure analysis reads. */
const ANALYSIS_RUNS = 500;
/** Events named per fix, and recurring failures listed. */
const EVENTS_PER_FIX = 8;
const MAX_RECURRING = 20;
const FIXES_PER_FAILURE = 3;
/** What counts as work that may have fixed a failure. */
const FIX_CATEGORIES: readonly EventCategory[] = ['decision', 'finding', 'tool_call'];

export interface FixEvent {
  id: string;
  category: EventCategory;
  type: string;
  text: string;
  createdAt: string;
}

export interface ResolvedEpisode extends FailureEpisode {
  /** Decisions, findings and tool calls recorded in the project between the failing and the passing run. */
  events: FixEvent[];
}

export interface QualityReport {
  project: Project;
  /** Newest first. */
  runs: QualityRun[];
  /** Per command: runs, passes, latest state, pass rate, average duration. */
  commands: {
    command: string;
    kind: QualityRun['kind'];
    runs: number;
    passed: number;
    latestPassed: boolean;
    latestAt: string;
    averageMs: number;
  }[];
  recurring: (Omit<RecurringFailure, 'resolved'> & { resolved: ResolvedEpisode[] })[];
  /** Quality scores kept with the project's latest checkpoints, newest first. */
  checkpointScores: { checkpointId: string; name: string; sessionId: string; score: number; at: string }[];
}

/** `quality_report`: the trend of recent runs, recurring failures, and how they were fixed before. */
export async function qualityReport(
  deps: AppDeps,
  raw: QualityReportInput,
  context: { cwd: string },
): Promise<QualityReport> {
  const input = qualityReportInput.parse(raw);
  const project =
    input.project !== undefined
      ? await findProjectByRef(deps, input.project)
      : (await ensureProject(deps, context.cwd, 'project')).project;
  const history = await deps.store.listQualityRuns({ projectId: project.id }, ANALYSIS_RUNS);
  const runs = history.slice(0, input.limit);

  const byCommand = new Map<string, QualityRun[]>();
  for (const run of runs) byCommand.set(run.command, [...(byCommand.get(run.command) ?? []), run]);
  const commands = [...byCommand.entries()].map(([command, list]) => {
    const latest = list[0] as QualityRun;
    return {
      command,
      kind: latest.kind,
      runs: list.length,
      passed: list.filter(runPassed).length,
      latestPassed: runPassed(latest),
      latestAt: latest.createdAt,
      averageMs: Math.round(list.reduce((sum, run) => sum + run.durationMs, 0) / list.length),
    };
  });

  const recurring = [];
  for (const failure of recurringFailures(history).slice(0, MAX_RECURRING)) {
    const resolved: ResolvedEpisode[] = [];
    for (const episode of failure.resolved.slice(0, FIXES_PER_FAILURE))
      resolved.push({ ...episode, events: await fixEvents(deps, project.id, episode) });
    recurring.push({ ...failure, resolved });
  }
  const checkpoints = await deps.store.listCheckpoints({ projectId: project.id, limit: SCORED_CHECKPOINTS });
  const checkpointScores = checkpoints.flatMap((checkpoint) =>
    checkpoint.state.quality
      ? [
          {
            checkpointId: checkpoint.id,
            name: checkpoint.name,
            sessionId: checkpoint.sessionId,
            score: checkpoint.state.quality.score,
            at: checkpoint.createdAt,
          },
        ]
      : [],
  );
  return { project, runs, commands, recurring, checkpointScores };
}

/** The work recorded between a failing run and the first passing run after it, oldest first. */
async function fixEvents(deps: AppDeps, projectId: string, episode: FailureEpisode): Promise<FixEvent[]> {
  const events = await deps.store.queryEvents({
    projectId,
    since: episode.failedAt,
    until: episode.fixedAt,
    limit: 200,
  });
  return events
    .filter((event) => FIX_CATEGORIES.includes(event.category))
    .sort((a, b) => {
      // Decisions and findings say more about a fix than tool calls do.
      const rank = (category: EventCategory) => (category === 'tool_call' ? 1 : 0);
      return rank(a.category) - rank(b.category) || a.seq - b.seq;
    })
    .slice(0, EVENTS_PER_FIX)
    .map((event) => ({
      id: event.id,
      category: event.category,
      type: event.type,
      text: eventSummary(event.data, event.type),
      createdAt: event.createdAt,
    }));
}
