/**
 * Trusted operations: strings of the form `kind:subject`, e.g.
 * `command:npm test`, `command:npm *`, `git:commit`, `tool:quality_run`.
 * A granted pattern may use `*` (any run of characters, spaces included) and
 * `?` (one character) in its subject; the kind is matched exactly. Matching
 * is case-sensitive (commands are) and ignores runs of whitespace.
 */

export const OPERATION_KINDS = ['command', 'git', 'tool', 'file', 'network'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const MAX_OPERATION_LENGTH = 1000;

/** Trims and collapses whitespace; `kind:` lower-cased. Throws RangeError when malformed. */
export function normaliseOperation(operation: string): string {
  const value = operation.trim().replace(/\s+/g, ' ');
  if (value.length === 0) throw new RangeError('is empty; pass e.g. "command:npm test" or "git:commit"');
  if (value.length > MAX_OPERATION_LENGTH)
    throw new RangeError(`is longer than ${MAX_OPERATION_LENGTH} characters`);
  const colon = value.indexOf(':');
  if (colon <= 0) {
    throw new RangeError(
      `"${value}" has no kind; write kind:subject with a kind among ${OPERATION_KINDS.join(', ')} (e.g. "command:npm test")`,
    );
  }
  const kind = value.slice(0, colon).trim().toLowerCase();
  const subject = value.slice(colon + 1).trim();
  if (!(OPERATION_KINDS as readonly string[]).includes(kind)) {
    throw new RangeError(`kind "${kind}" is unknown; use one of ${OPERATION_KINDS.join(', ')}`);
  }
  if (subject.length === 0) throw new RangeError(`"${value}" names no ${kind}`);
  return `${kind}:${subject}`;
}

const cache = new Map<string, RegExp>();

function patternRegExp(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (!regex) {
    const source = [...pattern]
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${source}$`, 's');
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, regex);
  }
  return regex;
}

/**
 * True when a granted pattern covers an operation: `command:npm *` covers
 * `command:npm test` and `command:npm run build` (not `command:npx vitest`);
 * `git:*` covers every git operation. Both sides are normalised first; a
 * malformed operation matches nothing.
 */
export function operationMatches(pattern: string, operation: string): boolean {
  let normalisedPattern: string;
  let normalisedOperation: string;
  try {
    normalisedPattern = normaliseOperation(pattern);
    normalisedOperation = normaliseOperation(operation);
  } catch {
    return false;
  }
  if (!normalisedPattern.includes('*') && !normalisedPattern.includes('?')) {
    return normalisedPattern === normalisedOperation;
  }
  return patternRegExp(normalisedPattern).test(normalisedOperation);
}
