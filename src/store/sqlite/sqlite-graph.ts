import type {
  Entity,
  EntityType,
  ReachedEntity,
  Relation,
  RelationType,
  TraversalDirection,
} from '../../core/graph/graph-types.js';
import type { EntityFilter, GraphTouchBatch, TraversalOptions } from '../graph-port.js';
import { type EntityRow, type RelationRow, step, toEntity, toRelation } from '../rows/graph-rows.js';
import type { SqliteContext } from './sqlite-context.js';

/** Rows a path search may generate before it gives up (guards dense graphs). */
const PATH_ROW_BUDGET = 50_000;

/** LIKE pattern of a literal text (`\` escapes). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Entities and relations of the knowledge graph in SQLite; traversals are recursive CTEs. */
export class SqliteGraph {
  constructor(private readonly ctx: SqliteContext) {}

  upsertEntity(entity: Entity): Entity {
    return this.ctx.write(() => {
      this.ctx
        .stmt(
          `INSERT INTO graph_entities (id, project_id, type, name, name_lower, properties, created_at, updated_at)
           VALUES (@id, @projectId, @type, @name, @nameLower, @properties, @createdAt, @updatedAt)
           ON CONFLICT(project_id, type, name) DO UPDATE SET properties = excluded.properties,
             updated_at = excluded.updated_at`,
        )
        .run({
          ...entity,
          nameLower: entity.name.toLowerCase(),
          properties: JSON.stringify(entity.properties),
        });
      return toEntity(
        this.ctx
          .stmt('SELECT * FROM graph_entities WHERE project_id = ? AND type = ? AND name = ?')
          .get(entity.projectId, entity.type, entity.name) as EntityRow,
      );
    });
  }

  getEntity(id: string): Entity | null {
    const row = this.ctx.read(() => this.ctx.stmt('SELECT * FROM graph_entities WHERE id = ?').get(id)) as
      | EntityRow
      | undefined;
    return row ? toEntity(row) : null;
  }

  findEntityByName(projectId: string, type: EntityType, name: string): Entity | null {
    const row = this.ctx.read(() =>
      this.ctx
        .stmt('SELECT * FROM graph_entities WHERE project_id = ? AND type = ? AND name = ?')
        .get(projectId, type, name),
    ) as EntityRow | undefined;
    return row ? toEntity(row) : null;
  }

