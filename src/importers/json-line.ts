/** A parsed JSON object whose fields are still unchecked. */
export type JsonRecord = Record<string, unknown>;

export type ParsedJsonLine = { ok: true; value: JsonRecord } | { ok: false; reason: string };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses one transcript line that must hold a JSON object. Never throws:
 * invalid JSON, absurdly deep nesting (JSON.parse may throw RangeError) and
 * non-object values (arrays, numbers, strings, null) come back as a reason.
 */
export function parseJsonObjectLine(text: string): ParsedJsonLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, reason: 'JSON nested too deeply to parse' };
    return { ok: false, reason: 'not valid JSON' };
  }
  if (isRecord(value)) return { ok: true, value };
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return { ok: false, reason: `not a JSON object (${kind})` };
}
