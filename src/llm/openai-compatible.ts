/**
 * Chat completions from any OpenAI-compatible server through the `openai` client:
 * OpenAI, Ollama (`http://127.0.0.1:11434/v1`), LM Studio, vLLM, llama.cpp server.
 * The client is imported and built on the first request. Only the configured key is
 * sent (never OPENAI_API_KEY read behind our back); without one, no Authorization header.
 */
import type OpenAI from 'openai';
import type { ActiveLlmConfig } from './config.js';
import type { LlmMessage, LlmOptions } from './llm.js';
import { LlmResponseShapeError, type SdkErrorClasses } from './sdk-errors.js';
import { type CallContext, LLM_MAX_RETRIES, type Reply, SdkLlm } from './sdk-llm.js';

export class OpenAiCompatibleLlm extends SdkLlm {
  readonly provider = 'openai' as const;
  #client: Promise<{ client: OpenAI; errors: SdkErrorClasses }> | null = null;

  constructor(config: ActiveLlmConfig) {
    super({ ...config, provider: 'openai' });
  }

  #load(): Promise<{ client: OpenAI; errors: SdkErrorClasses }> {
    this.#client ??= import('openai').then((sdk) => {
      const auth: Record<string, string | null> = {};
      if (!this.config.apiKey) auth.Authorization = this.basicAuth ?? null;
      const client = new sdk.OpenAI({
        // The SDK insists on a key; with none configured the header is removed below.
        apiKey: this.config.apiKey ?? 'no-key',
        adminAPIKey: null,
        organization: null,
        project: null,
        baseURL: this.endpoint,
        timeout: this.config.timeoutMs,
        maxRetries: LLM_MAX_RETRIES,
        logLevel: 'off',
        defaultHeaders: auth,
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
    const all = [...(system ? [{ role: 'system' as const, content: system }] : []), ...messages];
    // OpenAI's own API wants max_completion_tokens (its reasoning models refuse max_tokens);
    // Ollama, LM Studio and vLLM know max_tokens.
    const limit = isOpenAiHost(this.endpoint)
      ? { max_completion_tokens: call.maxTokens }
      : { max_tokens: call.maxTokens };
    const response = await client.chat.completions.create(
      {
        model: this.model,
        messages: all.map((m) => ({ role: m.role, content: m.content })),
        ...limit,
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      },
      { signal: call.signal, timeout: call.timeoutMs },
    );
    const choice = Array.isArray(response?.choices) ? response.choices[0] : undefined;
    const content = choice?.message?.content;
    if (!choice || (typeof content !== 'string' && content !== null && content !== undefined)) {
      throw new LlmResponseShapeError(
        'the answer has no choices[0].message.content (is llm.baseUrl an OpenAI-compatible /v1 URL?)',
      );
    }
    return {
      text: (content ?? '').trim(),
      model: typeof response.model === 'string' && response.model ? response.model : this.model,
      finishReason: choice.finish_reason ?? null,
      usage: response.usage
        ? {
            inputTokens: response.usage.prompt_tokens ?? null,
            outputTokens: response.usage.completion_tokens ?? null,
          }
        : null,
    };
  }
}

function isOpenAiHost(url: string): boolean {
  try {
    return new URL(url).hostname.toLowerCase() === 'api.openai.com';
  } catch {
    return false;
  }
}
