/** Quality runs (the project's own test/lint commands) and the checkpoint quality score. */

/** What a configured command checks: `test` and `lint` count in the score; `custom` is recorded only. */
export const QUALITY_KINDS = ['test', 'lint', 'custom'] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

/** Pass/fail counts read from a run's output, when its format is known. */
export interface TestCounts {
  /** Which reporter format matched: vitest, jest, pytest, cargo, go, mocha, tap. */
  format: string;
  passed: number;
  failed: number;
  skipped: number;
}

/** One stored execution of a quality command. */
export interface QualityRun {
  id: string;
  projectId: string;
  sessionId: string | null;
  kind: QualityKind;
  command: string;
  /** Null when the process was killed by a signal (e.g. on timeout). */
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** Null when the output format was not recognised. */
  passed: number | null;
  failed: number | null;
  skipped: number | null;
  /** The first bytes of the combined stdout+stderr. */
  outputHead: string;
  /** The last bytes (empty when everything fit in the head). */
  outputTail: string;
  /** Bytes of output neither kept in the head nor the tail. */
  droppedBytes: number;
  /** Normalised failure signatures (test names, error lines without numbers and paths). */
  failures: string[];
  createdAt: string;
}

/** A run passed when it exited 0 in time and reported no failures. */
export function runPassed(run: Pick<QualityRun, 'exitCode' | 'timedOut' | 'failed'>): boolean {
  return run.exitCode === 0 && !run.timedOut && (run.failed ?? 0) === 0;
}

/** The commands a project's quality runs use, by kind. */
export type QualityCommands = Partial<Record<QualityKind, string>>;
