import type { Command } from 'commander';
import { qualityScoreLines, toQualityScoreView } from '../../app/quality/quality-views.js';
import { checkpointSession } from '../../app/sessions/checkpoint-session.js';
import { toCheckpointView } from '../../app/views.js';
import { sessionCheckpointInput } from '../../core/schemas.js';
import { cliSession } from '../cli-session.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerCheckpoint(program: Command) {
  program
    .command('checkpoint')
    .description('save a named checkpoint of the current session')
    .option('--name <name>')
    .option('--summary <text>')
    .option('--git-commit', 'also commit the work tree as a checkpoint commit')
    .option('--session <id>', 'session id (default: the active one of this folder)')
    .option('--json', 'print JSON')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const input = sessionCheckpointInput.parse({
          name: options.name,
          summary: options.summary,
          git_commit: options.gitCommit,
        });
        const session = await cliSession(deps, options.session);
        const result = await checkpointSession(deps, session, input, 'manual');
        printResult(
          options.json,
          {
            checkpoint: toCheckpointView(result.checkpoint),
            pruned: result.pruned,
            git_error: result.gitError,
            ...(result.quality ? { quality: toQualityScoreView(result.quality) } : {}),
          },
          [
            `Checkpoint "${result.checkpoint.name}" saved` +
              `${result.checkpoint.gitCommit ? ` (commit ${result.checkpoint.gitCommit.slice(0, 10)})` : ''}` +
              `${result.gitError ? `; git: ${result.gitError}` : ''}.`,
            ...(result.quality ? qualityScoreLines(result.quality) : []),
          ].join('\n'),
        );
        return 0;
      }),
    );
}
