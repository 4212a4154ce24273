import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';
import { HOOK_EVENTS, isHookName } from '../../install/hook-events.js';
import { finishHook, superviseHook } from '../../install/hook-supervisor.js';
import { distFile } from '../../package-root.js';
import { printError } from '../output.js';
import { EXIT_USER_ERROR, type GlobalOptions } from '../run-command.js';

/** The hooks' worker script (the same one `deja install` puts in Claude Code's settings). */
const HOOK_ENTRY = distFile('install', 'hook-entry.js');

export function registerHook(program: Command) {
  program
    .command('hook')
    .description(
      `answer a Claude Code hook (${Object.keys(HOOK_EVENTS).join(' | ')}): reads the hook JSON on stdin; always exits 0 within ~2 s`,
    )
    .argument('<event>', Object.keys(HOOK_EVENTS).join(' | '))
    .action(async (event: string, _options: unknown, command: Command) => {
      const startedAt = Date.now();
      if (!isHookName(event)) {
        printError(
          new UserError(
            'event',
            `must be one of ${Object.keys(HOOK_EVENTS).join(', ')}`,
            `you sent ${JSON.stringify(event)}`,
          ).message,
        );
        process.exit(EXIT_USER_ERROR);
      }
      const global = command.optsWithGlobals<GlobalOptions>();
      const result = await superviseHook({
        event,
        entry: HOOK_ENTRY,
        ...(global.home ? { home: global.home } : {}),
        startedAt,
      });
      finishHook(event, result);
    });
}
