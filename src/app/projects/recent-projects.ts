import type { Project } from '../../core/types.js';
import type { AppDeps } from '../deps.js';

/** How long a resolved project is reused before it is looked up again. */
const REMEMBER_MS = 60_000;
const remembered = new WeakMap<AppDeps['store'], Map<string, { project: Project; at: number }>>();

/**
 * A project resolved by `resolve`, remembered per store and key for a minute:
 * resolving runs git (for a folder) or a lookup (for a name), which a burst of
 * memory_store or search calls should not repeat for every call.
 */
export async function rememberedProject(
  deps: AppDeps,
  key: string,
  resolve: () => Promise<Project>,
): Promise<Project> {
  let cache = remembered.get(deps.store);
  if (!cache) {
    cache = new Map();
    remembered.set(deps.store, cache);
  }
  const now = deps.clock.now().getTime();
  const cached = cache.get(key);
  if (cached && now - cached.at < REMEMBER_MS) return cached.project;
  const project = await resolve();
  cache.set(key, { project, at: now });
  return project;
}
