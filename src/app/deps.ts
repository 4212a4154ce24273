import type { DejaConfig } from '../config.js';
import type { Clock } from '../core/clock.js';
import type { Embedder } from '../embedders/embedder.js';
import type { Git } from '../git/port.js';
import type { Llm } from '../llm/llm.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/port.js';
import type { GraphQueue } from './graph/graph-queue.js';
import type { EmbeddingJob } from './search/embed-documents.js';
import type { LiveLexicalIndex } from './search/live-index.js';
import type { LiveVectorIndex } from './search/live-vectors.js';

/** Everything a use case may touch, passed in by the face that calls it. */
export interface AppDeps {
  store: Store;
  clock: Clock;
  git: Git;
  config: DejaConfig;
  logger: Logger;
  /** The in-memory BM25 index; without it, search ranks with the store's full-text index. */
  lexical?: LiveLexicalIndex | null;
  /** The configured embedder and its vectors (hybrid search); absent means lexical only. */
  embedder?: Embedder | null;
  vectors?: LiveVectorIndex | null;
  /** Batches graph extraction of recorded tool calls (long-lived processes only). */
  graphQueue?: GraphQueue | null;
  /** The background job that embeds new documents (long-lived processes only). */
  embeddingJob?: EmbeddingJob | null;
  /** The configured LLM (created lazily: no SDK loaded, nothing contacted); absent or null means none. */
  llm?: Llm | null;
}
