import type { Team, TeamMember, TeamRole, TeamStats, Vote } from '../core/teams/team-types.js';
import type { ClaimCounts } from './rows/claim-ownerless.js';

/**
 * Teams, members, member tokens and votes: the part of the Store that
 * src/app/teams builds on. Visibility itself is enforced by the search and
 * memory queries (IndexFilters.visibleTo, MemoryFilter.visibleTo).
 */
export interface TeamsStore {
  /** Inserts a team; false when the name is taken. */
  insertTeam(team: Team): Promise<boolean>;
  /** By id or name. */
  getTeam(ref: string): Promise<Team | null>;
  /** Every team (with `member`: only theirs), by name. */
  listTeams(member?: string): Promise<Team[]>;
  /** Adds a member or changes their role. */
  upsertTeamMember(member: TeamMember): Promise<void>;
  /** Returns false when they were not a member. */
  removeTeamMember(teamId: string, member: string): Promise<boolean>;
  /** Members of a team, by name. */
  listTeamMembers(teamId: string): Promise<TeamMember[]>;
  /** The teams a member belongs to, with their role in each. */
  memberTeams(member: string): Promise<{ teamId: string; role: TeamRole }[]>;

  /** Records the member a session belongs to (first writer wins); its documents are then theirs. */
  setSessionOwner(sessionId: string, member: string): Promise<void>;
  /** Gives every ownerless session, memory, reminder and grant to `member` (see rows/claim-ownerless.ts). */
  claimOwnerless(member: string): Promise<ClaimCounts>;

  /** Stores a member token's SHA-256 (hex), replacing the member's previous token. */
  setMemberToken(member: string, tokenSha256: string, at: string): Promise<void>;
  /** The member whose token hashes to this, or null. */
  memberForToken(tokenSha256: string): Promise<string | null>;

  /** One vote per member and memory; null withdraws it. */
  setVote(memoryId: string, member: string, vote: Vote | null, at: string): Promise<void>;
  /** ups − downs of each memory that has votes. */
  voteScores(memoryIds: string[]): Promise<Map<string, number>>;
  teamStats(teamId: string, options: { top: number; since: string }): Promise<TeamStats | null>;
}
