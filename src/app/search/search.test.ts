import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../../../test/support/git-repo.js';
import { testDeps } from '../../../test/support/in-memory.js';
import { recordEvent } from '../events/record-event.js';
import { forgetMemories, resetMemories } from '../memory/forget-memory.js';
import { exportMemories, importMemories } from '../memory/memory-transfer.js';
import { storeMemory } from '../memory/store-memory.js';
import { appendMessages } from '../messages/append-messages.js';
import { startSession } from '../sessions/start-session.js';
import { search } from './search.js';

describe('search use case', () => {
  let deps: ReturnType<typeof testDeps>;
  let repo: string;
  const remember = (content: string, extra: Record<string, unknown> = {}) =>
    storeMemory(deps, { content, ...extra }, { cwd: repo, source: 'tool' });

  beforeEach(() => {
    repo = makeGitRepo();
    deps = testDeps(tempHome(), {});
    deps.config.timeZone = 'UTC';
  });
  afterEach(async () => {
    await deps.store.close();
  });

  it('ranks the memory that matches best first and pages with a cursor', async () => {
    for (let i = 0; i < 12; i++) await remember(`note ${i} about the deploy script`);
    await remember('the deploy script needs the deploy key and a deploy window');
    const first = await search(deps, { query: 'deploy window', limit: 5 });
    expect(first.results[0]?.snippet).toContain('deploy window');
    expect(first.results).toHaveLength(5);
    expect(first.next_cursor).not.toBeNull();
    const second = await search(deps, { query: 'deploy window', limit: 5, cursor: first.next_cursor ?? '' });
    const third = await search(deps, { query: 'deploy window', limit: 5, cursor: second.next_cursor ?? '' });
    const ids = [...first.results, ...second.results, ...third.results].map((r) => r.id);
    expect(new Set(ids).size).toBe(13);
    expect(third.next_cursor).toBeNull();
  });

  it('refuses a cursor from another query', async () => {
    await remember('alpha beta');
    await remember('alpha gamma');
    const page = await search(deps, { query: 'alpha', limit: 1 });
    await expect(search(deps, { query: 'beta', limit: 1, cursor: page.next_cursor ?? '' })).rejects.toThrow(
      /cursor.*different query/,
    );
  });

  it('quick mode counts and shows the top 3; summary counts without bodies', async () => {
    for (let i = 0; i < 6; i++) await remember(`flaky test number ${i}`, { tags: [i % 2 ? 'ci' : 'local'] });
    const quick = await search(deps, { query: 'flaky test', mode: 'quick' });
    expect(quick.total).toBe(6);
    expect(quick.results).toHaveLength(3);
    const summary = await search(deps, { query: 'flaky', mode: 'summary' });
    expect(summary.results).toEqual([]);
    expect(summary.total).toBe(6);
    expect(summary.summary?.tag).toEqual({ ci: 3, local: 3 });
    expect(Object.values(summary.summary?.project ?? {})).toEqual([6]);
    expect(Object.keys(summary.summary?.project ?? {})).toEqual(['demo-project']);
  });

  it('filters by natural-language time, explicit ranges, and time phrases in the query', async () => {
    deps.clock.set('2026-11-20T10:00:00Z');
    await remember('rotate the signing secret');
    deps.clock.set('2026-11-23T10:00:00Z');
    await remember('rotate the session secret');
    deps.clock.set('2026-11-24T09:00:00Z');
    const yesterday = await search(deps, { query: 'rotate secret', since: 'yesterday' });
    expect(yesterday.results.map((r) => r.snippet)).toEqual(['rotate the session secret']);
    const range = await search(deps, { query: 'rotate', since: '2026-11-19', until: '2026-11-21' });
    expect(range.results.map((r) => r.snippet)).toEqual(['rotate the signing secret']);
    // A time phrase inside the query is a preference: both come back, last week's first.
    const phrase = await search(deps, { query: 'rotate secret last week' });
    expect(phrase.query).toBe('rotate secret');
    expect(phrase.time_filter).toMatchObject({ phrase: 'last week', preference: true });
    expect(phrase.results.map((r) => r.snippet)).toEqual([
      'rotate the signing secret',
      'rotate the session secret',
    ]);
    // Vague counts are time phrases too ("a few days ago" reads as three): the newer one comes first.
    const vague = await search(deps, { query: 'rotate secret a couple of days ago' });
    expect(vague.query).toBe('rotate secret');
    expect(vague.time_filter).toMatchObject({ phrase: 'a couple of days ago', preference: true });
    expect(vague.results.map((r) => r.snippet)).toEqual([
      'rotate the session secret',
      'rotate the signing secret',
    ]);
    await expect(search(deps, { query: 'rotate', since: 'today', until: 'last month' })).rejects.toThrow(
      /since/,
    );
    await expect(search(deps, { query: 'rotate', since: 'whenever' })).rejects.toThrow(/since/);
  });

  it('keeps projects apart', async () => {
    await remember('shared words in x', { project: 'x' });
    await remember('shared words in y', { project: 'y' });
    const inX = await search(deps, { query: 'shared words', project: 'x' });
    expect(inX.results.map((r) => r.project)).toEqual(['x']);
  });

  it('finds learnings above a minimum confidence', async () => {
    await remember('mock the clock, not the store', { kind: 'learning', title: 'Clocks', confidence: 0.9 });
    await remember('mock everything', { kind: 'learning', title: 'Mocks', confidence: 0.3 });
    const sure = await search(deps, { query: 'mock', kind: 'learning', min_confidence: 0.5 });
    expect(sure.results.map((r) => r.title)).toEqual(['Clocks']);
    await expect(remember('untitled learning', { kind: 'learning' })).rejects.toThrow(/title/);
  });

  it('captures insights from recorded events and imported assistant messages, once', async () => {
    const { session } = await startSession(deps, {}, { context: 'foreground', cwd: repo, clientName: null });
    const block =
      '`★ Insight ─────────────────`\nFTS5 contentless tables need contentless_delete to forget rows\n`──────────────────`';
    await recordEvent(deps, session, { category: 'finding', data: { response: `Done.\n${block}` } });
    await appendMessages(deps, session, [
      { role: 'assistant', content: block, createdAt: '2026-11-24T09:01:00Z' },
    ]);
    const found = await search(deps, { query: 'contentless delete', kind: 'insight' });
    expect(found.results).toHaveLength(1);
    expect(found.results[0]?.session_id).toBe(session.id);
  });

  it('pairs errors with how the session resolved them', async () => {
    const { session } = await startSession(deps, {}, { context: 'foreground', cwd: repo, clientName: null });
    await recordEvent(deps, session, {
      category: 'tool_response',
      data: { output: 'TypeError: cannot read properties of undefined (reading retryCount)' },
    });
    deps.clock.advance(60_000);
    await recordEvent(deps, session, {
      category: 'decision',
      data: { text: 'initialise retryCount in the constructor' },
    });
    const errors = await search(deps, { query: 'retryCount', mode: 'errors' });
    expect(errors.results).toHaveLength(1);
    expect(errors.results[0]?.resolution?.snippet).toContain('initialise retryCount');
  });

  it('suggests completions from stored vocabulary, and reports metrics', async () => {
    await remember('migration of the migrations table');
    const suggest = await search(deps, { query: 'schema migr', mode: 'suggest' });
    expect(suggest.suggestions).toEqual(['schema migration', 'schema migrations']);
    const metrics = await search(deps, { mode: 'metrics' });
    expect(metrics.metrics?.searches).toBe(1);
    expect(metrics.metrics?.indexedDocuments).toBe(1);
  });

  it('concept mode matches word families; plain search matches stems', async () => {
    await remember('configuration loading is lazy');
    await remember('we added caching to the resolver');
    expect((await search(deps, { query: 'cached' })).results).toHaveLength(1);
    expect((await search(deps, { query: 'config' })).results).toHaveLength(0);
    expect((await search(deps, { query: 'config', mode: 'concept' })).results).toHaveLength(1);
  });

  it('trims snippets to the token budget', async () => {
    await remember(`${'lorem ipsum '.repeat(200)} the needle ${'dolor sit '.repeat(200)}`);
    const [result] = (await search(deps, { query: 'needle', max_tokens: 50 })).results;
    expect(result?.snippet).toContain('needle');
    expect(result?.snippet.length).toBeLessThanOrEqual(50 * 4 + 2);
  });

  it('forgets by id, by query only with confirmation, and resets only with confirmation', async () => {
    const a = await remember('temporary note one');
    await remember('temporary note two');
    await remember('permanent fact');
    expect(await forgetMemories(deps, { ids: [a.memory.id] })).toMatchObject({ deleted: 1 });
    const preview = await forgetMemories(deps, { query: 'temporary note' });
    expect(preview).toMatchObject({ preview: true, deleted: 0 });
    expect(preview.matched).toHaveLength(1);
    expect(await forgetMemories(deps, { query: 'temporary note', confirm: true })).toMatchObject({
      deleted: 1,
    });
    await expect(resetMemories(deps, {})).rejects.toThrow(/confirm/);
    expect(await resetMemories(deps, { confirm: true })).toEqual({ deleted: 1 });
  });

  it('exports and re-imports JSONL idempotently, reporting bad lines', async () => {
    await remember('first memory', { tags: ['a'] });
    await remember('second memory', { kind: 'decision' });
    const lines: string[] = [];
    for await (const line of exportMemories(deps)) lines.push(line.trimEnd());
    expect(lines).toHaveLength(2);
    const again = await importMemories(
      deps,
      [...lines, '{not json', '{"content": ""}', '{"kind":"opinion","content":"x"}'],
      {
        cwd: repo,
      },
    );
    expect(again).toMatchObject({ read: 5, inserted: 0, duplicates: 2, skipped: 3 });
    expect(again.problems.map((problem) => problem.line)).toEqual([3, 4, 5]);
    expect(again.problems[2]?.reason).toMatch(/kind/);
    const fresh = testDeps(tempHome());
    const report = await importMemories(fresh, lines, { cwd: repo });
    expect(report).toMatchObject({ inserted: 2, duplicates: 0, skipped: 0 });
    expect((await search(fresh, { query: 'memory' })).results).toHaveLength(2);
    await fresh.store.close();
  });

  it('rejects empty and punctuation-only queries', async () => {
    await expect(search(deps, { query: '   ' })).rejects.toThrow(/query.*empty/);
    await expect(search(deps, { query: '?!' })).rejects.toThrow(/query/);
  });
});
