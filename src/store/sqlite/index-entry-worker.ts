import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { buildIndexEntry, type SourceDocument } from '../../core/search/index-entry.js';
import { ANSWERS, type EntryBatch, type EntryResult, READY } from './index-entry-pipeline.js';

/**
 * Runs in a worker thread while a large backlog is indexed: builds the index
 * entries (tokenising identifiers, paths, code and error signs) of the next
 * batch while the thread that owns the database inserts the previous one
 * (index-entry-pipeline.ts). Answers on `port`, then bumps `signal[ANSWERS]` so
 * that a thread blocked in Atomics.wait wakes up. `signal[READY]` says its code
 * loaded: a worker that cannot load never sets it, and the indexer stops waiting.
 */
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

parentPort?.on('message', ({ id, docs }: EntryBatch) => {
  let result: EntryResult;
  try {
    result = { id, entries: docs.map((doc: SourceDocument) => buildIndexEntry(doc)) };
  } catch (error) {
    result = { id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(result);
  Atomics.add(signal, ANSWERS, 1);
  Atomics.notify(signal, ANSWERS);
});
Atomics.store(signal, READY, 1);
Atomics.notify(signal, READY);
