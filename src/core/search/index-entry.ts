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
const CODE_SIGNS =
  /```|\b(?:function|const|let|import|export|class|def|return|async|await|fn|impl|struct|interface)\b[^\n]{0,80}[({=;:]|[A-Za-z_]\w*\([^)]*\)|=>|\b[a-z]+[A-Z]\w*\b|\b\w+_\w+\b/;
const ERROR_SIGNS =
  /\b(?:error|exception|traceback|panic(?:ked)?|failed|failure|fatal|segfault|stack trace|ENOENT|EACCES|ECONNREFUSED|TypeError|ReferenceError|SyntaxError|undefined is not|cannot find|not found|exit code [1-9])\b/i;
const CODE_SOURCES = new Set(['tool_call', 'tool_response']);

/** Paths with a directory or a known source extension mentioned in a text. */
export function pathsInText(text: string): string[] {
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
  const isCode = CODE_SOURCES.has(doc.kind) || files.length > 0 || CODE_SIGNS.test(doc.text);
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
