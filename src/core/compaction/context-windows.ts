/** Context windows (tokens) by model-id prefix, most specific first. Unknown models get the default. */
export const DEFAULT_CONTEXT_WINDOW = 200_000;

const WINDOWS: readonly [prefix: string, tokens: number][] = [
  ['claude-', 200_000],
  ['gpt-5', 400_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
  ['codex-', 200_000],
  ['gemini-', 1_048_576],
];

/** The context window of a model id; Claude ids ending in `[1m]` use the 1M-token window. */
export function contextWindowFor(model: string | null | undefined): { tokens: number; known: boolean } {
  if (!model) return { tokens: DEFAULT_CONTEXT_WINDOW, known: false };
  const id = model.toLowerCase();
  if (id.endsWith('[1m]')) return { tokens: 1_000_000, known: true };
  const match = WINDOWS.find(([prefix]) => id.startsWith(prefix));
  return match ? { tokens: match[1], known: true } : { tokens: DEFAULT_CONTEXT_WINDOW, known: false };
}
