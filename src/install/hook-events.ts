/** The hooks deja answers, and the Claude Code events they are installed for. */
export const HOOK_EVENTS = {
  'session-start': 'SessionStart',
  'session-end': 'SessionEnd',
  'pre-compact': 'PreCompact',
} as const;
export type HookName = keyof typeof HOOK_EVENTS;

export function isHookName(value: string): value is HookName {
  return Object.hasOwn(HOOK_EVENTS, value);
}
