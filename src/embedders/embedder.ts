/**
 * The Embedder port: turns texts into L2-normalised vectors for semantic search.
 * Implementations: local ONNX model through transformers.js (`local-transformers.ts`),
 * any OpenAI-compatible `/embeddings` endpoint (`openai-compatible.ts`); provider
 * `none` means lexical search only (no embedder at all).
 */

export interface Embedder {
  /** Stable identity of the vector space, e.g. "local:all-MiniLM-L6-v2" or "openai:text-embedding-3-small@384"; vectors from different ids are never compared. */
  readonly id: string;
  /**
   * Length of every vector this embedder returns. When it cannot be known before the
   * first call (a remote model not in the known-models table and no `dimensions` set,
   * or a local model folder that is missing), it is 0 until the first successful `embed`.
   */
  readonly dimensions: number;
  /** One L2-normalised vector per text, same order. Rejects with an Error whose message says what failed (endpoint, status, model folder). */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export type EmbedderConfig =
  | { provider: 'none' }
  /** `modelDir`: folder with config.json, tokenizer.json, onnx/model.onnx (transformers.js layout). */
  | { provider: 'local'; modelDir: string; model?: string }
  | {
      provider: 'openai';
      baseUrl: string;
      model: string;
      apiKey?: string;
      dimensions?: number;
      batchSize?: number;
      timeoutMs?: number;
    };

export type LocalEmbedderConfig = Extract<EmbedderConfig, { provider: 'local' }>;
export type OpenAiEmbedderConfig = Extract<EmbedderConfig, { provider: 'openai' }>;

/** The model `deja models pull` downloads by default, and its name in embedder ids. */
export const DEFAULT_LOCAL_MODEL = 'Xenova/all-MiniLM-L6-v2';
