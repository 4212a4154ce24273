import { UserError } from './errors.js';

/** Opaque pagination cursors: base64url JSON with a version, so old cursors fail loudly. */
export function encodeCursor(position: { seq: number }): string {
  return Buffer.from(JSON.stringify({ v: 1, s: position.seq })).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'cursor'): { seq: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const value = parsed as { v?: unknown; s?: unknown } | null;
  if (value?.v !== 1 || typeof value.s !== 'number' || !Number.isSafeInteger(value.s) || value.s < 1) {
    throw new UserError(
      field,
      'is not a cursor deja issued',
      'pass the next_cursor value from the previous page unchanged, or omit it to start from the newest',
    );
  }
  return { seq: value.s };
}
