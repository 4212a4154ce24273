import { createHash } from 'node:crypto';
import { UserError } from '../../core/errors.js';

/**
 * Search cursors carry the position and a fingerprint of the query and
 * filters they belong to, so a cursor passed with a different query is
 * refused instead of silently paging the wrong list.
 */
export function searchFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeSearchCursor(fingerprint: string, offset: number): string {
  return Buffer.from(JSON.stringify({ v: 1, f: fingerprint, o: offset })).toString('base64url');
}

export function decodeSearchCursor(cursor: string, fingerprint: string): number {
  const value = parseCursor(cursor);
  if (value?.v !== 1 || typeof value.o !== 'number' || !Number.isSafeInteger(value.o) || value.o < 0) {
    throw new UserError(
      'cursor',
      'is not a search cursor deja issued',
      'pass next_cursor from the previous page unchanged',
    );
  }
  if (value.f !== fingerprint) {
    throw new UserError(
      'cursor',
      'belongs to a different query or filters',
      'repeat the same query and filters with it, or omit the cursor to start over',
    );
  }
  return value.o;
}

function parseCursor(cursor: string): { v?: unknown; f?: unknown; o?: unknown } | null {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      v?: unknown;
      f?: unknown;
      o?: unknown;
    };
  } catch {
    return null;
  }
}
