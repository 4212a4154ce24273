import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../../core/errors.js';
import { MANAGING_ROLES } from '../../core/teams/team-types.js';
import type { AppDeps } from '../deps.js';
import { actingMember } from './acting-member.js';

/** SHA-256 (hex) of a member token: all the store keeps. */
export function hashMemberToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * `deja team token <member>`: a new random token for the HTTP face (shown
 * once; only its SHA-256 is stored), replacing the member's previous one.
 */
export async function issueMemberToken(
  deps: AppDeps,
  member: string,
): Promise<{ member: string; token: string }> {
  await checkIssuer(deps, member);
  const token = `dm_${randomBytes(32).toString('base64url')}`;
  await deps.store.setMemberToken(member, hashMemberToken(token), deps.clock.now().toISOString());
  return { member, token };
}

/** The member a presented bearer token belongs to, or null. */
export async function memberForToken(deps: Pick<AppDeps, 'store'>, token: string): Promise<string | null> {
  if (token.length < 16 || token.length > 200) return null;
  return deps.store.memberForToken(hashMemberToken(token));
}

/**
 * Who may issue a token: the local owner (single-user mode), the member
 * themselves, or an owner or admin of a team the member belongs to.
 */
async function checkIssuer(deps: AppDeps, member: string): Promise<void> {
  const acting = actingMember(deps);
  if (acting === null || acting === member) return;
  const managed = new Set(
    (await deps.store.memberTeams(acting))
      .filter((e) => MANAGING_ROLES.includes(e.role))
      .map((e) => e.teamId),
  );
  const theirs = await deps.store.memberTeams(member);
  if (!theirs.some((entry) => managed.has(entry.teamId))) {
    throw new UserError(
      'member',
      `${acting} may not issue a token for ${member}`,
      'only for yourself, or as owner or admin of their team',
    );
  }
}
