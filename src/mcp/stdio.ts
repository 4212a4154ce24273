import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { AppDeps } from '../app/deps.js';
import { attachAutoLifecycle } from './auto-lifecycle.js';
import { buildServer } from './server.js';

/**
 * `deja serve`: MCP over stdio. Ends when stdin closes (the client went away)
 * or on a signal; either way the session is closed with a hand-off first.
 */
export async function serveStdio(deps: AppDeps, cwd: string): Promise<void> {
  const built = await buildServer(deps, { cwd });
  const lifecycle = attachAutoLifecycle(deps, built);
  const transport = new StdioServerTransport();
  let exiting = false;
  const shutdown = async (reason: 'disconnect' | 'shutdown', code: number) => {
    if (exiting) return;
    exiting = true;
    try {
      await lifecycle.close(reason);
    } catch (error) {
      deps.logger.error({ err: error }, 'shutdown failed');
    }
    await deps.embeddingJob?.stop();
    await deps.graphQueue?.flush();
    await deps.store.close();
    process.exit(code);
  };
  transport.onclose = () => void shutdown('disconnect', 0);
  process.stdin.on('end', () => void shutdown('disconnect', 0));
  process.stdin.on('close', () => void shutdown('disconnect', 0));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shutdown('shutdown', 0));
  }
  await built.server.connect(transport);
  deps.logger.info({ cwd }, 'deja serve ready on stdio');
}
