import { z } from 'zod';
import type { QualityScore } from '../../core/quality/quality-score.js';
import type { QualityRun } from '../../core/quality/quality-types.js';
import { runPassed } from '../../core/quality/quality-types.js';
import type { QualityReport } from './quality-report.js';
import type { QualityRunResult } from './run-quality.js';

/** What the faces show of quality runs, reports and scores (snake_case, the same on every face). */

export const qualityScoreView = z.object({
  score: z.number(),
  components: z.array(
    z.object({ name: z.string(), points: z.number(), max: z.number(), detail: z.string() }),
  ),
  recommendations: z.array(z.string()),
});

export function toQualityScoreView(score: QualityScore): z.infer<typeof qualityScoreView> {
  return { score: score.score, components: score.components, recommendations: score.recommendations };
}

export function qualityScoreLines(score: QualityScore): string[] {
  return [
    `Quality ${score.score}/100 (${score.components.map((c) => `${c.name} ${c.points}/${c.max}`).join(', ') || 'no data'})`,
    ...score.recommendations.map((text) => `- ${text}`),
  ];
}

export const qualityRunView = z.object({
  id: z.string(),
  kind: z.string(),
  command: z.string(),
  passed_run: z.boolean(),
  exit_code: z.number().nullable(),
  timed_out: z.boolean(),
  duration_ms: z.number(),
  passed: z.number().nullable(),
  failed: z.number().nullable(),
  skipped: z.number().nullable(),
  failures: z.array(z.string()),
  dropped_bytes: z.number(),
  session_id: z.string().nullable(),
  created_at: z.string(),
});

export function toQualityRunView(run: QualityRun): z.infer<typeof qualityRunView> {
  return {
    id: run.id,
    kind: run.kind,
    command: run.command,
    passed_run: runPassed(run),
    exit_code: run.exitCode,
    timed_out: run.timedOut,
    duration_ms: run.durationMs,
    passed: run.passed,
    failed: run.failed,
    skipped: run.skipped,
    failures: run.failures,
    dropped_bytes: run.droppedBytes,
    session_id: run.sessionId,
    created_at: run.createdAt,
  };
}

/** The last lines of a run's output, for the text answer. */
function outputExcerpt(run: QualityRun, maxChars = 2000): string {
  const text = (run.outputTail || run.outputHead).trimEnd();
  return text.length > maxChars ? `…${text.slice(text.length - maxChars)}` : text;
}

function counts(run: QualityRun): string {
  if (run.passed === null && run.failed === null) return '';
  return ` — ${run.passed ?? 0} passed, ${run.failed ?? 0} failed, ${run.skipped ?? 0} skipped`;
}

function status(run: QualityRun): string {
  if (run.timedOut) return 'TIMED OUT';
  return runPassed(run) ? 'PASSED' : `FAILED (exit ${run.exitCode ?? 'signal'})`;
}

export const qualityRunResultShape = {
  run: qualityRunView,
  root: z.string(),
  source: z.string(),
  output_head: z.string(),
  output_tail: z.string(),
  total_bytes: z.number(),
  trend: z.array(z.string()),
};

export function toQualityRunResult(result: QualityRunResult) {
  return {
    run: toQualityRunView(result.run),
    root: result.root,
    source: result.source,
    output_head: result.run.outputHead,
    output_tail: result.run.outputTail,
    total_bytes: result.totalBytes,
    /** Newest first, this run included: "pass" / "fail" / "timeout". */
    trend: [result.run, ...result.previous].map((run) =>
      run.timedOut ? 'timeout' : runPassed(run) ? 'pass' : 'fail',
    ),
  };
}

export function qualityRunLines(result: QualityRunResult): string[] {
  const { run } = result;
  const lines = [
    `${status(run)}: \`${run.command}\` in ${(run.durationMs / 1000).toFixed(1)} s${counts(run)}.`,
    `Trend (newest first): ${toQualityRunResult(result).trend.join(' ')}`,
  ];
  if (run.droppedBytes > 0)
    lines.push(`Output: ${result.totalBytes} bytes, ${run.droppedBytes} dropped between head and tail.`);
  if (!runPassed(run)) {
    if (run.failures.length) lines.push('Failures:', ...run.failures.slice(0, 10).map((f) => `- ${f}`));
    lines.push('Output (end):', outputExcerpt(run));
  }
  return lines;
}

