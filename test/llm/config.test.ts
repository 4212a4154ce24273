/** The `llm` configuration: validation naming `llm.<field>`, env layering, key fallbacks, and `configure`. */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configureLlm } from '../../src/app/llm/configure-llm.js';
import { listLlm } from '../../src/app/llm/llm-actions.js';
import { loadConfig } from '../../src/config.js';
import { describeLlmConfig, parseLlmConfig } from '../../src/llm/config.js';
import { tempHome } from '../support/git-repo.js';
import { testDeps } from '../support/in-memory.js';

const KEY = 'sk-config-secret-1234567890';

describe('parseLlmConfig', () => {
  it('means none without a section, for {} and for "none"', () => {
    expect(parseLlmConfig(undefined)).toEqual({ provider: 'none' });
    expect(parseLlmConfig({})).toEqual({ provider: 'none' });
    expect(parseLlmConfig('none')).toEqual({ provider: 'none' });
    expect(parseLlmConfig({ provider: 'none', model: 'left over' })).toEqual({ provider: 'none' });
  });

  it('fills the base URL of a preset and trims /v1 for Anthropic', () => {
    expect(parseLlmConfig({ provider: 'ollama', model: 'llama3.2' })).toMatchObject({
      provider: 'openai',
      preset: 'ollama',
      baseUrl: 'http://127.0.0.1:11434/v1',
      timeoutMs: 60_000,
    });
    expect(
      parseLlmConfig({ provider: 'anthropic', baseUrl: 'https://api.anthropic.com/v1/', model: 'claude' }),
    ).toMatchObject({ provider: 'anthropic', baseUrl: 'https://api.anthropic.com' });
  });

  it('names the field and the rule, and never echoes the key', () => {
    expect(() => parseLlmConfig({ provider: 'gpt' })).toThrow(
      /llm\.provider: must be one of .*"openai".*"gpt"/,
    );
    expect(() => parseLlmConfig({ provider: 'openai' })).toThrow(/llm\.model: is required/);
    expect(() => parseLlmConfig({ provider: 'openai', model: 'm', baseUrl: 'localhost:11434' })).toThrow(
      /llm\.baseUrl: must be an http\(s\) URL/,
    );
    expect(() => parseLlmConfig({ provider: 'openai', model: 'm', timeoutMs: 5 })).toThrow(/llm\.timeoutMs/);
    expect(() => parseLlmConfig({ provider: 'openai', model: 'm', colour: 'red' })).toThrow(
      /llm: has unknown field colour/,
    );
    let message = '';
    try {
      parseLlmConfig({ provider: 'openai', model: 'm', apiKey: 12345678901234 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('llm.apiKey: must be a string (value not shown)');
    expect(message).not.toContain('12345678901234');
  });

  it('uses OPENAI_API_KEY / ANTHROPIC_API_KEY only for the vendor own API', () => {
    const env = { OPENAI_API_KEY: 'sk-openai', ANTHROPIC_API_KEY: 'sk-ant' };
    expect(parseLlmConfig({ provider: 'openai', model: 'gpt' }, env)).toMatchObject({
      apiKey: 'sk-openai',
      apiKeySource: 'OPENAI_API_KEY',
    });
    expect(parseLlmConfig({ provider: 'anthropic', model: 'claude' }, env)).toMatchObject({
      apiKey: 'sk-ant',
      apiKeySource: 'ANTHROPIC_API_KEY',
    });
    expect(parseLlmConfig({ provider: 'ollama', model: 'llama' }, env)).not.toHaveProperty('apiKey');
    expect(parseLlmConfig({ provider: 'openai', model: 'm', apiKey: 'mine' }, env)).toMatchObject({
      apiKey: 'mine',
      apiKeySource: 'config file',
    });
  });

  it('describes the configuration with the key masked', () => {
    const described = describeLlmConfig(parseLlmConfig({ provider: 'openai', model: 'm', apiKey: KEY }));
    expect(described).toMatchObject({ apiKey: '***', apiKeySource: 'config file' });
    expect(JSON.stringify(described)).not.toContain(KEY);
  });
});

describe('loadConfig with llm', () => {
  it('is none by default, with summarised hand-offs off', () => {
    const config = loadConfig({ env: { DEJA_HOME: tempHome() } });
    expect(config.llm).toEqual({ provider: 'none' });
    expect(config.session.summarisedHandoffs).toBe(false);
  });

  it('layers DEJA_LLM* over the file, field by field', () => {
    const home = tempHome();
    writeFileSync(
      join(home, 'config.toml'),
      '[llm]\nprovider = "ollama"\nmodel = "llama3.2"\n\n[session]\nsummarisedHandoffs = true\n',
    );
    const config = loadConfig({
      env: { DEJA_HOME: home, DEJA_LLM_MODEL: 'qwen2.5', DEJA_LLM_API_KEY: KEY, DEJA_LLM_TIMEOUT_MS: '2000' },
    });
    expect(config.llm).toMatchObject({
      provider: 'openai',
      preset: 'ollama',
      model: 'qwen2.5',
      apiKey: KEY,
      apiKeySource: 'DEJA_LLM_API_KEY',
      timeoutMs: 2000,
    });
    expect(config.session.summarisedHandoffs).toBe(true);
    const off = loadConfig({ env: { DEJA_HOME: home, DEJA_LLM: 'none', DEJA_SUMMARISED_HANDOFFS: 'off' } });
    expect(off.llm).toEqual({ provider: 'none' });
    expect(off.session.summarisedHandoffs).toBe(false);
    expect(() => loadConfig({ env: { DEJA_HOME: home, DEJA_LLM: 'bard' } })).toThrow(/llm\.provider/);
  });
});

describe('configure', () => {
  let deps: ReturnType<typeof testDeps> | null = null;
  afterEach(async () => {
    await deps?.store.close();
    deps = null;
  });

  it('writes [llm] without a key, keeping the rest of the file and its comments', () => {
    const home = tempHome();
    mkdirSync(home, { recursive: true });
    writeFileSync(
      join(home, 'config.toml'),
      '# my settings\ntools = "standard"\n\n[session]\n# keep me\nautoStart = false\n',
    );
    deps = testDeps(home);
    const result = configureLlm(
      deps,
      { provider: 'ollama', model: 'llama3.2', summarisedHandoffs: true },
      {},
    );
    const text = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(text).toContain('# my settings');
    expect(text).toContain('# keep me');
    expect(text).toContain('[llm]\nprovider = "ollama"\nmodel = "llama3.2"\n');
    expect(text).toContain('summarisedHandoffs = true');
    expect(text).not.toContain('apiKey');
    expect(result.keyWritten).toBe(false);
    const config = loadConfig({ env: { DEJA_HOME: home } });
    expect(config.llm).toMatchObject({ provider: 'openai', preset: 'ollama', model: 'llama3.2' });
    expect(config.session).toMatchObject({ summarisedHandoffs: true, autoStart: false });
    // The running process uses it from now on.
    expect(deps.config.llm).toMatchObject({ model: 'llama3.2' });
    expect(deps.llm?.model).toBe('llama3.2');
    expect(listLlm(deps, {}).configured).toMatchObject({ preset: 'ollama', apiKey: null });
  });

  it('writes the key only when given, into a 0600 file, says so, and never returns it', () => {
    const home = tempHome();
    deps = testDeps(home);
    const result = configureLlm(deps, { provider: 'anthropic', model: 'claude-test', apiKey: KEY }, {});
    const path = join(home, 'config.toml');
    expect(readFileSync(path, 'utf8')).toContain(`apiKey = "${KEY}"`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(result.keyWritten).toBe(true);
    expect(result.notes.join(' ')).toMatch(/API key was written to .*config\.toml \(file mode 0600/);
    expect(JSON.stringify(result)).not.toContain(KEY);
    // Changing the model keeps the key; changing the provider drops it.
    configureLlm(deps, { model: 'claude-other' }, {});
    expect(readFileSync(path, 'utf8')).toContain(`apiKey = "${KEY}"`);
    const moved = configureLlm(deps, { provider: 'ollama', model: 'llama3.2' }, {});
    expect(readFileSync(path, 'utf8')).not.toContain(KEY);
    expect(moved.keyRemoved).toBe(true);
  });

  it('validates before writing, naming llm.<field>', () => {
    const home = tempHome();
    const local = testDeps(home);
    deps = local;
    expect(() => configureLlm(local, { provider: 'openai' }, {})).toThrow(/llm\.model: is required/);
    expect(() => configureLlm(local, { provider: 'openai', model: 'm', baseUrl: 'nope' }, {})).toThrow(
      /llm\.baseUrl/,
    );
    expect(() => readFileSync(join(home, 'config.toml'))).toThrow();
  });

  it('notes environment variables that override the file', () => {
    const home = tempHome();
    deps = testDeps(home);
    const result = configureLlm(
      deps,
      { provider: 'ollama', model: 'llama3.2' },
      { DEJA_HOME: home, DEJA_LLM_MODEL: 'other' },
    );
    expect(result.overriddenBy).toEqual(['DEJA_LLM_MODEL']);
    expect(result.effective).toMatchObject({ model: 'other' });
  });
});