  findEntities(filter: EntityFilter): Entity[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: filter.limit };
    if (filter.projectId !== undefined) {
      where.push('project_id = @projectId');
      params.projectId = filter.projectId;
    }
    if (filter.type !== undefined) {
      where.push('type = @type');
      params.type = filter.type;
    }
    if (filter.name !== undefined) {
      const lower = filter.name.toLowerCase();
      const match = filter.match ?? 'substring';
      if (match === 'exact') {
        where.push('name_lower = @name');
        params.name = lower;
      } else {
        where.push(`name_lower LIKE @name ESCAPE '\\'`);
        params.name = `${match === 'substring' ? '%' : ''}${likeLiteral(lower)}%`;
      }
    }
    const sql = `SELECT * FROM graph_entities ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY name_lower, type, seq LIMIT @limit`;
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all(params)) as EntityRow[];
    return rows.map(toEntity);
  }

  deleteEntity(id: string): { relations: number } | null {
    return this.ctx.write(() => {
      const { n } = this.ctx
        .stmt('SELECT COUNT(*) AS n FROM graph_relations WHERE from_id = @id OR to_id = @id')
        .get({ id }) as { n: number };
      this.ctx.stmt('DELETE FROM graph_relations WHERE from_id = @id OR to_id = @id').run({ id });
      const deleted = this.ctx.stmt('DELETE FROM graph_entities WHERE id = ?').run(id).changes;
      return deleted > 0 ? { relations: n } : null;
    });
  }

  upsertRelation(relation: Relation): Relation {
    return this.ctx.write(() => {
      this.ctx
        .stmt(
          `INSERT INTO graph_relations (id, from_id, to_id, type, properties, weight, created_at, updated_at)
           VALUES (@id, @fromId, @toId, @type, @properties, @weight, @createdAt, @updatedAt)
           ON CONFLICT(from_id, to_id, type) DO UPDATE SET properties = excluded.properties,
             weight = excluded.weight, updated_at = excluded.updated_at`,
        )
        .run({ ...relation, properties: JSON.stringify(relation.properties) });
      return toRelation(
        this.ctx
          .stmt('SELECT * FROM graph_relations WHERE from_id = ? AND to_id = ? AND type = ?')
          .get(relation.fromId, relation.toId, relation.type) as RelationRow,
      );
    });
  }

  deleteRelations(fromId: string, toId: string, type?: RelationType): number {
    return this.ctx.write(
      () =>
        this.ctx
          .stmt(
            `DELETE FROM graph_relations WHERE from_id = @fromId AND to_id = @toId
             AND (@type IS NULL OR type = @type)`,
          )
          .run({ fromId, toId, type: type ?? null }).changes,
    );
  }

  relationsAmong(ids: string[]): Relation[] {
    if (ids.length === 0) return [];
    const rows = this.ctx.read(() =>
      this.ctx
        .stmt(
          `SELECT * FROM graph_relations
           WHERE from_id IN (SELECT value FROM json_each(@ids)) AND to_id IN (SELECT value FROM json_each(@ids))
           ORDER BY seq`,
        )
        .all({ ids: JSON.stringify(ids) }),
    ) as RelationRow[];
    return rows.map(toRelation);
  }

  neighbours(startId: string, options: TraversalOptions): ReachedEntity[] {
    const { join, next } = step(options.direction);
    const types = options.relationTypes ?? [];
    const typeFilter = types.length ? `AND r.type IN (${types.map((_, i) => `@t${i}`).join(', ')})` : '';
    // UNION (not UNION ALL) keeps each (entity, depth) once: a cycle cannot grow the walk
    // past entities × depth rows, and the depth bound ends it.
    const sql = `WITH RECURSIVE walk(id, depth) AS (
        SELECT @start, 0
        UNION
        SELECT ${next}, w.depth + 1 FROM walk w JOIN graph_relations r ON ${join}
        WHERE w.depth < @depth ${typeFilter}
      )
      SELECT e.*, MIN(w.depth) AS distance FROM walk w JOIN graph_entities e ON e.id = w.id
      WHERE w.id <> @start GROUP BY e.seq ORDER BY distance, e.name_lower, e.type LIMIT @limit`;
    const params: Record<string, unknown> = { start: startId, depth: options.depth, limit: options.limit };
    types.forEach((type, i) => {
      params[`t${i}`] = type;
    });
    const rows = this.ctx.read(() => this.ctx.stmt(sql).all(params)) as (EntityRow & { distance: number })[];
    return rows.map((row) => ({ entity: toEntity(row), distance: row.distance }));
  }

  shortestPath(
    fromId: string,
    toId: string,
    maxDepth: number,
    direction: TraversalDirection,
  ): string[] | null {
    if (fromId === toId) return [fromId];
    const { join, next } = step(direction);
    // Breadth first (the queue is ordered by depth); a trail never revisits an entity.
    const sql = `WITH RECURSIVE walk(id, depth, trail) AS (
        SELECT @from, 0, ',' || @from || ','
        UNION ALL
        SELECT ${next}, w.depth + 1, w.trail || ${next} || ','
        FROM walk w JOIN graph_relations r ON ${join}
        WHERE w.depth < @maxDepth AND w.id <> @to AND w.trail NOT LIKE '%,' || ${next} || ',%'
        ORDER BY 2 LIMIT ${PATH_ROW_BUDGET}
      )
      SELECT trail FROM walk WHERE id = @to ORDER BY depth LIMIT 1`;
    const row = this.ctx.read(() => this.ctx.stmt(sql).get({ from: fromId, to: toId, maxDepth })) as
      | { trail: string }
      | undefined;
    return row ? row.trail.split(',').filter((id) => id.length > 0) : null;
  }

  touchGraph(batch: GraphTouchBatch): void {
    if (batch.entities.length === 0 && batch.relations.length === 0) return;
    this.ctx.write(() => {
      const entity = this.ctx.stmt(
        `INSERT INTO graph_entities (id, project_id, type, name, name_lower, properties, created_at, updated_at)
         VALUES (@id, @projectId, @type, @name, @nameLower, json_object(@counter, @by, 'last_touched_at', @at),
           @now, @now)
         ON CONFLICT(project_id, type, name) DO UPDATE SET
           properties = json_set(graph_entities.properties,
             '$.' || @counter, COALESCE(json_extract(graph_entities.properties, '$.' || @counter), 0) + @by,
             '$.last_touched_at',
             MAX(COALESCE(json_extract(graph_entities.properties, '$.last_touched_at'), ''), @at)),
           updated_at = @now`,
      );
      for (const touch of batch.entities) {
        entity.run({ ...touch, nameLower: touch.name.toLowerCase(), now: batch.now });
      }
      const relation = this.ctx.stmt(
        `INSERT INTO graph_relations (id, from_id, to_id, type, properties, weight, created_at, updated_at)
         SELECT @id, f.id, t.id, @type, '{}', 1, @now, @now FROM graph_entities f, graph_entities t
         WHERE f.project_id = @projectId AND f.type = @fromType AND f.name = @fromName
           AND t.project_id = @projectId AND t.type = @toType AND t.name = @toName
         ON CONFLICT(from_id, to_id, type) DO NOTHING`,
      );
      for (const touch of batch.relations) {
        relation.run({
          id: touch.id,
          projectId: touch.projectId,
          type: touch.type,
          fromType: touch.from.type,
          fromName: touch.from.name,
          toType: touch.to.type,
          toName: touch.to.name,
          now: batch.now,
        });
      }
    });
  }
}
