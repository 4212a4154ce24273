import type { AppDeps } from '../app/deps.js';
import {
  type ImportProgress,
  type ImportRequest,
  type ImportSummary,
  importTranscripts,
} from '../app/import/import-transcripts.js';
import { HttpError } from './errors.js';

export interface ImportJobState {
  id: number;
  status: 'idle' | 'running' | 'done' | 'failed';
  started_at: string | null;
  finished_at: string | null;
  progress: ImportProgress | null;
  summary: ImportSummary | null;
  error: string | null;
}

/** The transcript import started from the dashboard: one at a time, its progress readable while it runs. */
export class ImportJobs {
  private state: ImportJobState = {
    id: 0,
    status: 'idle',
    started_at: null,
    finished_at: null,
    progress: null,
    summary: null,
    error: null,
  };
  private running: Promise<void> | null = null;

  constructor(private readonly deps: AppDeps) {}

  status(): ImportJobState {
    return { ...this.state };
  }

  start(request: Omit<ImportRequest, 'onProgress'>): ImportJobState {
    if (this.state.status === 'running') {
      throw new HttpError(
        409,
        null,
        'an import is already running',
        'an import is already running: wait for it',
      );
    }
    this.state = {
      id: this.state.id + 1,
      status: 'running',
      started_at: this.deps.clock.now().toISOString(),
      finished_at: null,
      progress: null,
      summary: null,
      error: null,
    };
    const id = this.state.id;
    this.running = importTranscripts(this.deps, {
      ...request,
      onProgress: (progress) => {
        if (this.state.id === id) this.state.progress = progress;
      },
    })
      .then((summary) => {
        this.state = {
          ...this.state,
          status: 'done',
          summary,
          finished_at: this.deps.clock.now().toISOString(),
        };
      })
      .catch((error: unknown) => {
        this.deps.logger.error({ err: error }, 'import from the dashboard failed');
        this.state = {
          ...this.state,
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
          finished_at: this.deps.clock.now().toISOString(),
        };
      });
    return this.status();
  }

  /** Waits for a running import (server shutdown). */
  async settle(): Promise<void> {
    await this.running;
  }
}
