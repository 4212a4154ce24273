import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeGitRepo, tempHome } from '../../test/support/git-repo.js';
import { testDeps } from '../../test/support/in-memory.js';
import { attachAutoLifecycle } from './auto-lifecycle.js';
import { buildServer } from './server.js';

/** A real client that declares roots and answers roots/list with these folders. */
async function connectWithRoots(deps: ReturnType<typeof testDeps>, cwd: string, folders: string[]) {
  const built = await buildServer(deps, { cwd });
  attachAutoLifecycle(deps, built);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await built.server.connect(serverSide);
  const client = new Client({ name: 'roots-client', version: '1.0.0' }, { capabilities: { roots: {} } });
  client.setRequestHandler(ListRootsRequestSchema, () => ({
    roots: folders.map((folder) => ({ uri: pathToFileURL(folder).href, name: folder })),
  }));
  await client.connect(clientSide);
  await vi.waitFor(() => expect(built.connection.clientName).toBe('roots-client'));
  await built.connection.ready;
  return { client, built };
}

describe('MCP roots', () => {
  let deps: ReturnType<typeof testDeps>;
  afterEach(() => deps.store.close());

  it('works in the workspace the client names as a root when it was started elsewhere', async () => {
    deps = testDeps(tempHome());
    const repo = makeGitRepo();
    const { client, built } = await connectWithRoots(deps, tempHome(), [join(repo, 'missing'), repo]);
    expect(built.connection.cwd).toBe(repo);
    // The automatic session belongs to the root's project.
    const session = await deps.store.getSession(built.connection.sessionId ?? '');
    expect(session?.workdir).toBe(repo);
    await client.close();
  });

  it('keeps its working folder when it lies inside a root', async () => {
    deps = testDeps(tempHome());
    const repo = makeGitRepo();
    const { client, built } = await connectWithRoots(deps, join(repo, 'src'), [repo, tempHome()]);
    expect(built.connection.cwd).toBe(join(repo, 'src'));
    await client.close();
  });
});
