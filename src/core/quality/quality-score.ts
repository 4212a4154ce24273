import type { QualityKind } from './quality-types.js';

/**
 * The checkpoint quality score (0–100). All weights live here.
 *
 * | component  | max | full marks                        | zero                                    |
 * |------------|-----|-----------------------------------|-----------------------------------------|
 * | changes    |  20 | nothing uncommitted               | ≥ 25 changed files (linear in between)  |
 * | cadence    |  15 | clean tree, or last commit ≤ 30 m | uncommitted work, last commit ≥ 4 h ago |
 * | tests      |  30 | latest test run passed            | latest run timed out, or all failed     |
 * | lint       |  15 | latest lint run passed            | latest lint run failed                  |
 * | errors     |  10 | no errors recorded since the last checkpoint | ≥ 4 errors                   |
 * | activity   |  10 | ≤ 50 events since the last checkpoint | ≥ 200 events                        |
 *
 * Untracked files count as changed, weighted by `untrackedWeight`. A component
 * without data (no git repository, no test command configured and never run)
 * is left out and the score is scaled to the components that have data; a
 * configured command that was never run scores `neverRunShare` of its maximum.
 * A failing test run keeps `failingTestShare` × the share of tests that passed.
 */
export const QUALITY_WEIGHTS = {
  changes: 20,
  cadence: 15,
  tests: 30,
  lint: 15,
  errors: 10,
  activity: 10,
  changedFilesForZero: 25,
  untrackedWeight: 0.5,
  cadenceFullMinutes: 30,
  cadenceZeroMinutes: 240,
  failingTestShare: 0.5,
  neverRunShare: 0.5,
  errorsForZero: 4,
  eventsFull: 50,
  eventsZero: 200,
} as const;

export interface QualityCheckInput {
  kind: Extract<QualityKind, 'test' | 'lint'>;
  /** The configured command, or the one the latest run used. */
  command: string | null;
  /** Null when the command never ran in this project. */
  latest: {
    passed: boolean;
    timedOut: boolean;
    /** Counts when the output format was known. */
    testsPassed: number | null;
    testsFailed: number | null;
    at: string;
  } | null;
  /** Start of the current failing streak (the oldest consecutive failing run), when failing. */
  failingSince: string | null;
}

export interface QualityInput {
  now: string;
  /** Null outside a git repository. */
  git: {
    /** Changed files including untracked ones (`git status --porcelain` lines). */
    changedFiles: number;
    /** The untracked part of `changedFiles`, when known. */
    untrackedFiles?: number;
    lastCommitAt: string | null;
  } | null;
  checks: QualityCheckInput[];
  activity: { eventsSinceCheckpoint: number; errorsSinceCheckpoint: number } | null;
  /** IANA zone for the times named in recommendations ("since 10:42"); default UTC. */
  timeZone?: string | null;
}

export interface QualityComponent {
  name: 'changes' | 'cadence' | 'tests' | 'lint' | 'errors' | 'activity';
  points: number;
  max: number;
  detail: string;
}

export interface QualityScore {
  /** 0–100, scaled to the components with data. */
  score: number;
  components: QualityComponent[];
  recommendations: string[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round1 = (x: number) => Math.round(x * 10) / 10;
/** 1 at or below `full`, 0 at or above `zero`, linear in between. */
const decay = (value: number, full: number, zero: number) => clamp01((zero - value) / (zero - full));

function clockTime(iso: string, now: string, timeZone: string | null | undefined): string {
  const date = new Date(iso);
  const zone = timeZone ?? 'UTC';
  const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone: zone });
  const time = date.toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  return day(date) === day(new Date(now)) ? time : `${day(date)} ${time}`;
}

