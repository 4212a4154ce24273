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
import type { PgContext } from './pg-context.js';

const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Entities and relations of the knowledge graph in PostgreSQL. */
export class PgGraph {
  constructor(private readonly ctx: PgContext) {}

  async upsertEntity(entity: Entity): Promise<Entity> {
    const [row] = await this.ctx.query<EntityRow>(
      `INSERT INTO graph_entities (id, project_id, type, name, name_lower, properties, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (project_id, type, name) DO UPDATE SET properties = excluded.properties,
         updated_at = excluded.updated_at
       RETURNING *`,
      [
        entity.id,
        entity.projectId,
        entity.type,
        entity.name,
        entity.name.toLowerCase(),
        JSON.stringify(entity.properties),
        entity.createdAt,
        entity.updatedAt,
      ],
    );
    return toEntity(row as EntityRow);
  }

  async getEntity(id: string): Promise<Entity | null> {
    const [row] = await this.ctx.query<EntityRow>('SELECT * FROM graph_entities WHERE id = $1', [id]);
    return row ? toEntity(row) : null;
  }

  async findEntityByName(projectId: string, type: EntityType, name: string): Promise<Entity | null> {
    const [row] = await this.ctx.query<EntityRow>(
      'SELECT * FROM graph_entities WHERE project_id = $1 AND type = $2 AND name = $3',
      [projectId, type, name],
    );
    return row ? toEntity(row) : null;
  }

