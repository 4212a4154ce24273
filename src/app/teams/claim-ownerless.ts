import { UserError } from '../../core/errors.js';
import { currentMember } from '../../core/teams/acting-member.js';
import type { ClaimCounts } from '../../store/rows/claim-ownerless.js';
import type { AppDeps } from '../deps.js';

/**
 * `deja team claim`: the acting member takes the work recorded before the store
 * had members (sessions and what they hold, private memories, reminders and
 * grants without an owner), which members otherwise do not see. Needs a member.
 */
export async function claimOwnerless(deps: AppDeps): Promise<ClaimCounts & { member: string }> {
  const member = currentMember();
  if (member === null) {
    throw new UserError(
      'member',
      'is not set',
      'claiming needs the member who takes the work: set member in config.toml or DEJA_MEMBER',
    );
  }
  return { member, ...(await deps.store.claimOwnerless(member)) };
}

export const claimText = (claimed: ClaimCounts & { member: string }): string =>
  `${claimed.member} now owns ${claimed.sessions} sessions, ${claimed.memories} memories, ` +
  `${claimed.reminders} reminders and ${claimed.grants} trusted operations that had no owner. ` +
  'A running deja server sees the change after a restart.';
