import { type Command, InvalidArgumentError } from 'commander';
import type { AppDeps } from '../../app/deps.js';
import { loadConfig, TOOL_PROFILES, type ToolProfile } from '../../config.js';
import { UserError } from '../../core/errors.js';
import { serveStdio } from '../../mcp/stdio.js';
import { createRuntime } from '../../runtime.js';
import { assistantFolders, userHome } from '../../user-home.js';
import { printError } from '../output.js';
import { EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, type GlobalOptions } from '../run-command.js';

export const DEFAULT_HTTP_PORT = 8765;
export const DEFAULT_HTTP_HOST = '127.0.0.1';

export interface HttpOptions {
  tools?: string;
  port: number;
  host: string;
  open?: boolean;
  /** Print the dashboard address with its token when the browser is not opened (`deja dashboard --no-open`). */
  printDashboardUrl?: boolean;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('must be a port number from 0 to 65535 (0 picks a free one)');
  }
  return port;
}

export function registerServe(program: Command) {
  program
    .command('serve')
    .description(
      'run the MCP server over stdio (what an assistant launches), or over HTTP with the dashboard',
    )
    .option('--tools <profile>', 'tool profile: core | standard | full (env DEJA_TOOLS)')
    .option('--http', 'serve MCP over Streamable HTTP at /mcp, the JSON API at /api and the dashboard at /')
    .option('--port <port>', 'HTTP port (0 picks a free one)', parsePort, DEFAULT_HTTP_PORT)
    .option(
      '--host <host>',
      'HTTP address to bind; beyond loopback every request needs the token',
      DEFAULT_HTTP_HOST,
    )
    .option('--open', 'open the dashboard in the browser once listening')
    .action(async (options: HttpOptions & { http?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      if (options.http) {
        await serveHttp(global, options);
        return;
      }
      try {
        const config = loadConfig({ flags: configFlags(global, options) });
        await serveStdio(createRuntime({}, config, { longLived: true }), process.cwd());
      } catch (error) {
        printError(error instanceof Error ? error.message : String(error));
        process.exit(error instanceof UserError ? EXIT_USER_ERROR : EXIT_INTERNAL_ERROR);
      }
    });
}

function configFlags(global: GlobalOptions, options: { tools?: string }) {
  if (options.tools && !TOOL_PROFILES.includes(options.tools as ToolProfile)) {
    throw new UserError('--tools', `must be one of ${TOOL_PROFILES.join(', ')}`, `you sent ${options.tools}`);
  }
  return {
    ...(global.home ? { home: global.home } : {}),
    ...(global.logLevel ? { logLevel: global.logLevel } : {}),
    ...(options.tools ? { tools: options.tools as ToolProfile } : {}),
  };
}

const note = (text: string) => process.stderr.write(`deja: ${text}\n`);

/**
 * The long-lived HTTP server (the one `deja service` runs) imports the
 * assistants' transcripts as they are written, so conversations of every
 * client — Codex, and Claude Code between its hooks — become searchable without
 * `deja import --watch`. A failing round is logged and the next one tries again.
 */
async function watchInBackground(deps: AppDeps, seconds: number, signal: AbortSignal): Promise<void> {
  const { watchTranscripts } = await import('../../app/import/watch-transcripts.js');
  await watchTranscripts(
    deps,
    { userHome: userHome(), folders: assistantFolders() },
    {
      intervalMs: seconds * 1000,
      signal,
      onRound: (summary) => {
        if (summary.filesChanged > 0)
          deps.logger.info(
            { files: summary.filesChanged, messages: summary.messages, sessions: summary.sessions },
            'transcripts imported',
          );
      },
      onError: (error) =>
        deps.logger.warn({ err: error }, 'transcript import failed; trying again next round'),
    },
  ).catch((error: unknown) => deps.logger.error({ err: error }, 'transcript watcher stopped'));
}

/**
 * `deja serve --http` and `deja dashboard`: starts the HTTP server, says where
 * it listens (stderr), opens the browser when asked, and stops cleanly on a
 * signal (open MCP sessions end with a hand-off).
 */
export async function serveHttp(global: GlobalOptions, options: HttpOptions): Promise<void> {
  let deps: AppDeps | null = null;
  try {
    const config = loadConfig({ flags: configFlags(global, options) });
    if (!options.host.trim()) throw new UserError('--host', 'must not be empty', 'e.g. 127.0.0.1');
    deps = createRuntime({}, config, { longLived: true });
    // The HTTP face (Hono, pages) loads only when asked for: `deja serve` over stdio never pays for it.
    const { startHttpServer } = await import('../../http/server.js');
    const running = await startHttpServer(deps, {
      host: options.host,
      port: options.port,
      cwd: process.cwd(),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        throw new UserError(
          '--port',
          `${options.port} is in use`,
          'pick another with --port, or --port 0 for any free one',
        );
      }
      if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        throw new UserError('--host', `${options.host} is not an address of this machine`);
      }
      throw error;
    });
    note(`listening on ${running.url} (MCP at ${running.url}/mcp, dashboard at ${running.url}/)`);
    note(`token ${running.tokenCreated ? 'created in' : 'read from'} ${running.tokenPath} (mode 0600)`);
    if (!running.loopback) {
      note(
        `bound to ${options.host}, beyond loopback: every request needs the token (Authorization: Bearer or the dashboard cookie)`,
      );
    }
    if (options.open) {
      const { openBrowser } = await import('../../http/open-browser.js');
      const opened = await openBrowser(running.dashboardUrl);
      note(opened ? 'opened the dashboard in your browser' : `open the dashboard at ${running.dashboardUrl}`);
    } else if (options.printDashboardUrl) {
      note(`open the dashboard at ${running.dashboardUrl}`);
    }
    const app = deps;
    const watching = new AbortController();
    if (config.transcripts.watchSeconds > 0) {
      note(
        `importing new lines of Claude Code and Codex transcripts every ${config.transcripts.watchSeconds} s (transcripts.watchSeconds; 0 turns it off)`,
      );
      void watchInBackground(app, config.transcripts.watchSeconds, watching.signal);
    }
    let exiting = false;
    const shutdown = async () => {
      if (exiting) return;
      exiting = true;
      // A round in flight stops with the process: imports resume from the last stored line.
      watching.abort();
      try {
        await running.close();
      } catch (error) {
        app.logger.error({ err: error }, 'shutdown failed');
      }
      await app.embeddingJob?.stop();
      await app.graphQueue?.flush();
      await app.store.close();
      process.exit(0);
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown());
  } catch (error) {
    printError(error instanceof Error ? error.message : String(error));
    await deps?.store.close().catch(() => undefined);
    process.exit(error instanceof UserError ? EXIT_USER_ERROR : EXIT_INTERNAL_ERROR);
  }
}
