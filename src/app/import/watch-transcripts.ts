import type { AppDeps } from '../deps.js';
import { type ImportRequest, type ImportSummary, importTranscripts } from './import-transcripts.js';

export interface WatchOptions {
  /** Pause between rounds (appended lines are picked up within about this long). */
  intervalMs: number;
  signal: AbortSignal;
  /** Called after the first round and after each later round that imported something. */
  onRound: (summary: ImportSummary) => void;
  /** When given, a round that fails is reported here and the watch goes on; otherwise the error ends it. */
  onError?: (error: unknown) => void;
}

/**
 * `deja import --watch`: imports, then polls the transcripts and imports what
 * changed, until aborted. Polling (size and modification time, no file opened
 * when unchanged) works the same on every platform and file system, where
 * file-change notifications miss appends on some.
 */
export async function watchTranscripts(
  deps: AppDeps,
  request: ImportRequest,
  options: WatchOptions,
): Promise<void> {
  const seen = request.seen ?? new Map<string, string>();
  let first = true;
  while (!options.signal.aborted) {
    try {
      const summary = await importTranscripts(deps, { ...request, seen });
      if (first || summary.filesChanged > 0) options.onRound(summary);
    } catch (error) {
      if (!options.onError) throw error;
      options.onError(error);
    }
    first = false;
    await pause(options.intervalMs, options.signal);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
