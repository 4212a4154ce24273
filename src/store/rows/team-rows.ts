import type { Team, TeamMember, TeamRole } from '../../core/teams/team-types.js';

/** Rows of the team tables as both backends read them, and their mapping to domain values. */
export interface TeamRow {
  id: string;
  name: string;
  created_at: string;
}

export interface MemberRow {
  team_id: string;
  member: string;
  role: TeamRole;
  added_at: string;
}

export const toTeam = (row: TeamRow): Team => ({ id: row.id, name: row.name, createdAt: row.created_at });

export const toMember = (row: MemberRow): TeamMember => ({
  teamId: row.team_id,
  member: row.member,
  role: row.role,
  addedAt: row.added_at,
});
