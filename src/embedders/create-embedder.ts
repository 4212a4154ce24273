/**
 * Embedder configuration: validation (`parseEmbedderConfig`, errors name the field and
 * the rule) and the factory (`createEmbedder`). Creating an embedder loads nothing and
 * contacts nothing; the local model is loaded on the first `embed`.
 */
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { describeIssue } from '../core/validation.js';
import type { Embedder, EmbedderConfig } from './embedder.js';
import { LocalTransformersEmbedder } from './local-transformers.js';
import { OpenAiCompatibleEmbedder } from './openai-compatible.js';

export const EMBEDDER_PROVIDERS = ['none', 'local', 'openai'] as const;

const httpUrl = z
  .string()
  .trim()
  .refine(isHttpUrl, { error: 'must be an http(s) URL, e.g. http://127.0.0.1:11434/v1' });

const optionalInt = (min: number, max: number) => z.number().int().min(min).max(max).optional();

const noneSchema = z.object({ provider: z.literal('none') }).strict();

const localSchema = z
  .object({
    provider: z.literal('local'),
    modelDir: z.string().trim().min(1),
    model: z.string().trim().min(1).optional(),
  })
  .strict();

const openAiSchema = z
  .object({
    provider: z.literal('openai'),
    baseUrl: httpUrl,
    model: z.string().trim().min(1),
    apiKey: z.string().optional(),
    dimensions: optionalInt(1, 65_536),
    batchSize: optionalInt(1, 2048),
    timeoutMs: optionalInt(1, 600_000),
  })
  .strict();

/** The embedder section of deja's configuration, for embedding in a larger schema. */
export const embedderConfigSchema = z.discriminatedUnion('provider', [noneSchema, localSchema, openAiSchema]);

const schemas = { none: noneSchema, local: localSchema, openai: openAiSchema } as const;

/** Bad embedder configuration; the message lists every problem as `embedder.<field>: <rule>`. */
export class EmbedderConfigError extends UserError {
  constructor(problems: readonly { field: string; rule: string }[]) {
    const first = problems[0] ?? { field: 'embedder', rule: 'is invalid' };
    super(first.field, first.rule);
    this.name = 'EmbedderConfigError';
    this.message = problems.map((problem) => `${problem.field}: ${problem.rule}`).join('; ');
  }
}

/**
 * Validates the `embedder` section of the configuration. `undefined`/`null` and the
 * string "none" mean no embedder (lexical search only). An empty `apiKey` means none.
 */
export function parseEmbedderConfig(raw: unknown): EmbedderConfig {
  if (raw === undefined || raw === null || raw === 'none') return { provider: 'none' };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new EmbedderConfigError([
      { field: 'embedder', rule: 'must be an object with a "provider" field, or "none"' },
    ]);
  }
  const provider = (raw as Record<string, unknown>).provider;
  if (!EMBEDDER_PROVIDERS.includes(provider as (typeof EMBEDDER_PROVIDERS)[number])) {
    const sent = provider === undefined ? '' : ` (you sent ${JSON.stringify(provider)})`;
    throw new EmbedderConfigError([
      {
        field: 'embedder.provider',
        rule: `must be one of ${EMBEDDER_PROVIDERS.map((p) => `"${p}"`).join(', ')}${sent}`,
      },
    ]);
  }
  const result = schemas[provider as (typeof EMBEDDER_PROVIDERS)[number]].safeParse(raw, {
    reportInput: true,
  });
  if (!result.success) {
    throw new EmbedderConfigError(
      result.error.issues.map((issue) => {
        const field = ['embedder', ...issue.path.map(String)].join('.');
        if (issue.code === 'custom') return { field, rule: issue.message };
        // Never echo a secret back, whatever was wrong with it.
        if (issue.path[0] === 'apiKey') return { field, rule: 'must be a string (value not shown)' };
        return { field, rule: describeIssue(issue) };
      }),
    );
  }
  const config = result.data;
  if (config.provider === 'openai' && config.apiKey !== undefined && config.apiKey.trim() === '') {
    const { apiKey: _empty, ...rest } = config;
    return rest;
  }
  return config;
}

/** The embedder for a configuration, or null for provider "none" (lexical search only). */
export function createEmbedder(config: EmbedderConfig): Embedder | null {
  switch (config.provider) {
    case 'none':
      return null;
    case 'local':
      return new LocalTransformersEmbedder(config);
    case 'openai':
      return new OpenAiCompatibleEmbedder(config);
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
