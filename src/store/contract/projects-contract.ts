import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.js';
import { contentHash } from '../../core/memory/content-hash.js';
import type { ProjectDependency, ProjectDependencyType } from '../../core/projects/project-types.js';
import type { Memory, Message, Project, Session } from '../../core/types.js';
import type { Store } from '../port.js';
import { event, project, type StoreFactory, session } from './store-contract.js';

const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const DAY = 24 * 60;

function dependency(from: Project, to: Project, type: ProjectDependencyType = 'uses'): ProjectDependency {
  return { id: newId(), fromId: from.id, toId: to.id, type, createdAt: at(0) };
}

function memory(p: Project, content: string, minutes: number, kind: Memory['kind'] = 'decision'): Memory {
  return {
    id: newId(),
    projectId: p.id,
    sessionId: null,
    kind,
    content,
    contentHash: contentHash(content),
    title: null,
    category: null,
    tags: [],
    confidence: null,
    source: 'tool',
    createdAt: at(minutes),
    updatedAt: at(minutes),
  };
}

function message(s: Session, content: string, minutes: number, meta: Message['meta'] = {}): Message {
  return {
    id: newId(),
    sessionId: s.id,
    projectId: s.projectId,
    role: 'tool',
    content,
    turn: null,
    sourceRef: `test:${newId()}`,
    meta,
    createdAt: at(minutes),
  };
}

