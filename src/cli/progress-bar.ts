import type { ImportProgress } from '../app/import/import-transcripts.js';

const WIDTH = 28;
/** Redraws at most this often. */
const EVERY_MS = 100;

/** A one-line progress bar redrawn in place on a terminal (stderr), cleared when done. */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(progress: ImportProgress): void {
    const now = Date.now();
    if (now - this.lastDraw < EVERY_MS) return;
    this.lastDraw = now;
    const share = progress.bytes > 0 ? Math.min(1, progress.bytesDone / progress.bytes) : 1;
    const filled = Math.round(share * WIDTH);
    const name = progress.file.length > 40 ? `…${progress.file.slice(-39)}` : progress.file;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${progress.filesDone}/${progress.files} files ${name}`;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\u001b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
  }
}
