import { type MemoryStatsInput, memoryStatsInput } from '../../core/search-schemas.js';
import type { MemoryStats } from '../../store/search-port.js';
import type { AppDeps } from '../deps.js';
import { findProjectByRef } from '../sessions/ensure-project.js';
import { actingMember } from '../teams/acting-member.js';

/** `memory_stats`: how many memories, of which kinds, in which projects, over what time. */
export async function memoryStats(deps: AppDeps, rawInput: MemoryStatsInput): Promise<MemoryStats> {
  const input = memoryStatsInput.parse(rawInput);
  const projectId = input.project ? (await findProjectByRef(deps, input.project)).id : undefined;
  const stats = await deps.store.memoryStats(projectId, actingMember(deps));
  const names = new Map((await deps.store.listProjects()).map((project) => [project.id, project.name]));
  const byProject = Object.fromEntries(
    Object.entries(stats.byProject).map(([id, count]) => [names.get(id) ?? id, count]),
  );
  return { ...stats, byProject };
}