export const qualityReportShape = {
  project: z.string(),
  runs: z.array(qualityRunView),
  commands: z.array(
    z.object({
      command: z.string(),
      kind: z.string(),
      runs: z.number(),
      passed: z.number(),
      latest_passed: z.boolean(),
      latest_at: z.string(),
      average_ms: z.number(),
    }),
  ),
  recurring: z.array(
    z.object({
      signature: z.string(),
      runs: z.number(),
      commands: z.array(z.string()),
      first_seen: z.string(),
      last_seen: z.string(),
      open: z.boolean(),
      resolved: z.array(
        z.object({
          failed_run_id: z.string(),
          fixed_run_id: z.string(),
          first_failed_at: z.string(),
          failed_at: z.string(),
          fixed_at: z.string(),
          command: z.string(),
          events: z.array(
            z.object({
              id: z.string(),
              category: z.string(),
              type: z.string(),
              text: z.string(),
              created_at: z.string(),
            }),
          ),
        }),
      ),
    }),
  ),
  checkpoint_scores: z.array(
    z.object({
      checkpoint_id: z.string(),
      name: z.string(),
      session_id: z.string(),
      score: z.number(),
      at: z.string(),
    }),
  ),
};

export function toQualityReportView(report: QualityReport) {
  return {
    project: report.project.name,
    runs: report.runs.map(toQualityRunView),
    commands: report.commands.map((c) => ({
      command: c.command,
      kind: c.kind,
      runs: c.runs,
      passed: c.passed,
      latest_passed: c.latestPassed,
      latest_at: c.latestAt,
      average_ms: c.averageMs,
    })),
    recurring: report.recurring.map((r) => ({
      signature: r.signature,
      runs: r.runs,
      commands: r.commands,
      first_seen: r.firstSeen,
      last_seen: r.lastSeen,
      open: r.open,
      resolved: r.resolved.map((e) => ({
        failed_run_id: e.failedRunId,
        fixed_run_id: e.fixedRunId,
        first_failed_at: e.firstFailedAt,
        failed_at: e.failedAt,
        fixed_at: e.fixedAt,
        command: e.command,
        events: e.events.map((event) => ({
          id: event.id,
          category: event.category,
          type: event.type,
          text: event.text,
          created_at: event.createdAt,
        })),
      })),
    })),
    checkpoint_scores: report.checkpointScores.map((entry) => ({
      checkpoint_id: entry.checkpointId,
      name: entry.name,
      session_id: entry.sessionId,
      score: entry.score,
      at: entry.at,
    })),
  };
}

export function qualityReportLines(report: QualityReport): string[] {
  const lines = [`Quality runs of ${report.project.name}: ${report.runs.length} shown.`];
  for (const c of report.commands)
    lines.push(
      `\`${c.command}\` (${c.kind}): ${c.passed}/${c.runs} passed, latest ${c.latestPassed ? 'passed' : 'failed'} at ${c.latestAt}, avg ${(c.averageMs / 1000).toFixed(1)} s`,
    );
  if (report.runs.length)
    lines.push(
      `Trend (newest first): ${report.runs.map((run) => (run.timedOut ? 'timeout' : runPassed(run) ? 'pass' : 'fail')).join(' ')}`,
    );
  if (report.checkpointScores.length)
    lines.push(
      `Quality score at the latest checkpoints (newest first): ${report.checkpointScores.map((entry) => entry.score).join(' ')}`,
    );
  if (report.recurring.length === 0) lines.push('No recurring failures.');
  for (const r of report.recurring) {
    lines.push(`${r.open ? 'OPEN' : 'resolved'}: ${r.signature} — in ${r.runs} run(s), last ${r.lastSeen}`);
    for (const fix of r.resolved) {
      lines.push(`  fixed ${fix.fixedAt} by run ${fix.fixedRunId} (\`${fix.command}\`) after:`);
      if (fix.events.length === 0)
        lines.push('    (no decisions, findings or tool calls recorded in between)');
      for (const event of fix.events) lines.push(`    - ${event.category}: ${event.text}`);
    }
  }
  return lines;
}
