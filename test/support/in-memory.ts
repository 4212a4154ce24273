import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppDeps } from '../../src/app/deps.js';
import { LiveLexicalIndex } from '../../src/app/search/live-index.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { installValidationMessages } from '../../src/core/validation.js';
import { gitCli } from '../../src/git/git-cli.js';
import { createLogger } from '../../src/logger.js';
import { attachAutoLifecycle } from '../../src/mcp/auto-lifecycle.js';
import { buildServer } from '../../src/mcp/server.js';
import { withRedaction } from '../../src/store/redacting-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

/** Real deps over an in-memory SQLite store, with a fixed clock. */
export function testDeps(
  home: string,
  overrides: Partial<AppDeps> = {},
): AppDeps & { clock: ReturnType<typeof fixedClock> } {
  installValidationMessages();
  const config = loadConfig({ env: { DEJA_HOME: home }, flags: { logLevel: 'silent' } });
  const store = withRedaction(new SqliteStore({ path: ':memory:' }));
  return {
    store,
    lexical: new LiveLexicalIndex(store),
    clock: fixedClock('2026-11-24T09:00:00.000Z'),
    git: gitCli,
    config,
    logger: createLogger({ logLevel: 'silent', logFile: null }),
    ...overrides,
  } as AppDeps & { clock: ReturnType<typeof fixedClock> };
}

/** A real MCP client linked in memory to a real server built by `buildServer`. */
export async function connectInMemory(deps: AppDeps, cwd: string, profile?: 'core' | 'standard' | 'full') {
  const built = await buildServer(deps, { cwd, profile });
  const lifecycle = attachAutoLifecycle(deps, built);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await built.server.connect(serverSide);
  const client = new Client({ name: 'deja-test', version: '1.0.0' });
  await client.connect(clientSide);
  await built.connection.ready;
  return {
    client,
    built,
    lifecycle,
    call: async (name: string, args: Record<string, unknown> = {}) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult,
  };
}
