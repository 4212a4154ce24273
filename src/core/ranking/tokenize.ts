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
  const plain = isAscii(text) ? text : text.normalize('NFKD').replace(/\p{M}/gu, '');
  return (plain.match(WORD) ?? []).map((word) => word.toLowerCase());
}

/** camelCase / PascalCase / letter-digit parts of one word, lowercase; empty when it has no parts. */
export function camelParts(word: string): string[] {
  const ascii = asciiCamelParts(word);
  if (ascii !== null) return ascii;
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
  if (!asciiExtraTerms(text, extras)) unicodeExtraTerms(text, extras);
  return [...extras];
}

function unicodeExtraTerms(text: string, extras: Set<string>): void {
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
    if (!COMPOUND.test(match[0])) continue;
    const identifier = match[0].replace(EDGE_PUNCTUATION, '');
    addIdentifier(identifier.split(SEPARATORS).filter(Boolean), extras);
  }
}

/** The camel parts of each segment, and the joined identifier when it is compound. */
function addIdentifier(segments: string[], extras: Set<string>): void {
  let camel = false;
  for (const segment of segments) {
    const parts = camelParts(segment);
    if (parts.length > 0) camel = true;
    for (const part of parts) extras.add(part);
  }
  if (segments.length > 1 || camel) extras.add(segments.join('').toLowerCase());
}

// Fast paths for ASCII text (nearly all code and most prose), equal to the Unicode regexes above.

const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function asciiClass(code: number): number {
  if (code >= 97 && code <= 122) return LOWER;
  if (code >= 65 && code <= 90) return UPPER;
  if (code >= 48 && code <= 57) return DIGIT;
  return 0;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** `_ . - / $ :` — the separators inside compound identifiers. */
function isSeparator(code: number): boolean {
  return code === 95 || code === 46 || code === 45 || code === 47 || code === 36 || code === 58;
}

/** ASCII without control characters other than whitespace: inside a candidate, every non-alphanumeric is then a separator. */
function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 127 || (code < 32 && (code < 9 || code > 13))) return false;
  }
  return true;
}

/** CANDIDATE's delimiters among ASCII characters: whitespace and `"'\`()[]{}<>,;=!?*&|+^~#@%\\`. */
const DELIMITER = new Uint8Array(128);
for (const char of ' \t\n\v\f\r"\'`()[]{}<>,;=!?*&|+^~#@%\\') DELIMITER[char.charCodeAt(0)] = 1;

/**
 * extraTerms in one pass over an ASCII text, slicing only compound candidates;
 * false (and nothing added) when the text is not ASCII.
 */
function asciiExtraTerms(text: string, extras: Set<string>): boolean {
  if (!isPrintableAscii(text)) return false;
  let start = -1;
  let compound = false;
  let before = 0;
  let previous = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (DELIMITER[code] === 1) {
      if (compound) addIdentifier(asciiSegments(text, start, i), extras);
      start = -1;
      compound = false;
      before = 0;
      previous = 0;
      continue;
    }
    if (start < 0) start = i;
    if (compound) continue;
    const current = asciiClass(code);
    compound =
      isSeparator(code) ||
      (current === UPPER && previous === LOWER) ||
      (current === LOWER && previous === UPPER && before === UPPER);
    before = previous;
    previous = current;
  }
  return true;
}

/** The separator-free segments of `text[start, end)`, empty ones dropped (printable ASCII only). */
function asciiSegments(text: string, start: number, end: number): string[] {
  const segments: string[] = [];
  let from = -1;
  for (let i = start; i <= end; i++) {
    const boundary = i === end || asciiClass(text.charCodeAt(i)) === 0;
    if (!boundary) {
      if (from < 0) from = i;
      continue;
    }
    if (from < 0) continue;
    segments.push(text.slice(from, i));
    from = -1;
  }
  return segments;
}

/** CAMEL_BOUNDARY's split without the regex; null when the word is not ASCII. */
function asciiCamelParts(word: string): string[] | null {
  let parts: string[] | null = null;
  let start = 0;
  let previous = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code > 127) return null;
    const current = asciiClass(code);
    const letter = current === LOWER || current === UPPER;
    const boundary =
      (current === UPPER && (previous === LOWER || previous === DIGIT)) ||
      (current === UPPER && previous === UPPER && asciiClass(word.charCodeAt(i + 1)) === LOWER) ||
      (current === DIGIT && (previous === LOWER || previous === UPPER)) ||
      (letter && previous === DIGIT);
    if (boundary && i > start) {
      parts ??= [];
      parts.push(word.slice(start, i).toLowerCase());
      start = i;
    }
    previous = current;
  }
  if (parts === null) return [];
  parts.push(word.slice(start).toLowerCase());
  return parts;
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
