import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Project } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { rememberedProject } from '../projects/recent-projects.js';
import { ensureProject } from '../sessions/ensure-project.js';

/**
 * The project of an imported conversation, from the folder the assistant ran
 * in: detected like a live session's (git identity) when the folder is still
 * there; otherwise known by its path, as deja names a folder outside git, so a
 * later live session in a re-created folder at that path meets the same
 * project. Without a folder, one `unknown` project holds the conversation.
 */
export async function projectForTranscript(deps: AppDeps, cwd: string | null): Promise<Project> {
  return rememberedProject(deps, `transcript\u0000${cwd ?? ''}`, async () => {
    if (cwd && existsSync(cwd)) {
      try {
        return (await ensureProject(deps, cwd, 'cwd')).project;
      } catch {
        // Not a readable folder any more: fall through to the path identity.
      }
    }
    const identity = cwd ? `path:${cwd}` : 'name:unknown';
    const known = await deps.store.findProject(identity);
    if (known) return known;
    const now = deps.clock.now().toISOString();
    return deps.store.upsertProject({
      id: `prj_${createHash('sha256')
        .update(cwd ?? identity)
        .digest('hex')
        .slice(0, 16)}`,
      identity,
      name: cwd ? basename(cwd) || cwd : 'unknown',
      rootPath: cwd ?? '',
      languages: [],
      packageManager: null,
      createdAt: now,
      updatedAt: now,
    });
  });
}
