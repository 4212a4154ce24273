import { UserError } from '../../core/errors.js';

/**
 * Turns free text into a safe FTS5 query: every word must occur, as a prefix
 * ("auth" finds "authentication"). Quoting each word keeps FTS5 operators and
 * punctuation in user input from being parsed as query syntax.
 */
export function toFtsPrefixQuery(text: string, field = 'keyword'): string {
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  if (words.length === 0) {
    throw new UserError(
      field,
      'must contain at least one letter or digit',
      `you sent ${JSON.stringify(text)}`,
    );
  }
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}
