import { isRecord, type JsonRecord } from './json-line.js';

/** Small readers for unchecked JSON fields: they return null / 0 instead of throwing. */

export function stringField(obj: JsonRecord, key: string): string | null {
  const value = obj[key];
  return typeof value === 'string' ? value : null;
}

/** A string field that is present and not empty. */
export function nonEmptyString(obj: JsonRecord, key: string): string | null {
  const value = obj[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** A non-negative finite number, or 0. */
export function countField(obj: JsonRecord | null | undefined, key: string): number {
  if (!obj) return 0;
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export function recordField(obj: JsonRecord, key: string): JsonRecord | null {
  const value = obj[key];
  return isRecord(value) ? value : null;
}

/**
 * Compact JSON of any parsed value. Deeply nested values make JSON.stringify
 * throw RangeError; they are replaced by a marker rather than failing the line.
 */
export function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '[input could not be serialised]';
  }
}
