import type { GitState } from '../core/types.js';

export interface GitRepository {
  /** Top folder of the checkout or worktree that contains the path. */
  workTree: string;
  /** Top folder of the main checkout (differs from `workTree` inside a linked worktree). */
  mainTree: string;
  /** Hash of the oldest root commit, or null before the first commit. */
  firstCommit: string | null;
  branch: string | null;
}

/** One entry of `git worktree list --porcelain`; the first one is the main worktree. */
export interface GitWorktree {
  path: string;
  head: string | null;
  /** Short branch name, or null when detached or bare. */
  branch: string | null;
  main: boolean;
  bare: boolean;
  detached: boolean;
  locked: boolean;
  prunable: boolean;
}

export interface AddWorktreeOptions {
  /** Existing branch or commit to check out. */
  branch?: string;
  /** Branch to create (from `branch`, or from HEAD). */
  newBranch?: string;
}

/** What deja asks of git. */
export interface Git {
  /** Null when the path is not inside a git repository (or git is missing). */
  repository(path: string): Promise<GitRepository | null>;
  state(workTree: string): Promise<GitState>;
  /** Stages everything and commits; returns the new commit hash, or null when nothing changed. */
  commitAll(workTree: string, message: string): Promise<string | null>;
  /** The worktrees of the repository that contains `path`, main worktree first. */
  worktrees(path: string): Promise<GitWorktree[]>;
  /** `git worktree add`; throws GitCommandError with git's message when git refuses. */
  addWorktree(repoPath: string, target: string, options: AddWorktreeOptions): Promise<void>;
  /** `git worktree remove` (with `--force` when asked); throws GitCommandError when git refuses. */
  removeWorktree(repoPath: string, target: string, force: boolean): Promise<void>;
  /** Which of these paths (relative to the work tree) git ignores (.gitignore, info/exclude, global excludes). */
  ignored(workTree: string, paths: string[]): Promise<Set<string>>;
}

/** A git command that failed; `message` is git's own explanation. */
export class GitCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitCommandError';
  }
}
