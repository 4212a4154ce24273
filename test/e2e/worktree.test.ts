import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, structured } from '../support/stdio-client.js';

interface WorktreeOut {
  action: string;
  project_id?: string;
  worktrees?: { path: string; branch: string | null; main: boolean; current: boolean; sessions: number }[];
  worktree?: { path: string; branch: string | null; sessions: number };
  session?: { id: string; project_id: string; status: string; workdir: string; branch: string | null } | null;
  from?: string | null;
}

describe('worktree tool (real repository, real stdio server)', () => {
  it('add → list → switch (the session survives) → remove', async () => {
    const repo = makeGitRepo('wt-project');
    const home = tempHome();
    const feature = join(dirname(repo), 'wt-project-feature');
    const mcp = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' });
    try {
      const start = structured<{ session: { id: string; project_id: string; workdir: string } }>(
        await mcp.call('session_start', { goal: 'Work on two branches' }),
      );
      expect(start.session.workdir).toBe(repo);
      structured(await mcp.call('session_record', { category: 'decision', data: 'Before the switch' }));

      const added = structured<WorktreeOut>(
        await mcp.call('worktree', { action: 'add', path: feature, new_branch: 'feature/x' }),
      );
      expect(added.worktree?.branch).toBe('feature/x');
      expect(existsSync(join(feature, 'package.json'))).toBe(true);

      const listed = structured<WorktreeOut>(await mcp.call('worktree', { action: 'list' }));
      expect(listed.worktrees?.map((tree) => tree.path)).toEqual([repo, realpathSync(feature)]);
      expect(listed.worktrees?.[0]).toMatchObject({ main: true, current: true, sessions: 1 });
      expect(listed.worktrees?.[1]).toMatchObject({ main: false, branch: 'feature/x', sessions: 0 });

      const switched = structured<WorktreeOut>(
        await mcp.call('worktree', { action: 'switch', path: feature }),
      );
      expect(switched.from).toBe(repo);
      // The session survives: same id, same project, still active, now in the feature worktree.
      expect(switched.session).toMatchObject({
        id: start.session.id,
        project_id: start.session.project_id,
        status: 'active',
        workdir: realpathSync(feature),
        branch: 'feature/x',
      });
      structured(await mcp.call('session_record', { category: 'finding', data: 'After the switch' }));

      const status = structured<{ session: { id: string; workdir: string; status: string } }>(
        // By id: the connection caches its own session row for up to a second (src/mcp/connection.ts).
        await mcp.call('session_status', { session_id: start.session.id }),
      );
      expect(status.session).toMatchObject({
        id: start.session.id,
        status: 'active',
        workdir: realpathSync(feature),
      });
      // One history: the events before and after the switch, and the switch itself, in one session.
      const events = structured<{ events: { category: string; type: string }[] }>(
        await mcp.call('session_query', { session_id: start.session.id }),
      );
      expect(events.events.map((event) => `${event.category}/${event.type}`)).toEqual([
        'finding/finding',
        'phase/worktree_switch',
        'decision/decision',
      ]);
      const relisted = structured<WorktreeOut>(await mcp.call('worktree', { action: 'list' }));
      expect(relisted.project_id).toBe(listed.project_id);
      expect(relisted.worktrees?.map((tree) => [tree.current, tree.sessions])).toEqual([
        [false, 0],
        [true, 1],
      ]);

      // Removing the worktree the session is in is refused; switch back, then remove.
      const busy = await mcp.call('worktree', { action: 'remove', path: feature });
      expect(busy.isError).toBe(true);
      expect(errorText(busy)).toContain('`path`');
      structured(await mcp.call('worktree', { action: 'switch', branch: 'main' }));
      writeFileSync(join(feature, 'scratch.txt'), 'uncommitted\n');
      const dirty = await mcp.call('worktree', { action: 'remove', path: feature });
      expect(dirty.isError).toBe(true);
      expect(errorText(dirty)).toMatch(/`path` has 1 uncommitted change.*force/);
      const removed = structured<WorktreeOut>(
        await mcp.call('worktree', { action: 'remove', path: feature, force: true }),
      );
      expect(removed.worktree?.path).toBe(switched.worktree?.path);
      expect(existsSync(feature)).toBe(false);
      const final = structured<WorktreeOut>(await mcp.call('worktree', { action: 'list' }));
      expect(final.worktrees?.map((tree) => tree.path)).toEqual([repo]);
    } finally {
      await mcp.close();
    }
  });

  it('bad input names the field', async () => {
    const repo = makeGitRepo('wt-bad');
    const home = tempHome();
    const taken = join(dirname(repo), 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'file.txt'), 'x\n');
    const mcp = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' });
    try {
      const main = await mcp.call('worktree', { action: 'remove', path: repo });
      expect(main.isError).toBe(true);
      expect(errorText(main)).toContain('`path` is the main worktree');
      const existing = await mcp.call('worktree', { action: 'add', path: taken });
      expect(existing.isError).toBe(true);
      expect(errorText(existing)).toContain('`path` already exists');
      const unknown = await mcp.call('worktree', { action: 'switch', path: join(dirname(repo), 'nowhere') });
      expect(unknown.isError).toBe(true);
      expect(errorText(unknown)).toContain('`path` worktree');
      const missing = await mcp.call('worktree', { action: 'add' });
      expect(errorText(missing)).toContain('`path` is required');
      const badAction = await mcp.call('worktree', { action: 'move' });
      expect(badAction.isError).toBe(true);
      expect(errorText(badAction)).toContain('action');
      const badBranch = await mcp.call('worktree', {
        action: 'add',
        path: join(dirname(repo), 'wt-bad-2'),
        branch: 'no-such-branch',
      });
      expect(badBranch.isError).toBe(true);
      expect(errorText(badBranch)).toContain('`branch`');
    } finally {
      await mcp.close();
    }
  });

  it('deja worktree (CLI): add, list --json, switch moves the background session, remove', () => {
    const repo = makeGitRepo('wt-cli');
    const home = tempHome();
    const run = (args: string[]) =>
      spawnSync(process.execPath, [DEJA_BIN, ...args], {
        cwd: repo,
        env: { ...process.env, DEJA_HOME: home },
        encoding: 'utf8',
      });
    const started = JSON.parse(run(['start', '--goal', 'cli worktrees', '--json']).stdout) as {
      session: { id: string };
    };
    const other = join(dirname(repo), 'wt-cli-b');
    expect(run(['worktree', 'add', other, '--new-branch', 'b', '--json']).status).toBe(0);
    const list = JSON.parse(run(['worktree', 'list', '--json']).stdout) as WorktreeOut;
    expect(list.worktrees).toHaveLength(2);
    const switched = JSON.parse(run(['worktree', 'switch', other, '--json']).stdout) as WorktreeOut;
    expect(switched.session).toMatchObject({ id: started.session.id, workdir: other, branch: 'b' });
    const text = run(['worktree', 'list']);
    expect(text.stdout).toContain('wt-cli-b');
    expect(text.stdout).toContain('1 session');
    const bad = run(['worktree', 'remove', repo]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('`path` is the main worktree');
    run(['worktree', 'switch', repo]);
    expect(run(['worktree', 'remove', other]).status).toBe(0);
    expect(existsSync(other)).toBe(false);
  });
});
