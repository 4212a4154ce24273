import { currentMember } from '../../core/teams/acting-member.js';
import type { AppDeps } from '../deps.js';

/**
 * The members whose sessions the dashboard's list may be narrowed to: every
 * member of every team, for the local owner in single-user mode; none for a
 * member, who sees only their own sessions anyway.
 */
export async function sessionMembers(deps: AppDeps): Promise<string[]> {
  if (currentMember() !== null) return [];
  const members = new Set<string>();
  for (const team of await deps.store.listTeams()) {
    for (const member of await deps.store.listTeamMembers(team.id)) members.add(member.member);
  }
  return [...members].sort();
}
