import { filesInEventData } from '../../core/events/event-text.js';
import { extractEntities, type ToolCallSource } from '../../core/graph/extract-entities.js';
import type { EntityTouch, RelationTouch } from '../../core/graph/graph-types.js';
import { newId } from '../../core/ids.js';
import { filesInToolCallContent } from '../../core/tracking/files-touched.js';
import type { AppDeps } from '../deps.js';

/** The counter automatic extraction adds to: how many tool calls named the entity. */
export const TOUCH_COUNTER = 'touched_in';

const namesFiles = (source: ToolCallSource) =>
  source.data
    ? filesInEventData(source.data).length > 0
    : source.content !== undefined && filesInToolCallContent(source.content).length > 0;

/**
 * Automatic extraction: turns the files (and defined functions and classes) that
 * tool calls name into graph entities with `touched_in` counts, plus `contains`
 * relations, in one store transaction. Returns how many entities were touched.
 */
export async function extractGraph(
  deps: AppDeps,
  projectId: string,
  sources: ToolCallSource[],
): Promise<number> {
  // Most events name no file: find that out before reading the project.
  if (!sources.some(namesFiles)) return 0;
  const project = await deps.store.getProject(projectId);
  if (!project) return 0;
  const extracted = extractEntities(sources, project.rootPath);
  if (extracted.touches.length === 0) return 0;
  const now = deps.clock.now();
  const entities: EntityTouch[] = extracted.touches.map((touch) => ({
    id: newId(now),
    projectId,
    type: touch.type,
    name: touch.name,
    counter: TOUCH_COUNTER,
    by: touch.count,
    at: touch.lastAt,
  }));
  const relations: RelationTouch[] = extracted.contains.map((link) => ({
    id: newId(now),
    projectId,
    from: link.from,
    to: link.to,
    type: 'contains',
  }));
  await deps.store.touchGraph({ entities, relations, now: now.toISOString() });
  return entities.length;
}

/**
 * extractGraph for the write paths (recorded events, imported messages): it never
 * fails the write that called it — a problem is logged and the write goes on.
 */
export async function extractGraphQuietly(
  deps: AppDeps,
  projectId: string,
  sources: ToolCallSource[],
): Promise<void> {
  try {
    await extractGraph(deps, projectId, sources);
  } catch (error) {
    deps.logger.warn({ err: error, projectId }, 'graph extraction failed');
  }
}
