import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/git-repo.js';
import { testDeps } from '../../../test/support/in-memory.js';
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
});
