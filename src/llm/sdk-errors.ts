/**
 * Turns an error of the `openai` or `@anthropic-ai/sdk` client (both Stainless SDKs with
 * the same error classes) into an LlmRequestError whose message says what failed in
 * words a user can act on, with every secret scrubbed out.
 */
import { redactString } from '../core/redact/redact-secrets.js';
import { type LlmFailure, type LlmProviderName, LlmRequestError } from './llm.js';

/** The error classes every Stainless SDK exports. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined; error?: unknown };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
}

export interface ErrorContext {
  provider: LlmProviderName;
  /** Printable URL (password masked). */
  url: string;
  timeoutMs: number;
  /** True when our own deadline fired (the SDK then reports a user abort). */
  deadlinePassed: boolean;
  secrets: readonly string[];
}

export function toLlmError(error: unknown, sdk: SdkErrorClasses, ctx: ErrorContext): LlmRequestError {
  if (error instanceof LlmRequestError) return error;
  const fail = (kind: LlmFailure, status: number | null, detail: string) =>
    new LlmRequestError(
      kind,
      status,
      scrub(`${label(ctx.provider)} request to ${ctx.url} failed: ${detail}`, ctx.secrets),
    );
  if (
    error instanceof sdk.APIUserAbortError ||
    error instanceof sdk.APIConnectionTimeoutError ||
    ctx.deadlinePassed
  ) {
    return fail('timeout', null, `timed out after ${ctx.timeoutMs} ms`);
  }
  if (error instanceof sdk.APIConnectionError) {
    return fail(
      'unreachable',
      null,
      `could not reach the server (${networkMessage(error)}); is it running, and is llm.baseUrl right?`,
    );
  }
  if (error instanceof sdk.APIError && typeof error.status === 'number') {
    const status = error.status;
    const said = serverMessage(error.error, error.message);
    if (status === 401 || status === 403) {
      return fail(
        'auth',
        status,
        `HTTP ${status}: the server refused the credentials (${said}); check DEJA_LLM_API_KEY or llm.apiKey`,
      );
    }
    if (status === 404) {
      return fail('request', status, `HTTP 404: ${said}; check llm.baseUrl and llm.model`);
    }
    if (status === 429)
      return fail('rate_limit', status, `HTTP 429 (rate limited, also after a retry): ${said}`);
    if (status >= 500) return fail('server', status, `HTTP ${status} (also after a retry): ${said}`);
    return fail('request', status, `HTTP ${status}: ${said}`);
  }
  if (error instanceof LlmResponseShapeError) return fail('response', null, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return fail('request', null, message);
}

/** The server answered, but not in the shape of the API. */
export class LlmResponseShapeError extends Error {}

export function label(provider: LlmProviderName): string {
  return provider === 'anthropic' ? 'Anthropic' : 'OpenAI-compatible';
}

/** Removes the given secrets, then anything that looks like a key or token. */
export function scrub(text: string, secrets: readonly string[]): string {
  let safe = text;
  for (const secret of secrets) if (secret) safe = safe.split(secret).join('***');
  return redactString(safe);
}

function serverMessage(body: unknown, fallback: string): string {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (isRecord(body) && typeof body.message === 'string') text = body.message;
  else if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string')
    text = body.error.message;
  else if (body !== undefined && body !== null) text = JSON.stringify(body);
  else text = fallback.replace(/^\d{3}\s+/, '');
  const flat = text.replace(/\s+/g, ' ').trim() || '(empty body)';
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

function networkMessage(error: Error): string {
  let cause: unknown = (error as Error & { cause?: unknown }).cause;
  // fetch wraps the socket error: TypeError("fetch failed") { cause: Error("connect ECONNREFUSED ...") }.
  for (let depth = 0; depth < 3 && cause instanceof Error; depth++) {
    const next = (cause as Error & { cause?: unknown }).cause;
    if (!(next instanceof Error)) break;
    cause = next;
  }
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code)
      ? `${code} ${cause.message}`
      : cause.message;
  }
  return error.message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
