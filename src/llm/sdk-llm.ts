/**
 * What both providers share: the deadline (one `AbortSignal` over the whole call, the
 * SDK's single retry included), latency, error mapping, `generate` as a one-message
 * `chat`, and `test`.
 */
import type { ActiveLlmConfig } from './config.js';
import { safeUrl } from './config.js';
import type { Llm, LlmMessage, LlmOptions, LlmProviderName, LlmResult, LlmTestResult } from './llm.js';
import { LlmRequestError } from './llm.js';
import { type SdkErrorClasses, scrub, toLlmError } from './sdk-errors.js';

/** One retry on 429, 5xx and connection errors (the SDKs' own backoff, honouring Retry-After). */
export const LLM_MAX_RETRIES = 1;

export interface CallContext {
  signal: AbortSignal;
  timeoutMs: number;
  maxTokens: number;
}

export type Reply = Omit<LlmResult, 'latencyMs' | 'provider'>;

export abstract class SdkLlm implements Llm {
  abstract readonly provider: LlmProviderName;
  readonly model: string;
  readonly baseUrl: string;
  protected readonly config: ActiveLlmConfig;
  protected readonly secrets: readonly string[];
  /** The base URL without user:password@ (fetch refuses those), for the SDK. */
  protected readonly endpoint: string;
  /** `Basic ...` for a user:password@ in the URL (a proxy in front of the server), when there is no key. */
  protected readonly basicAuth: string | undefined;

  constructor(config: ActiveLlmConfig) {
    this.config = config;
    this.model = config.model;
    this.baseUrl = safeUrl(config.baseUrl);
    const { url, username, password } = splitCredentials(config.baseUrl);
    this.endpoint = url;
    const basic =
      username || password ? Buffer.from(`${username}:${password}`).toString('base64') : undefined;
    this.basicAuth = basic ? `Basic ${basic}` : undefined;
    this.secrets = [config.apiKey, password, basic].filter((s): s is string => Boolean(s));
  }

  /** The SDK's error classes, for mapping its errors (loads the SDK). */
  protected abstract sdkErrors(): Promise<SdkErrorClasses>;

  /** Sends the messages (system messages already folded into `system`). */
  protected abstract send(
    messages: readonly LlmMessage[],
    system: string | undefined,
    options: LlmOptions,
    call: CallContext,
  ): Promise<Reply>;

  generate(prompt: string, options: LlmOptions = {}): Promise<LlmResult> {
    return this.chat([{ role: 'user', content: prompt }], options);
  }

  async chat(messages: readonly LlmMessage[], options: LlmOptions = {}): Promise<LlmResult> {
    if (messages.length === 0) throw new LlmRequestError('request', null, 'no messages to send');
    const systemParts = [
      options.system,
      ...messages.filter((m) => m.role === 'system').map((m) => m.content),
    ];
    const system =
      systemParts.filter((part): part is string => Boolean(part?.trim())).join('\n\n') || undefined;
    const turns = messages.filter((m) => m.role !== 'system');
    if (turns.length === 0)
      throw new LlmRequestError('request', null, 'no user message to answer (only system messages)');
    const timeoutMs = options.timeoutMs ?? this.config.timeoutMs;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const started = performance.now();
    try {
      const reply = await this.send(turns, system, options, {
        signal,
        timeoutMs,
        maxTokens: options.maxTokens ?? this.config.maxTokens,
      });
      return {
        ...reply,
        text: scrub(reply.text, this.secrets),
        provider: this.provider,
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      throw toLlmError(error, await this.sdkErrors(), {
        provider: this.provider,
        url: this.baseUrl,
        timeoutMs,
        deadlinePassed: signal.aborted,
        secrets: this.secrets,
      });
    }
  }

  async test(): Promise<LlmTestResult> {
    const started = performance.now();
    const base = { provider: this.provider, model: this.model, baseUrl: this.baseUrl };
    try {
      const result = await this.generate('Reply with the single word OK.', {
        maxTokens: 16,
        temperature: 0,
        timeoutMs: Math.min(this.config.timeoutMs, 30_000),
      });
      return {
        ...base,
        ok: true,
        latencyMs: result.latencyMs,
        model: result.model || this.model,
        reply: result.text,
      };
    } catch (error) {
      return {
        ...base,
        ok: false,
        latencyMs: Math.round(performance.now() - started),
        error: scrub(error instanceof Error ? error.message : String(error), this.secrets),
      };
    }
  }
}

function splitCredentials(url: string): { url: string; username: string; password: string } {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return { url, username: '', password: '' };
    const username = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    parsed.username = '';
    parsed.password = '';
    return { url: parsed.toString().replace(/\/+$/, ''), username, password };
  } catch {
    return { url, username: '', password: '' };
  }
}