function duration(minutes: number): string {
  if (minutes < 90) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${round1(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Scores a checkpoint and says what would raise the score, most valuable first. */
export function scoreQuality(input: QualityInput): QualityScore {
  const W = QUALITY_WEIGHTS;
  const components: QualityComponent[] = [];
  const advice: { gain: number; text: string }[] = [];
  const nowMs = Date.parse(input.now);

  if (input.git) {
    const { changedFiles, lastCommitAt } = input.git;
    const untracked = Math.min(input.git.untrackedFiles ?? 0, changedFiles);
    const weighted = changedFiles - untracked + untracked * W.untrackedWeight;
    const changes = W.changes * decay(weighted, 0, W.changedFilesForZero);
    components.push({
      name: 'changes',
      points: round1(changes),
      max: W.changes,
      detail:
        changedFiles === 0
          ? 'working tree clean'
          : `${plural(changedFiles, 'changed file')}${untracked ? ` (${untracked} untracked)` : ''}`,
    });
    if (changedFiles > 0)
      advice.push({ gain: W.changes - changes, text: `commit the ${plural(changedFiles, 'changed file')}` });

    const minutes = lastCommitAt === null ? null : Math.max(0, (nowMs - Date.parse(lastCommitAt)) / 60_000);
    let cadence: number = W.cadence;
    let detail = minutes === null ? 'no commit yet' : `last commit ${duration(minutes)} ago`;
    if (changedFiles > 0) {
      cadence = minutes === null ? 0 : W.cadence * decay(minutes, W.cadenceFullMinutes, W.cadenceZeroMinutes);
      if (minutes === null) advice.push({ gain: W.cadence, text: 'make a first commit' });
      else if (cadence < W.cadence)
        advice.push({
          gain: W.cadence - cadence,
          text: `last commit was ${duration(minutes)} ago with work uncommitted: commit in smaller steps`,
        });
    } else detail += ', nothing to commit';
    components.push({ name: 'cadence', points: round1(cadence), max: W.cadence, detail });
  }

  for (const check of input.checks) {
    const max = check.kind === 'test' ? W.tests : W.lint;
    const run = check.command ? `\`${check.command}\`` : 'quality_run';
    const latest = check.latest;
    if (!latest) {
      if (!check.command) continue;
      components.push({
        name: check.kind === 'test' ? 'tests' : 'lint',
        points: round1(max * W.neverRunShare),
        max,
        detail: 'never run',
      });
      advice.push({
        gain: max * (1 - W.neverRunShare),
        text: `no ${check.kind} results yet: run ${run} (quality_run)`,
      });
      continue;
    }
    let share = 1;
    let detail = `passed at ${clockTime(latest.at, input.now, input.timeZone)}`;
    if (latest.timedOut) {
      share = 0;
      detail = `timed out at ${clockTime(latest.at, input.now, input.timeZone)}`;
    } else if (!latest.passed) {
      const total = (latest.testsPassed ?? 0) + (latest.testsFailed ?? 0);
      share =
        check.kind === 'test' && total > 0 ? W.failingTestShare * ((latest.testsPassed ?? 0) / total) : 0;
      detail = `failing${latest.testsFailed ? ` (${latest.testsFailed} failed)` : ''}`;
    }
    components.push({
      name: check.kind === 'test' ? 'tests' : 'lint',
      points: round1(max * share),
      max,
      detail,
    });
    if (share < 1) {
      const since = clockTime(check.failingSince ?? latest.at, input.now, input.timeZone);
      const what = check.kind === 'test' ? 'tests' : 'lint';
      advice.push({
        gain: max * (1 - share) + 1, // failing checks come before equal-sized housekeeping
        text: latest.timedOut
          ? `${what} timed out at ${since}: run ${run} with a longer timeout_s or fix the hang`
          : `${what} failing since ${since}: run ${run}`,
      });
    }
  }

  if (input.activity) {
    const { errorsSinceCheckpoint: errors, eventsSinceCheckpoint: events } = input.activity;
    const errorPoints = W.errors * decay(errors, 0, W.errorsForZero);
    components.push({
      name: 'errors',
      points: round1(errorPoints),
      max: W.errors,
      detail: `${plural(errors, 'error')} recorded since the last checkpoint`,
    });
    if (errors > 0)
      advice.push({
        gain: W.errors - errorPoints,
        text: `${plural(errors, 'error')} recorded since the last checkpoint: record how each was resolved (session_record finding)`,
      });
    const activityPoints = W.activity * decay(events, W.eventsFull, W.eventsZero);
    components.push({
      name: 'activity',
      points: round1(activityPoints),
      max: W.activity,
      detail: `${plural(events, 'event')} since the last checkpoint`,
    });
    if (activityPoints < W.activity)
      advice.push({
        gain: W.activity - activityPoints,
        text: `${events} events since the last checkpoint: checkpoint more often (about every ${W.eventsFull})`,
      });
  }

  const max = components.reduce((sum, c) => sum + c.max, 0);
  const points = components.reduce((sum, c) => sum + c.points, 0);
  return {
    score: max === 0 ? 100 : Math.round((100 * points) / max),
    components,
    recommendations: advice
      .filter((a) => a.gain > 0.05)
      .sort((a, b) => b.gain - a.gain)
      .map((a) => a.text),
  };
}
