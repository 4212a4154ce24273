import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { encodeCursor } from '../../src/core/cursor.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { connectInMemory, testDeps } from '../support/in-memory.js';
import { errorText } from '../support/stdio-client.js';

/** Bad input is answered with isError naming the field and the rule, and stores nothing. */
describe('bad input over MCP', () => {
  let deps: AppDeps;
  let repo: string;
  let harness: Awaited<ReturnType<typeof connectInMemory>>;

  async function snapshot() {
    const [events, sessions, checkpoints] = await Promise.all([
      deps.store.queryEvents({ limit: 500 }),
      deps.store.findSessions({ limit: 500 }),
      deps.store.listCheckpoints({ limit: 500 }),
    ]);
    return JSON.stringify({ events, sessions, checkpoints });
  }

  beforeEach(async () => {
    repo = makeGitRepo();
    deps = testDeps(tempHome());
    harness = await connectInMemory(deps, repo, 'full');
    await harness.call('session_start', {});
    await harness.call('session_record', { category: 'decision', data: 'baseline' });
  });
  afterEach(async () => {
    await harness.client.close();
    await deps.store.close();
  });

  const cases: [string, string, Record<string, unknown>, RegExp][] = [
    ['unknown category', 'session_record', { category: 'gossip', data: 'x' }, /category/],
    ['missing required field', 'session_record', { data: 'no category' }, /category/],
    ['limit 10000', 'session_query', { limit: 10000 }, /limit.*|.*at most 500.*limit/s],
    ['limit 0', 'session_query', { limit: 0 }, /limit/],
    ['malformed cursor', 'session_query', { cursor: 'not-a-cursor!' }, /cursor/],
    [
      'cursor of another shape',
      'session_query',
      { cursor: Buffer.from('{"v":9}').toString('base64url') },
      /cursor/,
    ],
    ['bad date', 'session_query', { since: 'sometime soon' }, /since/],
    ['until before since', 'session_query', { since: '2026-11-24', until: '2026-11-01' }, /until/],
    ['keyword of punctuation only', 'session_query', { keyword: '!!!' }, /keyword/],
    ['unknown project', 'session_query', { project: 'no-such-project' }, /project/],
    [
      'project path that does not exist',
      'session_start',
      { project_path: '/no/such/folder/anywhere' },
      /project_path/,
    ],
    [
      'project path that does not exist (resume)',
      'session_resume',
      { project_path: '/no/such/folder' },
      /project_path/,
    ],
    ['unknown session id', 'session_record', { category: 'finding', session_id: 'nope' }, /session_id/],
    ['bad outcome', 'session_end', { outcome: 'great' }, /outcome/],
    ['wrong type', 'session_checkpoint', { git_commit: 'yes' }, /git_commit/],
    ['unknown resume target', 'session_resume', { target: 'never-made' }, /target/],
    ['export of unknown session', 'session_export', { session_id: 'nope' }, /session_id/],
    ['oversized data', 'session_record', { category: 'custom', data: { blob: 'x'.repeat(300_000) } }, /data/],
  ];

  it.each(cases)('%s → isError naming the field, nothing stored', async (_label, tool, args, field) => {
    const before = await snapshot();
    const result = await harness.call(tool, args);
    expect(result.isError).toBe(true);
    expect(errorText(result)).toMatch(field);
    expect(await snapshot()).toBe(before);
  });

  it('says how to fix a limit that is too large', async () => {
    const result = await harness.call('session_query', { limit: 10000 });
    expect(errorText(result)).toMatch(/at most 500/);
    expect(errorText(result)).toMatch(/10000/);
  });

  it('rejects a cursor for a position that is not a positive integer', async () => {
    const result = await harness.call('session_query', { cursor: encodeCursor({ seq: 0 }) });
    expect(result.isError).toBe(true);
  });

  it('ending an already ended session is an error, and the first outcome stays', async () => {
    const first = await harness.call('session_end', { outcome: 'failed' });
    expect(first.isError).toBeFalsy();
    const id = (first.structuredContent as { session: { id: string } }).session.id;
    const again = await harness.call('session_end', { outcome: 'success', session_id: id });
    expect(again.isError).toBe(true);
    expect(errorText(again)).toMatch(/already ended/);
    expect((await deps.store.getSession(id))?.outcome).toBe('failed');
  });
});
