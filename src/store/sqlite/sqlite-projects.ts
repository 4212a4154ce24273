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
import type { SqliteContext } from './sqlite-context.js';

interface GroupRow {
  id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
  members: string | null;
}

const GROUP_SELECT = `SELECT g.*, (SELECT json_group_array(project_id) FROM (
    SELECT m.project_id FROM project_group_members m WHERE m.group_id = g.id ORDER BY m.added_at, m.seq)) AS members
  FROM project_groups g`;

const toGroup = (row: GroupRow): ProjectGroup => ({
  id: row.id,
  name: row.name,
  description: row.description,
  projectIds: row.members ? (JSON.parse(row.members) as string[]) : [],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Project groups, dependencies and insight reads in SQLite. */
export class SqliteProjects {
  constructor(private readonly ctx: SqliteContext) {}

  addToProjectGroup(group: NewProjectGroup, projectIds: string[]): ProjectGroup {
    return this.ctx.write(() => {
      this.ctx
        .stmt(
          `INSERT INTO project_groups (id, name, description, created_at, updated_at)
           VALUES (@id, @name, @description, @at, @at)
           ON CONFLICT(name) DO UPDATE SET description = COALESCE(excluded.description, project_groups.description),
             updated_at = excluded.updated_at`,
        )
        .run(group);
      const { id } = this.ctx.stmt('SELECT id FROM project_groups WHERE name = ?').get(group.name) as {
        id: string;
      };
      const add = this.ctx.stmt(
        `INSERT INTO project_group_members (group_id, project_id, added_at) VALUES (?, ?, ?)
         ON CONFLICT(group_id, project_id) DO NOTHING`,
      );
      for (const projectId of projectIds) add.run(id, projectId, group.at);
      return toGroup(this.ctx.stmt(`${GROUP_SELECT} WHERE g.id = ?`).get(id) as GroupRow);
    });
  }

  removeFromProjectGroup(name: string, projectIds: string[] | null): { removed: number } | null {
    return this.ctx.write(() => {
      const row = this.ctx.stmt('SELECT id FROM project_groups WHERE name = ?').get(name) as
        | { id: string }
        | undefined;
      if (!row) return null;
      if (projectIds === null) {
        // The members go by the cascade: the group's tombstone covers them (no departures of their own).
        const { n } = this.ctx
          .stmt('SELECT COUNT(*) AS n FROM project_group_members WHERE group_id = ?')
          .get(row.id) as { n: number };
        this.ctx.stmt('DELETE FROM project_groups WHERE id = ?').run(row.id);
        return { removed: n };
      }
      const remove = this.ctx.stmt('DELETE FROM project_group_members WHERE group_id = ? AND project_id = ?');
      let removed = 0;
      for (const projectId of projectIds) removed += remove.run(row.id, projectId).changes;
      return { removed };
    });
  }

  getProjectGroup(name: string): ProjectGroup | null {
    const row = this.ctx.read(() => this.ctx.stmt(`${GROUP_SELECT} WHERE g.name = ?`).get(name)) as
      | GroupRow
      | undefined;
    return row ? toGroup(row) : null;
  }

  listProjectGroups(projectId?: string): ProjectGroup[] {
    const sql =
      projectId === undefined
        ? `${GROUP_SELECT} ORDER BY g.name`
        : `${GROUP_SELECT} WHERE g.id IN (SELECT group_id FROM project_group_members WHERE project_id = @projectId)
           ORDER BY g.name`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all({ projectId })) as GroupRow[];
    return rows.map(toGroup);
  }

  addProjectDependency(dependency: ProjectDependency): ProjectDependency {
    return this.ctx.write(() => {
      this.ctx
        .stmt(
          `INSERT INTO project_dependencies (id, from_id, to_id, type, created_at)
           VALUES (@id, @fromId, @toId, @type, @createdAt) ON CONFLICT(from_id, to_id, type) DO NOTHING`,
        )
        .run(dependency);
      return toDependency(
        this.ctx
          .stmt('SELECT * FROM project_dependencies WHERE from_id = ? AND to_id = ? AND type = ?')
          .get(dependency.fromId, dependency.toId, dependency.type) as DependencyRow,
      );
    });
  }

  removeProjectDependencies(fromId: string, toId: string, type?: ProjectDependencyType): number {
    return this.ctx.write(
      () =>
        this.ctx
          .stmt(
            `DELETE FROM project_dependencies WHERE from_id = @fromId AND to_id = @toId
             AND (@type IS NULL OR type = @type)`,
          )
          .run({ fromId, toId, type: type ?? null }).changes,
    );
  }

  listProjectDependencies(projectId?: string): ProjectDependency[] {
    const sql =
      projectId === undefined
        ? 'SELECT * FROM project_dependencies ORDER BY seq'
        : 'SELECT * FROM project_dependencies WHERE from_id = @projectId OR to_id = @projectId ORDER BY seq';
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all({ projectId })) as DependencyRow[];
    return rows.map(toDependency);
  }

  dependencyDistances(
    projectId: string,
    maxDepth: number,
    direction: 'out' | 'in' | 'both',
  ): { projectId: string; distance: number }[] {
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
    const sql = `WITH RECURSIVE walk(id, distance) AS (
        SELECT @start, 0
        UNION
        SELECT ${step.next}, w.distance + 1 FROM walk w JOIN project_dependencies d ON ${step.join}
        WHERE w.distance < @maxDepth
      )
      SELECT id AS projectId, MIN(distance) AS distance FROM walk WHERE id <> @start
      GROUP BY id ORDER BY distance, id`;
    return this.ctx.read(() => this.ctx.stmt(sql).all({ start: projectId, maxDepth })) as {
      projectId: string;
      distance: number;
    }[];
  }

  projectActivity(projectId: string, since?: string): ActivityDay[] {
    const sql = `SELECT day, SUM(source = 'event') AS events, SUM(source = 'message') AS messages,
        SUM(source = 'memory') AS memories FROM (
          SELECT 'event' AS source, substr(created_at, 1, 10) AS day FROM events
            WHERE project_id = @projectId AND created_at >= @since AND ${readableSession('session_id', '@reader')}
          UNION ALL
          SELECT 'message', substr(created_at, 1, 10) FROM messages
            WHERE project_id = @projectId AND created_at >= @since AND ${readableSession('session_id', '@reader')}
          UNION ALL
          SELECT 'memory', substr(created_at, 1, 10) FROM memories
            WHERE project_id = @projectId AND created_at >= @since AND ${readableMemory('@reader')}
        ) GROUP BY day ORDER BY day`;
    return this.ctx.read(() =>
      this.ctx.stmt(sql).all({ projectId, since: since ?? '', reader: sessionReader() }),
    ) as ActivityDay[];
  }

  projectTexts(projectId: string, window: InsightWindow): InsightText[] {
    const sql = `SELECT source, kind, text, created_at AS createdAt FROM (
        SELECT 'memory' AS source, kind, COALESCE(title || '\n', '') || content AS text, created_at, seq
          FROM memories WHERE project_id = @projectId AND created_at >= @since AND ${readableMemory('@reader')}
        UNION ALL
        SELECT 'event', category, text, created_at, seq FROM events
          WHERE project_id = @projectId AND category IN ('decision', 'finding') AND created_at >= @since
            AND ${readableSession('session_id', '@reader')}
      ) ORDER BY created_at DESC, seq DESC LIMIT @limit`;
    return this.ctx.read(() =>
      this.ctx
        .stmt(sql)
        .all({ projectId, since: window.since ?? '', limit: window.limit, reader: sessionReader() }),
    ) as InsightText[];
  }

  projectErrors(projectId: string, window: InsightWindow): ErrorSample[] {
    const sql = `SELECT source, session_id AS sessionId, text, created_at AS createdAt FROM (
        SELECT 'message' AS source, session_id, content AS text, created_at, seq FROM messages
          WHERE project_id = @projectId AND created_at >= @since AND json_extract(meta, '$.is_error') = 1
            AND ${readableSession('session_id', '@reader')}
        UNION ALL
        SELECT 'event', session_id, text, created_at, seq FROM events
          WHERE project_id = @projectId AND created_at >= @since
            AND (lower(type) LIKE '%error%' OR json_extract(data, '$.is_error') = 1
              OR COALESCE(json_type(data, '$.error'), 'null') <> 'null')
            AND ${readableSession('session_id', '@reader')}
      ) ORDER BY created_at DESC, seq DESC LIMIT @limit`;
    return this.ctx.read(() =>
      this.ctx
        .stmt(sql)
        .all({ projectId, since: window.since ?? '', limit: window.limit, reader: sessionReader() }),
    ) as ErrorSample[];
  }
}
