import { z } from 'zod';
import {
  DEFAULT_GRAPH_NODES,
  ENTITY_TYPES,
  MAX_GRAPH_DEPTH,
  MAX_GRAPH_NODES,
  MIN_GRAPH_DEPTH,
  RELATION_TYPES,
  TRAVERSAL_DIRECTIONS,
} from './graph-types.js';

export const GRAPH_ACTIONS = [
  'add_entity',
  'link',
  'unlink',
  'delete',
  'find',
  'neighbours',
  'path',
] as const;
export type GraphAction = (typeof GRAPH_ACTIONS)[number];

/** Largest `properties` object accepted, as JSON. */
export const MAX_PROPERTIES_BYTES = 16 * 1024;

const text = (max: number) => z.string().trim().min(1).max(max);
const entityRef = text(2048).describe('entity id, or type:name (e.g. "file:src/app.ts"), or a unique name');

/** The `graph` tool input; which fields each action needs is checked by the use case. */
export const graphInput = z.object({
  action: z.enum(GRAPH_ACTIONS).describe('add_entity, link, unlink, delete, find, neighbours or path'),
  type: z.enum(ENTITY_TYPES).optional().describe('add_entity/find: entity type'),
  name: text(2048).optional().describe('add_entity: entity name; find: name to match'),
  properties: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('add_entity/link: JSON properties (merged into an existing entity)'),
  entity: entityRef.optional().describe('delete/neighbours: the entity'),
  from: entityRef.optional().describe('link/unlink/path: source entity'),
  to: entityRef.optional().describe('link/unlink/path: target entity'),
  relation: z.enum(RELATION_TYPES).optional().describe('link/unlink: relation type'),
  weight: z.number().min(0).max(1000).optional().describe('link: relation weight (default 1)'),
  depth: z
    .number()
    .int()
    .min(MIN_GRAPH_DEPTH)
    .max(MAX_GRAPH_DEPTH)
    .optional()
    .describe('neighbours: edges to follow (default 1); path: longest path (default 5)'),
  direction: z.enum(TRAVERSAL_DIRECTIONS).optional().describe('follow relations out, in, or both (default)'),
  relation_types: z.array(z.enum(RELATION_TYPES)).max(8).optional().describe('neighbours: only these'),
  match: z.enum(['exact', 'prefix', 'substring']).optional().describe('find: how name matches (substring)'),
  limit: z.number().int().min(1).max(MAX_GRAPH_NODES).optional().describe(`default ${DEFAULT_GRAPH_NODES}`),
  project: text(4096).optional().describe('project id, name or path (default: current)'),
});
export type GraphInput = z.infer<typeof graphInput>;
