import type { TrustedOperation } from '../../core/permissions/permission-types.js';
import { currentMember } from '../../core/teams/acting-member.js';

/** Rows of the permission tables as both backends read them, and their mapping to domain values. */
export interface GrantRow {
  id: string;
  project_key: string;
  operation: string;
  created_at: string;
}

/** Global grants are stored under the empty project key. */
export const keyOf = (projectId: string | null) => projectId ?? '';

/**
 * Teams: grants belong to whoever made them — the acting member, or '' in
 * single-user mode — and only their owner's grants are read, revoked or trusted
 * (migration 019), so one member's trust never runs a command for another.
 */
export const ownerKey = (): string => currentMember() ?? '';

export function toGrant(row: GrantRow): TrustedOperation {
  return {
    id: row.id,
    operation: row.operation,
    projectId: row.project_key === '' ? null : row.project_key,
    createdAt: row.created_at,
  };
}
