/**
 * The `llm` use cases behind the MCP tool and `deja llm`: list, test, generate, chat,
 * configure. Every output describes the configuration with the key masked.
 */
import { z } from 'zod';
import { UserError } from '../../core/errors.js';
import { describeLlmConfig, LLM_PRESETS, type LlmPreset } from '../../llm/config.js';
import { createLlm } from '../../llm/create-llm.js';
import type { Llm, LlmMessage, LlmResult, LlmTestResult } from '../../llm/llm.js';
import type { AppDeps } from '../deps.js';
import { type ConfigureLlmResult, configureLlm } from './configure-llm.js';

export const LLM_ACTIONS = ['list', 'test', 'generate', 'chat', 'configure'] as const;
const PROVIDER_CHOICES = ['none', ...Object.keys(LLM_PRESETS)] as [string, ...string[]];
const MAX_TEXT = 200_000;

export const llmMessageSchema = z
  .object({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(MAX_TEXT) })
  .strict();

export const llmInput = z
  .object({
    action: z.enum(LLM_ACTIONS).describe('list | test | generate | chat | configure'),
    prompt: z.string().min(1).max(MAX_TEXT).optional().describe('generate: the prompt'),
    messages: z.array(llmMessageSchema).min(1).max(500).optional().describe('chat: [{role, content}, ...]'),
    system: z.string().max(MAX_TEXT).optional().describe('generate/chat: system prompt'),
    max_tokens: z.number().int().min(1).max(200_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    timeout_ms: z.number().int().min(100).max(600_000).optional(),
    provider: z
      .enum(PROVIDER_CHOICES)
      .optional()
      .describe('configure: none, openai, anthropic, ollama, lmstudio, vllm'),
    base_url: z.string().max(2000).optional().describe('configure'),
    model: z.string().max(500).optional().describe('configure'),
    api_key: z
      .string()
      .max(10_000)
      .optional()
      .describe('configure: stored in DEJA_HOME/config.toml (mode 0600) only when given; "" removes it'),
    summarised_handoffs: z
      .boolean()
      .optional()
      .describe('configure: LLM summary at the top of each hand-off'),
  })
  .strict();

export type LlmInput = z.infer<typeof llmInput>;

export interface LlmListResult {
  configured: Record<string, unknown>;
  summarised_handoffs: boolean;
  presets: { name: string; provider: string; base_url: string; note: string; configured: boolean }[];
  env: string[];
}

/** The configured LLM, or a user error saying how to configure one. */
export function requireLlm(deps: AppDeps): Llm {
  const llm = deps.llm === undefined ? createLlm(deps.config.llm) : deps.llm;
  if (!llm) {
    throw new UserError(
      'llm.provider',
      'no LLM is configured (provider "none")',
      'run `deja llm configure --provider ollama --model llama3.2` (or the llm tool with action "configure"), or set DEJA_LLM, DEJA_LLM_URL and DEJA_LLM_MODEL',
    );
  }
  return llm;
}

export function listLlm(deps: AppDeps, env: NodeJS.ProcessEnv = process.env): LlmListResult {
  const config = deps.config.llm;
  const active = config.provider === 'none' ? null : config;
  return {
    configured: describeLlmConfig(config),
    summarised_handoffs: deps.config.session.summarisedHandoffs,
    presets: (Object.entries(LLM_PRESETS) as [LlmPreset, (typeof LLM_PRESETS)[LlmPreset]][]).map(
      ([name, preset]) => ({
        name,
        provider: preset.provider,
        base_url: preset.baseUrl,
        note: preset.note,
        configured: active?.preset === name,
      }),
    ),
    env: ['DEJA_LLM', 'DEJA_LLM_URL', 'DEJA_LLM_MODEL', 'DEJA_LLM_API_KEY', 'DEJA_LLM_TIMEOUT_MS'].filter(
      (name) => env[name],
    ),
  };
}

export function testLlm(deps: AppDeps): Promise<LlmTestResult> {
  return requireLlm(deps).test();
}

export function generateLlm(deps: AppDeps, input: LlmInput): Promise<LlmResult> {
  if (!input.prompt) throw new UserError('prompt', 'is required for action "generate"');
  return requireLlm(deps).generate(input.prompt, callOptions(input));
}

export function chatLlm(deps: AppDeps, input: LlmInput): Promise<LlmResult> {
  if (!input.messages?.length)
    throw new UserError('messages', 'is required for action "chat" (a list of {role, content})');
  return requireLlm(deps).chat(input.messages as LlmMessage[], callOptions(input));
}

export function configureFromInput(deps: AppDeps, input: LlmInput): ConfigureLlmResult {
  const given =
    input.provider !== undefined ||
    input.base_url !== undefined ||
    input.model !== undefined ||
    input.api_key !== undefined ||
    input.timeout_ms !== undefined ||
    input.max_tokens !== undefined ||
    input.summarised_handoffs !== undefined;
  if (!given)
    throw new UserError(
      'provider',
      'configure needs at least one setting (provider, base_url, model, api_key, summarised_handoffs)',
    );
  return configureLlm(deps, {
    ...(input.provider === undefined ? {} : { provider: input.provider }),
    ...(input.base_url === undefined ? {} : { baseUrl: input.base_url }),
    ...(input.model === undefined ? {} : { model: input.model }),
    ...(input.api_key === undefined ? {} : { apiKey: input.api_key }),
    ...(input.timeout_ms === undefined ? {} : { timeoutMs: input.timeout_ms }),
    ...(input.max_tokens === undefined ? {} : { maxTokens: input.max_tokens }),
    ...(input.summarised_handoffs === undefined ? {} : { summarisedHandoffs: input.summarised_handoffs }),
  });
}

function callOptions(input: LlmInput) {
  return {
    ...(input.system === undefined ? {} : { system: input.system }),
    ...(input.max_tokens === undefined ? {} : { maxTokens: input.max_tokens }),
    ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
    ...(input.timeout_ms === undefined ? {} : { timeoutMs: input.timeout_ms }),
  };
}

/** Human lines for `list`. */
export function formatLlmList(list: LlmListResult): string {
  const c = list.configured;
  const lines = [
    c.provider === 'none'
      ? 'LLM: none configured (deja works without one).'
      : `LLM: ${c.preset} (${c.provider}) ${c.model} at ${c.baseUrl}; API key: ${c.apiKey ? `set (from ${c.apiKeySource})` : 'not set'}`,
    `Summarised hand-offs: ${list.summarised_handoffs ? 'on' : 'off'}`,
    '',
    'Providers:',
    ...list.presets.map(
      (p) => `  ${p.configured ? '*' : ' '} ${p.name.padEnd(10)} ${p.base_url.padEnd(28)} ${p.note}`,
    ),
  ];
  if (list.env.length) lines.push('', `From the environment: ${list.env.join(', ')}`);
  return lines.join('\n');
}

export function formatLlmTest(result: LlmTestResult): string {
  return result.ok
    ? `ok: ${result.provider} ${result.model} at ${result.baseUrl} answered in ${result.latencyMs} ms`
    : `failed after ${result.latencyMs} ms: ${result.error}`;
}

export function formatConfigure(result: ConfigureLlmResult): string {
  const e = result.effective;
  return [
    `Wrote the LLM settings to ${result.path}.`,
    `In effect: ${e.provider === 'none' ? 'no LLM' : `${e.preset} ${e.model} at ${e.baseUrl}, API key ${e.apiKey ? `set (from ${e.apiKeySource})` : 'not set'}`}; summarised hand-offs ${e.summarisedHandoffs ? 'on' : 'off'}.`,
    ...result.notes,
  ].join('\n');
}
