import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOL_PROFILE_MEMBERS } from '../../src/mcp/profiles.js';
import { tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, type StdioHarness, structured } from '../support/stdio-client.js';

interface ProjectsOutput {
  action: string;
  project: { id: string; name: string } | null;
  projects: { id: string; name: string; groups: string[] }[];
  groups: { name: string; projects: string[] }[];
  dependencies: { from: string; to: string; type: string }[];
  insights: {
    activity: { days: { day: string; events: number }[]; totals: { events: number; memories: number } };
    topics: { term: string; count: number }[];
    recurring_errors: { pattern: string; count: number; sessions: number }[];
  } | null;
  searched: { id: string; name: string; distance: number }[];
  results: { id: string; project: string; distance: number; score: number; base_score: number }[];
  count: number;
}

/** The projects tool over MCP stdio, with three projects alpha → beta → gamma, and `deja projects`. */
describe('projects over stdio and the CLI', () => {
  let harness: StdioHarness;
  let home: string;
  let alpha: string;
  let beta: string;
  let gamma: string;

  const cli = (cwd: string, args: string[]) => {
    const result = spawnSync(process.execPath, [DEJA_BIN, ...args], {
      cwd,
      env: { ...process.env, DEJA_HOME: home, DEJA_USER_HOME: home, DEJA_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const projects = async (args: Record<string, unknown>) =>
    structured<ProjectsOutput>(await harness.call('projects', args));

  beforeAll(async () => {
    home = tempHome();
    const parent = tempHome();
    [alpha, beta, gamma] = ['alpha', 'beta', 'gamma'].map((name) => {
      const dir = join(parent, name);
      mkdirSync(dir);
      return dir;
    }) as [string, string, string];
    for (const [dir, name] of [
      [alpha, 'alpha'],
      [beta, 'beta'],
      [gamma, 'gamma'],
    ] as const) {
      const stored = cli(dir, ['memory', 'add', `the zanzibar cache is configured in ${name}`, '--json']);
      expect(stored.code, stored.stderr).toBe(0);
    }
    harness = await connectStdio(alpha, { DEJA_HOME: home, DEJA_TOOLS: 'standard', DEJA_AUTO_SESSION: '0' });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('lists projects in standard with an output schema, and keeps it out of core', async () => {
    const { tools } = await harness.client.listTools();
    expect(tools.find((tool) => tool.name === 'projects')?.outputSchema).toBeDefined();
    expect(TOOL_PROFILE_MEMBERS.core).not.toContain('projects');
  });

  it('records dependencies alpha → beta → gamma and searches them nearest first', async () => {
    const added = await projects({ action: 'depend', on: beta });
    expect(added.count).toBe(1);
    expect(added.dependencies).toEqual([expect.objectContaining({ type: 'uses' })]);
    const viaCli = cli(beta, ['projects', 'depend', gamma, '--type', 'extends', '--json']);
    expect(viaCli.code, viaCli.stderr).toBe(0);

    const found = await projects({ action: 'search', query: 'zanzibar cache' });
    expect(found.searched.map((p) => [p.name, p.distance])).toEqual([
      ['alpha', 0],
      ['beta', 1],
      ['gamma', 2],
    ]);
    expect(found.results.map((r) => [r.project, r.distance])).toEqual([
      ['alpha', 0],
      ['beta', 1],
      ['gamma', 2],
    ]);
    const [first, second] = found.results;
    expect(second?.score).toBeCloseTo((second?.base_score ?? 0) * 0.5, 3);
    expect(first?.score).toBe(first?.base_score);

    const near = await projects({ action: 'search', query: 'zanzibar', depth: 1 });
    expect(near.results.map((r) => r.project)).toEqual(['alpha', 'beta']);
    // From gamma's point of view nothing is upstream: only its own results.
    const fromGamma = await projects({ action: 'search', query: 'zanzibar', project: gamma });
    expect(fromGamma.results.map((r) => r.project)).toEqual(['gamma']);
    // Plain search is unchanged: every project, no distances.
    const plain = structured<{ results: Record<string, unknown>[] }>(
      await harness.call('search', { query: 'zanzibar' }),
    );
    expect(plain.results).toHaveLength(3);
    expect(plain.results[0]).not.toHaveProperty('distance');
  });

  it('groups projects, lists them, searches a group and ungroups', async () => {
    const grouped = await projects({
      action: 'group',
      group: 'platform',
      projects: [alpha, gamma],
      description: 'core',
    });
    expect(grouped.count).toBe(2);
    const listed = JSON.parse(cli(alpha, ['projects', 'list', '--json']).stdout) as ProjectsOutput;
    expect(listed.projects.map((p) => [p.name, p.groups])).toEqual([
      ['alpha', ['platform']],
      ['beta', []],
      ['gamma', ['platform']],
    ]);
    expect(listed.dependencies).toHaveLength(2);
    const inGroup = await projects({ action: 'search', query: 'zanzibar', group: 'platform' });
    expect(inGroup.results.map((r) => [r.project, r.distance])).toEqual([
      ['alpha', 0],
      ['gamma', 2],
    ]);
    expect((await projects({ action: 'ungroup', group: 'platform', projects: [gamma] })).count).toBe(1);
    expect((await projects({ action: 'ungroup', group: 'platform' })).groups).toEqual([]);
    expect((await projects({ action: 'list' })).projects.every((p) => p.groups.length === 0)).toBe(true);
  });

  it('reports insights: activity, top topics and recurring errors', async () => {
    structured(await harness.call('session_start', { goal: 'tune the zanzibar cache' }));
    for (const text of ['zanzibar cache needs eviction', 'eviction policy: LRU for the zanzibar cache']) {
      structured(await harness.call('session_record', { category: 'decision', data: text }));
    }
    for (const path of ['/tmp/a/cache.db', '/var/b/cache.db']) {
      structured(
        await harness.call('session_record', {
          category: 'tool_response',
          type: 'tool_error',
          data: { error: `ENOENT: no such file or directory, open '${path}'` },
        }),
      );
    }
    structured(
      await harness.call('session_record', {
        category: 'tool_response',
        data: { error: 'disk quota exceeded' },
      }),
    );
    const result = await projects({ action: 'insights', days: 7 });
    const insights = result.insights;
    expect(insights?.activity.totals.events).toBeGreaterThanOrEqual(5);
    expect(insights?.activity.totals.memories).toBe(1);
    expect(insights?.topics.slice(0, 3).map((t) => t.term)).toEqual(['cache', 'zanzibar', 'eviction']);
    expect(insights?.recurring_errors).toEqual([
      expect.objectContaining({ count: 2, sessions: 1, pattern: expect.stringContaining('ENOENT') }),
    ]);
    const fromCli = cli(alpha, ['projects', 'insights', '--json']);
    expect(fromCli.code).toBe(0);
    expect((JSON.parse(fromCli.stdout) as ProjectsOutput).insights?.topics[0]?.term).toBe('cache');
  });

  it('answers bad input with isError naming the field', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ action: 'depend', on: alpha }, 'on', /itself/],
      [{ action: 'depend', project: gamma, on: alpha }, 'on', /cycle/],
      [{ action: 'depend', on: beta, type: 'likes' }, 'type', /one of/],
      [{ action: 'depend' }, 'on', /required/],
      [{ action: 'depend', on: 'no-such-project' }, 'on', /not found/],
      [{ action: 'search', query: 'zanzibar', depth: 0 }, 'depth', /at least 1/],
      [{ action: 'search', query: 'zanzibar', depth: 6 }, 'depth', /at most 5/],
      [{ action: 'search' }, 'query', /required/],
      [{ action: 'search', query: 'x', group: 'nope' }, 'group', /not found/],
      [{ action: 'ungroup', group: 'nope' }, 'group', /not found/],
      [{ action: 'group' }, 'group', /required/],
      [{ action: 'insights', days: 0 }, 'days', /at least 1/],
    ];
    for (const [args, field, rule] of cases) {
      const result = await harness.call('projects', args);
      const label = JSON.stringify(args);
      expect(result.isError, label).toBe(true);
      expect(errorText(result), label).toContain(field);
      expect(errorText(result), label).toMatch(rule);
    }
    expect((await projects({ action: 'list' })).dependencies).toHaveLength(2);
    const cycle = cli(gamma, ['projects', 'depend', alpha]);
    expect(cycle.code).toBe(1);
    expect(cycle.stderr).toMatch(/cycle/);
  });
});
