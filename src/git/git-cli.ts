import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import type { GitState } from '../core/types.js';
import { type Git, GitCommandError, type GitRepository, type GitWorktree } from './port.js';

const TIMEOUT_MS = 10_000;
/** Paths per `git check-ignore` call (command lines have a length limit). */
const IGNORE_BATCH = 200;

function git(cwd: string, args: string[]): Promise<{ ok: boolean; out: string; err: string }> {
  return new Promise((done) => {
    execFile(
      'git',
      args,
      {
        cwd,
        timeout: TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
      },
      (error, stdout, stderr) => done({ ok: !error, out: stdout.trim(), err: stderr.trim() }),
    );
  });
}

/** The Git port over the `git` command line. */
export const gitCli: Git = {
  async repository(path: string): Promise<GitRepository | null> {
    const top = await git(path, ['rev-parse', '--show-toplevel', '--git-common-dir']);
    if (!top.ok) return null;
    const [workTree, commonDir] = top.out.split('\n');
    if (!workTree || !commonDir) return null;
    const absoluteCommon = resolve(path, commonDir);
    // The common git dir of a normal checkout is <main>/.git; a bare repository has no main tree.
    const mainTree = absoluteCommon.endsWith('/.git') ? dirname(absoluteCommon) : workTree;
    const [roots, branch] = await Promise.all([
      git(workTree, ['rev-list', '--max-parents=0', 'HEAD']),
      git(workTree, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
    ]);
    // rev-list lists newest first; the oldest root is the project's birth certificate.
    const firstCommit = roots.ok ? (roots.out.split('\n').filter(Boolean).at(-1) ?? null) : null;
    return { workTree, mainTree, firstCommit, branch: branch.ok && branch.out ? branch.out : null };
  },

  async ignored(workTree: string, paths: string[]): Promise<Set<string>> {
    const ignored = new Set<string>();
    // `git check-ignore` exits 1 when none is ignored; it prints the ignored ones either way.
    for (let start = 0; start < paths.length; start += IGNORE_BATCH) {
      const batch = paths.slice(start, start + IGNORE_BATCH);
      const result = await git(workTree, ['check-ignore', '--', ...batch]);
      if (!result.ok && result.err) throw new GitCommandError(result.err);
      for (const line of result.out.split('\n')) if (line) ignored.add(line);
    }
    return ignored;
  },

  async state(workTree: string): Promise<GitState> {
    const [status, head, branch] = await Promise.all([
      git(workTree, ['status', '--porcelain=v1', '--untracked-files=normal']),
      git(workTree, ['log', '-1', '--format=%H %cI']),
      git(workTree, ['symbolic-ref', '--quiet', '--short', 'HEAD']),
    ]);
    const [hash, date] = head.ok && head.out ? head.out.split(' ') : [];
    const lines = status.ok ? status.out.split('\n').filter(Boolean) : [];
    return {
      branch: branch.ok && branch.out ? branch.out : null,
      head: hash ?? null,
      dirtyFiles: lines.length,
      untrackedFiles: lines.filter((line) => line.startsWith('??')).length,
      lastCommitAt: date ? new Date(date).toISOString() : null,
    };
  },

  async commitAll(workTree: string, message: string): Promise<string | null> {
    const status = await git(workTree, ['status', '--porcelain']);
    if (!status.ok) throw new Error(`git status failed: ${status.err}`);
    if (!status.out) return null;
    const add = await git(workTree, ['add', '-A']);
    if (!add.ok) throw new Error(`git add failed: ${add.err}`);
    const commit = await git(workTree, ['commit', '-m', message]);
    if (!commit.ok) throw new Error(`git commit failed: ${commit.err || commit.out}`);
    const head = await git(workTree, ['rev-parse', 'HEAD']);
    return head.ok ? head.out : null;
  },

  async worktrees(path: string): Promise<GitWorktree[]> {
    const list = await git(path, ['worktree', 'list', '--porcelain']);
    if (!list.ok) throw new GitCommandError(`git worktree list failed: ${list.err}`);
    return parseWorktreeList(list.out);
  },

  async addWorktree(repoPath, target, options): Promise<void> {
    const args = ['worktree', 'add'];
    if (options.newBranch) args.push('-b', options.newBranch);
    args.push(target);
    if (options.branch) args.push(options.branch);
    const add = await git(repoPath, args);
    if (!add.ok) throw new GitCommandError(add.err || add.out || 'git worktree add failed');
  },

  async removeWorktree(repoPath, target, force): Promise<void> {
    const remove = await git(repoPath, ['worktree', 'remove', ...(force ? ['--force'] : []), target]);
    if (!remove.ok) throw new GitCommandError(remove.err || remove.out || 'git worktree remove failed');
  },
};

/** Parses `git worktree list --porcelain`: blank-line separated blocks, the main worktree first. */
export function parseWorktreeList(porcelain: string): GitWorktree[] {
  const worktrees: GitWorktree[] = [];
  for (const block of porcelain.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter(Boolean);
    const first = lines[0];
    if (!first?.startsWith('worktree ')) continue;
    const entry: GitWorktree = {
      path: first.slice('worktree '.length),
      head: null,
      branch: null,
      main: worktrees.length === 0,
      bare: false,
      detached: false,
      locked: false,
      prunable: false,
    };
    for (const line of lines.slice(1)) {
      const [key = '', ...rest] = line.split(' ');
      const value = rest.join(' ');
      if (key === 'HEAD') entry.head = value;
      else if (key === 'branch') entry.branch = value.replace(/^refs\/heads\//, '');
      else if (key === 'bare') entry.bare = true;
      else if (key === 'detached') entry.detached = true;
      else if (key === 'locked') entry.locked = true;
      else if (key === 'prunable') entry.prunable = true;
    }
    worktrees.push(entry);
  }
  return worktrees;
}
