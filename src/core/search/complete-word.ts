import { words } from '../ranking/tokenize.js';

/**
 * Completions of a word prefix from stored texts: the distinct words that
 * start with it, most documents first (ties alphabetical). The texts are
 * sampled documents that matched the prefix in the index, so completions are
 * words people actually wrote, not index stems.
 */
export function completionsFromTexts(
  texts: string[],
  prefix: string,
  limit: number,
): { term: string; documents: number }[] {
  const lowered = prefix.toLowerCase();
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set(
      words(text).filter((word) => word.startsWith(lowered) && word.length > lowered.length),
    );
    for (const word of seen) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term, documents]) => ({ term, documents }));
}
