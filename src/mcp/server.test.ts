import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDeps } from '../../test/support/in-memory.js';
import { TOOL_PROFILE_MEMBERS } from './profiles.js';
import { TOOL_MODULES } from './server.js';

/** The names a module registers when every tool is enabled, in order. */
async function registeredBy(module: (typeof TOOL_MODULES)[number], deps: ReturnType<typeof testDeps>) {
  const server = new McpServer({ name: 'deja-test', version: '1.0.0' });
  const names: string[] = [];
  const register = server.registerTool.bind(server) as (...args: unknown[]) => unknown;
  server.registerTool = ((name: string, ...rest: unknown[]) => {
    names.push(name);
    return register(name, ...rest);
  }) as typeof server.registerTool;
  const connection = { cwd: deps.config.home, sessionId: null, clientName: null, ready: Promise.resolve() };
  (await module.load())(server, deps, connection, () => true);
  return names;
}

describe('the lazily loaded tool modules', () => {
  let deps: ReturnType<typeof testDeps>;
  beforeEach(() => {
    deps = testDeps(mkdtempSync(join(tmpdir(), 'deja-tool-modules-')), {});
  });
  afterEach(async () => {
    await deps.store.close();
  });

  it('name exactly the tools each module registers', async () => {
    for (const module of TOOL_MODULES) expect(await registeredBy(module, deps)).toEqual(module.tools);
  });

  it('cover every tool of the largest profile, each once', () => {
    const named = TOOL_MODULES.flatMap((module) => module.tools);
    expect(new Set(named).size).toBe(named.length);
    expect([...named].sort()).toEqual([...TOOL_PROFILE_MEMBERS.full].sort());
  });
});
