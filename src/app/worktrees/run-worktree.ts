import { z } from 'zod';
import type { Session } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { sessionView, toSessionView } from '../views.js';
import type { WorktreeInput } from './worktree-input.js';
import {
  addWorktree,
  listWorktrees,
  removeWorktree,
  switchWorktree,
  type WorktreeInfo,
} from './worktrees.js';

export const worktreeView = z.object({
  path: z.string(),
  branch: z.string().nullable(),
  head: z.string().nullable(),
  main: z.boolean(),
  detached: z.boolean(),
  locked: z.boolean(),
  current: z.boolean(),
  sessions: z.number(),
  active_session_ids: z.array(z.string()),
});
export type WorktreeView = z.infer<typeof worktreeView>;

/** Output of the `worktree` tool and `deja worktree --json`, for every action. */
export const worktreeOutput = {
  action: z.string(),
  project_id: z.string().optional(),
  worktrees: z.array(worktreeView).optional(),
  worktree: worktreeView.optional(),
  session: sessionView.nullable().optional(),
  from: z.string().nullable().optional(),
};

export function toWorktreeView(tree: WorktreeInfo): WorktreeView {
  return {
    path: tree.path,
    branch: tree.branch,
    head: tree.head,
    main: tree.main,
    detached: tree.detached,
    locked: tree.locked,
    current: tree.current,
    sessions: tree.sessions,
    active_session_ids: tree.activeSessionIds,
  };
}

export interface WorktreeOutcome {
  structured: Record<string, unknown>;
  text: string;
  /** Set by `switch`: the folder the caller now works in. */
  newCwd: string | null;
}

function line(tree: WorktreeInfo): string {
  const flags = [tree.main ? 'main' : null, tree.current ? 'current' : null, tree.locked ? 'locked' : null]
    .filter(Boolean)
    .join(', ');
  const history = `${tree.sessions} session${tree.sessions === 1 ? '' : 's'}`;
  return `${tree.current ? '*' : ' '} ${tree.path}  [${tree.branch ?? (tree.detached ? 'detached' : '-')}]  ${history}${flags ? ` (${flags})` : ''}`;
}

/** Runs one `worktree` action for a face: `cwd` is the caller's folder, `session` its current session. */
export async function runWorktree(
  deps: AppDeps,
  input: WorktreeInput,
  cwd: string,
  session: Session | null,
): Promise<WorktreeOutcome> {
  switch (input.action) {
    case 'list': {
      const { project, worktrees } = await listWorktrees(deps, cwd);
      return {
        structured: { action: 'list', project_id: project.id, worktrees: worktrees.map(toWorktreeView) },
        text: [`Worktrees of ${project.name}:`, ...worktrees.map(line)].join('\n'),
        newCwd: null,
      };
    }
    case 'add': {
      const tree = await addWorktree(deps, cwd, input);
      return {
        structured: { action: 'add', worktree: toWorktreeView(tree) },
        text: `Added worktree ${tree.path}${tree.branch ? ` on branch ${tree.branch}` : ''}. Switch to it with action "switch".`,
        newCwd: null,
      };
    }
    case 'remove': {
      const tree = await removeWorktree(deps, cwd, input, session);
      return {
        structured: { action: 'remove', worktree: toWorktreeView(tree) },
        text: `Removed worktree ${tree.path}. Its ${tree.sessions} deja session(s) stay in the project's history.`,
        newCwd: null,
      };
    }
    case 'switch': {
      const result = await switchWorktree(deps, cwd, input, session);
      const moved = result.session
        ? ` Session ${result.session.id} moved with it (same id and history).`
        : ' No active session moved (none was open).';
      return {
        structured: {
          action: 'switch',
          worktree: toWorktreeView(result.worktree),
          session: result.session ? toSessionView(result.session) : null,
          from: result.from,
        },
        text: `Switched to worktree ${result.worktree.path}${result.worktree.branch ? ` (branch ${result.worktree.branch})` : ''}.${moved}`,
        newCwd: result.worktree.path,
      };
    }
  }
}
