/**
 * Embedder for any OpenAI-compatible `POST {baseUrl}/embeddings` endpoint: OpenAI,
 * Ollama (`http://127.0.0.1:11434/v1`), LM Studio, vLLM, llama.cpp server, LocalAI.
 * Uses the global `fetch` (no SDK): batches the texts, one request at a time, with a
 * timeout per request; re-orders results by `index`, checks dimensions, normalises.
 * Error messages name the URL, the HTTP status and the server's own message, and never
 * contain the API key.
 */
import type { Embedder, OpenAiEmbedderConfig } from './embedder.js';
import { normalize } from './vectors.js';

export const DEFAULT_BATCH_SIZE = 64;
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Native output sizes of common embedding models, so `dimensions` is known before the
 * first request. Keys are model names without an Ollama `:tag`.
 */
const KNOWN_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
  'nomic-embed-text': 768,
  'mxbai-embed-large': 1024,
  'all-minilm': 384,
  'bge-m3': 1024,
};

/** A failed embedding request; `status` is the HTTP status when the server answered. */
export class EmbeddingRequestError extends Error {
  readonly url: string;
  readonly status: number | null;

  constructor(url: string, status: number | null, detail: string) {
    super(`Embedding request to ${url} failed: ${detail}`);
    this.name = 'EmbeddingRequestError';
    this.url = url;
    this.status = status;
  }
}

export class OpenAiCompatibleEmbedder implements Embedder {
  readonly id: string;
  readonly #url: string;
  readonly #model: string;
  readonly #apiKey: string | undefined;
  readonly #basicAuth: string | undefined;
  readonly #secrets: readonly string[];
  readonly #requestedDimensions: number | undefined;
  readonly #batchSize: number;
  readonly #timeoutMs: number;
  #dimensions: number;

  constructor(config: OpenAiEmbedderConfig) {
    const { url, username, password } = splitCredentials(`${config.baseUrl.replace(/\/+$/, '')}/embeddings`);
    this.#url = url;
    this.#model = config.model;
    this.#apiKey = config.apiKey ? config.apiKey : undefined;
    // fetch refuses URLs with user:password@; send them as Basic auth (a proxy in front of the server).
    this.#basicAuth =
      username || password ? Buffer.from(`${username}:${password}`).toString('base64') : undefined;
    this.#secrets = [this.#apiKey, password, this.#basicAuth].filter((s): s is string => Boolean(s));
    this.#requestedDimensions = config.dimensions;
    this.#batchSize = config.batchSize ?? DEFAULT_BATCH_SIZE;
    this.#timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#dimensions = config.dimensions ?? KNOWN_DIMENSIONS[config.model.replace(/:[^/:]*$/, '')] ?? 0;
    this.id = `openai:${config.model}${config.dimensions === undefined ? '' : `@${config.dimensions}`}`;
  }

