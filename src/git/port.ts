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

/** What deja asks of git. */
export interface Git {
  /** Null when the path is not inside a git repository (or git is missing). */
  repository(path: string): Promise<GitRepository | null>;
  state(workTree: string): Promise<GitState>;
  /** Stages everything and commits; returns the new commit hash, or null when nothing changed. */
  commitAll(workTree: string, message: string): Promise<string | null>;
}
