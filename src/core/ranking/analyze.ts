import { stemmer } from 'stemmer';
import { indexText, queryTerms, words } from './tokenize.js';

/**
 * Analysis for the in-memory lexical index (see ./lexical-index.ts): the same
 * code-aware tokenisation as the SQLite full-text index (./tokenize.ts), then
 * Porter stemming so that `caching`, `cached` and `cache` meet on one term.
 * Documents keep every token (stopwords included: BM25's idf already makes
 * them nearly worthless, and the document length stays honest); queries drop
 * stopwords through `queryTerms`.
 */

/** Memoised stems: vocabularies are Zipfian, so a bounded cache answers almost every token. */
const STEM_CACHE_LIMIT = 20_000;
const stems = new Map<string, string>();

export function stem(word: string): string {
  const cached = stems.get(word);
  if (cached !== undefined) return cached;
  if (stems.size >= STEM_CACHE_LIMIT) stems.clear();
  const stemmed = stemmer(word);
  stems.set(word, stemmed);
  return stemmed;
}

/** The index tokens of a document, in order, repeats kept (term frequency and length count them). */
export function analyzeDocument(text: string): string[] {
  const tokens = words(indexText(text));
  for (let i = 0; i < tokens.length; i++) tokens[i] = stem(tokens[i] as string);
  return tokens;
}

/** The distinct stemmed terms of a query, most specific first (the order `queryTerms` gives). */
export function analyzeQuery(query: string): string[] {
  return [...new Set(queryTerms(query).terms.map(stem))];
}
