import { contentHash } from '../memory/content-hash.js';

/**
 * Insight blocks as assistants write them in explanatory output style:
 *
 *     `★ Insight ─────────────────────────────────────`
 *     - point one
 *     - point two
 *     `─────────────────────────────────────────────────`
 *
 * The opening line holds "★ Insight" followed by a rule of box-drawing dashes;
 * the block ends at the next line that is only such a rule (backticks and
 * spaces allowed). Extraction is deterministic: no model involved.
 */
export interface ExtractedInsight {
  /** The lines between the rules, trimmed; inner formatting kept. */
  readonly text: string;
  /** SHA-256 of the normalised text, for deduplication. */
  readonly hash: string;
}

const OPENING = /^[\s`*_>]*★\s*Insight\b[\s`*_]*[─━—-]{3,}[\s`*_]*$/u;
const CLOSING = /^[\s`*_>]*[─━—-]{5,}[\s`*_]*$/u;
/** Insight blocks longer than this are not insights but runaway output; they are skipped. */
const MAX_INSIGHT_CHARS = 8000;

export function extractInsights(text: string): ExtractedInsight[] {
  if (!text.includes('★')) return [];
  const lines = text.split(/\r?\n/);
  const found: ExtractedInsight[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    if (!OPENING.test(lines[i] ?? '')) continue;
    let end = i + 1;
    while (end < lines.length && !CLOSING.test(lines[end] ?? '') && !OPENING.test(lines[end] ?? '')) end++;
    if (end >= lines.length || OPENING.test(lines[end] ?? '')) continue; // unclosed: not an insight block
    const body = lines
      .slice(i + 1, end)
      .join('\n')
      .trim();
    i = end;
    if (body.length === 0 || body.length > MAX_INSIGHT_CHARS) continue;
    const hash = contentHash(body);
    if (seen.has(hash)) continue;
    seen.add(hash);
    found.push({ text: body, hash });
  }
  return found;
}
