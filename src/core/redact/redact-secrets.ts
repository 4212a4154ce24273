import { mightHoldDotenv, redactDotenvValues } from './dotenv-values.js';
import { SECRET_PATTERNS } from './secret-patterns.js';

export const PRIVATE_PLACEHOLDER = '[PRIVATE]';
const PRIVATE_SPAN = /<private>[\s\S]*?(?:<\/private>|$)/gi;
const ALREADY_REDACTED = /^\[(?:REDACTED(?::[a-z_]+)?|PRIVATE)\]$/;

/**
 * A quick test that no pattern can match: every secret pattern needs one of
 * these fragments (a vendor prefix, a URL credential, a secret-naming key, a
 * private span). Most texts have none and skip the sixteen patterns.
 */
const MIGHT_HOLD_SECRET =
  /-----BEGIN|<private|sk-|sk_|rk_|pk_|gh[pousr]_|github_pat_|glpat-|AKIA|ASIA|AGPA|AROA|xox|AIza|npm_|hf_|eyJ|:\/\/[^\s]*@|bearer|key|secret|token|passw|pwd|credential/i;

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
  let result = text.replace(PRIVATE_SPAN, () => {
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
  if (text.length === 0 || !(MIGHT_HOLD_SECRET.test(text) || mightHoldDotenv(text))) return text;
  return redactText(text).text;
}

/** A key ending in a secret's name: `password`, `db_password`, `apiKey`, `GITHUB_TOKEN`. */
const SECRET_KEY_NAME =
  /(?:^|[_-])(?:api[_-]?key|apikey|secret|secret[_-]?key|access[_-]?key|private[_-]?key|password|passwd|token|credentials?)$|^pwd$/i;

/** True when an object key names a value that is itself a secret (`password`, `apiKey`, …). */
export function isSecretKeyName(key: string): boolean {
  const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return SECRET_KEY_NAME.test(snake);
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
