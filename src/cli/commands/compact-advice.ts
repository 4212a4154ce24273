import type { Command } from 'commander';
import { compactionAdvice } from '../../app/compaction/compaction-advice.js';
import { compactionAdviceText, toCompactionAdviceView } from '../../app/compaction/compaction-view.js';
import { compactionAdviceInput } from '../../core/compaction/compaction-schemas.js';
import type { Session } from '../../core/types.js';
import { cliSession } from '../cli-session.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerCompactAdvice(program: Command) {
  program
    .command('compact-advice')
    .argument('[transcript]', 'transcript JSONL (default: the newest Claude Code transcript of this folder)')
    .description("estimate a conversation's context use and advise when to compact")
    .option('--session <id>', 'deja session (default: the active one of this project)')
    .option('--window <tokens>', 'context window in tokens (default: from the model)', Number)
    .option('--prepare', 'store a compact summary as checkpoint "compaction-summary"')
    .option('--budget <tokens>', 'summary size in tokens (default 1500)', Number)
    .option('--json', 'print JSON')
    .action((transcript: string | undefined, options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        const input = compactionAdviceInput.parse({
          transcript_path: transcript,
          session_id: options.session,
          context_window: options.window,
          prepare: options.prepare,
          budget_tokens: options.budget,
        });
        const session: Session | null = await cliSession(deps, input.session_id).catch((error: unknown) => {
          if (input.session_id || input.prepare) throw error;
          return null;
        });
        const result = await compactionAdvice(deps, input, session, process.cwd());
        printResult(options.json, toCompactionAdviceView(result), compactionAdviceText(result));
        return 0;
      }),
    );
}
