import { indexText } from '../ranking/tokenize.js';
import type { SearchSource } from '../types.js';
import { facetToken } from './facets.js';

/** A document as the indexer reads it from its own table. */
export interface SourceDocument {
  source: SearchSource;
  ref: string;
  projectId: string | null;
  sessionId: string | null;
  /** Memory kind, event category, message role, `checkpoint` or `handoff`. */
  kind: string;
  createdAt: string;
  text: string;
  title?: string | null;
  tags?: string[];
  category?: string | null;
  role?: string | null;
  confidence?: number | null;
  /** Files the writer named (e.g. an event's `file_path`); paths found in the text are added. */
  files?: string[];
}

export interface IndexEntry {
  body: string;
  facets: string;
  files: string[];
  isCode: boolean;
  isError: boolean;
}

const PATH =
  /(?:^|[\s"'`(=:])((?:\.{0,2}\/)?(?:[\w.-]+\/)+[\w.-]+\.[A-Za-z0-9]{1,8}|[\w-]+\.(?:ts|tsx|js|jsx|mjs|cjs|py|rs|go|java|kt|rb|php|c|h|cpp|hpp|cs|swift|md|json|toml|yaml|yml|sql|sh|css|html|vue|svelte))(?=$|[\s"'`),:;])/g;
const STATEMENT_KEYWORD =
  /\b(?:function|const|let|import|export|class|def|return|async|await|fn|impl|struct|interface)\b/g;
/** How far after a statement keyword its bracket, `=`, `;` or `:` may come (same line). */
const STATEMENT_REACH = 80;
const CAMEL_CASE_WORD = /\b[a-z]+[A-Z]\w*\b/;
const SNAKE_CASE_WORD = /\b\w+_\w+\b/;
const ERROR_SIGNS =
  /\b(?:error|exception|traceback|panic(?:ked)?|failed|failure|fatal|segfault|stack trace|ENOENT|EACCES|ECONNREFUSED|TypeError|ReferenceError|SyntaxError|undefined is not|cannot find|not found|exit code [1-9])\b/i;
const CODE_SOURCES = new Set(['tool_call', 'tool_response']);
/** Any path with a folder, or a name ending in a known source extension: the quick test before PATH. */
const PATH_HINT =
  /\/|\.(?:ts|tsx|js|jsx|mjs|cjs|py|rs|go|java|kt|rb|php|c|h|cpp|hpp|cs|swift|md|json|toml|yaml|yml|sql|sh|css|html|vue|svelte)(?=$|[\s"'`),:;])/;

/**
 * Whether a text looks like code: a fence, an arrow, a call `name(…)`, a
 * statement keyword, a camelCase or snake_case word. Each test runs only when
 * its cheap precondition holds (one regex with every alternative costs a scan
 * with backtracking at every position of long prose).
 */
export function looksLikeCode(text: string): boolean {
  if (text.includes('```') || text.includes('=>')) return true;
  if (text.includes('(') && hasCall(text)) return true;
  if (text.includes('_') && SNAKE_CASE_WORD.test(text)) return true;
  return CAMEL_CASE_WORD.test(text) || hasStatement(text);
}

/** A statement keyword with `(`, `{`, `=`, `;` or `:` within STATEMENT_REACH characters after it on its line. */
function hasStatement(text: string): boolean {
  STATEMENT_KEYWORD.lastIndex = 0;
  for (let match = STATEMENT_KEYWORD.exec(text); match !== null; match = STATEMENT_KEYWORD.exec(text)) {
    const from = match.index + match[0].length;
    const to = Math.min(text.length, from + STATEMENT_REACH + 1);
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code === 10) break;
      if (code === 40 || code === 123 || code === 61 || code === 59 || code === 58) return true;
    }
  }
  return false;
}

/** `[A-Za-z_]\w*\([^)]*\)` without the regex: a word character run holding a letter or `_` right before `(`, and a `)` later. */
function hasCall(text: string): boolean {
  const close = text.lastIndexOf(')');
  for (let open = text.indexOf('('); open !== -1 && open < close; open = text.indexOf('(', open + 1)) {
    for (let i = open - 1; i >= 0; i--) {
      const code = text.charCodeAt(i);
      const digit = code >= 48 && code <= 57;
      const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
      if (letter) return true;
      if (!digit) break;
    }
  }
  return false;
}

/** Paths with a directory or a known source extension mentioned in a text. */
export function pathsInText(text: string): string[] {
  if (!PATH_HINT.test(text)) return [];
  const found = new Set<string>();
  for (const match of text.matchAll(PATH)) if (match[1]) found.add(match[1]);
  return [...found];
}

/** What the search index stores for one document: searchable body, filter tokens, files and flags. */
export function buildIndexEntry(doc: SourceDocument): IndexEntry {
  const files = [...new Set([...(doc.files ?? []), ...pathsInText(doc.text)])];
  const parts = [doc.title, doc.text, doc.tags?.join(' '), doc.category, files.join(' ')].filter(
    (part): part is string => typeof part === 'string' && part.length > 0,
  );
  const body = indexText(parts.join('\n'));
  const isCode = CODE_SOURCES.has(doc.kind) || files.length > 0 || looksLikeCode(doc.text);
  const isError = ERROR_SIGNS.test(doc.text);
  const facets = [
    facetToken.source(doc.source),
    facetToken.kind(doc.kind),
    facetToken.project(doc.projectId),
    ...(doc.sessionId ? [facetToken.session(doc.sessionId)] : []),
    ...(doc.tags ?? []).map(facetToken.tag),
    ...(doc.category ? [facetToken.category(doc.category)] : []),
    ...(doc.role ? [facetToken.role(doc.role)] : []),
    ...(isCode ? [facetToken.code()] : []),
    ...(isError ? [facetToken.error()] : []),
  ];
  return { body, facets: [...new Set(facets)].join(' '), files, isCode, isError };
}
