import { describe, expect, it } from 'vitest';
import { syncTable } from '../sync-port.js';
import { namedKey, namedKeyParts, numbered } from './sync-named-rows.js';

describe('rows merged by name', () => {
  it('keys an entity by project, type and name, a relation by both ends and its type, a group by its name', () => {
    const entity = namedKey(syncTable('graph_entities'), {
      id: 'x',
      project_id: 'p1',
      type: 'file',
      name: 'a.ts',
    });
    expect(namedKeyParts(entity)).toEqual(['p1', 'file', 'a.ts']);
    const relation = namedKey(syncTable('graph_relations'), {
      from_project: 'p1',
      from_type: 'decision',
      from_name: 'use a',
      to_project: 'p1',
      to_type: 'file',
      to_name: 'a.ts',
      type: 'references',
    });
    // The same text the delete triggers build (parts joined by the character 31).
    expect(relation).toBe(['p1', 'decision', 'use a', 'p1', 'file', 'a.ts', 'references'].join('\u001f'));
    expect(namedKey(syncTable('project_groups'), { id: 'g', name: 'backend' })).toBe('backend');
  });

  it('numbers ? placeholders for PostgreSQL', () => {
    expect(numbered('SELECT id FROM t WHERE a = ? AND b = ?')).toBe(
      'SELECT id FROM t WHERE a = $1 AND b = $2',
    );
  });
});
