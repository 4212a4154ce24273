import type { TrustedOperation } from '../core/permissions/permission-types.js';

/** Which grants a read covers: one project's, the global ones, or both. */
export interface PermissionFilter {
  /** A project id: its grants (plus global ones when `includeGlobal`); null: global grants only. */
  projectId: string | null;
  includeGlobal?: boolean;
}

/** Trusted operations: the part of the Store that src/app/permissions builds on. */
export interface PermissionStore {
  /** Grants an operation; an existing identical grant is kept and returned. */
  grantPermission(grant: TrustedOperation): Promise<TrustedOperation>;
  /** Removes one grant; false when there was none. */
  revokePermission(operation: string, projectId: string | null): Promise<boolean>;
  listPermissions(filter: PermissionFilter): Promise<TrustedOperation[]>;
  /** Removes every grant of a scope (a project's, or the global ones); returns how many. */
  resetPermissions(projectId: string | null): Promise<number>;
}
