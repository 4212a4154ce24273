import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { createEmbedder, EmbedderConfigError, parseEmbedderConfig } from './create-embedder.js';
import { LocalTransformersEmbedder } from './local-transformers.js';
import { OpenAiCompatibleEmbedder } from './openai-compatible.js';

function errorOf(raw: unknown): EmbedderConfigError {
  try {
    parseEmbedderConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(EmbedderConfigError);
    return error as EmbedderConfigError;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

describe('parseEmbedderConfig', () => {
  it('accepts the three providers', () => {
    expect(parseEmbedderConfig({ provider: 'none' })).toEqual({ provider: 'none' });
    expect(parseEmbedderConfig({ provider: 'local', modelDir: '/m/all-MiniLM-L6-v2' })).toEqual({
      provider: 'local',
      modelDir: '/m/all-MiniLM-L6-v2',
    });
    const openai = {
      provider: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'nomic-embed-text',
      apiKey: 'sk-test',
      dimensions: 256,
      batchSize: 16,
      timeoutMs: 5000,
    };
    expect(parseEmbedderConfig(openai)).toEqual(openai);
  });

  it('treats a missing section, null and "none" as no embedder', () => {
    expect(parseEmbedderConfig(undefined)).toEqual({ provider: 'none' });
    expect(parseEmbedderConfig(null)).toEqual({ provider: 'none' });
    expect(parseEmbedderConfig('none')).toEqual({ provider: 'none' });
  });

  it('drops an empty API key (no Authorization header is sent)', () => {
    const config = parseEmbedderConfig({
      provider: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      model: 'm',
      apiKey: ' ',
    });
    expect(config).toEqual({ provider: 'openai', baseUrl: 'https://api.openai.com/v1', model: 'm' });
  });

  it('names the field and the rule', () => {
    expect(errorOf({ provider: 'openai', baseUrl: 'ftp://example.com', model: 'm' }).message).toBe(
      'embedder.baseUrl: must be an http(s) URL, e.g. http://127.0.0.1:11434/v1',
    );
    expect(errorOf({ provider: 'openai', baseUrl: 'localhost:11434', model: 'm' }).message).toMatch(
      /^embedder\.baseUrl: must be an http\(s\) URL/,
    );
    expect(errorOf({ provider: 'openai', baseUrl: 'http://x/v1' }).message).toBe(
      'embedder.model: is required (a string)',
    );
    expect(errorOf({ provider: 'openai', baseUrl: 'http://x/v1', model: 'm', batchSize: 0 }).message).toBe(
      'embedder.batchSize: must be at least 1 (you sent 0)',
    );
    expect(
      errorOf({ provider: 'openai', baseUrl: 'http://x/v1', model: 'm', dimensions: 1.5 }).message,
    ).toMatch(/^embedder\.dimensions: must be a int/);
    expect(errorOf({ provider: 'local', modelDir: '' }).message).toBe('embedder.modelDir: must not be empty');
    expect(errorOf({ provider: 'local' }).message).toBe('embedder.modelDir: is required (a string)');
  });

  it('lists every problem, and keeps field and rule for the faces', () => {
    const error = errorOf({ provider: 'openai', baseUrl: 'nope', model: '', timeoutMs: -1 });
    expect(error).toBeInstanceOf(UserError);
    expect(error.field).toBe('embedder.baseUrl');
    expect(error.message).toContain('embedder.baseUrl: must be an http(s) URL');
    expect(error.message).toContain('embedder.model: must not be empty');
    expect(error.message).toContain('embedder.timeoutMs: must be at least 1 (you sent -1)');
  });

  it('rejects unknown providers and unknown fields (typos)', () => {
    expect(errorOf({ provider: 'ollama' }).message).toBe(
      'embedder.provider: must be one of "none", "local", "openai" (you sent "ollama")',
    );
    expect(errorOf({}).message).toBe('embedder.provider: must be one of "none", "local", "openai"');
    expect(errorOf({ provider: 'openai', baseURL: 'http://x/v1', model: 'm' }).message).toContain(
      'embedder: has unknown field baseURL',
    );
    expect(errorOf(42).message).toBe('embedder: must be an object with a "provider" field, or "none"');
    expect(errorOf(['local']).message).toMatch(/^embedder: must be an object/);
  });

  it('never echoes an API key back', () => {
    const error = errorOf({ provider: 'openai', baseUrl: 'http://x/v1', model: 'm', apiKey: 123456789 });
    expect(error.message).toBe('embedder.apiKey: must be a string (value not shown)');
    expect(error.message).not.toContain('123456789');
  });
});

describe('createEmbedder', () => {
  it('returns null for none and loads nothing for the others', () => {
    expect(createEmbedder({ provider: 'none' })).toBeNull();
    const local = createEmbedder({ provider: 'local', modelDir: '/nowhere/all-MiniLM-L6-v2' });
    expect(local).toBeInstanceOf(LocalTransformersEmbedder);
    expect(local?.id).toBe('local:all-MiniLM-L6-v2');
    expect(local?.dimensions).toBe(0);
    const named = createEmbedder({ provider: 'local', modelDir: '/m/x', model: 'Xenova/all-MiniLM-L6-v2' });
    expect(named?.id).toBe('local:all-MiniLM-L6-v2');
  });

  it('gives remote embedders an id per model and requested dimensions', () => {
    const base = { provider: 'openai', baseUrl: 'https://api.openai.com/v1' } as const;
    const small = createEmbedder({ ...base, model: 'text-embedding-3-small' });
    expect(small).toBeInstanceOf(OpenAiCompatibleEmbedder);
    expect(small?.id).toBe('openai:text-embedding-3-small');
    expect(small?.dimensions).toBe(1536);
    const reduced = createEmbedder({ ...base, model: 'text-embedding-3-small', dimensions: 384 });
    expect(reduced?.id).toBe('openai:text-embedding-3-small@384');
    expect(reduced?.dimensions).toBe(384);
    expect(createEmbedder({ ...base, model: 'nomic-embed-text:latest' })?.dimensions).toBe(768);
    expect(createEmbedder({ ...base, model: 'some-new-model' })?.dimensions).toBe(0);
  });
});
