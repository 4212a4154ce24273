import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { NotFoundError, UserError } from '../../core/errors.js';
import type { Project, Session } from '../../core/types.js';
import { GitCommandError, type GitRepository } from '../../git/port.js';
import type { AppDeps } from '../deps.js';
import { recordEvent } from '../events/record-event.js';
import { ensureProject } from '../sessions/ensure-project.js';

/** A worktree as deja reports it: git's view plus the deja sessions that ran in it. */
export interface WorktreeInfo {
  path: string;
  branch: string | null;
  head: string | null;
  main: boolean;
  detached: boolean;
  locked: boolean;
  prunable: boolean;
  /** The worktree the caller is in. */
  current: boolean;
  /** deja sessions whose workdir is this worktree. */
  sessions: number;
  activeSessionIds: string[];
}

interface RepoContext {
  repo: GitRepository;
  project: Project;
}

/** Sessions read to count per worktree; older ones beyond this are not counted. */
const SESSION_SCAN_LIMIT = 10_000;

async function repoOf(deps: AppDeps, cwd: string): Promise<RepoContext> {
  const repo = await deps.git.repository(cwd);
  if (!repo) {
    throw new UserError(
      'project_path',
      'must be inside a git repository',
      `${cwd} is not; worktrees need git (git init, then commit once)`,
    );
  }
  const { project } = await ensureProject(deps, repo.workTree);
  return { repo, project };
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** `worktree list`: every worktree of the project with its deja session history count. */
export async function listWorktrees(
  deps: AppDeps,
  cwd: string,
): Promise<{ project: Project; worktrees: WorktreeInfo[] }> {
  const { repo, project } = await repoOf(deps, cwd);
  const [trees, sessions] = await Promise.all([
    deps.git.worktrees(repo.workTree),
    deps.store.findSessions({ projectId: project.id, limit: SESSION_SCAN_LIMIT }),
  ]);
  const here = canonical(repo.workTree);
  const worktrees = trees.map((tree) => {
    const path = canonical(tree.path);
    const own = sessions.filter((session) => canonical(session.workdir) === path);
    return {
      path: tree.path,
      branch: tree.branch,
      head: tree.head,
      main: tree.main,
      detached: tree.detached,
      locked: tree.locked,
      prunable: tree.prunable,
      current: path === here,
      sessions: own.length,
      activeSessionIds: own.filter((session) => session.status === 'active').map((session) => session.id),
    };
  });
  return { project, worktrees };
}

export interface AddWorktreeInput {
  path?: string;
  branch?: string;
  new_branch?: string;
}

/** `worktree add`: a new linked worktree (optionally on a new branch); a relative path is taken from the caller's folder. */
export async function addWorktree(
  deps: AppDeps,
  cwd: string,
  input: AddWorktreeInput,
): Promise<WorktreeInfo> {
  const { repo } = await repoOf(deps, cwd);
  if (!input.path) {
    throw new UserError('path', 'is required for action "add"', 'e.g. path: "../my-project-feature"');
  }
  const absolute = resolve(cwd, input.path);
  if (existsSync(absolute)) {
    const empty = statSync(absolute).isDirectory() && readdirSync(absolute).length === 0;
    if (!empty) {
      throw new UserError(
        'path',
        'already exists',
        `${absolute} is taken; choose a new folder for the worktree`,
      );
    }
  }
  try {
    await deps.git.addWorktree(repo.workTree, absolute, {
      ...(input.branch ? { branch: input.branch } : {}),
      ...(input.new_branch ? { newBranch: input.new_branch } : {}),
    });
  } catch (error) {
    if (error instanceof GitCommandError) throw gitRefusal(error, input);
    throw error;
  }
  const { worktrees } = await listWorktrees(deps, cwd);
  const added = worktrees.find((tree) => canonical(tree.path) === canonical(absolute));
  if (!added) throw new Error(`git added the worktree but does not list ${absolute}`);
  return added;
}

function gitRefusal(error: GitCommandError, input: AddWorktreeInput): UserError {
  const message = error.message.replace(/^fatal: /, '');
  if (input.new_branch && /already exists/.test(message) && /branch/.test(message)) {
    return new UserError('new_branch', 'names a branch that already exists', message);
  }
  if (
    input.branch &&
    /(invalid reference|not a valid|already (checked out|used by worktree))/.test(message)
  ) {
    return new UserError('branch', 'cannot be checked out here', message);
  }
  return new UserError('path', 'was refused by git', message);
}

async function findWorktree(
  deps: AppDeps,
  cwd: string,
  input: { path?: string; branch?: string },
  action: string,
): Promise<{ tree: WorktreeInfo; all: WorktreeInfo[]; project: Project }> {
  const { project, worktrees } = await listWorktrees(deps, cwd);
  const known = worktrees.map((tree) => tree.path).join(', ');
  if (input.path) {
    const wanted = canonical(resolve(cwd, input.path));
    const tree = worktrees.find((candidate) => canonical(candidate.path) === wanted);
    if (!tree)
      throw new NotFoundError('path', `worktree ${JSON.stringify(input.path)}`, `known worktrees: ${known}`);
    return { tree, all: worktrees, project };
  }
  if (input.branch) {
    const tree = worktrees.find((candidate) => candidate.branch === input.branch);
    if (!tree) {
      throw new NotFoundError(
        'branch',
        `a worktree on branch ${JSON.stringify(input.branch)}`,
        `known worktrees: ${known}`,
      );
    }
    return { tree, all: worktrees, project };
  }
  throw new UserError('path', `is required for action "${action}"`, `one of: ${known}`);
}

/** `worktree remove`: never the main worktree; refuses uncommitted changes unless `force`. */
export async function removeWorktree(
  deps: AppDeps,
  cwd: string,
  input: { path?: string; force?: boolean },
  currentSession: Session | null,
): Promise<WorktreeInfo> {
  const { tree } = await findWorktree(deps, cwd, { path: input.path }, 'remove');
  if (tree.main) {
    throw new UserError(
      'path',
      'is the main worktree, which is never removed',
      `${tree.path} holds the repository itself`,
    );
  }
  if (currentSession?.status === 'active' && canonical(currentSession.workdir) === canonical(tree.path)) {
    throw new UserError('path', 'is the worktree of the current session', 'switch to another worktree first');
  }
  if (!input.force && existsSync(tree.path)) {
    const state = await deps.git.state(tree.path);
    if (state.dirtyFiles > 0) {
      throw new UserError(
        'path',
        `has ${state.dirtyFiles} uncommitted change${state.dirtyFiles === 1 ? '' : 's'}`,
        'commit or stash them, or pass force: true to discard them',
      );
    }
  }
  const { repo } = await repoOf(deps, cwd);
  try {
    await deps.git.removeWorktree(repo.mainTree, tree.path, input.force === true);
  } catch (error) {
    if (error instanceof GitCommandError) throw new UserError('path', 'was refused by git', error.message);
    throw error;
  }
  return tree;
}

export interface SwitchResult {
  worktree: WorktreeInfo;
  /** The session after the move (same id), or null when the caller had none. */
  session: Session | null;
  from: string | null;
}

/**
 * `worktree switch`: the caller's session moves to another worktree of the same
 * project. It keeps its id and history; its workdir and branch change, and a
 * `phase` event of type `worktree_switch` marks the move in its log.
 */
export async function switchWorktree(
  deps: AppDeps,
  cwd: string,
  input: { path?: string; branch?: string },
  session: Session | null,
): Promise<SwitchResult> {
  const { tree, project } = await findWorktree(deps, cwd, input, 'switch');
  if (tree.prunable || !existsSync(tree.path)) {
    throw new UserError(
      'path',
      'is a worktree whose folder is gone',
      'run `git worktree prune`, or add it again',
    );
  }
  if (session?.status !== 'active') return { worktree: tree, session: null, from: null };
  if (session.projectId !== project.id) {
    throw new UserError(
      'path',
      'belongs to another project than the current session',
      `session ${session.id}`,
    );
  }
  const from = session.workdir;
  const now = deps.clock.now().toISOString();
  await deps.store.updateSessionWorkdir(session.id, { workdir: tree.path, branch: tree.branch, at: now });
  const moved = (await deps.store.getSession(session.id)) ?? {
    ...session,
    workdir: tree.path,
    branch: tree.branch,
  };
  await recordEvent(deps, moved, {
    category: 'phase',
    type: 'worktree_switch',
    data: {
      text: `switched to worktree ${basename(tree.path)}${tree.branch ? ` (branch ${tree.branch})` : ''}`,
      from,
      to: tree.path,
      branch: tree.branch,
    },
  });
  return { worktree: { ...tree, current: true }, session: moved, from };
}
