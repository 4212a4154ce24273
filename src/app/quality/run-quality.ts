import { existsSync } from 'node:fs';
import { UserError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { failureSignatures, parseTestCounts } from '../../core/quality/parse-output.js';
import {
  OUTPUT_HEAD_BYTES,
  OUTPUT_TAIL_BYTES,
  type QualityRunInput,
  qualityRunInput,
} from '../../core/quality/quality-schemas.js';
import type { QualityRun } from '../../core/quality/quality-types.js';
import type { AppDeps } from '../deps.js';
import { isTrusted } from '../permissions/permissions.js';
import { type TrackingContext, trackingScope } from '../tracking/tracking-scope.js';
import { PROJECT_QUALITY_FILE, projectQualityCommands } from './quality-commands.js';
import { type ProcessOptions, type ProcessResult, runProcess } from './run-process.js';

export interface QualityRunResult {
  run: QualityRun;
  root: string;
  /** Where the command came from: configured (with its name) or given by the caller. */
  source: 'configured' | 'explicit';
  totalBytes: number;
  /** The process group that ran it (gone when this returns). */
  pid: number | null;
  /** The same command's earlier runs, newest first (the trend). */
  previous: QualityRun[];
}

export interface RunQualityOptions {
  /**
   * Ask the trusted-operations list before running a command that is not configured
   * (an assistant's call); a person's own CLI command line needs no grant.
   */
  requireTrust?: boolean;
  /** Tests swap the process runner; everything else uses the real one. */
  runner?: (options: ProcessOptions) => Promise<ProcessResult>;
  headBytes?: number;
  tailBytes?: number;
}

/**
 * `quality_run`: runs the project's own test/lint command (or the one given)
 * in the project root with a timeout, keeps the head and tail of its output,
 * reads pass/fail counts and failure signatures, and stores the run.
 */
export async function runQuality(
  deps: AppDeps,
  raw: QualityRunInput,
  context: TrackingContext,
  options: RunQualityOptions = {},
): Promise<QualityRunResult> {
  const input = qualityRunInput.parse(raw);
  const { project, session, root } = await trackingScope(deps, input.session_id, context);
  if (!existsSync(root))
    throw new UserError(
      'session_id',
      `names a session whose folder ${root} no longer exists`,
      'pass another session_id',
    );
  const configured = projectQualityCommands(deps, root, project.packageManager);
  let command: string;
  let kind = input.kind;
  let source: QualityRunResult['source'];
  if (input.command === undefined) {
    const chosen = configured.commands.find((c) => c.kind === 'test') ?? configured.commands[0];
    if (!chosen)
      throw new UserError(
        'command',
        `is required: no quality command is configured for ${project.name}`,
        `pass command, or set quality.commands = { test = "npm test" } in ${PROJECT_QUALITY_FILE} or DEJA_HOME/config.toml`,
      );
    command = chosen.command;
    kind ??= chosen.kind;
    source = 'configured';
  } else {
    command = input.command;
    const match = configured.commands.find((c) => c.command === command);
    kind ??= match?.kind;
    source = match ? 'configured' : 'explicit';
    if (
      !match &&
      options.requireTrust &&
      !(await isTrusted(deps, `command:${command}`, { projectId: project.id }))
    )
      throw new UserError(
        'command',
        `${JSON.stringify(command)} is not a configured quality command of ${project.name} and not a trusted operation`,
        `grant it with the permissions tool ({"action": "grant", "operation": "command:${command}"}), ` +
          `configure it in ${PROJECT_QUALITY_FILE} (commands = { test = "..." }), or leave command out to run the configured one`,
      );
  }

  const started = deps.clock.now();
  const result = await (options.runner ?? runProcess)({
    command,
    cwd: root,
    timeoutMs: (input.timeout_s ?? configured.timeoutSeconds) * 1000,
    headBytes: options.headBytes ?? OUTPUT_HEAD_BYTES,
    tailBytes: options.tailBytes ?? OUTPUT_TAIL_BYTES,
  });
  const output = `${result.head}\n${result.tail}`;
  const counts = parseTestCounts(result.tail || result.head) ?? parseTestCounts(output);
  const exitedOk = result.exitCode === 0 && !result.timedOut;
  const run: QualityRun = {
    id: newId(started),
    projectId: project.id,
    sessionId: session?.id ?? null,
    // A command whose output reads like a test runner's is a test run unless told otherwise.
    kind: kind ?? (counts ? 'test' : 'custom'),
    command,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    durationMs: result.durationMs,
    passed: counts?.passed ?? null,
    failed: counts ? counts.failed : null,
    skipped: counts?.skipped ?? null,
    outputHead: result.head,
    outputTail: result.tail,
    droppedBytes: result.droppedBytes,
    failures: exitedOk && !counts?.failed ? [] : failureSignatures(output),
    createdAt: started.toISOString(),
  };
  if (!exitedOk && run.failures.length === 0)
    run.failures = [
      result.timedOut ? `timed out: ${command}` : `exit ${result.exitCode ?? result.signal}: ${command}`,
    ];
  const previous = await deps.store.listQualityRuns({ projectId: project.id, command }, 10);
  await deps.store.insertQualityRun(run);
  return { run, root, source, totalBytes: result.totalBytes, pid: result.pid, previous };
}
