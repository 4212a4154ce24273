import { NotFoundError, UserError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { contentHash } from '../../core/memory/content-hash.js';
import { type MemoryStoreInput, memoryStoreInput } from '../../core/search-schemas.js';
import { type MemoryVisibility, WRITING_ROLES } from '../../core/teams/team-types.js';
import type { Memory, MemorySource } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { actingMember } from '../teams/acting-member.js';
import { projectForMemory } from './memory-project.js';

export interface StoreMemoryContext {
  cwd: string;
  /** The caller's current session, linked to the memory when the input names none. */
  sessionId?: string | null;
  source: MemorySource;
}

/** `memory_store`: remembers a text once per project (same normalised text → same id). */
export async function storeMemory(
  deps: AppDeps,
  rawInput: MemoryStoreInput,
  context: StoreMemoryContext,
): Promise<{ memory: Memory & MemoryVisibility; deduplicated: boolean }> {
  const input = memoryStoreInput.parse(rawInput);
  const content = input.content.trim();
  if (content.length === 0) throw new UserError('content', 'must not be empty', 'pass the text to remember');
  if (input.kind === 'learning' && input.title === undefined) {
    throw new UserError('title', 'is required for kind "learning"', 'give the learning a short title');
  }
  const team = input.team?.trim();
  if (team !== undefined && (team.length === 0 || team.length > 100)) {
    throw new UserError('team', 'must be a team name or id of 1 to 100 characters');
  }
  const visibility = await memoryVisibility(deps, team);
  const project = await projectForMemory(deps, input.project, context.cwd);
  const now = deps.clock.now();
  const stamp = now.toISOString();
  return deps.store.insertMemory({
    id: newId(now),
    projectId: project.id,
    sessionId: input.session_id ?? context.sessionId ?? null,
    kind: input.kind,
    content,
    contentHash: contentHash(content),
    title: input.title ?? null,
    category: input.category ?? null,
    tags: [...new Set(input.tags ?? [])],
    confidence: input.confidence ?? null,
    source: context.source,
    createdAt: stamp,
    updatedAt: stamp,
    ...visibility,
  } satisfies Memory & MemoryVisibility);
}

/**
 * Teams: a memory written while acting as a member is theirs (private), or,
 * with `team`, shared with a team they may write to (owner, admin, member;
 * not viewer). Single-user mode: no owner, no team, as before.
 */
async function memoryVisibility(deps: AppDeps, team: string | undefined): Promise<MemoryVisibility> {
  const member = actingMember(deps);
  if (team === undefined) return member === null ? {} : { ownerMember: member };
  if (member === null) {
    throw new UserError(
      'team',
      'needs a member',
      'single-user mode has no teams: set `member` in the config or DEJA_MEMBER',
    );
  }
  const found = await deps.store.getTeam(team);
  if (!found)
    throw new NotFoundError('team', `team ${JSON.stringify(team)}`, 'list teams with the team tool');
  const role = (await deps.store.memberTeams(member)).find((entry) => entry.teamId === found.id)?.role;
  if (!role || !WRITING_ROLES.includes(role)) {
    throw new UserError(
      'team',
      `${member} may not share with team ${found.name}`,
      role ? 'viewers only read' : 'ask an owner or admin to add you',
    );
  }
  return { ownerMember: member, teamId: found.id };
}
