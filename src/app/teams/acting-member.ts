import { scopedMember } from '../../core/teams/acting-member.js';
import type { AppDeps } from '../deps.js';

/**
 * The member a use case acts for: the member of the HTTP request's token (or
 * of the enclosing runAsMember), else the configured member; null in
 * single-user mode.
 */
export function actingMember(deps: AppDeps): string | null {
  const scoped = scopedMember();
  return scoped !== undefined ? scoped : (deps.config.member ?? null);
}
