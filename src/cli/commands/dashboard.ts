import type { Command } from 'commander';
import type { GlobalOptions } from '../run-command.js';
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, type HttpOptions, parsePort, serveHttp } from './serve.js';

/** `deja dashboard`: the HTTP server of `deja serve --http`, opening the dashboard in the browser. */
export function registerDashboard(program: Command) {
  program
    .command('dashboard')
    .description('open the local web dashboard (sessions, search, memories, usage); runs deja serve --http')
    .option('--port <port>', 'HTTP port (0 picks a free one)', parsePort, DEFAULT_HTTP_PORT)
    .option('--host <host>', 'HTTP address to bind', DEFAULT_HTTP_HOST)
    .option('--tools <profile>', 'MCP tool profile at /mcp: core | standard | full')
    .option('--no-open', 'only print the dashboard address')
    .action(async (options: HttpOptions, command: Command) => {
      await serveHttp(command.optsWithGlobals<GlobalOptions>(), {
        ...options,
        open: options.open !== false,
        printDashboardUrl: true,
      });
    });
}
