import { UserError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { normaliseOperation, operationMatches } from '../../core/permissions/operation.js';
import type { PermissionsInput } from '../../core/permissions/permission-schemas.js';
import type { PermissionScope, TrustedOperation } from '../../core/permissions/permission-types.js';
import type { AppDeps } from '../deps.js';
import { ensureProject, findProjectByRef } from '../sessions/ensure-project.js';

/**
 * Trusted operations: what the user allowed deja (or a tool built on it) to
 * run without asking again. See docs/permissions.md.
 */

export interface PermissionContext {
  cwd: string;
}

export interface PermissionsResult {
  action: PermissionsInput['action'];
  scope: PermissionScope | 'all';
  /** The project the action applied to; null for global. */
  projectId: string | null;
  /** grant: the grant; list: every grant in scope; revoke/reset: what was removed. */
  grants: TrustedOperation[];
  /** revoke: 1 or 0; reset: how many were removed; grant/list: how many are listed. */
  count: number;
}

/**
 * Answers "may this run without asking?": true when a grant of the project
 * (or a global one) covers `operation`. Operations are `kind:subject`
 * strings: `command:npm test`, `git:commit`, `tool:quality_run`. Grants may
 * use `*` and `?` globs (`command:npm *`). With `projectId` null only global
 * grants count. A malformed operation is never trusted.
 *
 * @example
 *   if (await isTrusted(deps, `command:${commandLine}`, { projectId: project.id })) run();
 */
export async function isTrusted(
  deps: AppDeps,
  operation: string,
  options: { projectId: string | null },
): Promise<boolean> {
  return (await trustingGrant(deps, operation, options)) !== null;
}

/** The grant that makes `operation` trusted (the project's before global ones), or null. */
export async function trustingGrant(
  deps: AppDeps,
  operation: string,
  options: { projectId: string | null },
): Promise<TrustedOperation | null> {
  const grants = await deps.store.listPermissions({ projectId: options.projectId, includeGlobal: true });
  const ordered = [...grants].sort((a, b) => Number(a.projectId === null) - Number(b.projectId === null));
  return ordered.find((grant) => operationMatches(grant.operation, operation)) ?? null;
}

async function scopeProject(
  deps: AppDeps,
  input: PermissionsInput,
  ctx: PermissionContext,
): Promise<string | null> {
  if (input.scope === 'global') {
    if (input.project !== undefined) {
      throw new UserError('project', 'cannot be combined with scope "global"', 'leave out one of them');
    }
    return null;
  }
  if (input.project !== undefined) return (await findProjectByRef(deps, input.project, 'project')).id;
  return (await ensureProject(deps, ctx.cwd, 'project')).project.id;
}

function operationOf(input: PermissionsInput): string {
  if (input.operation === undefined) {
    throw new UserError(
      'operation',
      `is required for ${input.action}`,
      'e.g. "command:npm test" or "git:commit"',
    );
  }
  try {
    return normaliseOperation(input.operation);
  } catch (error) {
    if (error instanceof RangeError) throw new UserError('operation', error.message);
    throw error;
  }
}

/** grant, revoke, list or reset trusted operations (reset needs `confirm: true`). */
export async function managePermissions(
  deps: AppDeps,
  input: PermissionsInput,
  ctx: PermissionContext,
): Promise<PermissionsResult> {
  const { action } = input;
  if (action === 'reset' && input.confirm !== true) {
    throw new UserError('confirm', 'must be true to reset', 'reset removes every grant of the scope');
  }
  if (action === 'list' && input.operation !== undefined) {
    throw new UserError('operation', 'is not used by list');
  }
  const operation = action === 'grant' || action === 'revoke' ? operationOf(input) : null;
  const projectId = await scopeProject(deps, input, ctx);
  const scope: PermissionScope = projectId === null ? 'global' : 'project';
  switch (action) {
    case 'grant': {
      const grant = await deps.store.grantPermission({
        id: newId(deps.clock.now()),
        operation: operation as string,
        projectId,
        createdAt: deps.clock.now().toISOString(),
      });
      deps.logger.info({ operation: grant.operation, scope }, 'operation trusted');
      return { action, scope, projectId, grants: [grant], count: 1 };
    }
    case 'revoke': {
      const existing = (await deps.store.listPermissions({ projectId })).filter(
        (grant) => grant.operation === operation,
      );
      const removed = await deps.store.revokePermission(operation as string, projectId);
      return { action, scope, projectId, grants: removed ? existing : [], count: removed ? 1 : 0 };
    }
    case 'list': {
      const all = input.scope === undefined;
      const grants = await deps.store.listPermissions({ projectId, includeGlobal: all });
      return {
        action,
        scope: all && projectId !== null ? 'all' : scope,
        projectId,
        grants,
        count: grants.length,
      };
    }
    case 'reset': {
      const grants = await deps.store.listPermissions({ projectId });
      const count = await deps.store.resetPermissions(projectId);
      deps.logger.info({ scope, count }, 'trusted operations reset');
      return { action, scope, projectId, grants, count };
    }
  }
}

export function toGrantView(grant: TrustedOperation) {
  return {
    id: grant.id,
    operation: grant.operation,
    scope: grant.projectId === null ? ('global' as const) : ('project' as const),
    project: grant.projectId,
    created_at: grant.createdAt,
  };
}

/** A short text for a permissions result. */
export function permissionsText(result: PermissionsResult): string {
  const where = result.projectId === null ? 'globally' : `in project ${result.projectId}`;
  const lines = (grants: TrustedOperation[]) =>
    grants.map((grant) => `- ${grant.operation}${grant.projectId === null ? ' (global)' : ''}`);
  switch (result.action) {
    case 'grant':
      return `Trusted ${result.grants[0]?.operation} ${where}.`;
    case 'revoke':
      return result.count === 0
        ? `Nothing to revoke ${where}.`
        : `Revoked ${result.grants[0]?.operation} ${where}.`;
    case 'list':
      return result.grants.length === 0
        ? 'No trusted operations.'
        : [`${result.grants.length} trusted operation(s):`, ...lines(result.grants)].join('\n');
    case 'reset':
      return `Removed ${result.count} trusted operation(s) ${where}.`;
  }
}
