import { mightHoldDotenv, redactDotenvValues } from './dotenv-values.js';
import { SECRET_PATTERNS } from './secret-patterns.js';

export const PRIVATE_PLACEHOLDER = '[PRIVATE]';
const PRIVATE_SPAN = /<private>[\s\S]*?(?:<\/private>|$)/gi;
const ALREADY_REDACTED = /^\[(?:REDACTED(?::[a-z_]+)?|PRIVATE)\]$/;

/**
 * Quick tests that no pattern can match: every secret pattern needs one of
 * these fragments — a vendor prefix or a private span (case-sensitive where the
 * patterns are: one scan without the case-folding that makes a long
 * alternation slow), a URL credential, or a secret-naming key followed by `:`
 * or `=`. Most texts have none and skip the sixteen patterns; the words
 * "token" or "key" alone, common in code and prose, do not count.
 */
const VENDOR_FRAGMENT =
  /-----BEGIN|<[pP][rR][iI][vV]|sk[-_]|rk_|pk_|gh[pousr]_|github_pat_|glpat-|A(?:KIA|SIA|GPA|ROA|Iza)|xox|npm_|hf_|eyJ|[Bb]earer\s/;
const URL_CREDENTIAL = /:\/\/\S*@/;
const NAMED_SECRET = /(?:key|secret|token|passwd|password|pwd|credentials?)"?\s*[:=]/i;

function mightHoldSecret(text: string): boolean {
  return (
    VENDOR_FRAGMENT.test(text) ||
    (text.includes('://') && URL_CREDENTIAL.test(text)) ||
    NAMED_SECRET.test(text) ||
    mightHoldDotenv(text)
  );
}
const MIGHT_HOLD_PRIVATE = /<private/i;

export interface RedactionResult {
  readonly text: string;
  /** Kinds of what was removed, one entry per occurrence (`private` for private spans). */
  readonly kinds: readonly string[];
}

function placeholder(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Values that look like configuration placeholders rather than secrets. */
function isPlaceholderValue(value: string): boolean {
  if (ALREADY_REDACTED.test(value) || value.startsWith('[REDACTED')) return true;
  if (/^[$<{%]/.test(value)) return true; // ${VAR}, <your-key>, {{secret}}, %s
  if (/^\d+(?:\.\d+)?$/.test(value)) return true; // numbers: max_tokens=4096
  if (/^(?:true|false|null|none|undefined|required|optional|string|number|boolean)$/i.test(value))
    return true;
  if (/^(?:x+|\*+|\.+|changeme|example|redacted)$/i.test(value)) return true;
  return false;
}

/**
 * Remove `<private>` spans and every known secret shape from a text. Pure and
 * idempotent: redacting a redacted text changes nothing.
 */
export function redactText(text: string): RedactionResult {
  const kinds: string[] = [];
  let result = !MIGHT_HOLD_PRIVATE.test(text)
    ? text
    : text.replace(PRIVATE_SPAN, () => {
        kinds.push('private');
        return PRIVATE_PLACEHOLDER;
      });
  for (const pattern of SECRET_PATTERNS) {
    if (!pattern.hint.test(result)) continue;
    pattern.regex.lastIndex = 0;
    result = result.replace(pattern.regex, (match: string, ...groups: unknown[]) => {
      const group = pattern.group ?? 0;
      if (group === 0) {
        kinds.push(pattern.kind);
        return placeholder(pattern.kind);
      }
      const secret = groups[group - 1];
      if (typeof secret !== 'string' || secret.length === 0 || isPlaceholderValue(secret)) return match;
      const offset = match.lastIndexOf(secret);
      kinds.push(pattern.kind);
      return match.slice(0, offset) + placeholder(pattern.kind) + match.slice(offset + secret.length);
    });
  }
  if (mightHoldDotenv(result)) {
    const dotenv = redactDotenvValues(result, placeholder('env_value'), isPlaceholderValue);
    for (let i = 0; i < dotenv.count; i++) kinds.push('env_value');
    result = dotenv.text;
  }
  return { text: result, kinds };
}

export function redactString(text: string): string {
  if (text.length === 0 || !mightHoldSecret(text)) return text;
  return redactText(text).text;
}

/** A key ending in a secret's name: `password`, `db_password`, `apiKey`, `GITHUB_TOKEN`. */
const SECRET_KEY_NAME =
  /(?:^|[_-])(?:api[_-]?key|apikey|secret|secret[_-]?key|access[_-]?key|private[_-]?key|password|passwd|token|credentials?)$|^pwd$/i;

/** Keys seen before: a store's JSON repeats a few names (`type`, `tool`, `model`) on every row. */
const KEY_CACHE_LIMIT = 2_000;
const secretKeyNames = new Map<string, boolean>();

/** True when an object key names a value that is itself a secret (`password`, `apiKey`, …). */
export function isSecretKeyName(key: string): boolean {
  const cached = secretKeyNames.get(key);
  if (cached !== undefined) return cached;
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  const secret = SECRET_KEY_NAME.test(snake);
  if (secretKeyNames.size >= KEY_CACHE_LIMIT) secretKeyNames.clear();
  secretKeyNames.set(key, secret);
  return secret;
}

/**
 * Redact every string inside a JSON-like value. A string stored under a key that
 * names a secret is replaced whole, unless it is a placeholder such as `${TOKEN}`.
 */
export function redactDeep<T>(value: T): T {
  return redactValue(value, undefined) as T;
}

function redactValue(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && isSecretKeyName(key) && value.length >= 6 && !isPlaceholderValue(value)) {
      return placeholder('assigned_secret');
    }
    return redactString(value);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, undefined));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k);
    return out;
  }
  return value;
}
