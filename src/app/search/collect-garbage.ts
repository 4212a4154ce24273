import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: (() => void) | null | undefined;

/**
 * A full garbage collection, where the runtime allows one. Loading a large
 * in-memory index makes short-lived garbage (texts, token arrays) faster than
 * V8's heuristics reclaim it; collecting between load steps keeps the server's
 * peak memory near what it really holds. A no-op where it is not available.
 */
export function collectGarbage(): void {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    } catch {
      collector = null;
    }
  }
  collector?.();
}
