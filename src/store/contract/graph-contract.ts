import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entity, EntityType, Relation, RelationType } from '../../core/graph/graph-types.js';
import { newId } from '../../core/ids.js';
import type { Project } from '../../core/types.js';
import type { Store } from '../port.js';
import { project, type StoreFactory } from './store-contract.js';

const T0 = Date.parse('2026-11-24T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
// A fake credential, assembled at run time so no secret-shaped literal sits in the source.
const SECRET = `ghp_${'A1b2C3d4E5'.repeat(4)}`;

function entity(p: Project, type: EntityType, name: string, overrides: Partial<Entity> = {}): Entity {
  return {
    id: newId(),
    projectId: p.id,
    type,
    name,
    properties: {},
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

function relation(
  from: Entity,
  to: Entity,
  type: RelationType = 'uses',
  overrides: Partial<Relation> = {},
): Relation {
  return {
    id: newId(),
    fromId: from.id,
    toId: to.id,
    type,
    properties: {},
    weight: 1,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

/** The knowledge graph: the same on every backend. */
export function runGraphContract(factory: StoreFactory): void {
  describe(`Graph contract: ${factory.name}`, () => {
    let store: Store;
    let demo: Project;
    let other: Project;
    /** Adds entities a, b, c… of type concept and returns them by name. */
    const nodes = async (...names: string[]) => {
      const made: Record<string, Entity> = {};
      for (const name of names) made[name] = await store.upsertEntity(entity(demo, 'concept', name));
      return made;
    };
    const link = (from: Entity | undefined, to: Entity | undefined, type: RelationType = 'uses') =>
      store.upsertRelation(relation(from as Entity, to as Entity, type));
    const names = (reached: { entity: Entity; distance: number }[]) =>
      reached.map((r) => `${r.entity.name}@${r.distance}`);

    beforeEach(async () => {
      store = await factory.open();
      demo = await store.upsertProject(project());
      other = await store.upsertProject(project({ name: 'other' }));
    });
    afterEach(async () => {
      if (factory.dispose) await factory.dispose(store);
      else await store.close();
    });

    it('upserts entities by (project, type, name): the first id and createdAt stay', async () => {
      const first = await store.upsertEntity(entity(demo, 'file', 'src/a.ts', { properties: { lines: 1 } }));
      const again = await store.upsertEntity(
        entity(demo, 'file', 'src/a.ts', { properties: { lines: 2 }, createdAt: at(5), updatedAt: at(5) }),
      );
      expect(again).toEqual({ ...first, properties: { lines: 2 }, updatedAt: at(5) });
      const fn = await store.upsertEntity(entity(demo, 'function', 'src/a.ts'));
      const elsewhere = await store.upsertEntity(entity(other, 'file', 'src/a.ts'));
      expect(new Set([first.id, fn.id, elsewhere.id]).size).toBe(3);
      expect(await store.getEntity(first.id)).toEqual(again);
      expect(await store.findEntityByName(demo.id, 'file', 'src/a.ts')).toEqual(again);
      expect(await store.findEntityByName(demo.id, 'class', 'src/a.ts')).toBeNull();
      expect(await store.getEntity('nope')).toBeNull();
    });

    it('finds entities by exact name, prefix or substring, case-insensitively, by type and project', async () => {
      await store.upsertEntity(entity(demo, 'file', 'src/Parser.ts'));
      await store.upsertEntity(entity(demo, 'function', 'parseArgs'));
      await store.upsertEntity(entity(demo, 'concept', '100%_done'));
      await store.upsertEntity(entity(other, 'file', 'lib/parser.py'));
      const find = async (name: string, match: 'exact' | 'prefix' | 'substring', extra = {}) =>
        (await store.findEntities({ name, match, limit: 10, ...extra })).map((e) => e.name);
      expect(await find('parse', 'prefix')).toEqual(['parseArgs']);
      expect(await find('PARSER', 'substring')).toEqual(['lib/parser.py', 'src/Parser.ts']);
      expect(await find('parser', 'substring', { projectId: demo.id })).toEqual(['src/Parser.ts']);
      expect(await find('src/parser.ts', 'exact')).toEqual(['src/Parser.ts']);
      expect(await find('0%_', 'substring')).toEqual(['100%_done']);
      expect(await find('%', 'prefix')).toEqual([]);
      expect(
        (await store.findEntities({ projectId: demo.id, type: 'function', limit: 10 })).map((e) => e.name),
      ).toEqual(['parseArgs']);
      expect(await store.findEntities({ projectId: demo.id, limit: 2 })).toHaveLength(2);
    });

    it('upserts relations by (from, to, type), lists those among entities, and removes them', async () => {
      const { a, b, c } = await nodes('a', 'b', 'c');
      const uses = await link(a, b);
      const again = await store.upsertRelation(
        relation(a as Entity, b as Entity, 'uses', { weight: 3, updatedAt: at(2) }),
      );
      expect(again).toEqual({ ...uses, weight: 3, updatedAt: at(2) });
      await link(a, b, 'calls');
      await link(b, c);
      expect((await store.relationsAmong([a?.id ?? '', b?.id ?? ''])).map((r) => r.type)).toEqual([
        'uses',
        'calls',
      ]);
      expect(await store.relationsAmong([])).toEqual([]);
      expect(await store.deleteRelations(a?.id ?? '', b?.id ?? '', 'calls')).toBe(1);
      expect(await store.deleteRelations(b?.id ?? '', a?.id ?? '')).toBe(0);
      expect(await store.deleteRelations(a?.id ?? '', b?.id ?? '')).toBe(1);
      expect(await store.relationsAmong([a?.id ?? '', b?.id ?? '', c?.id ?? ''])).toHaveLength(1);
    });

    it('deletes an entity with every relation from or to it', async () => {
      const { a, b, c } = await nodes('a', 'b', 'c');
      await link(a, b);
      await link(c, b);
      await link(a, c);
      expect(await store.deleteEntity(b?.id ?? '')).toEqual({ relations: 2 });
      expect(await store.getEntity(b?.id ?? '')).toBeNull();
      expect(await store.relationsAmong([a?.id ?? '', c?.id ?? ''])).toHaveLength(1);
      expect(await store.deleteEntity(b?.id ?? '')).toBeNull();
    });

    it('walks neighbours up to the depth asked, nearest first, each once', async () => {
      const n = await nodes('a', 'b', 'c', 'd', 'e', 'f', 'g');
      for (const [from, to] of ['ab', 'bc', 'cd', 'de', 'ef', 'fg'])
        await link(n[from as string], n[to as string]);
      const walk = (depth: number, extra = {}) =>
        store.neighbours(n.a?.id ?? '', { depth, direction: 'out', limit: 100, ...extra });
      expect(names(await walk(1))).toEqual(['b@1']);
      expect(names(await walk(3))).toEqual(['b@1', 'c@2', 'd@3']);
      expect(names(await walk(5))).toEqual(['b@1', 'c@2', 'd@3', 'e@4', 'f@5']);
      expect(names(await walk(5, { limit: 2 }))).toEqual(['b@1', 'c@2']);
      expect(names(await walk(5, { direction: 'in' }))).toEqual([]);
      expect(names(await store.neighbours(n.d?.id ?? '', { depth: 2, direction: 'in', limit: 100 }))).toEqual(
        ['c@1', 'b@2'],
      );
      expect(
        names(await store.neighbours(n.d?.id ?? '', { depth: 1, direction: 'both', limit: 100 })),
      ).toEqual(['c@1', 'e@1']);
    });

    it('survives cycles and keeps the shortest distance', async () => {
      const n = await nodes('a', 'b', 'c', 'd');
      for (const [from, to] of ['ab', 'bc', 'ca', 'cd', 'aa']) await link(n[from as string], n[to as string]);
      await link(n.a, n.c, 'related_to');
      const reached = await store.neighbours(n.a?.id ?? '', { depth: 5, direction: 'both', limit: 100 });
      expect(names(reached)).toEqual(['b@1', 'c@1', 'd@2']);
      const usesOnly = await store.neighbours(n.a?.id ?? '', {
        depth: 5,
        direction: 'out',
        relationTypes: ['uses'],
        limit: 100,
      });
      expect(names(usesOnly)).toEqual(['b@1', 'c@2', 'd@3']);
    });

    it('finds a shortest path within the depth, in either direction, or none', async () => {
      const n = await nodes('a', 'b', 'c', 'd', 'e', 'x');
      for (const [from, to] of ['ab', 'bc', 'cd', 'ca', 'eb']) await link(n[from as string], n[to as string]);
      const id = (name: string) => n[name]?.id ?? '';
      expect(await store.shortestPath(id('a'), id('d'), 5, 'out')).toEqual([
        id('a'),
        id('b'),
        id('c'),
        id('d'),
      ]);
      expect(await store.shortestPath(id('a'), id('d'), 5, 'both')).toEqual([id('a'), id('c'), id('d')]);
      expect(await store.shortestPath(id('a'), id('d'), 1, 'both')).toBeNull();
      expect(await store.shortestPath(id('a'), id('x'), 5, 'both')).toBeNull();
      expect(await store.shortestPath(id('a'), id('a'), 5, 'both')).toEqual([id('a')]);
      expect(await store.shortestPath(id('e'), id('c'), 5, 'out')).toEqual([id('e'), id('b'), id('c')]);
      expect(await store.shortestPath(id('d'), id('a'), 5, 'out')).toBeNull();
    });

    it('touches entities in a batch: counters add up, the latest touch is kept, relations are added once', async () => {
      const touch = (name: string, by: number, minute: number, type: EntityType = 'file') => ({
        id: newId(),
        projectId: demo.id,
        type,
        name,
        counter: 'touched_in',
        by,
        at: at(minute),
      });
      const contains = {
        id: newId(),
        projectId: demo.id,
        from: { type: 'module' as const, name: 'src' },
        to: { type: 'file' as const, name: 'src/a.ts' },
        type: 'contains' as const,
      };
      await store.touchGraph({
        entities: [touch('src/a.ts', 2, 5), touch('src', 2, 5, 'module')],
        relations: [contains],
        now: at(10),
      });
      await store.touchGraph({
        entities: [touch('src/a.ts', 1, 3), touch('src', 1, 3, 'module')],
        relations: [{ ...contains, id: newId() }],
        now: at(11),
      });
      await store.touchGraph({ entities: [], relations: [], now: at(12) });
      const file = await store.findEntityByName(demo.id, 'file', 'src/a.ts');
      expect(file).toMatchObject({
        properties: { touched_in: 3, last_touched_at: at(5) },
        createdAt: at(10),
        updatedAt: at(11),
      });
      const folder = await store.findEntityByName(demo.id, 'module', 'src');
      expect(folder?.properties.touched_in).toBe(3);
      const relations = await store.relationsAmong([file?.id ?? '', folder?.id ?? '']);
      expect(relations).toEqual([
        expect.objectContaining({ fromId: folder?.id, toId: file?.id, type: 'contains' }),
      ]);
      // An entity made by hand keeps its properties when touched.
      await store.upsertEntity(entity(demo, 'file', 'src/b.ts', { properties: { owner: 'ana' } }));
      await store.touchGraph({ entities: [touch('src/b.ts', 1, 1)], relations: [], now: at(12) });
      expect((await store.findEntityByName(demo.id, 'file', 'src/b.ts'))?.properties).toEqual({
        owner: 'ana',
        touched_in: 1,
        last_touched_at: at(1),
      });
    });

    it('redacts secrets in entity names and properties before storing them', async () => {
      const stored = await store.upsertEntity(
        entity(demo, 'concept', `token ${SECRET}`, { properties: { note: `key=${SECRET}` } }),
      );
      expect(JSON.stringify(stored)).not.toContain(SECRET);
      expect(await store.findEntityByName(demo.id, 'concept', `token ${SECRET}`)).toEqual(stored);
    });
  });
}