/** Project groups, dependencies and insight reads: the same on every backend. */
export function runProjectsContract(factory: StoreFactory): void {
  describe(`Projects contract: ${factory.name}`, () => {
    let store: Store;
    let a: Project;
    let b: Project;
    let c: Project;
    let d: Project;
    beforeEach(async () => {
      store = await factory.open();
      a = await store.upsertProject(project({ name: 'a' }));
      b = await store.upsertProject(project({ name: 'b' }));
      c = await store.upsertProject(project({ name: 'c' }));
      d = await store.upsertProject(project({ name: 'd' }));
    });
    afterEach(async () => {
      if (factory.dispose) await factory.dispose(store);
      else await store.close();
    });

    it('creates a group on first use, adds members once, lists and removes them', async () => {
      const group = { id: newId(), name: 'platform', description: 'shared code', at: at(1) };
      const first = await store.addToProjectGroup(group, [a.id, b.id]);
      expect(first).toEqual({
        id: group.id,
        name: 'platform',
        description: 'shared code',
        projectIds: [a.id, b.id],
        createdAt: at(1),
        updatedAt: at(1),
      });
      const second = await store.addToProjectGroup(
        { id: newId(), name: 'platform', description: null, at: at(2) },
        [b.id, c.id],
      );
      expect(second).toMatchObject({
        id: group.id,
        description: 'shared code',
        projectIds: [a.id, b.id, c.id],
      });
      await store.addToProjectGroup({ id: newId(), name: 'apps', description: null, at: at(3) }, [c.id]);
      expect((await store.listProjectGroups()).map((g) => g.name)).toEqual(['apps', 'platform']);
      expect((await store.listProjectGroups(a.id)).map((g) => g.name)).toEqual(['platform']);
      expect(await store.listProjectGroups(d.id)).toEqual([]);
      expect(await store.removeFromProjectGroup('platform', [a.id, d.id])).toEqual({ removed: 1 });
      expect((await store.getProjectGroup('platform'))?.projectIds).toEqual([b.id, c.id]);
      expect(await store.removeFromProjectGroup('platform', null)).toEqual({ removed: 2 });
      expect(await store.getProjectGroup('platform')).toBeNull();
      expect(await store.removeFromProjectGroup('platform', null)).toBeNull();
      const empty = await store.addToProjectGroup(
        { id: newId(), name: 'empty', description: null, at: at(4) },
        [],
      );
      expect(empty.projectIds).toEqual([]);
    });

    it('stores dependencies once per (from, to, type), lists them by project, and removes them', async () => {
      const uses = await store.addProjectDependency(dependency(a, b));
      expect(await store.addProjectDependency(dependency(a, b))).toEqual(uses);
      await store.addProjectDependency(dependency(a, b, 'shares_code'));
      await store.addProjectDependency(dependency(b, c));
      expect((await store.listProjectDependencies(a.id)).map((x) => x.type)).toEqual(['uses', 'shares_code']);
      expect(await store.listProjectDependencies(b.id)).toHaveLength(3);
      expect(await store.listProjectDependencies()).toHaveLength(3);
      expect(await store.removeProjectDependencies(a.id, b.id, 'shares_code')).toBe(1);
      expect(await store.removeProjectDependencies(b.id, a.id)).toBe(0);
      expect(await store.removeProjectDependencies(a.id, b.id)).toBe(1);
      expect(await store.listProjectDependencies(a.id)).toEqual([]);
    });

    it('measures dependency distances along a chain, both ways, with a depth bound and cycles', async () => {
      await store.addProjectDependency(dependency(a, b));
      await store.addProjectDependency(dependency(b, c));
      await store.addProjectDependency(dependency(c, d, 'references'));
      await store.addProjectDependency(dependency(a, c, 'shares_code'));
      await store.addProjectDependency(dependency(d, a));
      const distances = async (from: Project, depth: number, direction: 'out' | 'in' | 'both') =>
        Object.fromEntries(
          (await store.dependencyDistances(from.id, depth, direction)).map((x) => [x.projectId, x.distance]),
        );
      expect(await distances(a, 5, 'out')).toEqual({ [b.id]: 1, [c.id]: 1, [d.id]: 2 });
      expect(await distances(a, 1, 'out')).toEqual({ [b.id]: 1, [c.id]: 1 });
      expect(await distances(d, 5, 'in')).toEqual({ [c.id]: 1, [a.id]: 2, [b.id]: 2 });
      expect(await distances(b, 1, 'both')).toEqual({ [a.id]: 1, [c.id]: 1 });
      const nearestFirst = await store.dependencyDistances(a.id, 5, 'out');
      expect(nearestFirst.map((x) => x.distance)).toEqual([1, 1, 2]);
    });

    it('reads activity per day, recent texts and errors of one project', async () => {
      const s = session(a.id);
      const elsewhere = session(b.id);
      await store.insertSession(s);
      await store.insertSession(elsewhere);
      await store.appendEvent(event(s, { createdAt: at(1), text: 'decision\nuse WAL mode' }));
      await store.appendEvent(
        event(s, {
          category: 'finding',
          type: 'finding',
          createdAt: at(DAY + 1),
          text: 'finding\nWAL is fast',
        }),
      );
      await store.appendEvent(
        event(s, {
          category: 'tool_response',
          type: 'tool_error',
          data: { output: 'boom' },
          createdAt: at(DAY + 2),
          text: 'tool_error\nTypeError: x is undefined',
        }),
      );
      await store.appendEvent(
        event(s, {
          category: 'tool_response',
          type: 'tool_response',
          data: { error: 'ENOENT: no such file' },
          createdAt: at(DAY + 3),
          text: 'ENOENT: no such file',
        }),
      );
      await store.appendEvent(
        event(s, {
          category: 'tool_response',
          type: 'tool_response',
          data: { error: null },
          createdAt: at(DAY + 4),
        }),
      );
      await store.appendEvent(event(elsewhere, { type: 'error', createdAt: at(2) }));
      await store.appendMessages([
        message(s, 'Bash failed: exit code 1', 2 * DAY, { type: 'tool_result', is_error: true }),
        message(s, 'all good', 2 * DAY + 1, { type: 'tool_result' }),
      ]);
      await store.insertMemory(memory(a, 'prefer SQLite for the cache layer', 2 * DAY + 2));
      await store.insertMemory(memory(b, 'unrelated memory', 2 * DAY + 2));

      expect(await store.projectActivity(a.id)).toEqual([
        { day: '2026-11-24', events: 1, messages: 0, memories: 0 },
        { day: '2026-11-25', events: 4, messages: 0, memories: 0 },
        { day: '2026-11-26', events: 0, messages: 2, memories: 1 },
      ]);
      expect(await store.projectActivity(a.id, at(2 * DAY))).toEqual([
        { day: '2026-11-26', events: 0, messages: 2, memories: 1 },
      ]);
      const texts = await store.projectTexts(a.id, { limit: 10 });
      expect(texts.map((t) => [t.source, t.kind])).toEqual([
        ['memory', 'decision'],
        ['event', 'finding'],
        ['event', 'decision'],
      ]);
      expect(texts[0]?.text).toBe('prefer SQLite for the cache layer');
      expect(await store.projectTexts(a.id, { limit: 1, since: at(DAY) })).toHaveLength(1);
      const errors = await store.projectErrors(a.id, { limit: 10 });
      expect(errors.map((e) => [e.source, e.text])).toEqual([
        ['message', 'Bash failed: exit code 1'],
        ['event', 'ENOENT: no such file'],
        ['event', 'tool_error\nTypeError: x is undefined'],
      ]);
      expect(errors[0]?.sessionId).toBe(s.id);
      expect(await store.projectErrors(a.id, { limit: 10, since: at(2 * DAY) })).toHaveLength(1);
    });
  });
}
