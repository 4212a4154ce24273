/**
 * Background embedding: gives every indexed document a vector from the configured
 * embedder, a batch at a time, oldest first. The store keeps one vector per document,
 * keyed by embedder id, so a new embedder id (another model, other dimensions) simply
 * finds every document lacking a vector from it and re-embeds them all; vectors of the
 * old embedder are replaced one batch at a time. Nothing here blocks a caller: search
 * keeps ranking lexically (and with whatever vectors exist) while the job runs.
 *
 * One pass runs at a time per job. `runOnce` while a pass runs does not start a second,
 * overlapping pass: it waits for the running one, then runs one more pass (shared by
 * every caller that asked meanwhile) so that documents written after the running pass
 * had gone by are covered too. Within a pass each document is sent to the embedder once.
 */
import type { Embedder } from '../../embedders/embedder.js';
import type { AppDeps } from '../deps.js';

export interface EmbeddingProgress {
  embedderId: string;
  /** Documents that have a vector from this embedder. */
  embedded: number;
  /** Documents in the search index. */
  total: number;
  /** A pass is running now. */
  running: boolean;
  /** Why the last pass failed, or which documents the embedder refused; null when all is well. */
  lastError: string | null;
}

export interface EmbeddingJobOptions {
  /** Documents per embedder call and per store write (default 32). */
  batchSize?: number;
  /** Pause between background passes when there is nothing to do (default 2000 ms). */
  idleMs?: number;
  /** Texts are cut to this many characters before embedding (default 2000). */
  maxChars?: number;
}

const DEFAULT_BATCH_SIZE = 32;
const DEFAULT_IDLE_MS = 2000;
const DEFAULT_MAX_CHARS = 2000;
/** Longest wait between retries after failures (the backoff doubles from idleMs up to this). */
const MAX_BACKOFF_MS = 5 * 60_000;

type Deps = Pick<AppDeps, 'store' | 'logger' | 'clock'>;

export class EmbeddingJob {
  readonly #deps: Deps;
  readonly #embedder: Embedder;
  readonly #batchSize: number;
  readonly #idleMs: number;
  readonly #maxChars: number;

  /** The pass running now, and the one that will run right after it (shared by callers). */
  #active: Promise<number> | null = null;
  #queued: Promise<number> | null = null;
  readonly #listeners = new Set<(progress: EmbeddingProgress) => void>();

  #lastError: string | null = null;
  /**
   * Documents the embedder refused as input (HTTP 400-like), by id, with the text sent and
   * the reason: this job does not send the same text again (a new text under a reused id is tried).
   */
  readonly #refused = new Map<number, { text: string; reason: string }>();

  #looping = false;
  /** Bumped by start() and stop(), so that a tick of an earlier loop never schedules another. */
  #generation = 0;
  #timer: NodeJS.Timeout | null = null;
  #failures = 0;
  #stopRequested = false;

  constructor(deps: Deps, embedder: Embedder, options: EmbeddingJobOptions = {}) {
    this.#deps = deps;
    this.#embedder = embedder;
    this.#batchSize = positiveInt(options.batchSize, DEFAULT_BATCH_SIZE);
    this.#idleMs = positiveInt(options.idleMs, DEFAULT_IDLE_MS);
    this.#maxChars = positiveInt(options.maxChars, DEFAULT_MAX_CHARS);
  }

  get embedderId(): string {
    return this.#embedder.id;
  }

