import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import {
  dropSchema,
  freshSchemaName,
  postgresReachable,
  postgresRequired,
  schemaUrl,
} from '../support/postgres.js';
import { connectStdio, type StdioHarness, structured } from '../support/stdio-client.js';

const reachable = await postgresReachable();
const suite = reachable || postgresRequired ? describe : describe.skip;

/** Two `deja serve` processes on one PostgreSQL schema: what one writes, the other reads at once. */
suite(`two servers on one PostgreSQL database${reachable ? '' : ' — skipped: PostgreSQL is not reachable'}`, () => {
  const schema = freshSchemaName('deja_e2e');
  let first: StdioHarness;
  let second: StdioHarness;

  beforeAll(async () => {
    const repo = makeGitRepo('pg-demo');
    const env = { DEJA_DATABASE_URL: schemaUrl(schema), DEJA_TOOLS: 'full' };
    // Separate homes: nothing is shared through the file system, only through the database.
    [first, second] = await Promise.all([
      connectStdio(repo, { ...env, DEJA_HOME: tempHome() }),
      connectStdio(repo, { ...env, DEJA_HOME: tempHome() }),
    ]);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    if (reachable) await dropSchema(schema);
  });

  it('finds in one server a memory stored through the other', async () => {
    const stored = structured<{ id: string; deduplicated: boolean }>(
      await first.call('memory_store', {
        content: 'Advisory locks serialise the zebra migrations',
        tags: ['pg'],
      }),
    );
    const found = structured<{ results: { id: string }[] }>(await second.call('search', { query: 'zebra' }));
    expect(found.results.map((result) => result.id)).toContain(stored.id);
    const again = structured<{ id: string; deduplicated: boolean }>(
      await second.call('memory_store', { content: 'advisory locks serialise the zebra migrations' }),
    );
    expect(again).toMatchObject({ id: stored.id, deduplicated: true });
  });

  it('lists in one server the events recorded through the other', async () => {
    const start = structured<{ session: { id: string } }>(
      await first.call('session_start', { goal: 'share' }),
    );
    structured(
      await first.call('session_record', { category: 'decision', data: 'Use SKIP LOCKED for claims' }),
    );
    const events = structured<{ events: { category: string; session_id: string }[] }>(
      await second.call('session_query', { session_id: start.session.id }),
    );
    expect(events.events.map((event) => event.category)).toContain('decision');
    const byKeyword = structured<{ events: { category: string }[] }>(
      await second.call('session_query', { keyword: 'skip locked' }),
    );
    expect(byKeyword.events).toHaveLength(1);
  });
});
