/**
 * Token estimate used for budgets: about four characters per token for
 * English prose and code, the ratio the common BPE tokenisers average. It
 * errs on the generous side for code, so a budget is rarely exceeded.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Cuts text to fit a token budget, at a line or word boundary, with a marker. */
export function trimToTokens(text: string, budget: number): string {
  if (budget <= 0) return '';
  if (estimateTokens(text) <= budget) return text;
  const marker = '\n…(trimmed)';
  const maxChars = Math.max(0, budget * 4 - marker.length);
  const cut = text.slice(0, maxChars);
  const boundary = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf(' '));
  return `${boundary > maxChars * 0.6 ? cut.slice(0, boundary) : cut}${marker}`;
}

/**
 * Fills a budget with sections in priority order: each gets what is left,
 * trimmed; a section that would get almost nothing is dropped.
 */
export function fitSections(sections: string[], budget: number): string {
  const out: string[] = [];
  let left = budget;
  for (const section of sections) {
    if (!section) continue;
    if (left < 20) break;
    const piece = trimToTokens(section, left);
    out.push(piece);
    left -= estimateTokens(piece) + 1;
  }
  return out.join('\n\n');
}
