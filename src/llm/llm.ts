/**
 * The Llm port: text generation through a remote or local model server. Optional:
 * deja works without one, and uses one only where the user turns it on (summarised
 * hand-offs) or calls it explicitly (`llm` tool, `deja llm`). Implementations: any
 * OpenAI-compatible chat-completions endpoint (`openai-compatible.ts`: OpenAI, Ollama,
 * LM Studio, vLLM) and the Anthropic messages API (`anthropic.ts`). Their SDKs are
 * imported on the first request, so creating an Llm loads and contacts nothing.
 */
import { UserError } from '../core/errors.js';

export type LlmRole = 'system' | 'user' | 'assistant';

export interface LlmMessage {
  role: LlmRole;
  content: string;
}

export interface LlmOptions {
  /** Upper bound on the reply's length, in tokens (default: `llm.maxTokens`). */
  maxTokens?: number;
  temperature?: number;
  /** A system prompt, before the messages. */
  system?: string;
  /** Deadline for the whole call, retry included (default: `llm.timeoutMs`). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface LlmResult {
  text: string;
  /** The model that answered, as the server names it. */
  model: string;
  provider: LlmProviderName;
  finishReason: string | null;
  usage: { inputTokens: number | null; outputTokens: number | null } | null;
  latencyMs: number;
}

export interface LlmTestResult {
  ok: boolean;
  latencyMs: number;
  model: string;
  provider: LlmProviderName;
  /** The base URL, a password in it masked. */
  baseUrl: string;
  reply?: string;
  error?: string;
}

export type LlmProviderName = 'openai' | 'anthropic';

export interface Llm {
  readonly provider: LlmProviderName;
  readonly model: string;
  /** The base URL with any password masked: safe to print. */
  readonly baseUrl: string;
  generate(prompt: string, options?: LlmOptions): Promise<LlmResult>;
  chat(messages: readonly LlmMessage[], options?: LlmOptions): Promise<LlmResult>;
  /** One tiny request: is the server reachable, is the key accepted, does the model answer? Never throws. */
  test(): Promise<LlmTestResult>;
}

export type LlmFailure =
  | 'auth'
  | 'unreachable'
  | 'timeout'
  | 'rate_limit'
  | 'server'
  | 'request'
  | 'response';

/**
 * A failed LLM request. The message names the provider, the URL (password masked), the
 * HTTP status and the server's own words, and never contains the API key. A user
 * error: faces print it (exit code 1, `isError` result) instead of an internal error.
 */
export class LlmRequestError extends UserError {
  readonly kind: LlmFailure;
  readonly status: number | null;

  constructor(kind: LlmFailure, status: number | null, message: string) {
    super(null, message);
    this.name = 'LlmRequestError';
    this.message = message;
    this.kind = kind;
    this.status = status;
  }
}
