/**
 * The secret shapes deja redacts before anything is stored. Each pattern names
 * its kind, which appears in the placeholder `[REDACTED:<kind>]`. Patterns are
 * specific (vendor prefixes, fixed lengths) so that ordinary text such as commit
 * hashes, UUIDs and the word "token" passes untouched.
 */
export interface SecretPattern {
  readonly kind: string;
  readonly regex: RegExp;
  /** Index of the capture group holding the secret; 0 (default) replaces the whole match. */
  readonly group?: number;
  /** A cheap test every match passes (a literal it must contain): texts failing it skip the pattern. */
  readonly hint: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'private_key',
    hint: /-----BEGIN/,
    regex:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  { kind: 'anthropic_key', hint: /sk-ant-/, regex: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  { kind: 'openai_key', hint: /sk-/, regex: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g },
  {
    kind: 'github_token',
    hint: /gh[pousr]_|github_pat_/,
    regex: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g,
  },
  { kind: 'gitlab_token', hint: /glpat-/, regex: /\bglpat-[A-Za-z0-9_-]{20,}/g },
  { kind: 'aws_access_key', hint: /AKIA|ASIA|AGPA|AROA/, regex: /\b(?:AKIA|ASIA|AGPA|AROA)[0-9A-Z]{16}\b/g },
  { kind: 'slack_token', hint: /xox/, regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  {
    kind: 'stripe_key',
    hint: /[srp]k_(?:live|test)_/,
    regex: /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}/g,
  },
  { kind: 'google_api_key', hint: /AIza/, regex: /\bAIza[0-9A-Za-z_-]{35}/g },
  { kind: 'npm_token', hint: /npm_/, regex: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'huggingface_token', hint: /hf_/, regex: /\bhf_[A-Za-z0-9]{30,}\b/g },
  {
    kind: 'jwt',
    hint: /eyJ/,
    regex: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
  {
    kind: 'url_password',
    hint: /:\/\/\S*@/,
    // scheme://user:password@host — only the password is replaced.
    regex: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]{1,256})@/gi,
    group: 1,
  },
  { kind: 'bearer_token', hint: /[Bb]earer\s/, regex: /\b[Bb]earer\s+([A-Za-z0-9._~+/-]{16,}=*)/g, group: 1 },
  {
    kind: 'assigned_secret',
    hint: /(?:key|secret|token|passwd|password|pwd|credentials?)"?\s*[:=]/i,
    // KEY=value, KEY: value, "key": "value" where the name says it holds a secret.
    regex:
      /(?:\b|")((?:[A-Za-z0-9]+[_-])*(?:api[_-]?key|secret(?:[_-]?key)?|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token|access[_-]?token|refresh[_-]?token|token|password|passwd|pwd|credentials?))"?\s*[:=]\s*("?)([^\s"',;]{6,})\2/gi,
    group: 3,
  },
];
