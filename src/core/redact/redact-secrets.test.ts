import { describe, expect, it } from 'vitest';
import { isSecretKeyName, redactDeep, redactString, redactText } from './redact-secrets.js';

// Fake credentials assembled at run time so the source holds no secret-shaped literal.
const repeat = (s: string, n: number) => s.repeat(n);
const OPENAI = `sk-${repeat('aB3dE5fG7h', 4)}`;
const OPENAI_PROJ = `sk-proj-${repeat('Zx9Yw8Vu7T', 5)}`;
const ANTHROPIC = `sk-ant-api03-${repeat('Qr5St6Uv7W', 6)}`;
const GITHUB = `ghp_${repeat('A1b2C3d4E5', 4)}`;
const GITHUB_PAT = `github_pat_${repeat('11AAbbCCdd', 4)}`;
const AWS = `AKIA${repeat('IOSFODNN7E', 1)}XAMPLE`;
const SLACK = `xoxb-${repeat('1234567890', 2)}-abcdefABCDEF`;
const STRIPE = `sk_live_${repeat('4eC39HqLyj', 3)}`;
const GOOGLE = `AIza${repeat('SyD-9tSrke', 3)}72Pnj`;
const NPM = `npm_${repeat('a1B2c3D4e5', 3)}F6g7H8`;
const JWT = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${repeat('dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 1)}`;
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA75',
  'abcdef',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

interface Case {
  readonly name: string;
  readonly input: string;
  readonly expected: string;
}

const secretCases: Case[] = [
  { name: 'openai key', input: `key ${OPENAI} here`, expected: 'key [REDACTED:openai_key] here' },
  { name: 'openai project key', input: OPENAI_PROJ, expected: '[REDACTED:openai_key]' },
  { name: 'anthropic key', input: `use ${ANTHROPIC}`, expected: 'use [REDACTED:anthropic_key]' },
  { name: 'github classic token', input: `token=${GITHUB}`, expected: 'token=[REDACTED:github_token]' },
  { name: 'github fine-grained token', input: GITHUB_PAT, expected: '[REDACTED:github_token]' },
  { name: 'aws access key id', input: `id ${AWS}.`, expected: 'id [REDACTED:aws_access_key].' },
  { name: 'slack bot token', input: SLACK, expected: '[REDACTED:slack_token]' },
  { name: 'stripe live key', input: `"${STRIPE}"`, expected: '"[REDACTED:stripe_key]"' },
  { name: 'google api key', input: GOOGLE, expected: '[REDACTED:google_api_key]' },
  {
    name: 'npm token',
    input: `//registry/:_authToken ${NPM}`,
    expected: '//registry/:_authToken [REDACTED:npm_token]',
  },
  { name: 'jwt', input: `jwt ${JWT} end`, expected: 'jwt [REDACTED:jwt] end' },
  {
    name: 'pem private key',
    input: `before\n${PEM}\nafter`,
    expected: 'before\n[REDACTED:private_key]\nafter',
  },
  {
    name: 'truncated pem private key',
    input: 'x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg',
    expected: 'x [REDACTED:private_key]',
  },
  {
    name: 'password in postgres url',
    input: 'postgres://app:s3cr3t-pw@db:5432/prod',
    expected: 'postgres://app:[REDACTED:url_password]@db:5432/prod',
  },
  {
    name: 'password in https url',
    input: 'clone https://bob:hunter22@git.internal/repo.git',
    expected: 'clone https://bob:[REDACTED:url_password]@git.internal/repo.git',
  },
  {
    name: 'bearer header',
    input: 'Authorization: Bearer abcdefghijklmnop1234',
    expected: 'Authorization: Bearer [REDACTED:bearer_token]',
  },
  {
    name: 'env api key',
    input: 'export MY_API_KEY=abc123def456',
    expected: 'export MY_API_KEY=[REDACTED:assigned_secret]',
  },
  {
    name: 'env password',
    input: 'DB_PASSWORD=correct-horse',
    expected: 'DB_PASSWORD=[REDACTED:assigned_secret]',
  },
  {
    name: 'env secret quoted',
    input: 'SECRET_KEY="qwerty-uiop"',
    expected: 'SECRET_KEY="[REDACTED:assigned_secret]"',
  },
  {
    name: 'json password field',
    input: '{"password": "hunter2hunter2"}',
    expected: '{"password": "[REDACTED:assigned_secret]"}',
  },
  {
    name: 'yaml client secret',
    input: 'client_secret: 9f8e7d6c5b4a',
    expected: 'client_secret: [REDACTED:assigned_secret]',
  },
  {
    name: 'two secrets on one line',
    input: `a=${OPENAI} b=${GITHUB}`,
    expected: 'a=[REDACTED:openai_key] b=[REDACTED:github_token]',
  },
];

const privateCases: Case[] = [
  { name: 'private span', input: 'keep <private>my salary</private> keep', expected: 'keep [PRIVATE] keep' },
  {
    name: 'multi-line private span',
    input: 'a\n<private>\nline1\nline2\n</private>\nb',
    expected: 'a\n[PRIVATE]\nb',
  },
  {
    name: 'two private spans',
    input: '<private>x</private> and <PRIVATE>y</PRIVATE>',
    expected: '[PRIVATE] and [PRIVATE]',
  },
  { name: 'mixed-case private span', input: 'a <Private>b</pRIVATE> c', expected: 'a [PRIVATE] c' },
  {
    name: 'unclosed private span hides the rest',
    input: 'ok <private>never stored',
    expected: 'ok [PRIVATE]',
  },
];

const nearMisses: string[] = [
  'commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it',
  'id 550e8400-e29b-41d4-a716-446655440000',
  'the token budget is 1500 tokens',
  'max_tokens: 4096',
  'max_tokens=4096',
  'src/auth/token-refresh.ts and src/password/reset.ts',
  'sk-1 is a short name',
  'Bearer short',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell variable reference, not a template
  'PASSWORD=${DB_PASSWORD}',
  'API_KEY=<your-key-here>',
  'password: required',
  'https://example.com:8080/path?q=1',
  'git@github.com:org/repo.git',
  'import { tokenize } from "./tokens.js"',
  'const passwordLength = 12;',
  'task-ant-colony is not a key',
  'eyJ alone is not a jwt',
  'secret sauce is love',
];

describe('redactText', () => {
  it.each(secretCases)('redacts $name', ({ input, expected }) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each(privateCases)('removes $name', ({ input, expected }) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each(nearMisses)('leaves near-miss untouched: %s', (input) => {
    expect(redactString(input)).toBe(input);
  });

  it.each([...secretCases, ...privateCases])('is idempotent for $name', ({ input }) => {
    const once = redactString(input);
    expect(redactString(once)).toBe(once);
  });

  it('reports the kinds it removed', () => {
    const result = redactText(`<private>p</private> ${OPENAI} ${JWT}`);
    expect(result.kinds).toEqual(['private', 'openai_key', 'jwt']);
  });

  it('never lets the secret text through', () => {
    for (const secret of [OPENAI, ANTHROPIC, GITHUB, AWS, SLACK, STRIPE, GOOGLE, NPM, JWT]) {
      expect(redactString(`prefix ${secret} suffix`)).not.toContain(secret);
    }
  });
});

describe('redactDeep', () => {
  it('redacts strings at any depth and secret-named keys, leaving other values', () => {
    const input = {
      command: `curl -H "Authorization: Bearer ${OPENAI}"`,
      nested: { list: [`token ${GITHUB}`, 42, null, true], apiKey: 'plainvalue99' },
      password: 'hunter2hunter2',
      passwordHint: 'ask Bob',
      tokens: 1500,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell variable reference, not a template
      env: { DB_PASSWORD: '${DB_PASSWORD}' },
    };
    expect(redactDeep(input)).toEqual({
      command: 'curl -H "Authorization: Bearer [REDACTED:openai_key]"',
      nested: {
        list: ['token [REDACTED:github_token]', 42, null, true],
        apiKey: '[REDACTED:assigned_secret]',
      },
      password: '[REDACTED:assigned_secret]',
      passwordHint: 'ask Bob',
      tokens: 1500,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal shell variable reference, not a template
      env: { DB_PASSWORD: '${DB_PASSWORD}' },
    });
  });

  it('does not mutate its input', () => {
    const input = { note: `key ${OPENAI}` };
    redactDeep(input);
    expect(input.note).toContain(OPENAI);
  });

  it.each([
    ['password', true],
    ['apiKey', true],
    ['client_secret', true],
    ['token', true],
    ['tokens', false],
    ['max_tokens', false],
    ['passwordHint', false],
    ['secretary', false],
  ])('isSecretKeyName(%s) is %s', (key, expected) => {
    expect(isSecretKeyName(key)).toBe(expected);
  });
});
