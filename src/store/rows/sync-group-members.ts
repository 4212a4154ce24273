import { tombstoneWins } from '../../core/sync/last-writer-wins.js';
import type { SyncRow } from '../sync-port.js';
import { type BoundSql, joinKey, namedKeyParts } from './sync-named-rows.js';

/**
 * A project group's members as they sync (both backends). A group travels with
 * its members (`members`, a JSON array of project ids, sorted) and the time
 * each joined (`members_added`, a JSON array in the same order); a project
 * leaving a group leaves a tombstone in the table `project_group_members`,
 * keyed by the group's name and the project's id (migration 016's trigger
 * builds the same text). A member joins on import unless this store holds a
 * newer departure of it; a departure removes a member that joined before it.
 */
export const MEMBER_TOMBSTONES = 'project_group_members';

export interface GroupMember {
  projectId: string;
  /** When it joined the group on the store it came from. */
  addedAt: string;
}

/** The key of a member's departure in `sync_tombstones`. */
export const memberKey = (groupName: string, projectId: string): string => joinKey([groupName, projectId]);

function jsonArray(value: unknown): unknown[] {
  try {
    const parsed = JSON.parse(String(value ?? '[]')) as unknown;
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * A group's members as they travel, read leniently: what is not a project id is
 * left out; a member without its own join time (a store before migration 016
 * sent none) takes the group's `updated_at`.
 */
export function groupMembers(row: SyncRow): GroupMember[] {
  const added = jsonArray(row.members_added);
  const members: GroupMember[] = [];
  jsonArray(row.members).forEach((projectId, index) => {
    if (typeof projectId !== 'string') return;
    const at = added[index];
    members.push({ projectId, addedAt: typeof at === 'string' ? at : String(row.updated_at ?? '') });
  });
  return members;
}

/** True when a member may join: no departure of it here, or one older than its join. */
export const memberJoins = (member: GroupMember, departedAt: string | undefined): boolean =>
  departedAt === undefined || !tombstoneWins(departedAt, { updated_at: member.addedAt });

/** Adds a member to the target's group `groupId` (`?` = group id, project id, join time). */
export const JOIN_MEMBER = `INSERT INTO project_group_members (group_id, project_id, added_at) VALUES (?, ?, ?)
  ON CONFLICT (group_id, project_id) DO NOTHING`;

/** The statement finding a departed member here (its join time as `updated_at`), and the one removing it. */
export function memberDeparture(key: string): { find: BoundSql; remove: (found: SyncRow) => BoundSql[] } {
  const [groupName, projectId] = namedKeyParts(key);
  return {
    find: {
      sql: `SELECT m.group_id, m.project_id, m.added_at AS updated_at FROM project_group_members m
        JOIN project_groups g ON g.id = m.group_id WHERE g.name = ? AND m.project_id = ?`,
      values: [groupName, projectId],
    },
    remove: (found) => [
      {
        sql: 'DELETE FROM project_group_members WHERE group_id = ? AND project_id = ?',
        values: [found.group_id, found.project_id],
      },
    ],
  };
}
