import type { TrustedOperation } from '../../core/permissions/permission-types.js';
import type { PermissionFilter } from '../permissions-port.js';
import { type GrantRow, keyOf, ownerKey, toGrant } from '../rows/permission-rows.js';
import type { PgContext } from './pg-context.js';

/** Trusted operations in PostgreSQL. */
export class PgPermissions {
  constructor(private readonly ctx: PgContext) {}

  async grant(grant: TrustedOperation): Promise<TrustedOperation> {
    return this.ctx.transaction(async (db) => {
      await db.query(
        `INSERT INTO trusted_operations (id, project_key, operation, created_at, owner_key)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (project_key, operation, owner_key) DO NOTHING`,
        [grant.id, keyOf(grant.projectId), grant.operation, grant.createdAt, ownerKey()],
      );
      const { rows } = await db.query<GrantRow>(
        'SELECT * FROM trusted_operations WHERE project_key = $1 AND operation = $2 AND owner_key = $3',
        [keyOf(grant.projectId), grant.operation, ownerKey()],
      );
      return toGrant(rows[0] as GrantRow);
    });
  }

  async revoke(operation: string, projectId: string | null): Promise<boolean> {
    const rows = await this.ctx.query(
      'DELETE FROM trusted_operations WHERE project_key = $1 AND operation = $2 AND owner_key = $3 RETURNING id',
      [keyOf(projectId), operation, ownerKey()],
    );
    return rows.length > 0;
  }

  async list(filter: PermissionFilter): Promise<TrustedOperation[]> {
    const keys = [keyOf(filter.projectId)];
    if (filter.includeGlobal && filter.projectId !== null) keys.push('');
    const rows = await this.ctx.query<GrantRow>(
      `SELECT * FROM trusted_operations WHERE project_key = ANY($1::text[]) AND owner_key = $2
       ORDER BY project_key = '' DESC, operation`,
      [keys, ownerKey()],
    );
    return rows.map(toGrant);
  }

  async reset(projectId: string | null): Promise<number> {
    const rows = await this.ctx.query(
      'DELETE FROM trusted_operations WHERE project_key = $1 AND owner_key = $2 RETURNING id',
      [keyOf(projectId), ownerKey()],
    );
    return rows.length;
  }
}
