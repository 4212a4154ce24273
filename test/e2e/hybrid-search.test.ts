import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingServer } from '../support/embedding-server.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { connectStdio, type StdioHarness, structured } from '../support/stdio-client.js';

interface Found {
  results: { id: string; snippet: string }[];
  ranker?: string;
  metrics?: { embedding: { embedded: number; total: number } | null };
}

/**
 * Hybrid search over stdio: `deja serve` with an OpenAI-compatible embedder (a
 * real local HTTP server) embeds memories in the background, keeps answering
 * lexically meanwhile, then fuses vector similarity into the ranking.
 */
describe('hybrid search with an embedder', () => {
  let embeddings: Awaited<ReturnType<typeof startEmbeddingServer>>;
  let harness: StdioHarness;

  beforeAll(async () => {
    embeddings = await startEmbeddingServer();
    harness = await connectStdio(makeGitRepo('hybrid-demo'), {
      DEJA_HOME: tempHome(),
      DEJA_EMBEDDER: 'openai',
      DEJA_EMBEDDER_URL: embeddings.url,
      DEJA_EMBEDDER_MODEL: 'test-embedder',
    });
  });
  afterAll(async () => {
    await harness.close();
    await embeddings.close();
  });

  const find = async (args: Record<string, unknown>) => structured<Found>(await harness.call('search', args));

  it('answers lexically at once, and finds by meaning once documents are embedded', async () => {
    await harness.call('memory_store', {
      content: 'The automobile will not start when it is freezing outside',
    });
    await harness.call('memory_store', { content: 'Deploy the API on Fridays only after the review' });
    expect((await find({ query: 'deploy review' })).results).toHaveLength(1);

    let progress: { embedded: number; total: number } | null = null;
    for (let attempt = 0; attempt < 100; attempt++) {
      progress = (await find({ mode: 'metrics' })).metrics?.embedding ?? null;
      if (progress && progress.total > 0 && progress.embedded === progress.total) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(progress?.embedded).toBe(progress?.total);
    expect(embeddings.requests()).toBeGreaterThan(0);

    const bySynonym = await find({ query: 'car cold' });
    expect(bySynonym.ranker).toBe('hybrid');
    expect(bySynonym.results[0]?.snippet).toContain('automobile');
  });
});
