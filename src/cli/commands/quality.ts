import type { Command } from 'commander';
import { qualityReport } from '../../app/quality/quality-report.js';
import {
  qualityReportLines,
  qualityRunLines,
  toQualityReportView,
  toQualityRunResult,
} from '../../app/quality/quality-views.js';
import { runQuality } from '../../app/quality/run-quality.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

const number = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

export function registerQuality(program: Command) {
  const quality = program
    .command('quality')
    .description("run the project's test/lint command and report trends and recurring failures");

  quality
    .command('run')
    .description(
      "run the project's quality command (default: its configured test command) and record the result",
    )
    .option('--command <cmd>', 'shell command to run in the project root')
    .option('--kind <kind>', 'test, lint or custom (default: from the configured name)')
    .option('--timeout <seconds>', 'kill the process group after this many seconds', number)
    .option('--session <id>', 'session (default: the active one, if any)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const result = await runQuality(
          deps,
          {
            command: options.command,
            kind: options.kind,
            timeout_s: options.timeout,
            session_id: options.session,
          },
          { cwd: process.cwd(), context: 'background' },
        );
        printResult(options.json, toQualityRunResult(result), qualityRunLines(result).join('\n'));
        // Exit code 0 means deja ran and recorded it; the verdict is in the output (`run.passed_run`).
        return 0;
      }),
    );

  quality
    .command('report')
    .description('trend per command, recurring failures, and what fixed them before')
    .option('--project <ref>', 'project id, name or path (default: this folder)')
    .option('--limit <n>', 'runs in the trend', number)
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const report = await qualityReport(
          deps,
          { project: options.project, limit: options.limit },
          { cwd: process.cwd() },
        );
        printResult(options.json, toQualityReportView(report), qualityReportLines(report).join('\n'));
        return 0;
      }),
    );
}
