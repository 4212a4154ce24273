import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import type { Checkpoint, EventRecord, Project, Session } from '../../core/types.js';
import type { NewEvent, Store } from '../port.js';

/** A backend under test: how to open a fresh, empty store, and how to dispose of it. */
export interface StoreFactory {
  name: string;
  open(): Promise<Store>;
  dispose?(store: Store): Promise<void>;
}

const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

export function project(overrides: Partial<Project> = {}): Project {
  return {
    id: `prj_${newId().slice(-10)}`,
    identity: `git:${newId()}`,
    name: 'demo',
    rootPath: '/tmp/demo',
    languages: ['TypeScript'],
    packageManager: 'npm',
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function session(projectId: string, overrides: Partial<Session> = {}): Session {
  return {
    id: newId(),
    projectId,
    context: 'foreground',
    status: 'active',
    goal: 'ship it',
    skill: null,
    type: null,
    model: null,
    estimateMinutes: null,
    branch: 'main',
    workdir: '/tmp/demo',
    clientName: null,
    startedAt: at(0),
    lastActivityAt: at(0),
    endedAt: null,
    outcome: null,
    endReason: null,
    notes: null,
    ...overrides,
  };
}

export function event(s: Session, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    id: newId(),
    sessionId: s.id,
    projectId: s.projectId,
    category: 'decision',
    type: 'decision',
    data: { text: 'use WAL mode' },
    text: 'decision\nuse WAL mode',
    createdAt: at(1),
    ...overrides,
  };
}

function checkpoint(s: Session, kind: Checkpoint['kind'], name: string, minute: number): Checkpoint {
  return {
    id: newId(new Date(T0 + minute * 60_000)),
    sessionId: s.id,
    projectId: s.projectId,
    name,
    summary: null,
    kind,
    gitCommit: null,
    state: { eventCounts: {}, git: null, recentEvents: [] },
    createdAt: at(minute),
  };
}

/**
 * The Store contract: every backend must pass it. A new backend joins by
 * adding one factory to the list in `store.contract.test.ts`.
 */
export function runStoreContract(factory: StoreFactory): void {
  describe(`Store contract: ${factory.name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      if (factory.dispose) await factory.dispose(store);
      else await store.close();
    });

    it('upserts projects by identity, keeping the first id', async () => {
      const first = await store.upsertProject(project({ identity: 'git:abc', name: 'old-name' }));
      const again = await store.upsertProject(
        project({ identity: 'git:abc', name: 'new-name', rootPath: '/x' }),
      );
      expect(again.id).toBe(first.id);
      expect(again.name).toBe('new-name');
      expect(await store.findProject('new-name')).toMatchObject({ id: first.id, rootPath: '/x' });
      expect(await store.findProject('git:abc')).toMatchObject({ id: first.id });
      expect(await store.findProject('/x')).toMatchObject({ id: first.id });
      expect(await store.findProject('nope')).toBeNull();
      expect((await store.listProjects()).map((p) => p.id)).toEqual([first.id]);
    });

    it('stores sessions and lists them newest first with filters', async () => {
      const p = await store.upsertProject(project());
      const a = session(p.id, { startedAt: at(0), context: 'background' });
      const b = session(p.id, { startedAt: at(5) });
      await store.insertSession(a);
      await store.insertSession(b);
      expect(await store.getSession(a.id)).toEqual(a);
      expect((await store.findSessions({ projectId: p.id, limit: 10 })).map((s) => s.id)).toEqual([
        b.id,
        a.id,
      ]);
      expect((await store.findSessions({ context: 'background', limit: 10 })).map((s) => s.id)).toEqual([
        a.id,
      ]);
      expect(await store.getSession('missing')).toBeNull();
    });

    it('ends a session once, atomically with its hand-off', async () => {
      const p = await store.upsertProject(project());
      const s = session(p.id);
      await store.insertSession(s);
      const handoff = {
        id: newId(),
        sessionId: s.id,
        projectId: p.id,
        content: '# Hand-off',
        path: '/h.md',
        projectCopyPath: null,
        createdAt: at(9),
      };
      const end = {
        endedAt: at(9),
        outcome: 'success' as const,
        endReason: 'explicit' as const,
        notes: 'done',
      };
      expect(await store.endSession(s.id, end, handoff)).toBe(true);
      expect(await store.endSession(s.id, end, { ...handoff, id: newId() })).toBe(false);
      expect(await store.getSession(s.id)).toMatchObject({
        status: 'ended',
        outcome: 'success',
        endedAt: at(9),
      });
      expect(await store.getHandoffBySession(s.id)).toEqual(handoff);
      expect(await store.latestHandoff(p.id)).toEqual(handoff);
      expect(await store.latestHandoff(p.id, s.id)).toBeNull();
    });

    it('appends events with increasing sequence and marks the session active', async () => {
      const p = await store.upsertProject(project());
      const s = session(p.id);
      await store.insertSession(s);
      const first = await store.appendEvent(event(s, { createdAt: at(2) }));
      const second = await store.appendEvent(
        event(s, { createdAt: at(3), category: 'finding', type: 'bug' }),
      );
      expect(second.seq).toBeGreaterThan(first.seq);
      expect((await store.getSession(s.id))?.lastActivityAt).toBe(at(3));
      expect(await store.countEvents({ sessionId: s.id })).toEqual({ decision: 1, finding: 1 });
    });

    it('queries events by every filter, newest first, with cursors both ways', async () => {
      const p = await store.upsertProject(project());
      const other = await store.upsertProject(project({ name: 'other' }));
      const s = session(p.id);
      const t = session(other.id);
      await store.insertSession(s);
      await store.insertSession(t);
      const made: EventRecord[] = [];
      for (let i = 0; i < 10; i++) {
        made.push(
          await store.appendEvent(
            event(i % 2 ? s : t, {
              category: i % 3 === 0 ? 'finding' : 'decision',
              type: i % 3 === 0 ? 'bug' : 'decision',
              data: { text: `note ${i} ${i === 4 ? 'authentication middleware' : 'plain'}` },
              text: `note ${i} ${i === 4 ? 'authentication middleware' : 'plain'}`,
              createdAt: at(10 + i),
            }),
          ),
        );
      }
      const ids = (events: EventRecord[]) => events.map((e) => e.id);
      const all = await store.queryEvents({ limit: 100 });
      expect(ids(all)).toEqual(ids([...made].reverse()));
      expect(ids(await store.queryEvents({ sessionId: s.id, limit: 100 }))).toEqual(
        ids(made.filter((_, i) => i % 2).reverse()),
      );
      expect(ids(await store.queryEvents({ projectId: other.id, limit: 100 }))).toEqual(
        ids(made.filter((_, i) => i % 2 === 0).reverse()),
      );
      expect((await store.queryEvents({ category: 'finding', limit: 100 })).length).toBe(4);
      expect((await store.queryEvents({ type: 'bug', limit: 100 })).length).toBe(4);
      expect(ids(await store.queryEvents({ keyword: 'auth', limit: 100 }))).toEqual([made[4]?.id]);
      expect(ids(await store.queryEvents({ keyword: 'AUTHENTICATION middle', limit: 100 }))).toEqual([
        made[4]?.id,
      ]);
      expect(await store.queryEvents({ keyword: 'nothing-like-this', limit: 100 })).toEqual([]);
      expect(ids(await store.queryEvents({ since: at(12), until: at(14), limit: 100 }))).toEqual(
        ids([made[3], made[2]] as EventRecord[]),
      );
      const page1 = await store.queryEvents({ limit: 3 });
      const page2 = await store.queryEvents({ limit: 3, beforeSeq: page1.at(-1)?.seq });
      expect(ids([...page1, ...page2])).toEqual(ids(all.slice(0, 6)));
      const asc = await store.queryEvents({ limit: 4, ascending: true, afterSeq: made[1]?.seq });
      expect(ids(asc)).toEqual(ids(made.slice(2, 6)));
      const keywordPage = await store.queryEvents({ keyword: 'plain', limit: 2, beforeSeq: made[8]?.seq });
      expect(ids(keywordPage)).toEqual(ids([made[7], made[6]] as EventRecord[]));
    });

    it('treats FTS syntax in keywords as plain words', async () => {
      const p = await store.upsertProject(project());
      const s = session(p.id);
      await store.insertSession(s);
      await store.appendEvent(event(s, { text: 'decision\nfix "quoted" NEAR(thing) OR * stuff' }));
      expect((await store.queryEvents({ keyword: 'NEAR(thing) OR *', limit: 5 })).length).toBe(1);
      expect((await store.queryEvents({ keyword: '"quoted', limit: 5 })).length).toBe(1);
    });

    it('keeps every manual checkpoint and only the newest automatic ones', async () => {
      const p = await store.upsertProject(project());
      const s = session(p.id);
      await store.insertSession(s);
      for (let i = 0; i < 14; i++) await store.insertCheckpoint(checkpoint(s, 'auto', `auto-${i}`, i), 10);
      await store.insertCheckpoint(checkpoint(s, 'manual', 'before-refactor', 20), 10);
      const { pruned } = await store.insertCheckpoint(checkpoint(s, 'auto', 'auto-last', 21), 10);
      expect(pruned).toBe(1);
      const all = await store.listCheckpoints({ sessionId: s.id, limit: 100 });
      expect(all.filter((c) => c.kind === 'auto').map((c) => c.name)).toEqual([
        'auto-last',
        ...Array.from({ length: 9 }, (_, i) => `auto-${13 - i}`),
      ]);
      expect(all.filter((c) => c.kind === 'manual').map((c) => c.name)).toEqual(['before-refactor']);
      const [named] = await store.listCheckpoints({ projectId: p.id, name: 'before-refactor', limit: 1 });
      expect(named?.state).toEqual({ eventCounts: {}, git: null, recentEvents: [] });
    });

    it('reports its health', async () => {
      const health = await store.health();
      expect(health.ok).toBe(true);
      expect(health.schemaVersion).toBeGreaterThanOrEqual(1);
    });

    it('refuses an event for a session that does not exist, storing nothing', async () => {
      const p = await store.upsertProject(project());
      const ghost = session(p.id);
      await expect(store.appendEvent(event(ghost))).rejects.toThrow();
      expect(await store.queryEvents({ limit: 10 })).toEqual([]);
    });
  });
}
