import { NotFoundError, UserError } from '../../core/errors.js';
import { type GraphInput, MAX_PROPERTIES_BYTES } from '../../core/graph/graph-schemas.js';
import {
  DEFAULT_GRAPH_NODES,
  ENTITY_TYPES,
  type Entity,
  type EntityType,
  MAX_GRAPH_DEPTH,
  type Relation,
} from '../../core/graph/graph-types.js';
import { newId } from '../../core/ids.js';
import type { JsonObject } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { ensureProject, findProjectByRef } from '../sessions/ensure-project.js';

/** Where a graph call comes from: its working folder decides the default project. */
export interface GraphContext {
  cwd: string;
}

export interface GraphResult {
  action: GraphInput['action'];
  projectId: string;
  /** add_entity: the entity; find: matches; neighbours: the start then what it reaches; path: the chain; delete: the entity removed. */
  entities: (Entity & { distance: number | null })[];
  /** link: the relation; unlink: what was removed; neighbours and path: relations among the entities. */
  relations: Relation[];
  /** path: the entity ids from → to, or null when there is none. */
  path: string[] | null;
  /** How many entities (find, neighbours), relations removed (unlink, delete), or path length in edges. */
  count: number;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

function required<T>(value: T | undefined, field: string, action: string, hint?: string): T {
  if (value === undefined) throw new UserError(field, `is required for ${action}`, hint);
  return value;
}

function checkProperties(properties: Record<string, unknown> | undefined): JsonObject | undefined {
  if (properties === undefined) return undefined;
  let json: string;
  try {
    json = JSON.stringify(properties);
  } catch {
    throw new UserError('properties', 'must be JSON-serialisable');
  }
  if (Buffer.byteLength(json) > MAX_PROPERTIES_BYTES) {
    throw new UserError('properties', `must be at most ${MAX_PROPERTIES_BYTES / 1024} KB as JSON`);
  }
  return JSON.parse(json) as JsonObject;
}

/**
 * Finds an entity by id, by `type:name` in the project, or by a name that only
 * one entity of the project has.
 */
export async function resolveEntity(
  deps: AppDeps,
  projectId: string,
  ref: string,
  field: string,
): Promise<Entity> {
  if (ULID.test(ref)) {
    const byId = await deps.store.getEntity(ref);
    if (byId) return byId;
  }
  const colon = ref.indexOf(':');
  if (colon > 0) {
    const type = ref.slice(0, colon);
    if ((ENTITY_TYPES as readonly string[]).includes(type)) {
      const byName = await deps.store.findEntityByName(projectId, type as EntityType, ref.slice(colon + 1));
      if (byName) return byName;
    }
  }
  const named = await deps.store.findEntities({ projectId, name: ref, match: 'exact', limit: 2 });
  const exact = named.filter((entity) => entity.name === ref);
  const candidates = exact.length > 0 ? exact : named;
  if (candidates.length === 1) return candidates[0] as Entity;
  if (candidates.length > 1) {
    throw new UserError(
      field,
      `names more than one entity (${candidates.map((e) => `${e.type}:${e.name}`).join(', ')})`,
      'pass the id or type:name',
    );
  }
  throw new NotFoundError(
    field,
    `entity ${JSON.stringify(ref)}`,
    'add it first with add_entity, or pass an id',
  );
}

async function graphProject(deps: AppDeps, input: GraphInput, ctx: GraphContext): Promise<string> {
  if (input.project !== undefined) return (await findProjectByRef(deps, input.project, 'project')).id;
  return (await ensureProject(deps, ctx.cwd, 'project')).project.id;
}

const plain = (entity: Entity, distance: number | null = null) => ({ ...entity, distance });

/** The `graph` tool and `deja graph`: add, link, unlink, delete, find, neighbours, path. */
export async function manageGraph(deps: AppDeps, input: GraphInput, ctx: GraphContext): Promise<GraphResult> {
  // Recorded tool calls waiting to be folded in (a long-lived server batches them) are read too.
  await deps.graphQueue?.flush();
  const { action } = input;
  const projectId = await graphProject(deps, input, ctx);
  const now = deps.clock.now();
  const at = now.toISOString();
  const result = (over: Partial<GraphResult>): GraphResult => ({
    action,
    projectId,
    entities: [],
    relations: [],
    path: null,
    count: 0,
    ...over,
  });
  const entityOf = (field: 'entity' | 'from' | 'to') =>
    resolveEntity(deps, projectId, required(input[field], field, action), field);

  switch (action) {
    case 'add_entity': {
      const type = required(input.type, 'type', action, `one of ${ENTITY_TYPES.join(', ')}`);
      const name = required(input.name, 'name', action);
      const properties = checkProperties(input.properties) ?? {};
      const existing = await deps.store.findEntityByName(projectId, type, name);
      const entity = await deps.store.upsertEntity({
        id: existing?.id ?? newId(now),
        projectId,
        type,
        name,
        properties: { ...(existing?.properties ?? {}), ...properties },
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
      });
      return result({ entities: [plain(entity)], count: 1 });
    }
    case 'link': {
      const relationType = required(input.relation, 'relation', action, 'e.g. uses, depends_on, contains');
      const from = await entityOf('from');
      const to = await entityOf('to');
      const relation = await deps.store.upsertRelation({
        id: newId(now),
        fromId: from.id,
        toId: to.id,
        type: relationType,
        properties: checkProperties(input.properties) ?? {},
        weight: input.weight ?? 1,
        createdAt: at,
        updatedAt: at,
      });
      return result({ entities: [plain(from), plain(to)], relations: [relation], count: 1 });
    }
    case 'unlink': {
      const from = await entityOf('from');
      const to = await entityOf('to');
      const before = (await deps.store.relationsAmong([from.id, to.id])).filter(
        (r) => r.fromId === from.id && r.toId === to.id && (!input.relation || r.type === input.relation),
      );
      const removed = await deps.store.deleteRelations(from.id, to.id, input.relation);
      return result({ entities: [plain(from), plain(to)], relations: before, count: removed });
    }
    case 'delete': {
      const entity = await entityOf('entity');
      const deleted = await deps.store.deleteEntity(entity.id);
      return result({ entities: [plain(entity)], count: deleted?.relations ?? 0 });
    }
    case 'find': {
      if (input.name === undefined && input.type === undefined) {
        throw new UserError('name', 'or `type` is required for find');
      }
      const found = await deps.store.findEntities({
        projectId,
        type: input.type,
        name: input.name,
        match: input.match ?? 'substring',
        limit: input.limit ?? DEFAULT_GRAPH_NODES,
      });
      return result({ entities: found.map((entity) => plain(entity)), count: found.length });
    }
    case 'neighbours': {
      const start = await entityOf('entity');
      const reached = await deps.store.neighbours(start.id, {
        depth: input.depth ?? 1,
        direction: input.direction ?? 'both',
        relationTypes: input.relation_types,
        limit: input.limit ?? DEFAULT_GRAPH_NODES,
      });
      const ids = [start.id, ...reached.map((r) => r.entity.id)];
      const relations = await deps.store.relationsAmong(ids);
      return result({
        entities: [plain(start, 0), ...reached.map((r) => plain(r.entity, r.distance))],
        relations,
        count: reached.length,
      });
    }
    case 'path': {
      const from = await entityOf('from');
      const to = await entityOf('to');
      const ids = await deps.store.shortestPath(
        from.id,
        to.id,
        input.depth ?? MAX_GRAPH_DEPTH,
        input.direction ?? 'both',
      );
      if (!ids) return result({ entities: [plain(from), plain(to)], path: null, count: 0 });
      const entities = await Promise.all(ids.map((id) => deps.store.getEntity(id)));
      const chain = entities.filter((entity): entity is Entity => entity !== null);
      const among = await deps.store.relationsAmong(ids);
      const relations = among.filter((relation) =>
        ids.some(
          (id, i) =>
            i > 0 &&
            ((relation.fromId === ids[i - 1] && relation.toId === id) ||
              (relation.toId === ids[i - 1] && relation.fromId === id)),
        ),
      );
      return result({
        entities: chain.map((entity, i) => plain(entity, i)),
        relations,
        path: ids,
        count: ids.length - 1,
      });
    }
  }
}

export function toEntityView(entity: Entity & { distance?: number | null }) {
  return {
    id: entity.id,
    project: entity.projectId,
    type: entity.type,
    name: entity.name,
    properties: entity.properties,
    distance: entity.distance ?? null,
    created_at: entity.createdAt,
    updated_at: entity.updatedAt,
  };
}

export function toRelationView(relation: Relation) {
  return {
    id: relation.id,
    from: relation.fromId,
    to: relation.toId,
    type: relation.type,
    properties: relation.properties,
    weight: relation.weight,
  };
}

/** A short text for a graph result. */
export function graphText(result: GraphResult): string {
  const label = (e: Entity) => `${e.type}:${e.name}`;
  const first = result.entities[0];
  const second = result.entities[1];
  switch (result.action) {
    case 'add_entity':
      return first ? `Entity ${label(first)} (${first.id}).` : 'No entity.';
    case 'link':
      return `Linked ${first ? label(first) : '?'} -${result.relations[0]?.type}-> ${second ? label(second) : '?'}.`;
    case 'unlink':
      return `Removed ${result.count} relation(s).`;
    case 'delete':
      return `Deleted ${first ? label(first) : 'entity'} and ${result.count} relation(s).`;
    case 'find':
      return result.entities.length === 0
        ? 'No entities found.'
        : [
            `${result.count} entit${result.count === 1 ? 'y' : 'ies'}:`,
            ...result.entities.map((e) => `- ${label(e)} ${e.id}`),
          ].join('\n');
    case 'neighbours':
      return [
        `${result.count} entit${result.count === 1 ? 'y' : 'ies'} around ${first ? label(first) : '?'}:`,
        ...result.entities.slice(1).map((e) => `- [${e.distance}] ${label(e)}`),
      ].join('\n');
    case 'path':
      return result.path === null
        ? `No path between ${first ? label(first) : '?'} and ${second ? label(second) : '?'}.`
        : `Path (${result.count} edge(s)): ${result.entities.map(label).join(' → ')}`;
  }
}
