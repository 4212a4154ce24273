import type { Command } from 'commander';
import {
  cancelReminder,
  claimDueReminders,
  createReminder,
  listReminders,
  reminderLine,
  reminderProject,
  renderDueReminders,
  toReminderView,
} from '../../app/reminders/reminders.js';
import {
  reminderCancelInput,
  reminderCreateInput,
  reminderListInput,
} from '../../core/reminders/reminder-schemas.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

const context = () => ({ cwd: process.cwd() });

export function registerReminders(program: Command) {
  const reminders = program
    .command('reminders')
    .alias('remind')
    .description('reminders in natural language, delivered once in the next deja tool result or welcome');

  reminders
    .command('add')
    .description('add a reminder: deja reminders add "check the deploy" --when "in 2 hours"')
    .argument('<text...>', 'what to be reminded of')
    .requiredOption('--when <phrase>', '"in 2 hours", "tomorrow at 9am", "every Monday at 10", …')
    .option('--project <ref>', 'project id, name or path (default: this folder); "global" for every project')
    .option('--json', 'print JSON')
    .action((text: string[], options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const input = reminderCreateInput.parse({
          text: text.join(' '),
          when: options.when,
          project: options.project,
        });
        const reminder = await createReminder(deps, input, context());
        const view = toReminderView(reminder);
        printResult(
          options.json,
          view,
          `Reminder ${reminder.id} due ${view.next_due_local} (${view.next_due_at})`,
        );
        return 0;
      }),
    );

  reminders
    .command('list')
    .description("list this project's reminders and the global ones, next due first")
    .option('--project <ref>', 'project id, name or path (default: this folder)')
    .option('--all', 'include delivered and cancelled ones')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const input = reminderListInput.parse({
          project: options.project,
          include_done: options.all === true,
        });
        const listed = await listReminders(deps, input, context());
        printResult(
          options.json,
          { reminders: listed.map(toReminderView) },
          listed.length === 0 ? 'No reminders.' : listed.map(reminderLine).join('\n'),
        );
        return 0;
      }),
    );

  reminders
    .command('cancel')
    .description('cancel a pending reminder')
    .argument('<id>', 'reminder id')
    .option('--json', 'print JSON')
    .action((id: string, options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const reminder = await cancelReminder(deps, reminderCancelInput.parse({ id }));
        printResult(options.json, toReminderView(reminder), `Cancelled reminder ${reminder.id}`);
        return 0;
      }),
    );

  reminders
    .command('due')
    .description('deliver (print, once) the reminders due now in this project')
    .option('--project <ref>', 'project id, name or path (default: this folder)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const projectId = await reminderProject(deps, options.project, context());
        const due = await claimDueReminders(deps, projectId);
        printResult(
          options.json,
          { reminders: due.map(toReminderView) },
          due.length === 0 ? 'Nothing due.' : renderDueReminders(due),
        );
        return 0;
      }),
    );
}
