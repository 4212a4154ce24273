import type { Command } from 'commander';
import { queryEvents } from '../../app/events/query-events.js';
import { toEventView } from '../../app/views.js';
import { printResult, style } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerQuery(program: Command) {
  program
    .command('query')
    .description('list recorded events, newest first')
    .option('--category <category>')
    .option('--type <type>')
    .option('--keyword <words>', 'words that must all occur (prefix match)')
    .option('--since <date>', 'ISO date or date-time (inclusive)')
    .option('--until <date>', 'ISO date or date-time (exclusive)')
    .option('--session <id>')
    .option('--project <ref>', 'project id, name or path')
    .option('--limit <n>', '1–500 (default 50)', Number)
    .option('--cursor <cursor>', 'next_cursor of the previous page')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const result = await queryEvents(deps, {
          category: options.category,
          type: options.type,
          keyword: options.keyword,
          since: options.since,
          until: options.until,
          session_id: options.session,
          project: options.project,
          limit: options.limit,
          cursor: options.cursor,
        });
        const lines = result.events.map(
          (event) =>
            `${style.dim(event.createdAt)} ${style.cyan(event.category)}/${event.type} ${event.text.split('\n').slice(1).join(' ').slice(0, 200)}`,
        );
        if (result.nextCursor) lines.push(style.dim(`more: --cursor ${result.nextCursor}`));
        printResult(
          options.json,
          { events: result.events.map(toEventView), next_cursor: result.nextCursor },
          lines.join('\n') || 'No events.',
        );
        return 0;
      }),
    );
}
