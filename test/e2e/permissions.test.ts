import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/deps.js';
import { isTrusted } from '../../src/app/permissions/permissions.js';
import { TOOL_PROFILE_MEMBERS } from '../../src/mcp/profiles.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeGitRepo, tempHome } from '../support/git-repo.js';
import { DEJA_BIN } from '../support/paths.js';
import { connectStdio, errorText, type StdioHarness, structured } from '../support/stdio-client.js';

interface PermissionsOut {
  action: string;
  scope: string;
  project: string | null;
  count: number;
  grants: { operation: string; scope: string; project: string | null }[];
}

describe('permissions over MCP stdio', () => {
  let repo: string;
  let home: string;
  let client: StdioHarness;
  let projectId: string;
  const call = async (args: Record<string, unknown>) =>
    structured<PermissionsOut>(await client.call('permissions', args));

  beforeAll(async () => {
    repo = makeGitRepo('trusting');
    home = tempHome();
    client = await connectStdio(repo, { DEJA_HOME: home, DEJA_TOOLS: 'standard' });
    projectId = structured<{ session: { project_id: string } }>(await client.call('session_status')).session
      .project_id;
  });
  afterAll(async () => {
    await client.close();
  });

  it('is in standard and full, never in core', () => {
    expect(TOOL_PROFILE_MEMBERS.core).not.toContain('permissions');
    expect(TOOL_PROFILE_MEMBERS.standard).toContain('permissions');
    expect(TOOL_PROFILE_MEMBERS.full).toContain('permissions');
  });

  it('grants, lists, revokes and resets per project and globally', async () => {
    const granted = await call({ action: 'grant', operation: 'command:npm  test' });
    expect(granted).toMatchObject({ action: 'grant', scope: 'project', project: projectId, count: 1 });
    expect(granted.grants[0]?.operation).toBe('command:npm test');
    await call({ action: 'grant', operation: 'command:npm *' });
    await call({ action: 'grant', operation: 'git:commit', scope: 'global' });

    const all = await call({ action: 'list' });
    expect(all.scope).toBe('all');
    expect(all.grants.map((g) => [g.operation, g.scope])).toEqual([
      ['git:commit', 'global'],
      ['command:npm *', 'project'],
      ['command:npm test', 'project'],
    ]);
    expect((await call({ action: 'list', scope: 'global' })).grants.map((g) => g.operation)).toEqual([
      'git:commit',
    ]);
    expect((await call({ action: 'list', project: 'trusting', scope: 'project' })).count).toBe(2);

    expect((await call({ action: 'revoke', operation: 'command:npm test' })).count).toBe(1);
    expect((await call({ action: 'revoke', operation: 'command:npm test' })).count).toBe(0);

    // isTrusted, as another tool (quality_run) consults it, over the same database.
    const store = new SqliteStore({ path: join(home, 'deja.db') });
    const deps = { store } as unknown as AppDeps;
    try {
      expect(await isTrusted(deps, 'command:npm run build', { projectId })).toBe(true);
      expect(await isTrusted(deps, 'command:npx vitest', { projectId })).toBe(false);
      expect(await isTrusted(deps, 'git:commit', { projectId })).toBe(true);
      expect(await isTrusted(deps, 'git:commit', { projectId: 'prj_other' })).toBe(true);
      expect(await isTrusted(deps, 'command:npm test', { projectId: 'prj_other' })).toBe(false);
      expect(await isTrusted(deps, 'command:npm test', { projectId: null })).toBe(false);
      expect(await isTrusted(deps, 'not an operation', { projectId })).toBe(false);
    } finally {
      await store.close();
    }

    const reset = await call({ action: 'reset', confirm: true });
    expect(reset).toMatchObject({ action: 'reset', scope: 'project', count: 1 });
    expect((await call({ action: 'list' })).grants.map((g) => g.operation)).toEqual(['git:commit']);
    expect((await call({ action: 'reset', scope: 'global', confirm: true })).count).toBe(1);
    expect((await call({ action: 'list' })).count).toBe(0);
  });

  it.each([
    [{ action: 'allow', operation: 'git:commit' }, /action/],
    [{}, /action/],
    [{ action: 'reset' }, /`confirm` must be true to reset/],
    [{ action: 'reset', confirm: false }, /`confirm` must be true to reset/],
    [{ action: 'grant' }, /`operation` is required for grant/],
    [{ action: 'grant', operation: '' }, /`operation` is empty/],
    [{ action: 'grant', operation: '   ' }, /`operation` is empty/],
    [{ action: 'revoke', operation: 'npm test' }, /`operation` "npm test" has no kind/],
    [{ action: 'grant', operation: 'shell:ls' }, /`operation` kind "shell" is unknown/],
    [{ action: 'grant', operation: 'git:commit', scope: 'everywhere' }, /scope/],
    [
      { action: 'grant', operation: 'git:commit', scope: 'global', project: 'trusting' },
      /`project` cannot be combined/,
    ],
    [{ action: 'list', project: 'nowhere' }, /`project` project "nowhere" was not found/],
  ])('%j → isError naming the field', async (args, message) => {
    const result = await client.call('permissions', args);
    expect(result.isError).toBe(true);
    expect(errorText(result)).toMatch(message);
  });

  it('deja permissions grant, list, revoke and reset on the command line', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [DEJA_BIN, 'permissions', ...args], {
        cwd: repo,
        env: { ...process.env, DEJA_HOME: home },
        encoding: 'utf8',
      });
    expect(run('grant', 'command:pytest -q').status).toBe(0);
    const listed = JSON.parse(run('list', '--json').stdout) as PermissionsOut;
    expect(listed.grants.map((g) => g.operation)).toEqual(['command:pytest -q']);
    const refused = run('reset');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/`confirm` must be true/);
    expect(run('reset', '--yes').stdout).toMatch(/Removed 1 trusted operation/);
  });
});
