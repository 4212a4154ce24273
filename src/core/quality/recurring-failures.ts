import { type QualityRun, runPassed } from './quality-types.js';

/** One time a failure went away: the failing run and the first passing run of the same command after it. */
export interface FailureEpisode {
  signature: string;
  command: string;
  failedRunId: string;
  /** The last failing run before the fix. */
  failedAt: string;
  /** The first run of that failing streak. */
  firstFailedAt: string;
  fixedRunId: string;
  fixedAt: string;
}

export interface RecurringFailure {
  signature: string;
  /** Runs whose output contained it. */
  runs: number;
  commands: string[];
  firstSeen: string;
  lastSeen: string;
  /** True when the newest run of its command still fails with it. */
  open: boolean;
  /** Earlier occurrences that were resolved, newest first. */
  resolved: FailureEpisode[];
}

/**
 * Counts normalised failure signatures across runs and finds how each one
 * ended: the first passing run of the same command after a failing run with
 * that signature. `minRuns` is how many runs make a failure recurring.
 */
export function recurringFailures(runs: QualityRun[], minRuns = 2): RecurringFailure[] {
  const ordered = [...runs].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  const bySignature = new Map<string, RecurringFailure>();
  /** Per command: signature → [first failing run of the streak, last failing run]. */
  const openStreaks = new Map<string, Map<string, [QualityRun, QualityRun]>>();

  for (const run of ordered) {
    const streaks = openStreaks.get(run.command) ?? new Map<string, [QualityRun, QualityRun]>();
    openStreaks.set(run.command, streaks);
    if (runPassed(run)) {
      for (const [signature, [first, last]] of streaks) {
        bySignature.get(signature)?.resolved.unshift({
          signature,
          command: run.command,
          failedRunId: last.id,
          failedAt: last.createdAt,
          firstFailedAt: first.createdAt,
          fixedRunId: run.id,
          fixedAt: run.createdAt,
        });
      }
      streaks.clear();
      continue;
    }
    for (const signature of new Set(run.failures)) {
      const entry = bySignature.get(signature) ?? {
        signature,
        runs: 0,
        commands: [],
        firstSeen: run.createdAt,
        lastSeen: run.createdAt,
        open: false,
        resolved: [],
      };
      entry.runs++;
      entry.lastSeen = run.createdAt;
      if (!entry.commands.includes(run.command)) entry.commands.push(run.command);
      bySignature.set(signature, entry);
      const streak = streaks.get(signature);
      streaks.set(signature, [streak?.[0] ?? run, run]);
    }
  }
  for (const streaks of openStreaks.values())
    for (const signature of streaks.keys()) {
      const entry = bySignature.get(signature);
      if (entry) entry.open = true;
    }
  return [...bySignature.values()]
    .filter((entry) => entry.runs >= minRuns || entry.resolved.length > 0)
    .sort((a, b) => b.runs - a.runs || b.lastSeen.localeCompare(a.lastSeen));
}
