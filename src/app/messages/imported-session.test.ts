import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/git-repo.js';
import { testDeps } from '../../../test/support/in-memory.js';
import { runAsMember } from '../../core/teams/acting-member.js';
import { ensureProject } from '../sessions/ensure-project.js';
import { ensureImportedSession, importedSessionId } from './imported-session.js';

describe('ensureImportedSession', () => {
  let deps: ReturnType<typeof testDeps>;
  afterEach(() => deps.store.close());

  it('gives two imports of the same conversation at once one session (a hook racing the watcher)', async () => {
    const home = tempHome();
    deps = testDeps(home);
    const { project } = await ensureProject(deps, home, 'project_path');
    const input = {
      project,
      externalId: 'claude-code:1234',
      startedAt: '2026-11-24T09:00:00.000Z',
      endedAt: '2026-11-24T09:30:00.000Z',
    };
    const [first, second] = await Promise.all([
      ensureImportedSession(deps, input),
      ensureImportedSession(deps, input),
    ]);
    expect(first.id).toBe(importedSessionId('claude-code:1234'));
    expect(second.id).toBe(first.id);
    expect(await deps.store.findSessions({ projectId: project.id, limit: 10 })).toHaveLength(1);
  });

  it('lets a member take a conversation imported before they were one; another member gets a clear error', async () => {
    const home = tempHome();
    deps = testDeps(home);
    const { project } = await ensureProject(deps, home, 'project_path');
    const input = {
      project,
      externalId: 'claude-code:5678',
      startedAt: '2026-11-24T09:00:00.000Z',
      endedAt: '2026-11-24T09:30:00.000Z',
    };
    const legacy = await ensureImportedSession(deps, input);
    const taken = await runAsMember('ann', () => ensureImportedSession(deps, input));
    expect(taken.id).toBe(legacy.id);
    expect(await runAsMember('ann', () => deps.store.getSession(legacy.id))).not.toBeNull();
    await expect(runAsMember('ben', () => ensureImportedSession(deps, input))).rejects.toThrow(
      /belongs to another member/,
    );
    expect(await runAsMember('ben', () => deps.store.findSessions({ limit: 10 }))).toEqual([]);
  });
});
