import type { Command } from 'commander';
import { observability } from '../../app/report/observability.js';
import { reportText } from '../../app/report/report-text.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerReport(program: Command) {
  program
    .command('report')
    .description(
      'ROI & quality report: estimated vs actual time, time saved, multiplier, cost, ratings, issues, trend',
    )
    .option('--project <ref>', 'project id, name or path (default: every project)')
    .option('--since <when>', 'e.g. yesterday, last week, 2026-03-01')
    .option('--until <when>')
    .option('--json', 'print JSON (every section: summary, cost, roi, quality)')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const report = await observability(
          deps,
          { project: options.project, since: options.since, until: options.until },
          { all: true },
        );
        printResult(options.json, report, reportText(report));
        return 0;
      }),
    );
}
