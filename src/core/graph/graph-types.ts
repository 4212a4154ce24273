import type { JsonObject } from '../types.js';

/** What an entity of the knowledge graph stands for. */
export const ENTITY_TYPES = [
  'file',
  'function',
  'class',
  'module',
  'decision',
  'concept',
  'person',
  'other',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** How one entity relates to another (directed: from → to). */
export const RELATION_TYPES = [
  'uses',
  'extends',
  'references',
  'depends_on',
  'calls',
  'contains',
  'decided_by',
  'related_to',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export const TRAVERSAL_DIRECTIONS = ['out', 'in', 'both'] as const;
export type TraversalDirection = (typeof TRAVERSAL_DIRECTIONS)[number];

/** Bounds of a traversal: depth 1–5, at most MAX_GRAPH_NODES entities returned. */
export const MIN_GRAPH_DEPTH = 1;
export const MAX_GRAPH_DEPTH = 5;
export const MAX_GRAPH_NODES = 500;
export const DEFAULT_GRAPH_NODES = 100;

/** A node: unique per (projectId, type, name). */
export interface Entity {
  id: string;
  projectId: string;
  type: EntityType;
  name: string;
  properties: JsonObject;
  createdAt: string;
  updatedAt: string;
}

/** A directed edge, unique per (fromId, toId, type). */
export interface Relation {
  id: string;
  fromId: string;
  toId: string;
  type: RelationType;
  properties: JsonObject;
  weight: number;
  createdAt: string;
  updatedAt: string;
}

/** An entity reached by a traversal, with its distance (in edges) from the start. */
export interface ReachedEntity {
  entity: Entity;
  distance: number;
}

/**
 * A counter increment on an entity identified by name (created when missing):
 * how automatic extraction records "this file was touched N more times".
 */
export interface EntityTouch {
  /** Used only when the entity is created. */
  id: string;
  projectId: string;
  type: EntityType;
  name: string;
  /** Numeric property to add `by` to (e.g. `touched_in`). */
  counter: string;
  by: number;
  /** Stored as `last_touched_at` when later than the one already there. */
  at: string;
}

/** A relation between two entities identified by (type, name) in one project; ignored when it exists. */
export interface RelationTouch {
  /** Used only when the relation is created. */
  id: string;
  projectId: string;
  from: { type: EntityType; name: string };
  to: { type: EntityType; name: string };
  type: RelationType;
}
