import type { ToolProfile } from '../config.js';

/**
 * Which tools each profile exposes. `core` is the everyday set and keeps
 * tools/list small; each larger profile includes the smaller ones.
 */
const CORE = [
  'session_start',
  'session_checkpoint',
  'session_end',
  'session_record',
  'memory_store',
  'search',
] as const;
const STANDARD = [
  ...CORE,
  'session_status',
  'session_resume',
  'session_query',
  'session_export',
  'memory_forget',
  'memory_stats',
  'memory_transfer',
  'log_interaction',
  'flag_issue',
  'log_code_metrics',
  'context_preserve',
  'context_restore',
  'activity',
  'tracking_list',
  'llm',
  'get_observability',
  'quality_run',
  'quality_report',
  'worktree',
  'compaction_advice',
  'reminder_create',
  'reminder_list',
  'reminder_cancel',
  'permissions',
  'graph',
  'projects',
  'team',
] as const;
const FULL = [...STANDARD, 'memory_reset'] as const;

export const TOOL_PROFILE_MEMBERS: Record<ToolProfile, readonly string[]> = {
  core: CORE,
  standard: STANDARD,
  full: FULL,
};

export function toolEnabled(profile: ToolProfile, tool: string): boolean {
  return TOOL_PROFILE_MEMBERS[profile].includes(tool);
}
