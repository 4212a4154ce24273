import type { Command } from 'commander';
import { toPluginView } from '../../app/plugins/plugin-view.js';
import { runWithDelivery } from '../../app/reminders/delivery-scope.js';
import { startSession } from '../../app/sessions/start-session.js';
import { toProjectView, toSessionView } from '../../app/views.js';
import { sessionStartInput } from '../../core/schemas.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerStart(program: Command) {
  program
    .command('start')
    .description(
      'start a background session for the project in this folder (closes the previous background one)',
    )
    .option('--project <path>', 'project folder (default: current folder)')
    .option('--goal <text>', 'what the session should achieve')
    .option('--skill <name>')
    .option('--type <type>', 'feature, bugfix, refactor, …')
    .option('--model <model>')
    .option('--estimate <minutes>', 'human-estimated effort in minutes', Number)
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const input = sessionStartInput.parse({
          project_path: options.project,
          goal: options.goal,
          skill: options.skill,
          type: options.type,
          model: options.model,
          estimate_minutes: options.estimate,
        });
        // The welcome is read, so due reminders are delivered in it (once).
        const result = await runWithDelivery({ delivered: [] }, () =>
          startSession(deps, input, {
            context: 'background',
            cwd: process.cwd(),
            clientName: 'deja-cli',
          }),
        );
        printResult(
          options.json,
          {
            session: toSessionView(result.session),
            project: toProjectView(result.project),
            welcome: result.welcome,
            closed_sessions: result.closed.map((closed) => closed.id),
            ...(result.plugin ? { plugin: toPluginView(result.plugin) } : {}),
          },
          result.welcome,
        );
        return 0;
      }),
    );
}
