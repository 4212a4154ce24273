import { z } from 'zod';
import { PERMISSION_SCOPES } from './permission-types.js';

export const PERMISSION_ACTIONS = ['grant', 'revoke', 'list', 'reset'] as const;

/** The `permissions` tool input; which fields each action needs is checked by the use case. */
export const permissionsInput = z.object({
  action: z.enum(PERMISSION_ACTIONS).describe('grant, revoke, list or reset (reset needs confirm: true)'),
  operation: z
    .string()
    .max(1000)
    .optional()
    .describe('kind:subject, e.g. "command:npm test", "command:npm *", "git:commit", "tool:quality_run"'),
  scope: z
    .enum(PERMISSION_SCOPES)
    .optional()
    .describe('project (default: the current project) or global (every project)'),
  project: z
    .string()
    .trim()
    .min(1)
    .max(4096)
    .optional()
    .describe('project id, name or path (default: current)'),
  confirm: z.boolean().optional().describe('must be true for reset'),
});
export type PermissionsInput = z.infer<typeof permissionsInput>;
