import type { Command } from 'commander';
import { preserveContext, restoreContext } from '../../app/tracking/context-snapshot.js';
import { toSnapshotView } from '../../app/tracking/tracking-views.js';
import { renderContext } from '../../core/tracking/render-context.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerContext(program: Command) {
  const context = program.command('context').description('preserve and restore context snapshots');

  context
    .command('preserve')
    .description("snapshot the session's context (goal, decisions, questions, files, git) with notes")
    .option('--name <name>', 'name to restore it by')
    .option('--content <text>', 'notes to keep with it')
    .option('--session <id>', 'session (default: the active one)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const snapshot = await preserveContext(
          deps,
          { name: options.name, content: options.content, session_id: options.session },
          { cwd: process.cwd(), context: 'background' },
        );
        printResult(
          options.json,
          { id: snapshot.id, name: snapshot.name, session_id: snapshot.sessionId },
          `Preserved context "${snapshot.name}" (${snapshot.id})`,
        );
        return 0;
      }),
    );

  context
    .command('restore')
    .description('print a context snapshot by name (the newest of that name) or id')
    .argument('<ref>', 'snapshot name or id')
    .option('--project <ref>', 'project id, name or path (default: this folder)')
    .option('--json', 'print JSON')
    .action((ref: string, options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const byId = await deps.store.getContextSnapshot({ id: ref });
        const snapshot =
          byId ??
          (await restoreContext(deps, { name: ref, project: options.project }, { cwd: process.cwd() }));
        const markdown = renderContext(snapshot);
        printResult(options.json, { ...toSnapshotView(snapshot), markdown }, markdown);
        return 0;
      }),
    );
}
