import { STOPWORDS } from './stopwords.js';

/**
 * Code-aware tokenisation shared by indexing and querying (DESIGN.md §5).
 * SQLite's unicode61 tokenizer already splits on punctuation and lowercases;
 * what it cannot do is split `parseConfigFile` into its words, or keep
 * `max_retry_count` and `src/store/index.ts` findable as one term. So each
 * identifier-like token adds its camelCase parts and its joined form as extra
 * terms, and the original text is kept as it is.
 */

/** Runs of characters that can make up an identifier or a path (everything but spaces and delimiters). */
const CANDIDATE = /[^\s"'`()[\]{}<>,;=!?*&|+^~#@%\\]+/g;
/** A candidate is compound when it has a separator or a case change inside. */
const COMPOUND = /[_.\-/$:]|\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const SEPARATORS = /[_.\-/$:]+/;
const WORD = /[\p{L}\p{N}]+/gu;
const CAMEL_BOUNDARY =
  /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

/** Cheap pre-check: a case change or a letter–digit boundary somewhere in the word. */
const MAYBE_CAMEL = /\p{Ll}\p{Lu}|\p{Lu}\p{Lu}\p{Ll}|\p{L}\p{N}|\p{N}\p{L}/u;

/** The lowercase words of a text as the index sees them (unicode61-like). */
export function words(text: string): string[] {
  return (text.normalize('NFKD').replace(/\p{M}/gu, '').match(WORD) ?? []).map((word) => word.toLowerCase());
}

/** camelCase / PascalCase / letter-digit parts of one word, lowercase; empty when it has no parts. */
export function camelParts(word: string): string[] {
  if (!MAYBE_CAMEL.test(word)) return [];
  const parts = word.split(CAMEL_BOUNDARY).filter((part) => part.length > 0);
  return parts.length > 1 ? parts.map((part) => part.toLowerCase()) : [];
}

/**
 * Extra index terms for a text: camel parts of every word, and the joined form
 * of every compound identifier (`max_retry_count` → `maxretrycount`,
 * `sqlite-store.ts` → `sqlitestorets`). The caller indexes `text + extras`.
 */
export function extraTerms(text: string): string[] {
  const extras = new Set<string>();
  for (const match of text.matchAll(CANDIDATE)) {
    if (!COMPOUND.test(match[0])) continue;
    const identifier = match[0].replace(EDGE_PUNCTUATION, '');
    const segments = identifier.split(SEPARATORS).filter(Boolean);
    for (const segment of segments) for (const part of camelParts(segment)) extras.add(part);
    const joined = segments.join('').toLowerCase();
    if (segments.length > 1 || camelParts(identifier).length > 0) extras.add(joined);
  }
  return [...extras];
}

/** The text the full-text index stores for a document. */
export function indexText(text: string): string {
  const extras = extraTerms(text);
  return extras.length > 0 ? `${text}\n${extras.join(' ')}` : text;
}

export interface QueryTerms {
  /** Distinct terms to match, most specific first (joined identifiers, then words). */
  readonly terms: string[];
  /** True when every word was a stopword, so stopwords were kept rather than matching nothing. */
  readonly onlyStopwords: boolean;
}

/** Terms of a search query: its words (minus stopwords) plus the same extra terms as indexing. */
export function queryTerms(query: string): QueryTerms {
  const all = [...extraTerms(query), ...words(query)];
  const distinct = [...new Set(all.map((term) => normaliseTerm(term)).filter((term) => term.length > 0))];
  const meaningful = distinct.filter((term) => !STOPWORDS.has(term));
  if (meaningful.length > 0) return { terms: meaningful, onlyStopwords: false };
  return { terms: distinct, onlyStopwords: distinct.length > 0 };
}

function normaliseTerm(term: string): string {
  return term
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Quotes a term for an FTS5 MATCH expression (terms are alphanumeric, but quoting is always safe). */
export function ftsTerm(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
