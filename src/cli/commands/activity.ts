import type { Command } from 'commander';
import { activityReport } from '../../app/tracking/activity-report.js';
import { toActivityView } from '../../app/tracking/tracking-views.js';
import { printResult, style } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerActivity(program: Command) {
  program
    .command('activity')
    .description('files touched and interruptions (idle gaps) per project or session')
    .option('--project <ref>', 'project id, name or path (default: this folder)')
    .option('--session <id>', 'one session')
    .option('--since <when>', 'e.g. yesterday, last week, 2026-03-01')
    .option('--until <when>')
    .option('--gap <minutes>', 'idle gap that counts as an interruption (default 30)', Number)
    .option('--limit <n>', 'files and interruptions to list (default 50)', Number)
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const report = await activityReport(
          deps,
          {
            project: options.project,
            session_id: options.session,
            since: options.since,
            until: options.until,
            gap_minutes: options.gap,
            limit: options.limit,
          },
          { cwd: process.cwd() },
        );
        const lines = [
          `${report.project.name}: ${report.files} file(s) touched in ${report.sessions} session(s); ` +
            `${report.interruptions.length} interruption(s) over ${report.gapMinutes} min, ${report.idleMinutes} idle min`,
          ...(report.filesTouched.length > 0 ? ['', style.bold('Files touched')] : []),
          ...report.filesTouched.map(
            (touch) => `${String(touch.count).padStart(5)}  ${touch.path}  ${style.dim(touch.lastAt)}`,
          ),
          ...(report.interruptions.length > 0 ? ['', style.bold('Interruptions')] : []),
          ...report.interruptions.map(
            (gap) => `${gap.from} → ${gap.to}  ${gap.minutes} min  ${style.dim(gap.sessionId)}`,
          ),
        ];
        printResult(options.json, toActivityView(report), lines.join('\n'));
        return 0;
      }),
    );
}
