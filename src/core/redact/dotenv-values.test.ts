import { describe, expect, it } from 'vitest';
import { redactString, redactText } from './redact-secrets.js';

describe('.env values', () => {
  it('replaces every value of a block of settings, keeping the names, comments and references', () => {
    const file = [
      '# database',
      'DATABASE_HOST=db.internal',
      'ADMIN_PASS=hunter2hunter2',
      '',
      'export SESSION_SIGNING="k9#Lm2pQ"   # rotate monthly',
      "STRIPE_WEBHOOK='whsec_abcdef123456'",
      'PORT=3000',
      'DEBUG=false',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an .env reference, not a template
      'HOME_URL=${BASE_URL}/home',
      'EMPTY=',
    ].join('\n');
    const { text, kinds } = redactText(file);
    expect(text).toBe(
      [
        '# database',
        'DATABASE_HOST=[REDACTED:env_value]',
        'ADMIN_PASS=[REDACTED:env_value]',
        '',
        'export SESSION_SIGNING="[REDACTED:env_value]"   # rotate monthly',
        "STRIPE_WEBHOOK='[REDACTED:env_value]'",
        'PORT=3000',
        'DEBUG=false',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an .env reference, not a template
        'HOME_URL=${BASE_URL}/home',
        'EMPTY=',
      ].join('\n'),
    );
    expect(kinds.filter((kind) => kind === 'env_value')).toHaveLength(4);
  });

  it('finds a block inside a file tool result with line numbers, and in Windows line endings', () => {
    expect(redactString('     1→APP_SECRET_SAUCE=tomato\n     2→MAIL_PASS=letmein99\n')).toBe(
      '     1→APP_SECRET_SAUCE=[REDACTED:env_value]\n     2→MAIL_PASS=[REDACTED:env_value]\n',
    );
    expect(redactString('A_NAME=alpha\r\nB_NAME=beta\r\n')).toBe(
      'A_NAME=[REDACTED:env_value]\r\nB_NAME=[REDACTED:env_value]\r\n',
    );
  });

  it('leaves a single assignment in prose or code, lower-case names and already redacted values alone', () => {
    for (const text of [
      'Set NODE_ENV=production before you build.',
      'x=1\ny=2',
      'const a = 1;\nconst b = 2;',
      'CI=true\nnpm test',
    ]) {
      expect(redactString(text)).toBe(text);
    }
    const once = redactString('TOKEN_A=abcdef123456\nTOKEN_B=ghijkl789012');
    expect(redactString(once)).toBe(once);
  });

  it('keeps stored text intact around a block (nothing but values changes)', () => {
    const text =
      'Here is my config:\n\nAPI_BASE=https://api.example.test\nREGION=eu-west-1\n\nDoes it look right?';
    expect(redactString(text)).toBe(
      'Here is my config:\n\nAPI_BASE=[REDACTED:env_value]\nREGION=[REDACTED:env_value]\n\nDoes it look right?',
    );
  });
});
