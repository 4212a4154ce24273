/**
 * The `llm` section of deja's configuration: validation (`parseLlmConfig`, errors name
 * `llm.<field>` and never echo a key), provider presets, and a printable description
 * with the key masked.
 *
 * ```toml
 * [llm]
 * provider = "openai"            # or "anthropic", "none"; aliases "ollama", "lmstudio", "vllm"
 * baseUrl = "http://127.0.0.1:11434/v1"
 * model = "llama3.2"
 * # apiKey = "..."               # better: DEJA_LLM_API_KEY in the environment
 * ```
 */
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { describeIssue } from '../core/validation.js';
import type { LlmProviderName } from './llm.js';

export const LLM_PROVIDERS = ['none', 'openai', 'anthropic'] as const;

/** Presets: a provider name and the base URL it gets when `baseUrl` is not set. */
export const LLM_PRESETS = {
  openai: { provider: 'openai', baseUrl: 'https://api.openai.com/v1', note: 'OpenAI (needs an API key)' },
  ollama: { provider: 'openai', baseUrl: 'http://127.0.0.1:11434/v1', note: 'Ollama, local' },
  lmstudio: { provider: 'openai', baseUrl: 'http://127.0.0.1:1234/v1', note: 'LM Studio, local' },
  vllm: { provider: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', note: 'vLLM, local' },
  anthropic: {
    provider: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    note: 'Anthropic (needs an API key)',
  },
} as const satisfies Record<string, { provider: LlmProviderName; baseUrl: string; note: string }>;

export type LlmPreset = keyof typeof LLM_PRESETS;
const PROVIDER_NAMES = ['none', ...Object.keys(LLM_PRESETS)] as readonly string[];

export const DEFAULT_LLM_TIMEOUT_MS = 60_000;
export const DEFAULT_LLM_MAX_TOKENS = 1024;

/** Where the API key came from; the key itself is never shown. */
export type LlmKeySource = 'DEJA_LLM_API_KEY' | 'config file' | 'OPENAI_API_KEY' | 'ANTHROPIC_API_KEY';

export type LlmConfig =
  | { provider: 'none' }
  | {
      provider: LlmProviderName;
      /** The preset the provider was named by ("ollama", "openai", ...). */
      preset: LlmPreset;
      baseUrl: string;
      model: string;
      apiKey?: string;
      apiKeySource?: LlmKeySource;
      timeoutMs: number;
      maxTokens: number;
    };

export type ActiveLlmConfig = Exclude<LlmConfig, { provider: 'none' }>;

const httpUrl = z
  .string()
  .trim()
  .refine(isHttpUrl, { error: 'must be an http(s) URL, e.g. http://127.0.0.1:11434/v1' });

const activeSchema = z
  .object({
    provider: z.string(),
    baseUrl: httpUrl.optional(),
    model: z.string().trim().min(1),
    apiKey: z.string().optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    maxTokens: z.number().int().min(1).max(200_000).optional(),
  })
  .strict();

/** Bad LLM configuration; the message lists every problem as `llm.<field>: <rule>`. */
export class LlmConfigError extends UserError {
  constructor(problems: readonly { field: string; rule: string }[]) {
    const first = problems[0] ?? { field: 'llm', rule: 'is invalid' };
    super(first.field, first.rule);
    this.name = 'LlmConfigError';
    this.message = problems.map((problem) => `${problem.field}: ${problem.rule}`).join('; ');
  }
}

/**
 * Validates the `llm` section. `undefined`/`null`, `{}` and "none" mean no LLM. An empty
 * `apiKey` means none. The standard OPENAI_API_KEY / ANTHROPIC_API_KEY are used only
 * when no key is configured and the base URL is that vendor's own API, so a vendor key
 * is never sent to another server.
 */
export function parseLlmConfig(raw: unknown, env: NodeJS.ProcessEnv = {}): LlmConfig {
  if (raw === undefined || raw === null || raw === 'none') return { provider: 'none' };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new LlmConfigError([
      { field: 'llm', rule: 'must be an object with a "provider" field, or "none"' },
    ]);
  }
  const record = raw as Record<string, unknown>;
  if (Object.keys(record).length === 0) return { provider: 'none' };
  const provider = record.provider;
  // Other fields may linger from a lower layer (DEJA_LLM=none over a file): they are ignored.
  if (provider === 'none') return { provider: 'none' };
  if (typeof provider !== 'string' || !PROVIDER_NAMES.includes(provider)) {
    const sent = provider === undefined ? '' : ` (you sent ${JSON.stringify(provider)})`;
    throw new LlmConfigError([
      {
        field: 'llm.provider',
        rule: `must be one of ${PROVIDER_NAMES.map((p) => `"${p}"`).join(', ')}${sent}`,
      },
    ]);
  }
  const result = activeSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new LlmConfigError(
      result.error.issues.map((issue) => {
        const field = ['llm', ...issue.path.map(String)].join('.');
        if (issue.code === 'custom') return { field, rule: issue.message };
        // Never echo a secret back, whatever was wrong with it.
        if (issue.path[0] === 'apiKey') return { field, rule: 'must be a string (value not shown)' };
        return { field, rule: describeIssue(issue) };
      }),
    );
  }
  const preset = provider as LlmPreset;
  const { provider: name, baseUrl: defaultUrl } = LLM_PRESETS[preset];
  const data = result.data;
  let baseUrl = (data.baseUrl ?? defaultUrl).replace(/\/+$/, '');
  // The Anthropic SDK adds /v1 itself.
  if (name === 'anthropic') baseUrl = baseUrl.replace(/\/v1$/, '');
  const config: ActiveLlmConfig = {
    provider: name,
    preset,
    baseUrl,
    model: data.model,
    timeoutMs: data.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
    maxTokens: data.maxTokens ?? DEFAULT_LLM_MAX_TOKENS,
  };
  const key = data.apiKey?.trim();
  if (key) {
    config.apiKey = key;
    config.apiKeySource = env.DEJA_LLM_API_KEY?.trim() === key ? 'DEJA_LLM_API_KEY' : 'config file';
  } else {
    const host = hostOf(baseUrl);
    if (name === 'openai' && host === 'api.openai.com' && env.OPENAI_API_KEY?.trim()) {
      config.apiKey = env.OPENAI_API_KEY.trim();
      config.apiKeySource = 'OPENAI_API_KEY';
    } else if (name === 'anthropic' && host === 'api.anthropic.com' && env.ANTHROPIC_API_KEY?.trim()) {
      config.apiKey = env.ANTHROPIC_API_KEY.trim();
      config.apiKeySource = 'ANTHROPIC_API_KEY';
    }
  }
  return config;
}

