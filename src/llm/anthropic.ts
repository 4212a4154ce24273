/**
 * The Anthropic messages API through `@anthropic-ai/sdk`, imported and built on the
 * first request. The key goes in `x-api-key`; the SDK adds `anthropic-version`. Only
 * the configured key is used: the SDK's own look-ups (ANTHROPIC_API_KEY, auth tokens,
 * profiles on disk) are switched off by always passing an explicit key.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ActiveLlmConfig } from './config.js';
import type { LlmMessage, LlmOptions } from './llm.js';
import { LlmResponseShapeError, type SdkErrorClasses } from './sdk-errors.js';
import { type CallContext, LLM_MAX_RETRIES, type Reply, SdkLlm } from './sdk-llm.js';

export class AnthropicLlm extends SdkLlm {
  readonly provider = 'anthropic' as const;
  #client: Promise<{ client: Anthropic; errors: SdkErrorClasses }> | null = null;

  constructor(config: ActiveLlmConfig) {
    super({ ...config, provider: 'anthropic' });
  }

  #load(): Promise<{ client: Anthropic; errors: SdkErrorClasses }> {
    this.#client ??= import('@anthropic-ai/sdk').then((sdk) => {
      const key = this.config.apiKey;
      const headers: Record<string, string | null> = { Authorization: key ? null : (this.basicAuth ?? null) };
      if (key) headers['x-api-key'] = key;
      const client = new sdk.Anthropic({
        // A string (even empty) keeps the SDK from reading credentials of its own.
        apiKey: key ?? '',
        baseURL: this.endpoint,
        timeout: this.config.timeoutMs,
        maxRetries: LLM_MAX_RETRIES,
        logLevel: 'off',
        defaultHeaders: headers,
      });
      return { client, errors: sdk };
    });
    return this.#client;
  }

  protected async sdkErrors(): Promise<SdkErrorClasses> {
    return (await this.#load()).errors;
  }

  protected async send(
    messages: readonly LlmMessage[],
    system: string | undefined,
    options: LlmOptions,
    call: CallContext,
  ): Promise<Reply> {
    const { client } = await this.#load();
    const response = await client.messages.create(
      {
        model: this.model,
        max_tokens: call.maxTokens,
        messages: messages.map((m) => ({
          role: m.role === 'assistant' ? 'assistant' : 'user',
          content: m.content,
        })),
        ...(system ? { system } : {}),
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      },
      { signal: call.signal, timeout: call.timeoutMs },
    );
    if (!Array.isArray(response?.content)) {
      throw new LlmResponseShapeError(
        'the answer has no "content" array (is llm.baseUrl the Anthropic API?)',
      );
    }
    const text = response.content
      .filter((block): block is Extract<typeof block, { type: 'text' }> => block.type === 'text')
      .map((block) => block.text)
      .join('');
    return {
      text: text.trim(),
      model: typeof response.model === 'string' && response.model ? response.model : this.model,
      finishReason: response.stop_reason ?? null,
      usage: response.usage
        ? {
            inputTokens: response.usage.input_tokens ?? null,
            outputTokens: response.usage.output_tokens ?? null,
          }
        : null,
    };
  }
}
