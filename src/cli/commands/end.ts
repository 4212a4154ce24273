import type { Command } from 'commander';
import { endSession } from '../../app/sessions/end-session.js';
import { toSessionView } from '../../app/views.js';
import { cliSession } from '../cli-session.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerEnd(program: Command) {
  program
    .command('end')
    .description('end the current session and write its hand-off')
    .option('--outcome <outcome>', 'success | partial | failed | abandoned', 'success')
    .option('--notes <text>', 'what is left to do')
    .option('--write-to-project', 'also write the hand-off into <project>/.deja/handoffs/')
    .option('--session <id>', 'session id (default: the active one of this folder)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const session = await cliSession(deps, options.session);
        const result = await endSession(deps, session.id, {
          outcome: options.outcome,
          notes: options.notes,
          write_to_project: options.writeToProject,
        });
        printResult(
          options.json,
          {
            session: toSessionView(result.session),
            handoff: result.handoff?.content ?? '',
            handoff_path: result.handoff?.path ?? null,
          },
          `${result.handoff?.content ?? ''}\nHand-off written to ${result.handoff?.path ?? '(nowhere)'}`,
        );
        return 0;
      }),
    );
}
