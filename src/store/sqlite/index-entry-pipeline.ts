import { existsSync } from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { buildIndexEntry, type IndexEntry, type SourceDocument } from '../../core/search/index-entry.js';
import { compiledFile } from '../../package-root.js';

export interface EntryBatch {
  id: number;
  docs: SourceDocument[];
}

export type EntryResult = { id: number; entries: IndexEntry[] } | { id: number; error: string };

const WORKER_FILE = compiledFile('store', 'sqlite', 'index-entry-worker.js');
/** How long the indexer waits for the worker's code to load, and then for one batch, before building it itself. */
const READY_TIMEOUT_MS = 5_000;
const TAKE_TIMEOUT_MS = 10_000;
/** The shared signal's slots: answers posted so far, and 1 once the worker's code has loaded. */
export const ANSWERS = 0;
export const READY = 1;

/**
 * Builds index entries on a second core: the indexer submits a batch of
 * documents, goes on (reading the next batch, inserting the previous one) and
 * takes the entries when it needs them — synchronously, since indexing runs
 * inside one SQLite transaction: it sleeps in Atomics.wait until the worker
 * signals, then reads the answer with receiveMessageOnPort. Answers come in
 * submission order. The worker's 'error' event cannot reach a thread that is
 * waiting, so the worker also says when its code has loaded: if it does not
 * within READY_TIMEOUT_MS, or a batch takes longer than TAKE_TIMEOUT_MS, the
 * batch is built on this thread, the pipeline stops, and nothing is lost.
 */
export class IndexEntryPipeline {
  private nextId = 0;
  private broken = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
    private readonly readyTimeoutMs: number,
  ) {}

  /** A pipeline on a new worker thread, or null where there is no compiled worker (the sources under test). */
  static start(
    workerFile: string | null = WORKER_FILE,
    readyTimeoutMs = READY_TIMEOUT_MS,
  ): IndexEntryPipeline | null {
    if (workerFile === null || !existsSync(workerFile)) return null;
    const signal = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(workerFile, {
      workerData: { port: port2, signal },
      transferList: [port2],
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 64 },
    });
    worker.unref();
    const pipeline = new IndexEntryPipeline(worker, port1, signal, readyTimeoutMs);
    worker.on('error', () => {
      pipeline.broken = true;
    });
    return pipeline;
  }

  get working(): boolean {
    return !this.broken;
  }

  /** Sends a batch to the worker; its entries are taken with `take(id, docs)`. */
  submit(docs: SourceDocument[]): number {
    const id = ++this.nextId;
    if (!this.broken) this.worker.postMessage({ id, docs } satisfies EntryBatch);
    return id;
  }

  /** The entries of a submitted batch, in the order of its documents (built here if the worker cannot). */
  take(id: number, docs: SourceDocument[]): IndexEntry[] {
    if (!this.broken && Atomics.load(this.signal, READY) === 0) {
      Atomics.wait(this.signal, READY, 0, this.readyTimeoutMs);
      if (Atomics.load(this.signal, READY) === 0) this.broken = true;
    }
    const deadline = Date.now() + TAKE_TIMEOUT_MS;
    while (!this.broken) {
      const seen = Atomics.load(this.signal, ANSWERS);
      const received = receiveMessageOnPort(this.port);
      if (received) {
        const result = received.message as EntryResult;
        // An earlier batch's answer that was never taken (its indexing stopped): skip it.
        if (result.id < id) continue;
        if (result.id === id && 'entries' in result && result.entries.length === docs.length) {
          return result.entries;
        }
        this.broken = true;
        break;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.broken = true;
        break;
      }
      Atomics.wait(this.signal, ANSWERS, seen, Math.min(left, 1000));
    }
    return docs.map((doc) => buildIndexEntry(doc));
  }

  async stop(): Promise<void> {
    this.broken = true;
    this.port.close();
    await this.worker.terminate();
  }
}
