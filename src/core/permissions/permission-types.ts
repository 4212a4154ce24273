/** A granted trusted operation; `projectId` null means every project (global scope). */
export interface TrustedOperation {
  id: string;
  /** A normalised operation pattern, e.g. `command:npm *`. */
  operation: string;
  projectId: string | null;
  createdAt: string;
}

export const PERMISSION_SCOPES = ['project', 'global'] as const;
export type PermissionScope = (typeof PERMISSION_SCOPES)[number];
