import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import type { QualityRun } from '../../core/quality/quality-types.js';
import type { Project, Session } from '../../core/types.js';
import type { Store } from '../port.js';
import { project, type StoreFactory, session } from './store-contract.js';

const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
// A fake credential, assembled at run time so no secret-shaped literal sits in the source.
const SECRET = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

function run(s: Session, minutes: number, overrides: Partial<QualityRun> = {}): QualityRun {
  return {
    id: newId(),
    projectId: s.projectId,
    sessionId: s.id,
    kind: 'test',
    command: 'npm test',
    exitCode: 0,
    timedOut: false,
    durationMs: 1234,
    passed: 3,
    failed: 0,
    skipped: 0,
    outputHead: 'Tests  3 passed (3)',
    outputTail: '',
    droppedBytes: 0,
    failures: [],
    createdAt: at(minutes),
    ...overrides,
  };
}

/** Quality runs: the same on every backend. */
export function runQualityContract(factory: StoreFactory): void {
  describe(`Quality contract: ${factory.name}`, () => {
    let store: Store;
    let demo: Project;
    let live: Session;
    beforeEach(async () => {
      store = await factory.open();
      demo = await store.upsertProject(project());
      live = session(demo.id);
      await store.insertSession(live);
    });
    afterEach(async () => {
      if (factory.dispose) await factory.dispose(store);
      else await store.close();
    });

    it('stores runs and lists them newest first, by project, session, command and time', async () => {
      const pass = run(live, 1);
      const fail = run(live, 2, {
        exitCode: 1,
        passed: 2,
        failed: 1,
        failures: ['cache.test.ts > evicts'],
        outputTail: 'Tests  1 failed | 2 passed (3)',
        droppedBytes: 42,
      });
      const timedOut = run(live, 3, {
        kind: 'lint',
        command: 'npm run lint',
        exitCode: null,
        timedOut: true,
        passed: null,
        failed: null,
        skipped: null,
        sessionId: null,
      });
      for (const item of [pass, fail, timedOut]) await store.insertQualityRun(item);
      expect(await store.listQualityRuns({ projectId: demo.id }, 10)).toEqual([timedOut, fail, pass]);
      expect(await store.listQualityRuns({ sessionId: live.id }, 10)).toEqual([fail, pass]);
      expect(await store.listQualityRuns({ projectId: demo.id, command: 'npm test' }, 1)).toEqual([fail]);
      expect(await store.listQualityRuns({ projectId: demo.id, since: at(2), until: at(3) }, 10)).toEqual([
        fail,
      ]);
      expect(await store.listQualityRuns({ projectId: 'prj_none' }, 10)).toEqual([]);
    });

    it('redacts secrets in the command and the output', async () => {
      await store.insertQualityRun(
        run(live, 1, {
          command: `TOKEN=${SECRET} npm test`,
          outputHead: `using ${SECRET}`,
          failures: [SECRET],
        }),
      );
      const [stored] = await store.listQualityRuns({ projectId: demo.id }, 1);
      expect(JSON.stringify(stored)).not.toContain(SECRET);
    });
  });
}
