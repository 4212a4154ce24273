import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const home = () => realpathSync(mkdtempSync(join(tmpdir(), 'deja-config-')));

describe('loadConfig', () => {
  it('has working defaults: core tools, lexical search only, system time zone', () => {
    const config = loadConfig({ env: { DEJA_HOME: home() } });
    expect(config.tools).toBe('core');
    expect(config.embedder).toEqual({ provider: 'none' });
    expect(config.timeZone).toBeNull();
    expect(config.transcripts.watchSeconds).toBe(5);
    expect(
      loadConfig({ env: { DEJA_HOME: home(), DEJA_WATCH_TRANSCRIPTS: '0' } }).transcripts.watchSeconds,
    ).toBe(0);
  });

  it('layers defaults < config file < environment < flags', () => {
    const dir = home();
    writeFileSync(
      join(dir, 'config.toml'),
      'tools = "standard"\nlogLevel = "debug"\n[session]\nmaxDurationHours = 2\n',
    );
    const config = loadConfig({
      env: { DEJA_HOME: dir, DEJA_LOG_LEVEL: 'warn', DEJA_TIMEZONE: 'Europe/Berlin' },
      flags: { logLevel: 'error' },
    });
    expect(config).toMatchObject({ tools: 'standard', logLevel: 'error', timeZone: 'Europe/Berlin' });
    expect(config.session.maxDurationHours).toBe(2);
    expect(config.session.checkpointIntervalMinutes).toBe(5);
  });

  it('merges the embedder from the file with a key from the environment', () => {
    const dir = home();
    writeFileSync(
      join(dir, 'config.toml'),
      '[embedder]\nprovider = "openai"\nbaseUrl = "http://127.0.0.1:11434/v1"\nmodel = "nomic-embed-text"\n',
    );
    const config = loadConfig({ env: { DEJA_HOME: dir, DEJA_EMBEDDER_API_KEY: 'k-123' } });
    expect(config.embedder).toEqual({
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'nomic-embed-text',
      apiKey: 'k-123',
    });
  });

  it.each([
    [{ DEJA_EMBEDDER: 'magic' }, /embedder\.provider/],
    [
      { DEJA_EMBEDDER: 'openai', DEJA_EMBEDDER_URL: 'ftp://x', DEJA_EMBEDDER_MODEL: 'm' },
      /embedder\.baseUrl/,
    ],
    [{ DEJA_EMBEDDER: 'local' }, /embedder\.modelDir/],
    [{ DEJA_TIMEZONE: 'Mars/Olympus' }, /time zone/],
    [{ DEJA_TOOLS: 'everything' }, /tools/],
    [{ DEJA_WATCH_TRANSCRIPTS: '-1' }, /transcripts\.watchSeconds/],
    [{ DEJA_WATCH_TRANSCRIPTS: 'often' }, /transcripts\.watchSeconds/],
  ])('names the field of a bad setting: %o', (env, message) => {
    expect(() => loadConfig({ env: { DEJA_HOME: home(), ...env } })).toThrow(message);
  });
});
