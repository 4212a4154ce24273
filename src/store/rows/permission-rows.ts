import type { TrustedOperation } from '../../core/permissions/permission-types.js';

/** Rows of the permission tables as both backends read them, and their mapping to domain values. */
export interface GrantRow {
  id: string;
  project_key: string;
  operation: string;
  created_at: string;
}

/** Global grants are stored under the empty project key. */
export const keyOf = (projectId: string | null) => projectId ?? '';

export function toGrant(row: GrantRow): TrustedOperation {
  return {
    id: row.id,
    operation: row.operation,
    projectId: row.project_key === '' ? null : row.project_key,
    createdAt: row.created_at,
  };
}
