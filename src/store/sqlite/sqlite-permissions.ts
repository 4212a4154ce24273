import type { TrustedOperation } from '../../core/permissions/permission-types.js';
import type { PermissionFilter } from '../permissions-port.js';
import { type GrantRow, keyOf, ownerKey, toGrant } from '../rows/permission-rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** Trusted operations in SQLite. */
export class SqlitePermissions {
  constructor(private readonly ctx: SqliteContext) {}

  grant(grant: TrustedOperation): TrustedOperation {
    return this.ctx.write(() => {
      this.ctx
        .stmt(
          `INSERT INTO trusted_operations (id, project_key, operation, created_at, owner_key)
           VALUES (@id, @projectKey, @operation, @createdAt, @owner)
           ON CONFLICT(project_key, operation, owner_key) DO NOTHING`,
        )
        .run({ ...grant, projectKey: keyOf(grant.projectId), owner: ownerKey() });
      const row = this.ctx
        .stmt('SELECT * FROM trusted_operations WHERE project_key = ? AND operation = ? AND owner_key = ?')
        .get(keyOf(grant.projectId), grant.operation, ownerKey()) as GrantRow;
      return toGrant(row);
    });
  }

  revoke(operation: string, projectId: string | null): boolean {
    return this.ctx.write(
      () =>
        this.ctx
          .stmt('DELETE FROM trusted_operations WHERE project_key = ? AND operation = ? AND owner_key = ?')
          .run(keyOf(projectId), operation, ownerKey()).changes > 0,
    );
  }

  list(filter: PermissionFilter): TrustedOperation[] {
    const keys = [keyOf(filter.projectId)];
    if (filter.includeGlobal && filter.projectId !== null) keys.push('');
    const rows = this.ctx.read(() =>
      this.ctx
        .stmt(
          `SELECT * FROM trusted_operations WHERE project_key IN (@first, @second) AND owner_key = @owner
           ORDER BY project_key = '' DESC, operation`,
        )
        .all({ first: keys[0], second: keys[1] ?? keys[0], owner: ownerKey() }),
    ) as GrantRow[];
    return rows.map(toGrant);
  }

  reset(projectId: string | null): number {
    return this.ctx.write(
      () =>
        this.ctx
          .stmt('DELETE FROM trusted_operations WHERE project_key = ? AND owner_key = ?')
          .run(keyOf(projectId), ownerKey()).changes,
    );
  }
}
