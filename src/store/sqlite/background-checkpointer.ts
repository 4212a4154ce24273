import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { compiledFile } from '../../package-root.js';

export interface BackgroundCheckpointer {
  stop(): Promise<void>;
}

const WORKER_FILE = compiledFile('store', 'sqlite', 'checkpoint-worker.js');

/**
 * Starts the checkpoint worker for a database file, or returns null when it
 * cannot run (e.g. from TypeScript sources, where there is no compiled worker);
 * SQLite's own automatic checkpoints then remain in charge.
 */
export function startBackgroundCheckpointer(path: string, intervalMs = 500): BackgroundCheckpointer | null {
  if (WORKER_FILE === null || !existsSync(WORKER_FILE)) return null;
  const worker = new Worker(WORKER_FILE, { workerData: { path, intervalMs } });
  worker.unref();
  let stopped: Promise<void> | null = null;
  worker.on('error', () => {
    // A failed worker leaves SQLite's automatic checkpoints in charge.
  });
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(deadline);
          void worker.terminate().finally(resolve);
        };
        const deadline = setTimeout(finish, 2000);
        worker.once('message', finish);
        worker.once('exit', finish);
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
