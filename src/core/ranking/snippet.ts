const CHARS_PER_TOKEN = 4;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * The part of a text worth showing for a query, within a token budget: the
 * window holding the most query terms, cut at word boundaries, with "…" where
 * text was left out. Whitespace runs collapse to one space.
 */
export function makeSnippet(text: string, terms: readonly string[], maxTokens: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const maxChars = Math.max(16, maxTokens * CHARS_PER_TOKEN);
  if (flat.length <= maxChars) return flat;
  const start = bestWindowStart(flat, new Set(terms), maxChars);
  let from = start;
  let to = Math.min(flat.length, start + maxChars);
  if (from > 0) {
    const space = flat.indexOf(' ', from);
    from = space >= 0 && space < to ? space + 1 : from;
  }
  if (to < flat.length) {
    const space = flat.lastIndexOf(' ', to);
    to = space > from ? space : to;
  }
  return `${from > 0 ? '…' : ''}${flat.slice(from, to)}${to < flat.length ? '…' : ''}`;
}

function bestWindowStart(text: string, terms: ReadonlySet<string>, width: number): number {
  if (terms.size === 0) return 0;
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return 0; // rare case-mapping that changes length: show the start
  const positions: number[] = [];
  for (const term of terms) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
      if (isWordStart(lower, at)) positions.push(at);
    }
  }
  if (positions.length === 0) return 0;
  positions.sort((a, b) => a - b);
  let best = 0;
  let bestCount = 0;
  let left = 0;
  for (let right = 0; right < positions.length; right++) {
    while ((positions[right] as number) - (positions[left] as number) > width * 0.8) left++;
    if (right - left + 1 > bestCount) {
      bestCount = right - left + 1;
      best = positions[left] as number;
    }
  }
  // Start a little before the first hit so it reads in context.
  return Math.max(0, best - Math.floor(width * 0.15));
}

/** A term occurrence counts at the start of a word (so "test" finds "tests" but not "latest"). */
function isWordStart(text: string, at: number): boolean {
  return at === 0 || !WORD_CHAR.test(text[at - 1] as string);
}
