import type { JsonObject, JsonValue } from '../types.js';

const MAX_TEXT = 32_768;

/**
 * The searchable text of an event: its type and every string, number and key
 * path in its data, flattened. Capped so one huge payload cannot bloat the index.
 */
export function eventText(type: string, data: JsonObject): string {
  const parts: string[] = [type];
  let size = type.length;
  const visit = (value: JsonValue, key: string | null) => {
    if (size >= MAX_TEXT) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const piece = key ? `${key}: ${value}` : String(value);
      parts.push(piece);
      size += piece.length + 1;
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (value !== null) {
      for (const [childKey, child] of Object.entries(value)) visit(child, childKey);
    }
  };
  visit(data, null);
  const joined = parts.join('\n');
  return joined.length > MAX_TEXT ? joined.slice(0, MAX_TEXT) : joined;
}

/** Accepts a plain string or an object as event data; strings become `{ text }`. */
export function normaliseEventData(data: string | Record<string, unknown> | undefined): JsonObject {
  if (data === undefined) return {};
  if (typeof data === 'string') return { text: data };
  return JSON.parse(JSON.stringify(data)) as JsonObject;
}

/** One line summary of an event for hand-offs and welcome text. */
export function eventSummary(data: JsonObject, fallback: string): string {
  for (const key of [
    'summary',
    'text',
    'title',
    'decision',
    'finding',
    'question',
    'description',
    'content',
    'message',
  ]) {
    const value = data[key];
    if (typeof value === 'string' && value.trim()) return oneLine(value);
  }
  const first = Object.values(data).find((value) => typeof value === 'string' && value.trim());
  return typeof first === 'string' ? oneLine(first) : fallback;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

const FILE_KEYS = new Set([
  'file',
  'path',
  'file_path',
  'filePath',
  'filename',
  'files',
  'paths',
  'notebook_path',
]);

/** File paths mentioned in an event's data under the usual keys (tool calls name them this way). */
export function filesInEventData(data: JsonObject): string[] {
  const found: string[] = [];
  const visit = (value: JsonValue | undefined, isFileKey: boolean) => {
    if (value === undefined || value === null) return;
    if (typeof value === 'string') {
      if (isFileKey && value.length > 0 && value.length < 1024 && !value.includes('\n')) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, isFileKey);
    } else if (typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, FILE_KEYS.has(key));
    }
  };
  visit(data, false);
  return found;
}
