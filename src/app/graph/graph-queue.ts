import type { ToolCallSource } from '../../core/graph/extract-entities.js';
import type { AppDeps } from '../deps.js';
import { extractGraphQuietly } from './extract-graph.js';

/** How long recorded tool calls wait to be folded into the graph, and the most that wait. */
const FLUSH_AFTER_MS = 250;
const FLUSH_AT_SOURCES = 500;

/**
 * Graph extraction for a long-lived server: recorded tool calls are collected
 * and folded into the graph in one store transaction per project every 250 ms
 * (or every 500 calls), instead of one transaction per recorded event — the
 * record path stays as fast as before the graph existed. The server flushes it
 * when it shuts down; a crash loses at most the last quarter second of touch
 * counts, which are derived data (the events themselves are stored first).
 */
export class GraphQueue {
  private pending = new Map<string, ToolCallSource[]>();
  private count = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AppDeps) {}

  add(projectId: string, sources: ToolCallSource[]): void {
    const list = this.pending.get(projectId);
    if (list) list.push(...sources);
    else this.pending.set(projectId, [...sources]);
    this.count += sources.length;
    if (this.count >= FLUSH_AT_SOURCES) {
      void this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
      this.timer.unref();
    }
  }

  /** Folds everything collected so far into the graph; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = new Map();
    this.count = 0;
    this.flushing = this.flushing.then(async () => {
      for (const [projectId, sources] of batch) await extractGraphQuietly(this.deps, projectId, sources);
    });
    return this.flushing;
  }
}
