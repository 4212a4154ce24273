import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportSessionEvents, exportSessionToFile } from '../../app/events/export-events.js';
import { printResult } from '../output.js';
import { type GlobalOptions, runCommand } from '../run-command.js';

export function registerExport(program: Command) {
  program
    .command('export')
    .description("export a session's events as JSONL (to stdout, or --out)")
    .requiredOption('--session <id>', 'session id')
    .option('--out <file>', 'file to write')
    .option('--json', 'print a JSON summary (with --out)')
    .action((options, command: Command) =>
      runCommand(command.optsWithGlobals<GlobalOptions>(), async (deps) => {
        if (options.out) {
          const path = resolve(options.out);
          const count = await exportSessionToFile(deps, options.session, path);
          printResult(options.json, { path, events: count }, `Exported ${count} event(s) to ${path}.`);
          return 0;
        }
        for await (const line of exportSessionEvents(deps, options.session)) process.stdout.write(line);
        return 0;
      }),
    );
}
