import type {
  ActivityDay,
  ErrorSample,
  InsightText,
  ProjectDependency,
  ProjectDependencyType,
  ProjectGroup,
} from '../../core/projects/project-types.js';
import type { InsightWindow, NewProjectGroup } from '../projects-port.js';
import { type DependencyRow, toDependency } from '../rows/project-rows.js';
import { readableMemory, readableSession, sessionReader } from '../rows/session-visibility.js';
import type { PgContext, Queryable } from './pg-context.js';

interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
  members: string[] | null;
}

const GROUP_SELECT = `SELECT g.id, g.name, g.description, g.created_at, g.updated_at,
  ARRAY(SELECT m.project_id FROM project_group_members m WHERE m.group_id = g.id ORDER BY m.added_at, m.seq)
    AS members
  FROM project_groups g`;

const toGroup = (row: GroupRow): ProjectGroup => ({
  id: row.id,
  name: row.name,
  description: row.description,
  projectIds: row.members ?? [],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

async function groupById(db: Queryable, id: string): Promise<ProjectGroup> {
  const { rows } = await db.query<GroupRow>(`${GROUP_SELECT} WHERE g.id = $1`, [id]);
  return toGroup(rows[0] as GroupRow);
}

/** Project groups, dependencies and insight reads in PostgreSQL. */
export class PgProjects {
  constructor(private readonly ctx: PgContext) {}

  async addToProjectGroup(group: NewProjectGroup, projectIds: string[]): Promise<ProjectGroup> {
    return this.ctx.transaction(async (db) => {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO project_groups AS g (id, name, description, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (name) DO UPDATE SET description = COALESCE(excluded.description, g.description),
           updated_at = excluded.updated_at
         RETURNING id`,
        [group.id, group.name, group.description, group.at],
      );
      const id = (rows[0] as { id: string }).id;
      for (const projectId of projectIds) {
        await db.query(
          `INSERT INTO project_group_members (group_id, project_id, added_at) VALUES ($1, $2, $3)
           ON CONFLICT (group_id, project_id) DO NOTHING`,
          [id, projectId, group.at],
        );
      }
      return groupById(db, id);
    });
  }

  async removeFromProjectGroup(
    name: string,
    projectIds: string[] | null,
  ): Promise<{ removed: number } | null> {
    return this.ctx.transaction(async (db) => {
      const { rows } = await db.query<{ id: string }>(
        'SELECT id FROM project_groups WHERE name = $1 FOR UPDATE',
        [name],
      );
      const id = rows[0]?.id;
      if (id === undefined) return null;
      if (projectIds === null) {
        // The members go by the cascade: the group's tombstone covers them (no departures of their own).
        const [count] = (
          await db.query<{ n: number }>(
            'SELECT COUNT(*)::int AS n FROM project_group_members WHERE group_id = $1',
            [id],
          )
        ).rows;
        await db.query('DELETE FROM project_groups WHERE id = $1', [id]);
        return { removed: count?.n ?? 0 };
      }
      const removed = await db.query(
        'DELETE FROM project_group_members WHERE group_id = $1 AND project_id = ANY($2::text[])',
        [id, projectIds],
      );
      return { removed: removed.rowCount ?? 0 };
    });
  }

  async getProjectGroup(name: string): Promise<ProjectGroup | null> {
    const [row] = await this.ctx.query<GroupRow>(`${GROUP_SELECT} WHERE g.name = $1`, [name]);
    return row ? toGroup(row) : null;
  }

  async listProjectGroups(projectId?: string): Promise<ProjectGroup[]> {
    const rows =
      projectId === undefined
        ? await this.ctx.query<GroupRow>(`${GROUP_SELECT} ORDER BY g.name`)
        : await this.ctx.query<GroupRow>(
            `${GROUP_SELECT} WHERE g.id IN (SELECT group_id FROM project_group_members WHERE project_id = $1)
             ORDER BY g.name`,
            [projectId],
          );
    return rows.map(toGroup);
  }

  async addProjectDependency(dependency: ProjectDependency): Promise<ProjectDependency> {
    return this.ctx.transaction(async (db) => {
      await db.query(
        `INSERT INTO project_dependencies (id, from_id, to_id, type, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (from_id, to_id, type) DO NOTHING`,
        [dependency.id, dependency.fromId, dependency.toId, dependency.type, dependency.createdAt],
      );
      const { rows } = await db.query<DependencyRow>(
        'SELECT * FROM project_dependencies WHERE from_id = $1 AND to_id = $2 AND type = $3',
        [dependency.fromId, dependency.toId, dependency.type],
      );
      return toDependency(rows[0] as DependencyRow);
    });
  }

  async removeProjectDependencies(
    fromId: string,
    toId: string,
    type?: ProjectDependencyType,
  ): Promise<number> {
    const rows = await this.ctx.query(
      `DELETE FROM project_dependencies WHERE from_id = $1 AND to_id = $2 AND ($3::text IS NULL OR type = $3)
       RETURNING id`,
      [fromId, toId, type ?? null],
    );
    return rows.length;
  }

  async listProjectDependencies(projectId?: string): Promise<ProjectDependency[]> {
    const rows =
      projectId === undefined
        ? await this.ctx.query<DependencyRow>('SELECT * FROM project_dependencies ORDER BY seq')
        : await this.ctx.query<DependencyRow>(
            'SELECT * FROM project_dependencies WHERE from_id = $1 OR to_id = $1 ORDER BY seq',
            [projectId],
          );
    return rows.map(toDependency);
  }

  async dependencyDistances(
    projectId: string,
    maxDepth: number,
    direction: 'out' | 'in' | 'both',
  ): Promise<{ projectId: string; distance: number }[]> {
    const step =
      direction === 'out'
        ? { join: 'd.from_id = w.id', next: 'd.to_id' }
        : direction === 'in'
          ? { join: 'd.to_id = w.id', next: 'd.from_id' }
          : {
              join: '(d.from_id = w.id OR d.to_id = w.id)',
              next: 'CASE WHEN d.from_id = w.id THEN d.to_id ELSE d.from_id END',
            };
    // UNION keeps each (project, distance) once, so a cycle ends at the depth bound.
    return this.ctx.query<{ projectId: string; distance: number }>(
      `WITH RECURSIVE walk(id, distance) AS (
         SELECT $1::text COLLATE "C", 0
         UNION
         SELECT ${step.next}, w.distance + 1 FROM walk w JOIN project_dependencies d ON ${step.join}
         WHERE w.distance < $2
       )
       SELECT id AS "projectId", MIN(distance) AS distance FROM walk WHERE id <> $1
       GROUP BY id ORDER BY distance, id`,
      [projectId, maxDepth],
    );
  }

  async projectActivity(projectId: string, since?: string): Promise<ActivityDay[]> {
    return this.ctx.query<ActivityDay>(
      `SELECT day, COUNT(*) FILTER (WHERE source = 'event')::int AS events,
         COUNT(*) FILTER (WHERE source = 'message')::int AS messages,
         COUNT(*) FILTER (WHERE source = 'memory')::int AS memories FROM (
           SELECT 'event' AS source, substr(created_at, 1, 10) AS day FROM events
             WHERE project_id = $1 AND created_at >= $2 AND ${readableSession('session_id', '$3::text')}
           UNION ALL
           SELECT 'message', substr(created_at, 1, 10) FROM messages
             WHERE project_id = $1 AND created_at >= $2 AND ${readableSession('session_id', '$3::text')}
           UNION ALL
           SELECT 'memory', substr(created_at, 1, 10) FROM memories
             WHERE project_id = $1 AND created_at >= $2 AND ${readableMemory('$3::text')}
         ) t GROUP BY day ORDER BY day`,
      [projectId, since ?? '', sessionReader()],
    );
  }

  async projectTexts(projectId: string, window: InsightWindow): Promise<InsightText[]> {
    return this.ctx.query<InsightText>(
      `SELECT source, kind, text, created_at AS "createdAt" FROM (
         SELECT 'memory' AS source, kind, COALESCE(title || E'\\n', '') || content AS text, created_at, seq
           FROM memories WHERE project_id = $1 AND created_at >= $2 AND ${readableMemory('$4::text')}
         UNION ALL
         SELECT 'event', category, text, created_at, seq FROM events
           WHERE project_id = $1 AND category IN ('decision', 'finding') AND created_at >= $2
             AND ${readableSession('session_id', '$4::text')}
       ) t ORDER BY created_at DESC, seq DESC LIMIT $3`,
      [projectId, window.since ?? '', window.limit, sessionReader()],
    );
  }

  async projectErrors(projectId: string, window: InsightWindow): Promise<ErrorSample[]> {
    return this.ctx.query<ErrorSample>(
      `SELECT source, session_id AS "sessionId", text, created_at AS "createdAt" FROM (
         SELECT 'message' AS source, session_id, content AS text, created_at, seq FROM messages
           WHERE project_id = $1 AND created_at >= $2 AND (meta::jsonb -> 'is_error') IN ('true', '1')
             AND ${readableSession('session_id', '$4::text')}
         UNION ALL
         SELECT 'event', session_id, text, created_at, seq FROM events
           WHERE project_id = $1 AND created_at >= $2
             AND (lower(type) LIKE '%error%' OR (data::jsonb -> 'is_error') IN ('true', '1')
               OR COALESCE(jsonb_typeof(data::jsonb -> 'error'), 'null') <> 'null')
             AND ${readableSession('session_id', '$4::text')}
       ) t ORDER BY created_at DESC, seq DESC LIMIT $3`,
      [projectId, window.since ?? '', window.limit, sessionReader()],
    );
  }
}
