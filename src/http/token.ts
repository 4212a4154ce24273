import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_FILE = 'http-token';

/**
 * The HTTP server's secret: `DEJA_HOME/http-token`, created on first start
 * with mode 0600 (a file left readable by others is tightened).
 */
export function ensureHttpToken(home: string): { token: string; path: string; created: boolean } {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const path = join(home, TOKEN_FILE);
  let created = false;
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const token = readFileSync(path, 'utf8').trim();
  if (token.length < 16) {
    throw new Error(`${path} holds no usable token (fewer than 16 characters): delete it and start again`);
  }
  return { token, path, created };
}

/** Compares a presented token with the real one in constant time. */
export function tokenMatches(expected: string, presented: string | null | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
