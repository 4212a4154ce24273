import type {
  Entity,
  EntityType,
  Relation,
  RelationType,
  TraversalDirection,
} from '../../core/graph/graph-types.js';
import type { JsonObject } from '../../core/types.js';

/** Rows of the graph tables as both backends read them, and their mapping to domain values. */
export interface EntityRow {
  id: string;
  project_id: string;
  type: EntityType;
  name: string;
  properties: string;
  created_at: string;
  updated_at: string;
}

export interface RelationRow {
  id: string;
  from_id: string;
  to_id: string;
  type: RelationType;
  properties: string;
  weight: number;
  created_at: string;
  updated_at: string;
}

export const toEntity = (row: EntityRow): Entity => ({
  id: row.id,
  projectId: row.project_id,
  type: row.type,
  name: row.name,
  properties: JSON.parse(row.properties) as JsonObject,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const toRelation = (row: RelationRow): Relation => ({
  id: row.id,
  fromId: row.from_id,
  toId: row.to_id,
  type: row.type,
  properties: JSON.parse(row.properties) as JsonObject,
  weight: row.weight,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The step of a walk: which relations leave the current entity `w.id`, and where they lead. */
export function step(direction: TraversalDirection): { join: string; next: string } {
  switch (direction) {
    case 'out':
      return { join: 'r.from_id = w.id', next: 'r.to_id' };
    case 'in':
      return { join: 'r.to_id = w.id', next: 'r.from_id' };
    case 'both':
      return {
        join: '(r.from_id = w.id OR r.to_id = w.id)',
        next: 'CASE WHEN r.from_id = w.id THEN r.to_id ELSE r.from_id END',
      };
  }
}
