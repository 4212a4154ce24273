/** Roles of a team member, strongest first. */
export const TEAM_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Roles that may add, remove and re-role members. */
export const MANAGING_ROLES: readonly TeamRole[] = ['owner', 'admin'];
/** Roles that may share memories with the team and vote on them (viewers only read). */
export const WRITING_ROLES: readonly TeamRole[] = ['owner', 'admin', 'member'];

export interface Team {
  id: string;
  name: string;
  createdAt: string;
}

export interface TeamMember {
  teamId: string;
  member: string;
  role: TeamRole;
  addedAt: string;
}

/**
 * Who a memory is visible to. Both null: written without a member (single-user
 * mode), visible only in single-user mode. `ownerMember` alone: the author's
 * private memory. `teamId`: every member of that team (and its author).
 */
export interface MemoryVisibility {
  ownerMember?: string | null;
  teamId?: string | null;
}

export type Vote = 1 | -1;

export interface TeamStats {
  team: Team;
  members: (TeamMember & { memories: number; votesCast: number; lastActivity: string | null })[];
  memories: number;
  votes: { up: number; down: number };
  topVoted: {
    id: string;
    title: string | null;
    content: string;
    owner: string | null;
    score: number;
    ups: number;
    downs: number;
  }[];
  /** Team memories written per day (UTC), newest first, over the window. */
  activity: { day: string; memories: number }[];
}

/** A member name: letters, digits, `.`, `_`, `-` and `@` (a person id, login or address). */
export const MEMBER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;
