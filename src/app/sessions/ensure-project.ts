import { createHash } from 'node:crypto';
import { NotFoundError } from '../../core/errors.js';
import type { Project } from '../../core/types.js';
import { type DetectedProject, detectProject } from '../../project/detect-project.js';
import type { AppDeps } from '../deps.js';

/** Detects the project at a path and records (or refreshes) it in the store. */
export async function ensureProject(
  deps: AppDeps,
  path: string,
  field = 'project_path',
): Promise<{ project: Project; detected: DetectedProject }> {
  const detected = await detectProject(path, deps.git, field);
  const now = deps.clock.now().toISOString();
  const project = await deps.store.upsertProject({
    id: `prj_${detected.identity.startsWith('git:') ? detected.identity.slice(4, 16) : hashPath(detected.rootPath)}`,
    identity: detected.identity,
    name: detected.name,
    rootPath: detected.rootPath,
    languages: detected.languages,
    packageManager: detected.packageManager,
    createdAt: now,
    updatedAt: now,
  });
  return { project, detected };
}

/** Finds a known project by id, name or path; a path not yet known is detected. */
export async function findProjectByRef(deps: AppDeps, ref: string, field = 'project'): Promise<Project> {
  const known = await deps.store.findProject(ref);
  if (known) return known;
  if (ref.startsWith('/') || ref.startsWith('.')) {
    const detected = await detectProject(ref, deps.git, field);
    const byIdentity = await deps.store.findProject(detected.identity);
    if (byIdentity) return byIdentity;
  }
  throw new NotFoundError(
    field,
    `project ${JSON.stringify(ref)}`,
    'pass a project id, name or path deja has seen',
  );
}

function hashPath(path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 16);
}
