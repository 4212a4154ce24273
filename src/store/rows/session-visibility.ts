import { currentMember } from '../../core/teams/acting-member.js';

/**
 * Teams: a session, and the events, messages, checkpoints and hand-off it
 * holds, are visible to the member who owns it only (docs/teams.md). Both
 * backends add these conditions when the work acts as a member; in
 * single-user mode (no member) nothing is restricted.
 */

/** The member session reads are restricted to, or null (single-user mode). */
export const sessionReader = (): string | null => currentMember();

/** A session row (table alias `s`, or none) owned by the member in `placeholder`. */
export const ownedSession = (placeholder: string, alias = ''): string =>
  `${alias}owner_member = ${placeholder}`;

/** A row whose session column (`column`) names a session owned by the member in `placeholder`. */
export const inOwnedSession = (column: string, placeholder: string): string =>
  `${column} IN (SELECT id FROM sessions WHERE owner_member = ${placeholder})`;
