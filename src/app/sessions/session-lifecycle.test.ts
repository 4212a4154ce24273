import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../../../test/support/git-repo.js';
import { testDeps } from '../../../test/support/in-memory.js';
import { questionHandle } from '../../core/events/open-questions.js';
import { recordEvent } from '../events/record-event.js';
import { importTranscripts } from '../import/import-transcripts.js';
import { storeMemory } from '../memory/store-memory.js';
import { scheduleAutoCheckpoints } from './auto-checkpoints.js';
import { checkpointSession } from './checkpoint-session.js';
import { endSession } from './end-session.js';
import { resumeSession } from './resume-session.js';
import { startSession } from './start-session.js';

describe('session lifecycle use cases', () => {
  let deps: ReturnType<typeof testDeps>;
  let repo: string;
  beforeEach(() => {
    repo = makeGitRepo();
    deps = testDeps(tempHome());
  });
  afterEach(() => deps.store.close());

  it('detects the project: git root, first-commit identity, branch, language, package manager', async () => {
    const { project, session } = await startSession(
      deps,
      { project_path: join(repo) },
      { context: 'background', cwd: '/' },
    );
    const firstCommit = execFileSync('git', ['rev-list', '--max-parents=0', 'HEAD'], { cwd: repo })
      .toString()
      .trim();
    expect(project).toMatchObject({
      identity: `git:${firstCommit}`,
      name: 'demo-project',
      rootPath: repo,
      languages: ['TypeScript'],
      packageManager: 'npm',
    });
    expect(session.branch).toBe('main');
  });

  it('keeps one project identity across a linked worktree, with the worktree as the session folder', async () => {
    const worktree = `${repo}-wt`;
    execFileSync('git', ['worktree', 'add', '-q', '-b', 'feature', worktree], { cwd: repo });
    const main = await startSession(deps, {}, { context: 'background', cwd: repo });
    const other = await startSession(deps, {}, { context: 'foreground', cwd: worktree });
    expect(other.project.id).toBe(main.project.id);
    expect(other.session.workdir).toBe(worktree);
    expect(other.session.branch).toBe('feature');
  });

  it('starting a session closes the previous one of the same context as partial, with a hand-off', async () => {
    const first = await startSession(deps, { goal: 'first' }, { context: 'foreground', cwd: repo });
    const background = await startSession(deps, {}, { context: 'background', cwd: repo });
    deps.clock.advance(60_000);
    const second = await startSession(deps, { goal: 'second' }, { context: 'foreground', cwd: repo });
    expect(second.closed).toEqual([{ id: first.session.id, reason: 'superseded' }]);
    expect(await deps.store.getSession(first.session.id)).toMatchObject({
      status: 'ended',
      outcome: 'partial',
      endReason: 'superseded',
    });
    expect(await deps.store.getHandoffBySession(first.session.id)).not.toBeNull();
    expect((await deps.store.getSession(background.session.id))?.status).toBe('active');
    expect(second.welcome).toContain('Previous hand-off');
  });

  it('is idempotent per connection: the same connection gets its open session back', async () => {
    const first = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    const again = await startSession(
      deps,
      {},
      { context: 'foreground', cwd: repo, currentSessionId: first.session.id },
    );
    expect(again.alreadyActive).toBe(true);
    expect(again.session.id).toBe(first.session.id);
  });

  it('caps the recorded end at the maximum duration and closes stale sessions of other contexts', async () => {
    const old = await startSession(deps, {}, { context: 'background', cwd: repo });
    deps.clock.advance(9 * 3_600_000);
    const fresh = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    expect(fresh.closed).toEqual([{ id: old.session.id, reason: 'stale' }]);
    const ended = await deps.store.getSession(old.session.id);
    expect(ended?.endedAt).toBe(old.session.startedAt);

    deps.clock.advance(6 * 3_600_000);
    const result = await endSession(deps, fresh.session.id, { outcome: 'success' });
    expect(Date.parse(result.session.endedAt ?? '') - Date.parse(fresh.session.startedAt)).toBe(
      4 * 3_600_000,
    );
  });

  it('writes a hand-off with goal, decisions, findings, questions, files and next steps', async () => {
    const { session } = await startSession(
      deps,
      { goal: 'Speed up search' },
      { context: 'foreground', cwd: repo },
    );
    await recordEvent(deps, session, { category: 'decision', data: { text: 'Use FTS5 with BM25' } });
    await recordEvent(deps, session, { category: 'finding', data: { summary: 'LIKE scans take 80 ms' } });
    await recordEvent(deps, session, { category: 'question', data: 'Should we index tool output?' });
    await recordEvent(deps, session, {
      category: 'tool_call',
      type: 'Edit',
      data: { file_path: 'src/search.ts' },
    });
    await recordEvent(deps, session, { category: 'phase', data: 'Implemented the index' });
    await checkpointSession(deps, session, { name: 'index-done', summary: 'index in place' }, 'manual');
    deps.clock.advance(30 * 60_000);
    const result = await endSession(deps, session.id, {
      outcome: 'success',
      notes: 'Benchmark it',
      write_to_project: true,
    });
    const text = result.handoff?.content ?? '';
    for (const part of [
      '## Goal\nSpeed up search',
      '- Use FTS5 with BM25',
      '- LIKE scans take 80 ms',
      '- Should we index tool output?',
      '- src/search.ts',
      '- Implemented the index',
      '- index-done: index in place',
      '## Next steps\nBenchmark it',
      'Duration: 30 min',
    ]) {
      expect(text).toContain(part);
    }
    // The final quality score, with its parts, comes before the next steps.
    expect(text).toMatch(/## Quality at the end\nScore \d+\/100\.\n- changes \d+\/\d+: /);
    expect(text.indexOf('## Quality at the end')).toBeLessThan(text.indexOf('## Next steps'));
    expect(readFileSync(result.handoff?.path ?? '', 'utf8')).toBe(text);
    expect(result.handoff?.projectCopyPath?.startsWith(join(repo, '.deja', 'handoffs'))).toBe(true);
  });

  it('carries the memories stored during a session into its hand-off, and relevant ones into a welcome', async () => {
    const earlier = await startSession(deps, { goal: 'Storage' }, { context: 'foreground', cwd: repo });
    const inEarlier = { cwd: repo, sessionId: earlier.session.id, source: 'tool' as const };
    await storeMemory(deps, { content: 'Use WAL mode for the search index', kind: 'decision' }, inEarlier);
    await endSession(deps, earlier.session.id, {});
    await storeMemory(
      deps,
      { content: 'Release on Fridays', kind: 'decision' },
      { cwd: repo, source: 'tool' },
    );

    deps.clock.advance(60_000);
    const { session } = await startSession(
      deps,
      { goal: 'Make the search index faster' },
      { context: 'foreground', cwd: repo },
    );
    const during = { cwd: repo, sessionId: session.id, source: 'tool' as const };
    await recordEvent(deps, session, { category: 'decision', data: { text: 'Keep BM25 in memory' } });
    await recordEvent(deps, session, { category: 'question', data: 'Should postings be compressed?' });
    await storeMemory(deps, { content: 'Keep BM25 in memory', kind: 'decision' }, during);
    await storeMemory(deps, { content: 'Cache the idf per term', kind: 'decision' }, during);
    await storeMemory(
      deps,
      { content: 'Take the index lock before the store lock.', kind: 'learning', title: 'Lock order' },
      during,
    );
    await storeMemory(deps, { content: 'Postings\n  compress well\n  as deltas', kind: 'insight' }, during);
    deps.clock.advance(60_000);
    const ended = await endSession(deps, session.id, { outcome: 'success' });
    const handoff = ended.handoff?.content ?? '';
    expect(handoff).toContain('## Decisions\n- Keep BM25 in memory\n- Cache the idf per term\n');
    expect(handoff.match(/Keep BM25 in memory/g)).toHaveLength(1);
    expect(handoff).toContain('## Findings\n- Lock order: Take the index lock before the store lock.');
    expect(handoff).toContain('## Insights\n- Postings compress well as deltas');
    expect(handoff).not.toContain('WAL mode');
    expect(handoff).not.toContain('Fridays');

    await deps.store.indexPending();
    deps.clock.advance(60_000);
    const next = await startSession(
      deps,
      { goal: 'search index latency' },
      { context: 'foreground', cwd: repo },
    );
    const memories = next.welcome.slice(next.welcome.indexOf('Relevant memories:'));
    // The goal's match first, then the newest decisions and learnings fill the list...
    expect(memories).toMatch(/^Relevant memories:\n- \[decision\] Use WAL mode for the search index\n/);
    expect(memories).toContain('- [decision] Release on Fridays');
    // ...but nothing the previous hand-off (shown above them) already says.
    expect(memories).not.toContain('Lock order');
    expect(next.welcome.match(/Keep BM25 in memory/g)).toHaveLength(1);
    expect(next.welcome.match(/Should postings be compressed\?/g)).toHaveLength(1);
  });

  it('keeps a question open, with a handle, until an event names it in `answers`', async () => {
    const first = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    const asked = await recordEvent(deps, first.session, {
      category: 'question',
      data: 'Should we index tool output?',
    });
    const handle = questionHandle(asked.id);
    const firstEnd = await endSession(deps, first.session.id, {});
    expect(firstEnd.handoff?.content).toContain(
      `## Open questions\n- Should we index tool output? [${handle}]`,
    );

    deps.clock.advance(60_000);
    const second = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    // Listed in the previous hand-off (with its handle), so not twice.
    expect(second.welcome.match(/Should we index tool output\?/g)).toHaveLength(1);
    await recordEvent(deps, second.session, {
      category: 'decision',
      data: { text: 'Index tool output at weight 0.8', answers: handle.toUpperCase() },
    });
    const secondEnd = await endSession(deps, second.session.id, {});
    expect(secondEnd.handoff?.content).not.toContain('Open questions');

    deps.clock.advance(60_000);
    const third = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    expect(third.welcome).not.toContain('Should we index tool output?');

    // An older question the latest hand-off does not list comes with the way to close it.
    const late = await recordEvent(deps, third.session, { category: 'question', data: 'Which tokenizer?' });
    await endSession(deps, third.session.id, {});
    // A later session's hand-off (without the question) is the one the next welcome shows.
    deps.clock.advance(60_000);
    const other = await startSession(deps, {}, { context: 'background', cwd: repo });
    await endSession(deps, other.session.id, {});
    deps.clock.advance(60_000);
    const fourth = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    expect(fourth.welcome).toContain(
      `Open questions (when one is answered, record it with session_record and data {"answers": "q:…"}):\n- Which tokenizer? [${questionHandle(late.id)}]`,
    );
  });

  it('finds the conversation imported during a session that no hook named (a client without hooks)', async () => {
    const { session } = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    const at = (minute: number) => new Date(Date.parse(session.startedAt) + minute * 60_000).toISOString();
    const line = (turn: number, role: 'user' | 'assistant', text: string) =>
      JSON.stringify({
        parentUuid: null,
        isSidechain: false,
        cwd: repo,
        sessionId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
        type: role,
        message: { role, content: text },
        uuid: `00000000-0000-4000-8000-00000000000${turn}`,
        timestamp: at(turn + 1),
      });
    const transcript = join(tempHome(), 'conversation.jsonl');
    writeFileSync(
      transcript,
      `${[line(0, 'user', 'Add a retry to the fetch helper'), line(1, 'assistant', 'Done.')].join('\n')}\n`,
    );
    await importTranscripts(deps, { userHome: tempHome(), path: transcript });
    deps.clock.advance(10 * 60_000);
    const ended = await endSession(deps, session.id, {});
    expect(ended.handoff?.content).toContain(
      '## Goal\n(not stated; the conversation began with: “Add a retry to the fetch helper”)',
    );
    expect(ended.handoff?.content).toContain('- Conversation: 2 messages, 0 tool calls');
  });

  it('without a goal, finds the memories the branch name is about', async () => {
    for (let i = 0; i < 6; i++) {
      await storeMemory(
        deps,
        { content: `Release note ${i}`, kind: 'decision' },
        { cwd: repo, source: 'tool' },
      );
    }
    await storeMemory(
      deps,
      { content: 'Search latency is dominated by hydrating the page', kind: 'learning', title: 'Latency' },
      { cwd: repo, source: 'tool' },
    );
    for (let i = 6; i < 12; i++) {
      await storeMemory(
        deps,
        { content: `Release note ${i}`, kind: 'decision' },
        { cwd: repo, source: 'tool' },
      );
    }
    await deps.store.indexPending();
    execFileSync('git', ['checkout', '-q', '-b', 'feature/search-latency'], { cwd: repo });
    const { welcome } = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    expect(welcome).toMatch(
      /Relevant memories:\n- \[learning\] Latency: Search latency is dominated by hydrating the page\n/,
    );
  });

  it('redacts secrets before they reach the store or the hand-off file', async () => {
    const { session } = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    const key = `sk-proj-${'Ab1'.repeat(16)}`;
    await recordEvent(deps, session, { category: 'decision', data: { text: `Rotate the key ${key}` } });
    await recordEvent(deps, session, {
      category: 'finding',
      data: 'keep <private>my home address</private> out',
    });
    const result = await endSession(deps, session.id, {
      notes: `password is postgres://app:hunter2secret@db/x`,
    });
    const stored = JSON.stringify(await deps.store.queryEvents({ limit: 10 }));
    for (const text of [
      stored,
      result.handoff?.content ?? '',
      readFileSync(result.handoff?.path ?? '', 'utf8'),
    ]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain('my home address');
      expect(text).not.toContain('hunter2secret');
    }
    expect(stored).toContain('[REDACTED');
  });

  it('takes automatic checkpoints only after activity, keeping the last 10 and every manual one', async () => {
    const { session } = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    const auto = scheduleAutoCheckpoints(deps, () => session.id);
    try {
      expect(await auto.tick()).toBe(false);
      await checkpointSession(deps, session, { name: 'manual-one' }, 'manual');
      for (let i = 0; i < 13; i++) {
        deps.clock.advance(5 * 60_000);
        await recordEvent(deps, session, { category: 'custom', data: `step ${i}` });
        deps.clock.advance(1000);
        expect(await auto.tick()).toBe(true);
        expect(await auto.tick()).toBe(false);
      }
    } finally {
      auto.stop();
    }
    const all = await deps.store.listCheckpoints({ sessionId: session.id, limit: 100 });
    expect(all.filter((c) => c.kind === 'auto')).toHaveLength(10);
    expect(all.filter((c) => c.kind === 'manual').map((c) => c.name)).toEqual(['manual-one']);
  });

  it('makes a git checkpoint commit only when asked', async () => {
    const { session } = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    writeFileSync(join(repo, 'work.txt'), 'progress\n');
    const env = {
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
    };
    Object.assign(process.env, env);
    const plain = await checkpointSession(deps, session, { name: 'no-commit' }, 'manual');
    expect(plain.checkpoint.gitCommit).toBeNull();
    expect(plain.checkpoint.state.git?.dirtyFiles).toBe(1);
    const committed = await checkpointSession(
      deps,
      session,
      { name: 'with-commit', git_commit: true },
      'manual',
    );
    expect(committed.gitError).toBeNull();
    expect(committed.checkpoint.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(committed.checkpoint.state.git?.dirtyFiles).toBe(0);
    const log = execFileSync('git', ['log', '-1', '--format=%s'], { cwd: repo }).toString().trim();
    expect(log).toBe('deja checkpoint: with-commit');
    expect(existsSync(join(repo, 'work.txt'))).toBe(true);
  });

  it('resumes by latest, by checkpoint name and by session id', async () => {
    const first = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    await recordEvent(deps, first.session, { category: 'decision', data: 'Keep events append-only' });
    await checkpointSession(deps, first.session, { name: 'milestone' }, 'manual');
    await endSession(deps, first.session.id, {});
    const second = await startSession(deps, {}, { context: 'foreground', cwd: repo });
    const latest = await resumeSession(deps, second.project, 'latest', second.session.id);
    expect(latest.session.id).toBe(first.session.id);
    expect(latest.recentDecisions).toEqual(['Keep events append-only']);
    const named = await resumeSession(deps, second.project, 'milestone', second.session.id);
    expect(named.checkpoint?.name).toBe('milestone');
    const byId = await resumeSession(deps, second.project, second.session.id, null);
    expect(byId.storedHandoff).toBeNull();
    expect(byId.handoff).toContain('in progress');
  });
});
