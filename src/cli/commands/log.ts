import { Argument, type Command, Option } from 'commander';
import { listTracking } from '../../app/tracking/list-tracking.js';
import { logCodeMetrics } from '../../app/tracking/log-code-metrics.js';
import { flagIssue, logInteraction } from '../../app/tracking/log-interaction.js';
import { listLines, toListItems, toMetricsView } from '../../app/tracking/tracking-views.js';
import { TRACKING_LISTS } from '../../core/tracking/tracking-schemas.js';
import { ISSUE_SEVERITIES, ISSUE_TYPES } from '../../core/tracking/tracking-types.js';
import { printResult, style } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const context = () => ({ cwd: process.cwd(), context: 'background' as const });

export function registerLog(program: Command) {
  const log = program
    .command('log')
    .description('log interactions, flag issues, measure code, and list what was logged');

  log
    .command('interaction')
    .description('log a prompt and what came of it')
    .argument('<prompt...>', 'what was asked')
    .requiredOption('--summary <text>', 'what the assistant did or answered')
    .option('--rating <n>', 'how useful, 1–5', Number)
    .option('--file <path>', 'file the interaction touched (repeatable)', collect)
    .option('--session <id>', 'session (default: the active one, if any)')
    .option('--json', 'print JSON')
    .action((prompt: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const logged = await logInteraction(
          deps,
          {
            prompt: prompt.join(' '),
            response_summary: options.summary,
            rating: options.rating,
            files: options.file,
            session_id: options.session,
          },
          context(),
        );
        printResult(
          options.json,
          { id: logged.id, session_id: logged.sessionId, project: logged.projectId },
          `Logged interaction ${logged.id}`,
        );
        return 0;
      }),
    );

  log
    .command('issue')
    .description('flag a problem with the assistant’s work')
    .argument('<description...>', 'what went wrong')
    .addOption(new Option('--type <type>', 'kind of issue').choices([...ISSUE_TYPES]).makeOptionMandatory())
    .addOption(new Option('--severity <level>', 'how bad').choices([...ISSUE_SEVERITIES]).default('medium'))
    .option('--session <id>', 'session (default: the active one, if any)')
    .option('--json', 'print JSON')
    .action((description: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const issue = await flagIssue(
          deps,
          {
            description: description.join(' '),
            type: options.type,
            severity: options.severity,
            session_id: options.session,
          },
          context(),
        );
        printResult(
          options.json,
          { id: issue.id, session_id: issue.sessionId, project: issue.projectId },
          `Flagged ${issue.severity} ${issue.type} issue ${issue.id}`,
        );
        return 0;
      }),
    );

  log
    .command('metrics')
    .description('measure source files (TypeScript, JavaScript, Python) and store the measurements')
    .argument('<files...>', 'files, relative to the project root or absolute inside it')
    .option('--session <id>', 'session (default: the active one, if any)')
    .option('--json', 'print JSON')
    .action((files: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const result = await logCodeMetrics(deps, { files, session_id: options.session }, context());
        const lines = [
          ...result.measured.map(
            (m) =>
              `${m.path} ${style.dim(m.language)}: ${m.functions} functions, complexity ${m.complexity.total} (max ${m.complexity.max}, avg ${m.complexity.average}), docs ${Math.round(m.documentation.coverage * 100)}%, ${m.lines} lines`,
          ),
          ...result.skipped.map((s) => `${s.path}: ${style.yellow('skipped')}, ${s.reason}`),
          ...result.errors.map((e) => `${e.path}: ${style.red('error')}, ${e.reason}`),
        ];
        printResult(
          options.json,
          {
            root: result.root,
            files: result.measured.map(toMetricsView),
            skipped: result.skipped,
            errors: result.errors,
          },
          lines.join('\n'),
        );
        return 0;
      }),
    );

  log
    .command('list')
    .description('list logged interactions, issues, code metrics or context snapshots, newest first')
    .addArgument(new Argument('<kind>', 'what to list').choices([...TRACKING_LISTS]))
    .option('--project <ref>', 'project id, name or path (default: this folder)')
    .option('--session <id>')
    .option('--since <when>', 'e.g. yesterday, last week, 2026-03-01')
    .option('--until <when>')
    .option('--path <file>', 'metrics: one file’s trend')
    .option('--limit <n>', 'at most this many', Number)
    .option('--json', 'print JSON')
    .action((kind: string, options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const result = await listTracking(
          deps,
          {
            kind: kind as (typeof TRACKING_LISTS)[number],
            project: options.project,
            session_id: options.session,
            since: options.since,
            until: options.until,
            path: options.path,
            limit: options.limit,
          },
          { cwd: process.cwd() },
        );
        printResult(
          options.json,
          { kind: result.kind, items: toListItems(result) },
          [`${result.items.length} ${result.kind}`, ...listLines(result)].join('\n'),
        );
        return 0;
      }),
    );
}
