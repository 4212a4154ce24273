import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { inferStack } from '../core/project/infer-stack.js';
import type { Git } from '../git/port.js';

export interface DetectedProject {
  identity: string;
  name: string;
  /** Main checkout (shared by worktrees) or the folder itself outside git. */
  rootPath: string;
  /** The checkout or worktree the session runs in. */
  workdir: string;
  branch: string | null;
  inGit: boolean;
  languages: string[];
  packageManager: string | null;
}

/**
 * Finds the project a path belongs to. Inside git the identity is the first
 * commit, so a renamed folder or a linked worktree stays the same project.
 */
export async function detectProject(
  path: string,
  git: Git,
  field = 'project_path',
): Promise<DetectedProject> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new UserError(field, 'does not exist', `no folder at ${absolute}`);
  if (!statSync(absolute).isDirectory())
    throw new UserError(field, 'must be a folder', `${absolute} is a file`);
  const repo = await git.repository(absolute);
  const workdir = repo?.workTree ?? absolute;
  const rootPath = repo?.mainTree ?? absolute;
  let entries: string[] = [];
  try {
    entries = readdirSync(workdir);
  } catch {
    entries = [];
  }
  const stack = inferStack(entries);
  return {
    identity: repo?.firstCommit ? `git:${repo.firstCommit}` : `path:${rootPath}`,
    name: basename(rootPath),
    rootPath,
    workdir,
    branch: repo?.branch ?? null,
    inGit: repo !== null,
    ...stack,
  };
}
