import { UserError } from '../../core/errors.js';

/** Offset cursors for listings whose store query only takes a limit (base64url JSON with a version). */
export const MAX_OFFSET = 10_000;

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, o: offset })).toString('base64url');
}

export function decodeOffsetCursor(cursor: string, field = 'cursor'): number {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const value = parsed as { v?: unknown; o?: unknown } | null;
  if (
    value?.v !== 1 ||
    typeof value.o !== 'number' ||
    !Number.isSafeInteger(value.o) ||
    value.o < 0 ||
    value.o > MAX_OFFSET
  ) {
    throw new UserError(
      field,
      'is not a cursor deja issued',
      'pass next_cursor from the previous page unchanged',
    );
  }
  return value.o;
}
