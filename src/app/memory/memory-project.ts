import { createHash } from 'node:crypto';
import { NotFoundError } from '../../core/errors.js';
import type { Project } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { rememberedProject } from '../projects/recent-projects.js';
import { ensureProject, findProjectByRef } from '../sessions/ensure-project.js';

/**
 * The project a new memory belongs to: the one named (by id, name or path);
 * a name deja has not seen yet becomes a named project, so `project: "x"`
 * just works and stays separate from every other project; without a name,
 * the project of the working folder.
 */
export async function projectForMemory(
  deps: AppDeps,
  ref: string | undefined,
  cwd: string,
): Promise<Project> {
  return rememberedProject(deps, `memory\u0000${ref ?? ''}\u0000${cwd}`, () =>
    resolveProject(deps, ref, cwd),
  );
}

async function resolveProject(deps: AppDeps, ref: string | undefined, cwd: string): Promise<Project> {
  if (ref === undefined) return (await ensureProject(deps, cwd, 'project')).project;
  try {
    return await findProjectByRef(deps, ref);
  } catch (error) {
    if (!(error instanceof NotFoundError) || /^[./~]/.test(ref)) throw error;
  }
  const now = deps.clock.now().toISOString();
  const identity = `name:${ref}`;
  return deps.store.upsertProject({
    id: `prj_${createHash('sha256').update(identity).digest('hex').slice(0, 12)}`,
    identity,
    name: ref,
    rootPath: '',
    languages: [],
    packageManager: null,
    createdAt: now,
    updatedAt: now,
  });
}
