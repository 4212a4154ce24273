import { UserError } from '../../core/errors.js';
import { words } from '../../core/ranking/tokenize.js';

/**
 * The words of a keyword filter, each to be matched as a prefix ("auth" finds
 * "authentication"). Terms are quoted when the FTS5 expression is built, so
 * operators and punctuation in user input are never parsed as query syntax.
 */
export function keywordTerms(text: string, field = 'keyword'): string[] {
  const terms = words(text);
  if (terms.length === 0) {
    throw new UserError(
      field,
      'must contain at least one letter or digit',
      `you sent ${JSON.stringify(text)}`,
    );
  }
  return terms;
}