  get dimensions(): number {
    return this.#dimensions;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.#batchSize) {
      const batch = texts.slice(start, start + this.#batchSize);
      out.push(...(await this.#embedBatch(batch, start)));
    }
    return out;
  }

  async #embedBatch(batch: readonly string[], offset: number): Promise<Float32Array[]> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.#apiKey) headers.authorization = `Bearer ${this.#apiKey}`;
    else if (this.#basicAuth) headers.authorization = `Basic ${this.#basicAuth}`;
    const body: { model: string; input: readonly string[]; dimensions?: number } = {
      model: this.#model,
      input: batch,
    };
    if (this.#requestedDimensions !== undefined) body.dimensions = this.#requestedDimensions;

    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    let status: number | null = null;
    let text: string;
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      status = response.status;
      text = await response.text();
      if (!response.ok) {
        const reason = response.statusText ? ` ${response.statusText}` : '';
        throw this.#error(status, `HTTP ${status}${reason}: ${serverMessage(text)}`);
      }
    } catch (error) {
      if (error instanceof EmbeddingRequestError) throw error;
      if (controller.signal.aborted) {
        const where = status === null ? '' : ` (HTTP ${status}, while reading the body)`;
        throw this.#error(status, `timed out after ${this.#timeoutMs} ms${where}`);
      }
      throw this.#error(status, `could not reach the server: ${networkMessage(error)}`);
    } finally {
      clearTimeout(timer);
    }
    return this.#parse(text, batch.length, offset, status);
  }

  #parse(text: string, count: number, offset: number, status: number): Float32Array[] {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw this.#error(status, `HTTP ${status} but the body is not JSON: ${preview(text)}`);
    }
    const data = isRecord(json) ? json.data : undefined;
    if (!Array.isArray(data)) {
      throw this.#error(status, `HTTP ${status} but the body has no "data" array: ${preview(text)}`);
    }
    if (data.length !== count) {
      throw this.#error(status, `sent ${count} texts but got ${data.length} embeddings back`);
    }
    const vectors: (Float32Array | undefined)[] = new Array(count);
    data.forEach((item: unknown, position: number) => {
      const index = isRecord(item) && item.index !== undefined ? item.index : position;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= count) {
        throw this.#error(status, `data[${position}].index is ${JSON.stringify(index)}, not 0..${count - 1}`);
      }
      if (vectors[index] !== undefined) {
        throw this.#error(status, `index ${index} appears twice in "data"`);
      }
      const raw = isRecord(item) ? decodeEmbedding(item.embedding) : null;
      if (raw === null) {
        throw this.#error(status, `data[${position}].embedding is not an array of numbers`);
      }
      const expected = this.#dimensions;
      if (expected !== 0 && raw.length !== expected) {
        const why =
          this.#requestedDimensions === undefined
            ? `the model "${this.#model}" is expected to give ${expected}`
            : `the embedder is configured for dimensions=${expected}`;
        throw this.#error(
          status,
          `got a ${raw.length}-dimensional embedding for input #${offset + index}, but ${why}`,
        );
      }
      if (raw.length === 0) throw this.#error(status, `got an empty embedding for input #${offset + index}`);
      const unit = normalize(raw);
      if (unit === null) {
        throw this.#error(status, `got an all-zero or non-finite embedding for input #${offset + index}`);
      }
      this.#dimensions = raw.length;
      vectors[index] = unit;
    });
    return vectors as Float32Array[];
  }

  #error(status: number | null, detail: string): EmbeddingRequestError {
    let safe = detail;
    for (const secret of this.#secrets) safe = safe.split(secret).join('***');
    return new EmbeddingRequestError(this.#url, status, safe);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `number[]`, or the base64 little-endian float32 form (`encoding_format: "base64"`). */
function decodeEmbedding(value: unknown): ArrayLike<number> | null {
  if (Array.isArray(value)) {
    return value.every((x) => typeof x === 'number') ? (value as number[]) : null;
  }
  if (typeof value === 'string' && value.length > 0) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.byteLength === 0 || bytes.byteLength % 4 !== 0) return null;
    const out = new Float32Array(bytes.byteLength / 4);
    for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
    return out;
  }
  return null;
}

/** The server's own error text: OpenAI `{error:{message}}`, Ollama `{error:"..."}`, vLLM `{message}`, FastAPI `{detail}`. */
function serverMessage(text: string): string {
  try {
    const json: unknown = JSON.parse(text);
    if (isRecord(json)) {
      const error = json.error;
      if (typeof error === 'string') return preview(error);
      if (isRecord(error) && typeof error.message === 'string') return preview(error.message);
      if (typeof json.message === 'string') return preview(json.message);
      if (typeof json.detail === 'string') return preview(json.detail);
      if (json.detail !== undefined) return preview(JSON.stringify(json.detail));
    }
  } catch {
    // not JSON: show the text itself
  }
  return text.trim() === '' ? '(empty body)' : preview(text);
}

function networkMessage(error: unknown): string {
  const cause = error instanceof Error ? (error as Error & { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code)
      ? `${code} ${cause.message}`
      : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

function splitCredentials(url: string): { url: string; username: string; password: string } {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return { url, username: '', password: '' };
    const username = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    parsed.username = '';
    parsed.password = '';
    return { url: parsed.toString(), username, password };
  } catch {
    return { url, username: '', password: '' };
  }
}
