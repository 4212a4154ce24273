import { z } from 'zod';

export const WORKTREE_ACTIONS = ['list', 'add', 'remove', 'switch'] as const;

/** `worktree` tool and `deja worktree` command input. */
export const worktreeInput = z.object({
  action: z.enum(WORKTREE_ACTIONS),
  path: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe('Worktree folder (add: where to create it; remove/switch: which one)'),
  branch: z
    .string()
    .min(1)
    .max(250)
    .optional()
    .describe('add: branch or commit to check out; switch: select the worktree by its branch'),
  new_branch: z.string().min(1).max(250).optional().describe('add: create this branch for the worktree'),
  force: z.boolean().optional().describe('remove: also when it has uncommitted changes'),
});
export type WorktreeInput = z.infer<typeof worktreeInput>;
