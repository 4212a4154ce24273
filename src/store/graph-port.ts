import type {
  Entity,
  EntityTouch,
  EntityType,
  ReachedEntity,
  Relation,
  RelationTouch,
  RelationType,
  TraversalDirection,
} from '../core/graph/graph-types.js';

export interface GraphTouchBatch {
  entities: EntityTouch[];
  relations: RelationTouch[];
  now: string;
}

export interface EntityFilter {
  projectId?: string;
  type?: EntityType;
  /** Matched case-insensitively: exact, as a prefix, or anywhere in the name. */
  name?: string;
  match?: 'exact' | 'prefix' | 'substring';
  limit: number;
}

export interface TraversalOptions {
  /** 1–5 edges from the start. */
  depth: number;
  /** Follow relations from → to (`out`), to → from (`in`), or both. */
  direction: TraversalDirection;
  /** Only follow these relation types (all when absent or empty). */
  relationTypes?: RelationType[];
  /** At most this many entities, nearest first (the start excluded). */
  limit: number;
}

/** The knowledge graph: entities and relations, with bounded traversals. */
export interface GraphStore {
  /**
   * Inserts an entity, or updates the one with the same (projectId, type, name):
   * that row keeps its id and createdAt and takes `properties` and `updatedAt`.
   */
  upsertEntity(entity: Entity): Promise<Entity>;
  getEntity(id: string): Promise<Entity | null>;
  findEntityByName(projectId: string, type: EntityType, name: string): Promise<Entity | null>;
  /** Ordered by name, then type. */
  findEntities(filter: EntityFilter): Promise<Entity[]>;
  /** Deletes an entity and every relation from or to it; null when there was none. */
  deleteEntity(id: string): Promise<{ relations: number } | null>;

  /**
   * Inserts a relation, or updates the one with the same (fromId, toId, type):
   * that row keeps its id and createdAt and takes properties, weight and updatedAt.
   * Both entities must exist (the use case checks).
   */
  upsertRelation(relation: Relation): Promise<Relation>;
  /** Removes the relations from → to (of `type` only, when given); returns how many. */
  deleteRelations(fromId: string, toId: string, type?: RelationType): Promise<number>;
  /** Relations whose both ends are among `ids`. */
  relationsAmong(ids: string[]): Promise<Relation[]>;

  /**
   * Entities reachable from `startId` within `depth` edges, each with its
   * shortest distance, nearest first then by name; cycles are walked once.
   */
  neighbours(startId: string, options: TraversalOptions): Promise<ReachedEntity[]>;
  /**
   * A shortest chain of entity ids from → to (both included) following relations
   * in either direction (or only forward with direction `out`), at most `maxDepth`
   * edges; null when there is none.
   */
  shortestPath(
    fromId: string,
    toId: string,
    maxDepth: number,
    direction: TraversalDirection,
  ): Promise<string[] | null>;

  /**
   * Automatic extraction, in one transaction: adds each touch's `by` to its
   * entity's numeric `counter` property (creating the entity with the counter
   * at `by`), keeps the latest `last_touched_at`, then adds the relations
   * between entities named in the batch that do not exist yet. Rows created or
   * changed get `now` as their updatedAt (and createdAt when new).
   */
  touchGraph(batch: GraphTouchBatch): Promise<void>;
}
