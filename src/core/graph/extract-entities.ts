import { filesInEventData } from '../events/event-text.js';
import { filesInToolCallContent, projectRelativePath } from '../tracking/files-touched.js';
import type { JsonObject, JsonValue } from '../types.js';
import type { EntityType } from './graph-types.js';

/** One tool call to learn from: a recorded event's data, or an imported call's `<tool> <json>` content. */
export interface ToolCallSource {
  data?: JsonObject;
  content?: string;
  at: string;
}

export interface ExtractedTouch {
  type: EntityType;
  name: string;
  count: number;
  lastAt: string;
}

export interface ExtractedLink {
  from: { type: EntityType; name: string };
  to: { type: EntityType; name: string };
}

export interface Extracted {
  touches: ExtractedTouch[];
  /** `contains` relations: module folder → file, file → function or class. */
  contains: ExtractedLink[];
}

/** Symbols named in a code edit: at most this many per call. */
const MAX_SYMBOLS = 20;
const SYMBOL_KEYS = ['new_string', 'old_string', 'content'];
const FUNCTION_DEF =
  /\b(?:function\*?\s+([A-Za-z_$][\w$]*)|def\s+([A-Za-z_]\w*)|fn\s+([A-Za-z_]\w*)|func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*))/g;
const CLASS_DEF = /\b(?:class|interface|struct)\s+([A-Za-z_$][\w$]*)/g;

/** The tool input of an imported call when its JSON is complete, else null. */
function inputOf(content: string): JsonObject | null {
  const space = content.indexOf(' ');
  if (space < 0) return null;
  try {
    const parsed = JSON.parse(content.slice(space + 1)) as JsonValue;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Function and class names defined in the code strings of a tool input (Edit, Write). */
export function symbolsInInput(input: JsonObject): { type: 'function' | 'class'; name: string }[] {
  const found = new Map<string, { type: 'function' | 'class'; name: string }>();
  for (const key of SYMBOL_KEYS) {
    const code = input[key];
    if (typeof code !== 'string' || code.length > 200_000) continue;
    for (const match of code.matchAll(FUNCTION_DEF)) {
      const name = match[1] ?? match[2] ?? match[3] ?? match[4];
      if (name && found.size < MAX_SYMBOLS) found.set(`function:${name}`, { type: 'function', name });
    }
    for (const match of code.matchAll(CLASS_DEF)) {
      const name = match[1];
      if (name && found.size < MAX_SYMBOLS) found.set(`class:${name}`, { type: 'class', name });
    }
  }
  return [...found.values()];
}

/** A path as the graph names it: relative to the project root, or null when it lies outside. */
export function graphFileName(path: string, root: string): string | null {
  const relative = projectRelativePath(path, root).replace(/\/+$/, '');
  if (relative.length === 0 || relative.startsWith('/') || relative.startsWith('../')) return null;
  if (/^[A-Za-z]:[\\/]/.test(relative) || relative.startsWith('~')) return null;
  return relative;
}

/**
 * What a batch of tool calls says about the project's code: the files they name
 * (project-relative; outside the project ignored) with how many calls named each,
 * the folder of each file as a `module` that `contains` it, and the functions and
 * classes an edit defines, contained by its file (only when the call names one file).
 */
export function extractEntities(sources: ToolCallSource[], root: string): Extracted {
  const touches = new Map<string, ExtractedTouch>();
  const contains = new Map<string, ExtractedLink>();
  const touch = (type: EntityType, name: string, at: string) => {
    const key = `${type}\u0000${name}`;
    const known = touches.get(key);
    if (!known) touches.set(key, { type, name, count: 1, lastAt: at });
    else {
      known.count++;
      if (at > known.lastAt) known.lastAt = at;
    }
  };
  const link = (from: ExtractedLink['from'], to: ExtractedLink['to']) => {
    contains.set(`${from.type}\u0000${from.name}\u0000${to.type}\u0000${to.name}`, { from, to });
  };
  for (const source of sources) {
    const input = source.data ?? (source.content ? inputOf(source.content) : null);
    const raw = source.data
      ? filesInEventData(source.data)
      : source.content
        ? filesInToolCallContent(source.content)
        : [];
    const files = [...new Set(raw.map((path) => graphFileName(path, root)))].filter(
      (name): name is string => name !== null,
    );
    const modules = new Set<string>();
    for (const file of files) {
      touch('file', file, source.at);
      const slash = file.lastIndexOf('/');
      if (slash > 0) {
        const folder = file.slice(0, slash);
        modules.add(folder);
        link({ type: 'module', name: folder }, { type: 'file', name: file });
      }
    }
    for (const folder of modules) touch('module', folder, source.at);
    const only = files.length === 1 ? files[0] : undefined;
    if (only && input) {
      for (const symbol of symbolsInInput(input)) {
        touch(symbol.type, symbol.name, source.at);
        link({ type: 'file', name: only }, symbol);
      }
    }
  }
  return { touches: [...touches.values()], contains: [...contains.values()] };
}
