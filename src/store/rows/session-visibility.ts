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

/**
 * A tracking row (interaction, issue, code metrics, context snapshot, quality run)
 * the member in `placeholder` may read: one of their sessions', or one recorded
 * outside any session (a fact about the project, such as a quality run from the CLI).
 */
export const sessionlessOrOwned = (column: string, placeholder: string): string =>
  `(${column} IS NULL OR ${inOwnedSession(column, placeholder)})`;

/**
 * For statements that always bind the reader (null in single-user mode): the
 * row's session is the reader's, or there is no reader.
 */
export const readableSession = (column: string, placeholder: string): string =>
  `(${placeholder} IS NULL OR ${inOwnedSession(column, placeholder)})`;

/** A memory the member in `placeholder` may see: they wrote it, or it is shared with one of their teams (alias-free). */
export const memoryVisibleTo = (placeholder: string): string =>
  `(owner_member = ${placeholder} OR team_id IN (SELECT team_id FROM team_members WHERE member = ${placeholder}))`;

/** For statements that always bind the reader: a memory it may see, or no reader. */
export const readableMemory = (placeholder: string): string =>
  `(${placeholder} IS NULL OR ${memoryVisibleTo(placeholder)})`;

/** For statements that always bind the reader: a row the reader owns (`owner_member`), or no reader. */
export const readableOwn = (placeholder: string): string =>
  `(${placeholder} IS NULL OR owner_member = ${placeholder})`;
