import { NotFoundError, UserError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { TeamInput } from '../../core/teams/team-schemas.js';
import {
  MANAGING_ROLES,
  type Team,
  type TeamMember,
  type TeamRole,
  type TeamStats,
  WRITING_ROLES,
} from '../../core/teams/team-types.js';
import type { AppDeps } from '../deps.js';
import { actingMember } from './acting-member.js';

export interface TeamsResult {
  action: TeamInput['action'];
  team: Team | null;
  /** list: the teams (in team mode: the member's, with their role). */
  teams: (Team & { role: TeamRole | null })[];
  members: TeamMember[];
  stats: TeamStats | null;
  vote: { memory_id: string; vote: 'up' | 'down' | 'none'; score: number } | null;
  /** The member the action ran as (null: single-user mode, the store's local owner). */
  acting_as: string | null;
  count: number;
}

function required<T>(value: T | undefined, field: string, action: string, hint?: string): T {
  if (value === undefined) throw new UserError(field, `is required for ${action}`, hint);
  return value;
}

async function findTeam(deps: AppDeps, ref: string): Promise<Team> {
  const team = await deps.store.getTeam(ref);
  if (!team) throw new NotFoundError('team', `team ${JSON.stringify(ref)}`, 'list teams with action list');
  return team;
}

async function roleIn(deps: AppDeps, member: string, teamId: string): Promise<TeamRole | null> {
  return (await deps.store.memberTeams(member)).find((entry) => entry.teamId === teamId)?.role ?? null;
}

/**
 * Management rule: in single-user mode the process is the store's local owner
 * and may manage every team; a member must be an owner or admin of the team.
 * Only owners grant, change or remove the owner role, and a team keeps at
 * least one owner.
 */
async function checkManager(
  deps: AppDeps,
  acting: string | null,
  team: Team,
  target: { member: string; from: TeamRole | null; to: TeamRole | null },
): Promise<void> {
  if (acting !== null) {
    const role = await roleIn(deps, acting, team.id);
    const leaving = target.member === acting && target.to === null;
    if (!leaving && (role === null || !MANAGING_ROLES.includes(role))) {
      throw new UserError(
        'team',
        `${acting} may not manage members of ${team.name}`,
        'only its owners and admins may',
      );
    }
    if (!leaving && role !== 'owner' && (target.from === 'owner' || target.to === 'owner')) {
      throw new UserError('role', 'only an owner may grant, change or remove the owner role');
    }
  }
  if (target.from === 'owner' && target.to !== 'owner') {
    const owners = (await deps.store.listTeamMembers(team.id)).filter((m) => m.role === 'owner');
    if (owners.length <= 1) {
      throw new UserError(
        'member',
        `${target.member} is the last owner of ${team.name}`,
        'make someone else owner first',
      );
    }
  }
}

/** `team` tool and `deja team`: create, add_member, remove_member, set_role, list, stats, vote. */
export async function manageTeams(deps: AppDeps, input: TeamInput): Promise<TeamsResult> {
  const { action } = input;
  const acting = actingMember(deps);
  const at = deps.clock.now().toISOString();
  const base = (over: Partial<TeamsResult>): TeamsResult => ({
    action,
    team: null,
    teams: [],
    members: [],
    stats: null,
    vote: null,
    acting_as: acting,
    count: 0,
    ...over,
  });

  switch (action) {
    case 'create': {
      const name = required(input.team, 'team', 'create', 'name the team');
      const owner = acting ?? input.member;
      const team: Team = { id: newId(deps.clock.now()), name, createdAt: at };
      if (!(await deps.store.insertTeam(team))) {
        throw new UserError('team', `a team named ${JSON.stringify(name)} exists already`);
      }
      if (owner !== undefined)
        await deps.store.upsertTeamMember({ teamId: team.id, member: owner, role: 'owner', addedAt: at });
      const members = await deps.store.listTeamMembers(team.id);
      return base({ team, members, count: members.length });
    }
    case 'add_member':
    case 'set_role': {
      const team = await findTeam(deps, required(input.team, 'team', action));
      const member = required(input.member, 'member', action);
      const from = (await deps.store.listTeamMembers(team.id)).find((m) => m.member === member)?.role ?? null;
      if (action === 'set_role' && from === null) {
        throw new NotFoundError('member', `${member} in ${team.name}`, 'add them with add_member');
      }
      const role = action === 'set_role' ? required(input.role, 'role', action) : (input.role ?? 'member');
      await checkManager(deps, acting, team, { member, from, to: role });
      await deps.store.upsertTeamMember({ teamId: team.id, member, role, addedAt: at });
      const members = await deps.store.listTeamMembers(team.id);
      return base({ team, members, count: 1 });
    }
    case 'remove_member': {
      const team = await findTeam(deps, required(input.team, 'team', action));
      const member = required(input.member, 'member', action);
      const from = (await deps.store.listTeamMembers(team.id)).find((m) => m.member === member)?.role ?? null;
      if (from === null) throw new NotFoundError('member', `${member} in ${team.name}`);
      await checkManager(deps, acting, team, { member, from, to: null });
      const removed = await deps.store.removeTeamMember(team.id, member);
      return base({ team, members: await deps.store.listTeamMembers(team.id), count: removed ? 1 : 0 });
    }
    case 'list': {
      if (input.team !== undefined) {
        const team = await findTeam(deps, input.team);
        await checkReader(deps, acting, team);
        const members = await deps.store.listTeamMembers(team.id);
        return base({ team, members, count: members.length });
      }
      const roles = new Map(
        acting === null ? [] : (await deps.store.memberTeams(acting)).map((e) => [e.teamId, e.role] as const),
      );
      const teams = (await deps.store.listTeams(acting ?? undefined)).map((team) => ({
        ...team,
        role: roles.get(team.id) ?? null,
      }));
      return base({ teams, count: teams.length });
    }
    case 'stats': {
      const team = await findTeam(deps, required(input.team, 'team', action));
      await checkReader(deps, acting, team);
      const since = new Date(deps.clock.now().getTime() - (input.days ?? 30) * 86_400_000).toISOString();
      const stats = await deps.store.teamStats(team.id, { top: input.top ?? 5, since });
      return base({ team, stats, members: stats?.members ?? [], count: stats?.memories ?? 0 });
    }
    case 'vote': {
      const memoryId = required(input.memory_id, 'memory_id', action);
      const vote = required(input.vote, 'vote', action, 'up, down or none');
      if (acting === null) {
        throw new UserError(
          'member',
          'is required to vote',
          'votes are per member: set `member` in the config or DEJA_MEMBER',
        );
      }
      // The store answers only memories this member may see.
      const memory = await deps.store.getMemory(memoryId, acting);
      if (!memory) throw new NotFoundError('memory_id', `memory ${memoryId}`);
      const teamId = (memory as { teamId?: string }).teamId;
      if (teamId) {
        const role = await roleIn(deps, acting, teamId);
        const own = (memory as { ownerMember?: string }).ownerMember === acting;
        if (!own && (role === null || !WRITING_ROLES.includes(role))) {
          throw new UserError('vote', 'viewers may not vote', 'ask an owner or admin for the member role');
        }
      }
      await deps.store.setVote(memoryId, acting, vote === 'none' ? null : vote === 'up' ? 1 : -1, at);
      const score = (await deps.store.voteScores([memoryId])).get(memoryId) ?? 0;
      return base({ vote: { memory_id: memoryId, vote, score }, count: 1 });
    }
  }
}

/** Members and statistics of a team are for its members (and the local owner in single-user mode). */
async function checkReader(deps: AppDeps, acting: string | null, team: Team): Promise<void> {
  if (acting !== null && (await roleIn(deps, acting, team.id)) === null) {
    throw new UserError('team', `${acting} is not a member of ${team.name}`);
  }
}

/** The plain-text rendering of a team result. */
export function teamsText(result: TeamsResult): string {
  const who = (m: TeamMember) => `${m.member} (${m.role})`;
  switch (result.action) {
    case 'create':
      return `Created team ${result.team?.name} (${result.team?.id})${result.members.length ? `; owner ${result.members.map((m) => m.member).join(', ')}` : ''}.`;
    case 'add_member':
    case 'set_role':
    case 'remove_member':
      return `${result.team?.name}: ${result.members.map(who).join(', ') || 'no members'}.`;
    case 'list':
      if (result.team) return `${result.team.name}: ${result.members.map(who).join(', ') || 'no members'}.`;
      return result.teams.length
        ? result.teams.map((t) => `${t.name} (${t.id})${t.role ? ` — ${t.role}` : ''}`).join('\n')
        : 'No teams.';
    case 'stats': {
      const s = result.stats;
      if (!s) return 'No statistics.';
      const lines = [
        `${s.team.name}: ${s.members.length} members, ${s.memories} memories, votes ${s.votes.up} up / ${s.votes.down} down`,
        ...s.members.map(
          (m) =>
            `  ${m.member} (${m.role}): ${m.memories} memories, ${m.votesCast} votes, last ${m.lastActivity ?? '-'}`,
        ),
      ];
      if (s.topVoted.length) {
        lines.push('Top voted:');
        for (const m of s.topVoted)
          lines.push(`  ${m.score >= 0 ? '+' : ''}${m.score} ${m.title ?? m.content.slice(0, 80)} (${m.id})`);
      }
      if (s.activity.length)
        lines.push(`Activity: ${s.activity.map((a) => `${a.day} ${a.memories}`).join(', ')}`);
      return lines.join('\n');
    }
    case 'vote':
      return `Voted ${result.vote?.vote} on ${result.vote?.memory_id}; score ${result.vote?.score}.`;
  }
}
