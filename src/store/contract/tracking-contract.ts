import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import type {
  CodeMetricsRecord,
  ContextSnapshot,
  Interaction,
  IssueFlag,
} from '../../core/tracking/tracking-types.js';
import type { Message, Project, Session } from '../../core/types.js';
import type { Store } from '../port.js';
import { event, project, type StoreFactory, session } from './store-contract.js';

const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
// A fake credential, assembled at run time so no secret-shaped literal sits in the source.
const SECRET = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

function interaction(s: Session, minutes: number, overrides: Partial<Interaction> = {}): Interaction {
  return {
    id: newId(),
    projectId: s.projectId,
    sessionId: s.id,
    prompt: 'add a cache',
    responseSummary: 'added an LRU cache',
    rating: 4,
    files: ['src/cache.ts'],
    createdAt: at(minutes),
    ...overrides,
  };
}

function issue(s: Session, minutes: number, overrides: Partial<IssueFlag> = {}): IssueFlag {
  return {
    id: newId(),
    projectId: s.projectId,
    sessionId: s.id,
    type: 'hallucination',
    severity: 'high',
    description: 'invented an API',
    createdAt: at(minutes),
    ...overrides,
  };
}

function metrics(s: Session, path: string, minutes: number, total: number): CodeMetricsRecord {
  return {
    id: newId(),
    projectId: s.projectId,
    sessionId: s.id,
    path,
    language: 'typescript',
    contentHash: 'a'.repeat(64),
    lines: 10,
    functions: 2,
    classes: 0,
    complexity: { total, max: total - 1, average: total / 2 },
    documentation: { documented: 1, documentable: 2, coverage: 0.5 },
    createdAt: at(minutes),
  };
}

function snapshot(s: Session, name: string, minutes: number, content: string | null = null): ContextSnapshot {
  return {
    id: newId(),
    projectId: s.projectId,
    sessionId: s.id,
    name,
    content,
    state: {
      goal: 'ship it',
      decisions: ['use WAL'],
      questions: [],
      filesTouched: ['src/a.ts'],
      recentEvents: [{ category: 'decision', type: 'decision', text: 'use WAL' }],
      git: null,
    },
    createdAt: at(minutes),
  };
}

function message(s: Session, minutes: number, content: string, type: string): Message {
  return {
    id: newId(),
    sessionId: s.id,
    projectId: s.projectId,
    role: 'assistant',
    content,
    turn: null,
    sourceRef: `test:${newId()}`,
    meta: { type },
    createdAt: at(minutes),
  };
}

