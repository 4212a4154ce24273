import { z } from 'zod';
import { MEMBER_PATTERN, TEAM_ROLES } from './team-types.js';

export const TEAM_ACTIONS = [
  'create',
  'add_member',
  'remove_member',
  'set_role',
  'list',
  'stats',
  'vote',
] as const;
export type TeamAction = (typeof TEAM_ACTIONS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const member = z.string().trim().regex(MEMBER_PATTERN, {
  message: 'must be 1–100 letters, digits, . _ @ or - (starting with a letter or digit)',
});

/** The `team` tool input; which fields each action needs is checked by the use case. */
export const teamInput = z.object({
  action: z.enum(TEAM_ACTIONS).describe('create, add_member, remove_member, set_role, list, stats, or vote'),
  team: text(100).optional().describe('team name or id'),
  member: member.optional().describe('add_member/remove_member/set_role: the person'),
  role: z
    .enum(TEAM_ROLES)
    .optional()
    .describe('add_member/set_role: owner, admin, member (default) or viewer'),
  memory_id: text(64).optional().describe('vote: the memory'),
  vote: z.enum(['up', 'down', 'none']).optional().describe('vote: up, down, or none (withdraw)'),
  top: z.number().int().min(1).max(50).optional().describe('stats: top-voted memories to show (default 5)'),
  days: z.number().int().min(1).max(3650).optional().describe('stats: activity window in days (default 30)'),
});
export type TeamInput = z.infer<typeof teamInput>;

/** A member name as the CLI and config accept it. */
export const memberName = member;
