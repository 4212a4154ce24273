import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddingServer } from '../../../test/support/embedding-server.js';
import { tempHome } from '../../../test/support/git-repo.js';
import { testDeps } from '../../../test/support/in-memory.js';
import { createEmbedder } from '../../embedders/create-embedder.js';
import type { Embedder } from '../../embedders/embedder.js';
import type { AppDeps } from '../deps.js';
import { storeMemory } from '../memory/store-memory.js';
import { EmbeddingJob } from '../search/embed-documents.js';
import { sessionStatus } from './session-status.js';

describe('session_status: embedder health', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function withEmbedder(baseUrl: string): AppDeps {
    const embedder = createEmbedder({
      provider: 'openai',
      baseUrl,
      model: 'test-embed',
      dimensions: 128,
    }) as Embedder;
    const deps = testDeps(tempHome());
    deps.embedder = embedder;
    deps.embeddingJob = new EmbeddingJob(deps, embedder, { idleMs: 10 });
    cleanups.push(() => deps.store.close());
    return deps;
  }

  it('says lexical only when no embedder is configured', async () => {
    const deps = testDeps(tempHome());
    cleanups.push(() => deps.store.close());
    const status = await sessionStatus(deps, null, null);
    expect(status.health.embedder).toEqual({ ok: true, detail: 'none configured: lexical search only' });
  });

  it('names the configured provider in a process that does not embed (the CLI)', async () => {
    const deps = testDeps(tempHome());
    cleanups.push(() => deps.store.close());
    deps.config = {
      ...deps.config,
      embedder: { provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'test-embed' },
    };
    const { embedder } = (await sessionStatus(deps, null, null)).health;
    expect(embedder).toEqual({
      ok: true,
      detail: 'openai configured: the server (deja serve) embeds documents and answers hybrid searches',
    });
  });

  it('reports progress from a working endpoint', async () => {
    const server = await startEmbeddingServer();
    cleanups.push(() => server.close());
    const deps = withEmbedder(server.url);
    await storeMemory(deps, { content: 'Vectors for hybrid search' }, { cwd: '/', source: 'tool' });
    await deps.embeddingJob?.runOnce();
    const { embedder } = (await sessionStatus(deps, null, null)).health;
    expect(embedder.ok).toBe(true);
    expect(embedder.detail).toMatch(/^openai:test-embed.*: 1 of 1 documents embedded$/);
  });

  it('is not ok, and says why, when the endpoint cannot be reached', async () => {
    const deps = withEmbedder('http://127.0.0.1:9/v1');
    await storeMemory(deps, { content: 'Vectors for hybrid search' }, { cwd: '/', source: 'tool' });
    await deps.embeddingJob?.runOnce().catch(() => 0);
    const { embedder } = (await sessionStatus(deps, null, null)).health;
    expect(embedder.ok).toBe(false);
    expect(embedder.detail).toContain('0 of 1 documents embedded; failing:');
    expect(embedder.detail).toContain('127.0.0.1:9');
  });
});
