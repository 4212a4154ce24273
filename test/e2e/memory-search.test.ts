import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { connectStdio, errorText, type StdioHarness, structured } from '../support/stdio-client.js';

interface Stored {
  id: string;
  deduplicated: boolean;
  project: string;
}
interface Found {
  results: { id: string; snippet: string; project: string | null }[];
  total: number | null;
  next_cursor: string | null;
}

// Fake credentials, assembled at run time so no secret-shaped literal sits in the source.
const SECRETS = {
  openai: `sk-${'aB3dE5fG7h'.repeat(4)}`,
  github: `ghp_${'A1b2C3d4E5'.repeat(4)}`,
  aws: 'AKIAIOSFODNN7EXAMPLE',
  password: 'hunter2hunter2',
};

/** memory_store and search over MCP stdio with a real client and a real `deja serve`. */
describe('memory and search over stdio', () => {
  let harness: StdioHarness;
  let repo: string;

  beforeAll(async () => {
    repo = makeGitRepo('search-demo');
    harness = await connectStdio(repo, { DEJA_HOME: tempHome(), DEJA_TOOLS: 'full' });
  });
  afterAll(async () => {
    await harness.close();
  });

  const store = async (args: Record<string, unknown>) =>
    structured<Stored>(await harness.call('memory_store', args));
  const find = async (args: Record<string, unknown>) => structured<Found>(await harness.call('search', args));

  it('returns the same id with deduplicated: true for the same text', async () => {
    const first = await store({ content: 'Prefer   WAL mode for the SQLite store', kind: 'decision' });
    const second = await store({ content: 'prefer wal mode for the sqlite store', kind: 'decision' });
    expect(first.deduplicated).toBe(false);
    expect(second).toEqual({ ...first, deduplicated: true });
  });

  it('finds a memory by a word, by identifier parts, and by a file path fragment', async () => {
    const { id } = await store({
      content: 'parseConfigFile must run before the MCP server starts; see src/config/load-config.ts',
      tags: ['startup'],
    });
    expect((await find({ query: 'starts' })).results.map((r) => r.id)).toContain(id);
    expect((await find({ query: 'config file parse' })).results[0]?.id).toBe(id);
    expect((await find({ query: 'run', file: 'load-config' })).results.map((r) => r.id)).toEqual([id]);
    expect((await find({ query: 'load-config.ts' })).results[0]?.id).toBe(id);
  });

  it('filters by time', async () => {
    const { id } = await store({ content: 'temporal marker zebra' });
    expect((await find({ query: 'zebra', since: '1 hour ago' })).results.map((r) => r.id)).toEqual([id]);
    expect((await find({ query: 'zebra', until: '1 hour ago' })).results).toEqual([]);
    expect((await find({ query: 'zebra', since: 'yesterday', until: 'tomorrow' })).results).toHaveLength(1);
  });

  it('never returns another project’s items', async () => {
    await store({ content: 'isolated kiwi fact one', project: 'x' });
    await store({ content: 'isolated kiwi fact two', project: 'y' });
    await store({ content: 'isolated kiwi fact three' });
    const inX = await find({ query: 'isolated kiwi', project: 'x' });
    expect(inX.results.map((r) => r.project)).toEqual(['x']);
    const all = await find({ query: 'isolated kiwi' });
    expect(all.results).toHaveLength(3);
  });

  it('redacts secrets before storing, so search never returns them', async () => {
    const content = `deploy with ${SECRETS.openai} and ${SECRETS.github}, aws ${SECRETS.aws}, password=${SECRETS.password}`;
    await store({ content, tags: ['credentials'] });
    const found = await find({ query: 'deploy aws password', tags: ['credentials'] });
    expect(found.results).toHaveLength(1);
    const text = JSON.stringify(found);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(found.results[0]?.snippet).toContain('[REDACTED:openai_key]');
    const byKey = await find({ query: SECRETS.openai });
    expect(JSON.stringify(byKey)).not.toContain(SECRETS.openai);
  });

  it('memory_transfer exports to a JSONL file in the project folder and imports it back, adding nothing twice', async () => {
    await store({ content: 'Transfer test: the quokka decision', kind: 'decision', tags: ['transfer'] });
    const exported = structured<{ path: string; count: number }>(
      await harness.call('memory_transfer', { action: 'export', path: 'memories.jsonl' }),
    );
    expect(exported.path).toBe(join(repo, 'memories.jsonl'));
    const lines = readFileSync(exported.path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(exported.count);
    expect(lines.some((line) => line.includes('the quokka decision'))).toBe(true);

    const quokka = (await find({ query: 'quokka' })).results[0]?.id;
    expect(quokka).toBeDefined();
    await harness.call('memory_forget', { ids: [quokka] });
    expect((await find({ query: 'quokka' })).results).toHaveLength(0);

    const imported = structured<{ count: number; duplicates: number; read: number }>(
      await harness.call('memory_transfer', { action: 'import', path: exported.path }),
    );
    expect(imported).toMatchObject({ read: exported.count, count: 1, duplicates: exported.count - 1 });
    expect((await find({ query: 'quokka' })).results).toHaveLength(1);

    // Exporting over an existing file needs overwrite: true.
    const again = await harness.call('memory_transfer', { action: 'export', path: 'memories.jsonl' });
    expect(again.isError).toBe(true);
    expect(errorText(again)).toMatch(/path.*overwrite/s);
    const replaced = await harness.call('memory_transfer', {
      action: 'export',
      path: 'memories.jsonl',
      overwrite: true,
    });
    expect(replaced.isError).toBeFalsy();
  });

  it('answers bad input with isError naming the field, and changes nothing', async () => {
    const before = structured<{ total: number }>(await harness.call('memory_stats', {})).total;
    const cursorOfAnother = (await find({ query: 'isolated kiwi', limit: 1 })).next_cursor;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['search', { query: '' }, /query/],
      ['search', { query: 'kiwi', limit: 0 }, /limit/],
      ['search', { query: 'kiwi', limit: 10_000 }, /limit/],
      ['search', { query: 'zebra', cursor: cursorOfAnother }, /cursor/],
      ['search', { query: 'kiwi', cursor: 'garbage!' }, /cursor/],
      ['search', { query: 'kiwi', kind: 'opinion' }, /kind/],
      ['search', { query: 'kiwi', since: 'today', until: 'last year' }, /since/],
      ['search', { query: 'kiwi', since: 'when pigs fly' }, /since/],
      ['memory_store', { content: 'x'.repeat(40_000) }, /content.*32768|32768.*content/s],
      ['memory_store', { content: '   ' }, /content/],
      ['memory_store', { content: 'ok', kind: 'opinion' }, /kind/],
      ['memory_store', { content: 'ok', confidence: 2 }, /confidence/],
      ['memory_reset', {}, /confirm/],
      ['memory_forget', {}, /ids|query/],
      ['memory_transfer', { action: 'copy', path: 'x.jsonl' }, /action/],
      ['memory_transfer', { action: 'import', path: 'no-such-file.jsonl' }, /path/],
      ['memory_transfer', { action: 'import' }, /path/],
    ];
    for (const [tool, args, field] of cases) {
      const result = await harness.call(tool, args);
      expect(result.isError, `${tool} ${JSON.stringify(args).slice(0, 60)}`).toBe(true);
      expect(errorText(result)).toMatch(field);
    }
    expect(structured<{ total: number }>(await harness.call('memory_stats', {})).total).toBe(before);
  });
});
