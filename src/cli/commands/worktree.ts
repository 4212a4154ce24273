import type { Command } from 'commander';
import { runWorktree } from '../../app/worktrees/run-worktree.js';
import { worktreeInput } from '../../app/worktrees/worktree-input.js';
import type { Session } from '../../core/types.js';
import { cliSession } from '../cli-session.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerWorktree(program: Command) {
  program
    .command('worktree')
    .argument('<action>', 'list | add | remove | switch')
    .argument('[path]', 'worktree folder (add: where to create it; remove/switch: which one)')
    .description("manage the project's git worktrees; switch moves the active session along")
    .option('--branch <name>', 'add: branch or commit to check out; switch: pick the worktree by branch')
    .option('--new-branch <name>', 'add: create this branch')
    .option('--force', 'remove: even with uncommitted changes')
    .option('--session <id>', 'switch/remove: the session to move (default: the active one of this project)')
    .option('--json', 'print JSON')
    .action((action: string, path: string | undefined, options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const input = worktreeInput.parse({
          action,
          path,
          branch: options.branch,
          new_branch: options.newBranch,
          force: options.force,
        });
        let session: Session | null = null;
        if (input.action === 'switch' || input.action === 'remove') {
          session = await cliSession(deps, options.session).catch((error: unknown) => {
            if (options.session) throw error;
            return null;
          });
        }
        const outcome = await runWorktree(deps, input, process.cwd(), session);
        printResult(options.json, outcome.structured, outcome.text);
        return 0;
      }),
    );
}
