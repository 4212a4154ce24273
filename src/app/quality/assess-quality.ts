import { type QualityCheckInput, type QualityScore, scoreQuality } from '../../core/quality/quality-score.js';
import { type QualityRun, runPassed } from '../../core/quality/quality-types.js';
import type { EventRecord, GitState, Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { timeZoneOf } from '../search/search-filters.js';
import { projectQualityCommands } from './quality-commands.js';

/** Events read to count activity since the last checkpoint (the score saturates far below). */
const ACTIVITY_WINDOW = 1000;
/** Runs read for the latest state and failing streak of test and lint. */
const RUN_WINDOW = 100;

const ERROR_TYPE = /error|fail|exception|crash/i;

/** An event that records an error: an error-typed event or a tool response flagged as one. */
export function isErrorEvent(event: Pick<EventRecord, 'category' | 'type' | 'data'>): boolean {
  if (ERROR_TYPE.test(event.type)) return true;
  const data = event.data;
  return (
    data.is_error === true || data.isError === true || (typeof data.error === 'string' && data.error !== '')
  );
}

function checkInput(kind: 'test' | 'lint', configured: string | null, runs: QualityRun[]): QualityCheckInput {
  const ofKind = runs.filter(
    (run) => run.kind === kind && (configured === null || run.command === configured),
  );
  const latest = ofKind[0] ?? null;
  let failingSince: string | null = null;
  for (const run of ofKind) {
    if (runPassed(run)) break;
    failingSince = run.createdAt;
  }
  return {
    kind,
    command: configured ?? latest?.command ?? null,
    latest: latest && {
      passed: runPassed(latest),
      timedOut: latest.timedOut,
      testsPassed: latest.passed,
      testsFailed: latest.failed,
      at: latest.createdAt,
    },
    failingSince,
  };
}

/**
 * Gathers what the checkpoint score needs: git state, the latest test and lint
 * runs of the project's commands, and the session's activity since its last checkpoint.
 */
export async function assessQuality(
  deps: AppDeps,
  session: Session,
  git: GitState | null,
  root: string,
): Promise<QualityScore> {
  const project = await deps.store.getProject(session.projectId);
  const configured = projectQualityCommands(deps, root, project?.packageManager ?? null).commands;
  const [runs, [lastCheckpoint]] = await Promise.all([
    deps.store.listQualityRuns({ projectId: session.projectId }, RUN_WINDOW),
    deps.store.listCheckpoints({ sessionId: session.id, limit: 1 }),
  ]);
  const events = await deps.store.queryEvents({
    sessionId: session.id,
    since: lastCheckpoint?.createdAt ?? session.startedAt,
    limit: ACTIVITY_WINDOW,
  });
  const commandOf = (kind: 'test' | 'lint') => configured.find((c) => c.kind === kind)?.command ?? null;
  return scoreQuality({
    now: deps.clock.now().toISOString(),
    git: git && {
      changedFiles: git.dirtyFiles,
      untrackedFiles: git.untrackedFiles ?? 0,
      lastCommitAt: git.lastCommitAt,
    },
    checks: [checkInput('test', commandOf('test'), runs), checkInput('lint', commandOf('lint'), runs)],
    activity: {
      eventsSinceCheckpoint: events.filter((event) => event.category !== 'checkpoint').length,
      errorsSinceCheckpoint: events.filter(isErrorEvent).length,
    },
    timeZone: timeZoneOf(deps),
  });
}