  /**
   * Embeds every document that has no vector from this embedder yet; resolves with how
   * many documents the pass run for this call embedded. Rejects when the embedder or the
   * store fails (the vectors stored before the failure stay stored; `lastError` says
   * why). Documents the embedder refuses as input are skipped and reported in
   * `lastError` without failing the pass. Safe to call while `start()` runs.
   */
  runOnce(onProgress?: (progress: EmbeddingProgress) => void): Promise<number> {
    if (onProgress) this.#listeners.add(onProgress);
    const done = this.#request();
    if (!onProgress) return done;
    return done.finally(() => this.#listeners.delete(onProgress));
  }

  /**
   * Runs in the background until `stop()`: a pass now, then one every `idleMs`. Failures
   * are logged and retried with exponential backoff, never thrown. Timers are unref'd:
   * the job never keeps the process alive on its own.
   */
  start(): void {
    if (this.#looping) return;
    this.#looping = true;
    this.#generation++;
    this.#failures = 0;
    this.#schedule(0, this.#generation);
  }

  /** Stops the background loop; the running pass stops after its current batch and is awaited. */
  async stop(): Promise<void> {
    this.#looping = false;
    this.#generation++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopRequested = true;
    try {
      await Promise.allSettled([this.#active, this.#queued].filter((pass) => pass !== null));
    } finally {
      this.#stopRequested = false;
    }
  }

  async progress(): Promise<EmbeddingProgress> {
    const { store } = this.#deps;
    // Documents written but not indexed yet count as still to do.
    await store.indexPending();
    const { embedded, total } = await store.embeddingProgress(this.#embedder.id);
    return this.#snapshot(embedded, total);
  }

  // ---- passes -------------------------------------------------------------------

  #request(): Promise<number> {
    if (this.#queued) return this.#queued;
    const active = this.#active;
    if (active === null) return this.#begin();
    const queued = active
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.#queued = null;
        return this.#begin();
      });
    this.#queued = queued;
    return queued;
  }

  #begin(): Promise<number> {
    const pass: Promise<number> = this.#pass().finally(() => {
      if (this.#active === pass) this.#active = null;
    });
    this.#active = pass;
    return pass;
  }

  async #pass(): Promise<number> {
    const { store, clock } = this.#deps;
    const id = this.#embedder.id;
    let cursor = 0;
    let count = 0;
    try {
      await store.indexPending();
      await this.#emit();
      while (!this.#stopRequested) {
        const page = await store.documentsToEmbed(id, cursor, this.#batchSize);
        if (page.length === 0) break;
        cursor = page[page.length - 1]?.docId ?? cursor;
        const todo = page
          .map((doc) => ({ docId: doc.docId, text: clip(doc.text, this.#maxChars) }))
          .filter((doc) => this.#refused.get(doc.docId)?.text !== doc.text);
        if (todo.length === 0) continue;
        const vectors = await this.#embed(todo);
        if (vectors.length > 0) {
          await store.storeEmbeddings(id, vectors, clock.now().toISOString());
          count += vectors.length;
          await this.#emit();
        }
        // Let other work of this process (requests, searches) in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.#lastError = this.#refusedSummary();
      return count;
    } catch (error) {
      this.#lastError = messageOf(error);
      throw error;
    }
  }

  /**
   * Vectors for a batch. When the embedder refuses the input itself (a 4xx answer other
   * than auth, not found or rate limit: one text it cannot take), the batch is split in
   * halves until the refused documents are found; they are set aside and the rest is
   * embedded. Any other failure (network, server, model folder) fails the whole batch.
   */
  async #embed(
    docs: readonly { docId: number; text: string }[],
  ): Promise<{ docId: number; vector: Float32Array }[]> {
    try {
      const vectors = await this.#embedder.embed(docs.map((doc) => doc.text));
      if (vectors.length !== docs.length) {
        throw new Error(
          `The embedder ${this.#embedder.id} returned ${vectors.length} vectors for ${docs.length} texts`,
        );
      }
      return docs.map((doc, i) => ({ docId: doc.docId, vector: vectors[i] as Float32Array }));
    } catch (error) {
      if (!refusesInput(error)) throw error;
      if (docs.length === 1) {
        const [doc] = docs as [{ docId: number; text: string }];
        this.#refused.set(doc.docId, { text: doc.text, reason: messageOf(error) });
        this.#deps.logger.warn(
          { embedder: this.#embedder.id, docId: doc.docId, err: error },
          'the embedder refused a document; it stays searchable lexically only',
        );
        return [];
      }
      const half = Math.ceil(docs.length / 2);
      return [...(await this.#embed(docs.slice(0, half))), ...(await this.#embed(docs.slice(half)))];
    }
  }

  async #emit(): Promise<void> {
    if (this.#listeners.size === 0) return;
    const { embedded, total } = await this.#deps.store.embeddingProgress(this.#embedder.id);
    const progress = this.#snapshot(embedded, total);
    for (const listener of this.#listeners) {
      try {
        listener(progress);
      } catch (error) {
        this.#deps.logger.debug({ err: error }, 'an embedding progress listener failed');
      }
    }
  }

  #snapshot(embedded: number, total: number): EmbeddingProgress {
    return {
      embedderId: this.#embedder.id,
      embedded,
      total,
      running: this.#active !== null,
      lastError: this.#lastError,
    };
  }

  #refusedSummary(): string | null {
    const [first] = this.#refused.values();
    if (first === undefined) return null;
    const n = this.#refused.size;
    return `${n} document${n === 1 ? '' : 's'} could not be embedded and ${n === 1 ? 'is' : 'are'} searchable lexically only: ${first.reason}`;
  }

  // ---- background loop ------------------------------------------------------------

  #schedule(delayMs: number, generation: number): void {
    if (!this.#looping || generation !== this.#generation) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#tick(generation);
    }, delayMs);
    this.#timer.unref();
  }

  async #tick(generation: number): Promise<void> {
    const { logger } = this.#deps;
    let delay = this.#idleMs;
    try {
      const embedded = await this.#request();
      if (this.#failures > 0) {
        logger.info({ embedder: this.#embedder.id }, 'embedding works again');
      }
      this.#failures = 0;
      if (embedded > 0) logger.debug({ embedder: this.#embedder.id, embedded }, 'embedded documents');
    } catch (error) {
      this.#failures++;
      delay = Math.min(this.#idleMs * 2 ** Math.min(this.#failures, 20), MAX_BACKOFF_MS);
      // Warn on the first failure only; the repeats of an outage go to debug.
      const level = this.#failures === 1 ? 'warn' : 'debug';
      logger[level](
        { embedder: this.#embedder.id, err: error, failures: this.#failures, retryInMs: delay },
        'background embedding failed; search stays lexical for documents without vectors',
      );
    }
    this.#schedule(delay, generation);
  }
}

/** Cuts a text to `max` UTF-16 units without splitting a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** An HTTP answer that blames the input (400, 413, 422, ...), not the server, the key or the quota. */
function refusesInput(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return (
    typeof status === 'number' && status >= 400 && status < 500 && ![401, 403, 404, 408, 429].includes(status)
  );
}

function positiveInt(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
