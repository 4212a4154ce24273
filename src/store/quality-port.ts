import type { QualityRun } from '../core/quality/quality-types.js';

/** Narrows a listing of quality runs; every field is optional. */
export interface QualityRunFilter {
  projectId?: string;
  sessionId?: string;
  command?: string;
  /** Inclusive ISO lower bound on `createdAt`. */
  since?: string;
  /** Exclusive ISO upper bound. */
  until?: string;
}

/** Quality runs: the part of the Store that src/app/quality builds on. */
export interface QualityStore {
  insertQualityRun(run: QualityRun): Promise<void>;
  /** Newest first. */
  listQualityRuns(filter: QualityRunFilter, limit: number): Promise<QualityRun[]>;
}
