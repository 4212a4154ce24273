import type { Command } from 'commander';
import { loadConfig, TOOL_PROFILES, type ToolProfile } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { serveStdio } from '../../mcp/stdio.js';
import { createRuntime } from '../../runtime.js';
import { printError } from '../output.js';
import { EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, type GlobalOptions } from '../run-command.js';

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('run the MCP server over stdio (what an assistant launches)')
    .option('--tools <profile>', 'tool profile: core | standard | full (env DEJA_TOOLS)')
    .action(async (options, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      try {
        if (options.tools && !TOOL_PROFILES.includes(options.tools)) {
          throw new UserError(
            '--tools',
            `must be one of ${TOOL_PROFILES.join(', ')}`,
            `you sent ${options.tools}`,
          );
        }
        const config = loadConfig({
          flags: {
            ...(global.home ? { home: global.home } : {}),
            ...(global.logLevel ? { logLevel: global.logLevel } : {}),
            ...(options.tools ? { tools: options.tools as ToolProfile } : {}),
          },
        });
        await serveStdio(createRuntime({}, config, { longLived: true }), process.cwd());
      } catch (error) {
        printError(error instanceof Error ? error.message : String(error));
        process.exit(error instanceof UserError ? EXIT_USER_ERROR : EXIT_INTERNAL_ERROR);
      }
    });
}
