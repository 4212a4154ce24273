import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../port.js';
import { event, project, type StoreFactory, session } from './store-contract.js';

/** Moving a session to another worktree keeps its id, project and history. */
export function runSessionMoveContract(factory: StoreFactory) {
  describe(`Store contract: session workdir moves (${factory.name})`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await (factory.dispose ? factory.dispose(store) : store.close());
    });

    it('updateSessionWorkdir moves workdir and branch, keeps id, status and events', async () => {
      const p = await store.upsertProject(project());
      const s = session(p.id, { workdir: '/tmp/demo', branch: 'main' });
      await store.insertSession(s);
      await store.appendEvent(event(s, { createdAt: '2026-11-24T09:01:00.000Z' }));
      const moved = await store.updateSessionWorkdir(s.id, {
        workdir: '/tmp/demo-feature',
        branch: 'feature/x',
        at: '2026-11-24T09:02:00.000Z',
      });
      expect(moved).toBe(true);
      await store.appendEvent(event(s, { createdAt: '2026-11-24T09:03:00.000Z' }));
      const after = await store.getSession(s.id);
      expect(after).toMatchObject({
        id: s.id,
        projectId: p.id,
        status: 'active',
        workdir: '/tmp/demo-feature',
        branch: 'feature/x',
      });
      expect(await store.queryEvents({ sessionId: s.id, limit: 10 })).toHaveLength(2);
      const detached = await store.updateSessionWorkdir(s.id, {
        workdir: '/tmp/demo-detached',
        branch: null,
        at: '2026-11-24T09:04:00.000Z',
      });
      expect(detached).toBe(true);
      expect((await store.getSession(s.id))?.branch).toBeNull();
    });

    it('updateSessionWorkdir returns false for an unknown session', async () => {
      expect(
        await store.updateSessionWorkdir('01JUNKNOWNSESSION000000000', {
          workdir: '/tmp/x',
          branch: null,
          at: '2026-11-24T09:00:00.000Z',
        }),
      ).toBe(false);
    });
  });
}