/** Productivity tracking: the same on every backend. */
export function runTrackingContract(factory: StoreFactory): void {
  describe(`Tracking contract: ${factory.name}`, () => {
    let store: Store;
    let demo: Project;
    let live: Session;
    let other: Session;
    beforeEach(async () => {
      store = await factory.open();
      demo = await store.upsertProject(project());
      live = session(demo.id);
      other = session(demo.id, { startedAt: at(1) });
      await store.insertSession(live);
      await store.insertSession(other);
    });
    afterEach(async () => {
      if (factory.dispose) await factory.dispose(store);
      else await store.close();
    });

    it('stores interactions and lists them newest first, by session and time', async () => {
      const first = interaction(live, 1);
      const second = interaction(live, 5, { rating: null, files: [] });
      const elsewhere = interaction(other, 3);
      for (const item of [first, second, elsewhere]) await store.insertInteraction(item);
      expect(await store.listInteractions({ sessionId: live.id }, 10)).toEqual([second, first]);
      expect((await store.listInteractions({ projectId: demo.id }, 10)).map((i) => i.id)).toEqual([
        second.id,
        elsewhere.id,
        first.id,
      ]);
      expect(await store.listInteractions({ projectId: demo.id, since: at(2), until: at(5) }, 10)).toEqual([
        elsewhere,
      ]);
      expect(await store.listInteractions({ projectId: demo.id }, 1)).toHaveLength(1);
      expect(await store.listInteractions({ projectId: 'prj_none' }, 10)).toEqual([]);
    });

    it('stores flagged issues and lists them', async () => {
      const a = issue(live, 1);
      const b = issue(other, 2, { type: 'context_loss', severity: 'low', sessionId: null });
      await store.insertIssue(a);
      await store.insertIssue(b);
      expect(await store.listIssues({ projectId: demo.id }, 10)).toEqual([b, a]);
      expect(await store.listIssues({ sessionId: live.id }, 10)).toEqual([a]);
    });

    it('keeps every measurement of a file, so its trend can be read', async () => {
      const older = metrics(live, 'src/a.ts', 1, 7);
      const newer = metrics(live, 'src/a.ts', 9, 4);
      const b = metrics(live, 'src/b.ts', 5, 3);
      await store.insertCodeMetrics([older, b]);
      await store.insertCodeMetrics([newer]);
      await store.insertCodeMetrics([]);
      expect(await store.listCodeMetrics({ projectId: demo.id, path: 'src/a.ts' }, 10)).toEqual([
        newer,
        older,
      ]);
      expect((await store.listCodeMetrics({ projectId: demo.id }, 10)).map((m) => m.path)).toEqual([
        'src/a.ts',
        'src/b.ts',
        'src/a.ts',
      ]);
    });

    it('finds context snapshots by id and by the newest of a name', async () => {
      const first = snapshot(live, 'before-refactor', 1, 'plan A');
      const second = snapshot(live, 'before-refactor', 2, 'plan B');
      const unrelated = snapshot(other, 'other', 3);
      for (const item of [first, second, unrelated]) await store.insertContextSnapshot(item);
      expect(await store.getContextSnapshot({ id: first.id })).toEqual(first);
      expect(await store.getContextSnapshot({ name: 'before-refactor' })).toEqual(second);
      expect(await store.getContextSnapshot({ name: 'before-refactor', projectId: 'prj_none' })).toBeNull();
      expect(await store.getContextSnapshot({ name: 'never' })).toBeNull();
      expect(await store.getContextSnapshot({})).toBeNull();
      expect((await store.listContextSnapshots({ sessionId: live.id }, 10)).map((s) => s.id)).toEqual([
        second.id,
        first.id,
      ]);
    });

    it('redacts secrets in interactions, issues and snapshots before storing them', async () => {
      await store.insertInteraction(interaction(live, 1, { prompt: `use token ${SECRET}`, files: [SECRET] }));
      await store.insertIssue(issue(live, 1, { description: `leaked ${SECRET}` }));
      await store.insertContextSnapshot(snapshot(live, 'secret', 1, `token=${SECRET}`));
      const stored = JSON.stringify([
        await store.listInteractions({ sessionId: live.id }, 10),
        await store.listIssues({ sessionId: live.id }, 10),
        await store.listContextSnapshots({ sessionId: live.id }, 10),
      ]);
      expect(stored).not.toContain(SECRET);
      expect(stored).toContain('[REDACTED');
    });

    it('reads activity: events that name files, imported tool calls, and every time in session order', async () => {
      await store.appendEvent(
        event(live, { category: 'tool_call', data: { file_path: 'src/a.ts' }, createdAt: at(1) }),
      );
      await store.appendEvent(
        event(live, { category: 'decision', data: { text: 'unrelated note' }, createdAt: at(2) }),
      );
      await store.appendEvent(
        event(other, { category: 'tool_call', data: { path: 'src/b.ts' }, createdAt: at(3) }),
      );
      await store.appendMessages([
        message(live, 50, 'Read {"file_path":"/tmp/demo/src/c.ts"}', 'tool_call'),
        message(live, 51, 'plain answer', 'text'),
      ]);
      const events = await store.activityEvents({ sessionId: live.id }, 10);
      expect(events).toEqual([{ sessionId: live.id, createdAt: at(1), data: { file_path: 'src/a.ts' } }]);
      expect(await store.activityEvents({ projectId: demo.id }, 10)).toHaveLength(2);
      expect(await store.activityToolCalls({ projectId: demo.id }, 10)).toEqual([
        { sessionId: live.id, createdAt: at(50), content: 'Read {"file_path":"/tmp/demo/src/c.ts"}' },
      ]);
      const times = await store.activityTimes({ sessionId: live.id }, 100);
      expect(times).toEqual([
        { sessionId: live.id, at: at(1) },
        { sessionId: live.id, at: at(2) },
        { sessionId: live.id, at: at(50) },
        { sessionId: live.id, at: at(51) },
      ]);
      expect(
        await store.activityTimes({ projectId: demo.id, since: at(2), until: at(51) }, 100),
      ).toHaveLength(3);
    });
  });
}
