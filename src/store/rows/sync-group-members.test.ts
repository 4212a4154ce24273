import { describe, expect, it } from 'vitest';
import { groupMembers, MEMBER_TOMBSTONES, memberJoins, memberKey } from './sync-group-members.js';
import { tombstoneTarget } from './sync-tombstone-target.js';

describe('project group members in sync', () => {
  it('reads members with their join times leniently: bad JSON or non-strings give what is usable', () => {
    expect(
      groupMembers({
        members: '["p1","p2"]',
        members_added: '["2026-01-01T00:00:00.000Z"]',
        updated_at: 'U',
      }),
    ).toEqual([
      { projectId: 'p1', addedAt: '2026-01-01T00:00:00.000Z' },
      // No join time of its own (a store before the departures were tracked): the group's time.
      { projectId: 'p2', addedAt: 'U' },
    ]);
    expect(groupMembers({ members: '["p1", 3, null]', updated_at: 'U' })).toEqual([
      { projectId: 'p1', addedAt: 'U' },
    ]);
    expect(groupMembers({ members: 'not json', updated_at: 'U' })).toEqual([]);
    expect(groupMembers({ members: null })).toEqual([]);
    expect(groupMembers({ members: '{"p1":true}' })).toEqual([]);
  });

  it('lets a member join unless it left the group here at or after the time it joined there', () => {
    const member = { projectId: 'p1', addedAt: '2026-03-02T00:00:00.000Z' };
    expect(memberJoins(member, undefined)).toBe(true);
    expect(memberJoins(member, '2026-03-01T00:00:00.000Z')).toBe(true);
    expect(memberJoins(member, '2026-03-02T00:00:00.000Z')).toBe(false);
    expect(memberJoins(member, '2026-03-03T00:00:00.000Z')).toBe(false);
  });

  it('keys a departure by group name and project id, the text the delete trigger builds', () => {
    expect(memberKey('backend', 'prj_1')).toBe('backend\u001fprj_1');
    const target = tombstoneTarget(MEMBER_TOMBSTONES, memberKey('backend', 'prj_1'));
    expect(target?.find.values).toEqual(['backend', 'prj_1']);
    expect(target?.remove({ group_id: 'grp_9', project_id: 'prj_1' })).toEqual([
      { sql: expect.stringContaining('DELETE FROM project_group_members'), values: ['grp_9', 'prj_1'] },
    ]);
    // Rows known by id are read by each backend itself; a named row by its name.
    expect(tombstoneTarget('memories', 'mem_1')).toBeNull();
    expect(tombstoneTarget('project_groups', 'backend')?.find.values).toEqual(['backend']);
    expect(() => tombstoneTarget('nope', 'x')).toThrow(/not a synced table: nope/);
  });
});