/** DEJA_LLM, DEJA_LLM_URL, DEJA_LLM_MODEL, DEJA_LLM_API_KEY, DEJA_LLM_TIMEOUT_MS (each merges into the file's `llm`). */
export function llmFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> | null {
  const llm: Record<string, unknown> = {};
  if (env.DEJA_LLM) llm.provider = env.DEJA_LLM;
  if (env.DEJA_LLM_URL) llm.baseUrl = env.DEJA_LLM_URL;
  if (env.DEJA_LLM_MODEL) llm.model = env.DEJA_LLM_MODEL;
  if (env.DEJA_LLM_API_KEY) llm.apiKey = env.DEJA_LLM_API_KEY;
  if (env.DEJA_LLM_TIMEOUT_MS) llm.timeoutMs = Number(env.DEJA_LLM_TIMEOUT_MS);
  return Object.keys(llm).length > 0 ? llm : null;
}

/** What the configuration names, safe to print: never the key (only whether one is set, and from where). */
export function describeLlmConfig(config: LlmConfig): Record<string, unknown> {
  if (config.provider === 'none') return { provider: 'none' };
  return {
    provider: config.provider,
    preset: config.preset,
    baseUrl: safeUrl(config.baseUrl),
    model: config.model,
    apiKey: config.apiKey ? '***' : null,
    apiKeySource: config.apiKeySource ?? null,
    timeoutMs: config.timeoutMs,
    maxTokens: config.maxTokens,
  };
}

/** The URL with a user:password@ part masked. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
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
