/**
 * SQLite's busy_timeout already waits for the write lock; this is the second
 * line of defence so that a user never sees SQLITE_BUSY, even when a WAL
 * checkpoint or a snapshot conflict answers BUSY at once.
 */
export function withBusyRetry<T>(work: () => T, attempts = 50): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      sleepSync(Math.min(5 * attempt, 100));
    }
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}