  async findEntities(filter: EntityFilter): Promise<Entity[]> {
    const where: string[] = [];
    const params: unknown[] = [filter.limit];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(`${clause} $${params.length}`);
    };
    if (filter.projectId !== undefined) add('project_id =', filter.projectId);
    if (filter.type !== undefined) add('type =', filter.type);
    if (filter.name !== undefined) {
      const lower = filter.name.toLowerCase();
      const match = filter.match ?? 'substring';
      if (match === 'exact') add('name_lower =', lower);
      else {
        params.push(`${match === 'substring' ? '%' : ''}${likeLiteral(lower)}%`);
        where.push(`name_lower LIKE $${params.length} ESCAPE '\\'`);
      }
    }
    const rows = await this.ctx.query<EntityRow>(
      `SELECT * FROM graph_entities ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY name_lower, type, seq LIMIT $1`,
      params,
    );
    return rows.map(toEntity);
  }

  async deleteEntity(id: string): Promise<{ relations: number } | null> {
    return this.ctx.transaction(async (db) => {
      const relations = await db.query('DELETE FROM graph_relations WHERE from_id = $1 OR to_id = $1', [id]);
      const deleted = await db.query('DELETE FROM graph_entities WHERE id = $1', [id]);
      return (deleted.rowCount ?? 0) > 0 ? { relations: relations.rowCount ?? 0 } : null;
    });
  }

  async upsertRelation(relation: Relation): Promise<Relation> {
    const [row] = await this.ctx.query<RelationRow>(
      `INSERT INTO graph_relations (id, from_id, to_id, type, properties, weight, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (from_id, to_id, type) DO UPDATE SET properties = excluded.properties,
         weight = excluded.weight, updated_at = excluded.updated_at
       RETURNING *`,
      [
        relation.id,
        relation.fromId,
        relation.toId,
        relation.type,
        JSON.stringify(relation.properties),
        relation.weight,
        relation.createdAt,
        relation.updatedAt,
      ],
    );
    return toRelation(row as RelationRow);
  }

  async deleteRelations(fromId: string, toId: string, type?: RelationType): Promise<number> {
    const rows = await this.ctx.query(
      `DELETE FROM graph_relations WHERE from_id = $1 AND to_id = $2 AND ($3::text IS NULL OR type = $3)
       RETURNING id`,
      [fromId, toId, type ?? null],
    );
    return rows.length;
  }

  async relationsAmong(ids: string[]): Promise<Relation[]> {
    if (ids.length === 0) return [];
    const rows = await this.ctx.query<RelationRow>(
      `SELECT * FROM graph_relations WHERE from_id = ANY($1::text[]) AND to_id = ANY($1::text[]) ORDER BY seq`,
      [ids],
    );
    return rows.map(toRelation);
  }

  async neighbours(startId: string, options: TraversalOptions): Promise<ReachedEntity[]> {
    const { join, next } = step(options.direction);
    const types = options.relationTypes ?? [];
    const params: unknown[] = [startId, options.depth, options.limit];
    let typeFilter = '';
    if (types.length > 0) {
      params.push(types);
      typeFilter = `AND r.type = ANY($4::text[])`;
    }
    // UNION keeps each (entity, depth) once: a cycle cannot grow the walk past entities × depth rows.
    const rows = await this.ctx.query<EntityRow & { distance: number }>(
      `WITH RECURSIVE walk(id, depth) AS (
         SELECT $1::text COLLATE "C", 0
         UNION
         SELECT ${next}, w.depth + 1 FROM walk w JOIN graph_relations r ON ${join}
         WHERE w.depth < $2 ${typeFilter}
       )
       SELECT e.*, MIN(w.depth) AS distance FROM walk w JOIN graph_entities e ON e.id = w.id
       WHERE w.id <> $1 GROUP BY e.seq ORDER BY distance, e.name_lower, e.type LIMIT $3`,
      params,
    );
    return rows.map((row) => ({ entity: toEntity(row), distance: row.distance }));
  }

  /**
   * Breadth first, one query per level (at most `maxDepth`), each entity
   * visited once: the first time `toId` is reached, the chain of parents is a
   * shortest path.
   */
  async shortestPath(
    fromId: string,
    toId: string,
    maxDepth: number,
    direction: TraversalDirection,
  ): Promise<string[] | null> {
    if (fromId === toId) return [fromId];
    const parent = new Map<string, string>([[fromId, '']]);
    let frontier = [fromId];
    const forward = direction !== 'in';
    const backward = direction !== 'out';
    for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
      const rows = await this.ctx.query<{ from_id: string; to_id: string }>(
        `SELECT from_id, to_id FROM graph_relations
         WHERE ($2 AND from_id = ANY($1::text[])) OR ($3 AND to_id = ANY($1::text[])) ORDER BY seq`,
        [frontier, forward, backward],
      );
      const inFrontier = new Set(frontier);
      const nextFrontier: string[] = [];
      const visit = (from: string, to: string) => {
        if (parent.has(to)) return;
        parent.set(to, from);
        nextFrontier.push(to);
      };
      for (const row of rows) {
        if (forward && inFrontier.has(row.from_id)) visit(row.from_id, row.to_id);
        if (backward && inFrontier.has(row.to_id)) visit(row.to_id, row.from_id);
      }
      if (parent.has(toId)) {
        const path = [toId];
        for (let at = parent.get(toId) ?? ''; at !== ''; at = parent.get(at) ?? '') path.unshift(at);
        return path;
      }
      frontier = nextFrontier;
    }
    return null;
  }

  async touchGraph(batch: GraphTouchBatch): Promise<void> {
    if (batch.entities.length === 0 && batch.relations.length === 0) return;
    await this.ctx.transaction(async (db) => {
      for (const touch of batch.entities) {
        await db.query(
          `INSERT INTO graph_entities AS g (id, project_id, type, name, name_lower, properties, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, jsonb_build_object($6::text, $7::numeric, 'last_touched_at', $8::text)::text,
             $9, $9)
           ON CONFLICT (project_id, type, name) DO UPDATE SET
             properties = (g.properties::jsonb || jsonb_build_object(
               $6::text, (CASE WHEN jsonb_typeof(g.properties::jsonb -> $6::text) = 'number'
                 THEN (g.properties::jsonb ->> $6::text)::numeric ELSE 0 END) + $7::numeric,
               'last_touched_at', GREATEST(COALESCE(g.properties::jsonb ->> 'last_touched_at', ''), $8::text)))::text,
             updated_at = $9`,
          [
            touch.id,
            touch.projectId,
            touch.type,
            touch.name,
            touch.name.toLowerCase(),
            touch.counter,
            touch.by,
            touch.at,
            batch.now,
          ],
        );
      }
      for (const touch of batch.relations) {
        await db.query(
          `INSERT INTO graph_relations (id, from_id, to_id, type, properties, weight, created_at, updated_at)
           SELECT $1, f.id, t.id, $3, '{}', 1, $8, $8 FROM graph_entities f, graph_entities t
           WHERE f.project_id = $2 AND f.type = $4 AND f.name = $5
             AND t.project_id = $2 AND t.type = $6 AND t.name = $7
           ON CONFLICT (from_id, to_id, type) DO NOTHING`,
          [
            touch.id,
            touch.projectId,
            touch.type,
            touch.from.type,
            touch.from.name,
            touch.to.type,
            touch.to.name,
            batch.now,
          ],
        );
      }
    });
  }
}
