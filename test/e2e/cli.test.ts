import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';

function deja(args: string[], cwd: string, home: string) {
  const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
    cwd,
    env: { ...process.env, DEJA_HOME: home },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json<T = Record<string, unknown>>(result: ReturnType<typeof deja>): T {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

describe('deja CLI (real child processes)', () => {
  it('prints its version and help', () => {
    const home = tempHome();
    const version = deja(['--version'], home, home);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = deja(['--help'], home, home);
    expect(help.stdout).toContain('checkpoint');
  });

  it('runs a whole background session: start, record, query, checkpoint, status, end, resume, export', () => {
    const repo = makeGitRepo('cli-project');
    const home = tempHome();
    const started = json<{
      session: { id: string; context: string };
      project: { name: string; languages: string[] };
    }>(deja(['start', '--goal', 'Wire the CLI', '--json'], repo, home));
    expect(started.session.context).toBe('background');
    expect(started.project).toMatchObject({ name: 'cli-project', languages: ['TypeScript'] });

    json(deja(['record', 'decision', 'Commander for the CLI', '--json'], repo, home));
    json(
      deja(
        ['record', 'tool_call', '--type', 'edit', '--data', '{"file":"src/cli/main.ts"}', '--json'],
        repo,
        home,
      ),
    );
    json(deja(['record', 'question', 'Do we need a daemon?', '--json'], repo, home));

    const decisions = json<{ events: { data: { text: string } }[]; next_cursor: string | null }>(
      deja(['query', '--category', 'decision', '--json'], repo, home),
    );
    expect(decisions.events.map((event) => event.data.text)).toEqual(['Commander for the CLI']);
    const page = json<{ events: unknown[]; next_cursor: string }>(
      deja(['query', '--limit', '2', '--json'], repo, home),
    );
    expect(page.events).toHaveLength(2);
    const rest = json<{ events: unknown[]; next_cursor: null }>(
      deja(['query', '--limit', '2', '--cursor', page.next_cursor, '--json'], repo, home),
    );
    expect(rest.events).toHaveLength(1);
    expect(rest.next_cursor).toBeNull();
    const keyword = json<{ events: unknown[] }>(deja(['query', '--keyword', 'daemon', '--json'], repo, home));
    expect(keyword.events).toHaveLength(1);

    json(deja(['checkpoint', '--name', 'cli-wired', '--json'], repo, home));
    const status = json<{
      event_counts: Record<string, number>;
      checkpoints: number;
      health: { store: { ok: boolean } };
    }>(deja(['status', '--json'], repo, home));
    expect(status.event_counts).toEqual({ decision: 1, tool_call: 1, question: 1 });
    expect(status.checkpoints).toBe(1);
    expect(status.health.store.ok).toBe(true);

    const ended = json<{ handoff: string; handoff_path: string }>(
      deja(
        ['end', '--outcome', 'partial', '--notes', 'Add the daemon next', '--write-to-project', '--json'],
        repo,
        home,
      ),
    );
    expect(ended.handoff).toContain('Commander for the CLI');
    expect(ended.handoff).toContain('src/cli/main.ts');
    expect(ended.handoff).toContain('Do we need a daemon?');
    expect(
      readFileSync(join(repo, '.deja', 'handoffs', ended.handoff_path.split('/').at(-1) ?? ''), 'utf8'),
    ).toBe(ended.handoff);

    const resumed = json<{ session: { id: string }; handoff: string }>(
      deja(['resume', '--json'], repo, home),
    );
    expect(resumed.session.id).toBe(started.session.id);
    const exported = deja(['export', '--session', started.session.id], repo, home);
    expect(exported.code).toBe(0);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.category)).toEqual(['decision', 'tool_call', 'question']);
  });

  it('exits 1 with a message naming the field on bad input', () => {
    const repo = makeGitRepo();
    const home = tempHome();
    json(deja(['start', '--json'], repo, home));
    const cases: [string[], RegExp][] = [
      [['record', 'gossip', 'x'], /category/],
      [['query', '--limit', '10000'], /limit.*at most 500/],
      [['query', '--cursor', 'garbage'], /cursor/],
      [['start', '--project', '/no/such/dir'], /project_path.*does not exist/],
      [['end', '--outcome', 'great'], /outcome/],
      [['record', 'custom', '--data', '{oops'], /data/],
    ];
    for (const [args, message] of cases) {
      const result = deja(args, repo, home);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('outside a git repository, commands without a session explain how to start one', () => {
    const home = tempHome();
    const result = deja(['record', 'decision', 'x'], home, home);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no active session/);
  });
});
