import type { JsonObject } from '../core/types.js';

/** Where an incremental import of one transcript file stands. */
export interface TranscriptFileState {
  path: string;
  source: string;
  /** `<device>:<inode>` when last read: another file at the same path is re-read from the start. */
  identity: string;
  /** SHA-256 (hex) of the file's first `headBytes` bytes: a rewritten file is re-read from the start. */
  headHash: string;
  headBytes: number;
  /** Bytes consumed (complete lines only) and the number of the last line consumed. */
  offset: number;
  lineNumber: number;
  /** What the parser needs to resume after `offset`. */
  parserState: JsonObject;
  importedAt: string;
}

/** Token usage of one model response (one row per source-specific key). */
export interface TokenUsage {
  /** Source-prefixed response key (`claude-code:<message id>:<request id>`, `codex:<thread>:<totals>`). */
  key: string;
  source: string;
  sessionId: string;
  projectId: string;
  model: string | null;
  sidechain: boolean;
  createdAt: string;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
}

export const USAGE_GROUPS = ['model', 'project', 'session', 'day'] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

export interface UsageFilter {
  projectId?: string;
  sessionId?: string;
  /** ISO instants, inclusive since, exclusive until. */
  since?: string;
  until?: string;
}

export interface UsageTotals {
  /** The group's value: model name (or `unknown`), project id, session id, or UTC day `YYYY-MM-DD`. */
  group: string;
  responses: number;
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
}

/** Transcript import bookkeeping and token usage: the part of the Store that import builds on. */
export interface TranscriptStore {
  getTranscriptFile(path: string): Promise<TranscriptFileState | null>;
  saveTranscriptFile(state: TranscriptFileState): Promise<void>;
  /**
   * Adds usage rows; a key already stored keeps the field-wise maximum (a
   * response split over several transcript lines, or read twice, counts once).
   */
  recordUsage(rows: TokenUsage[]): Promise<{ inserted: number; updated: number }>;
  /** Totals per group, largest total first. */
  usageTotals(filter: UsageFilter, group: UsageGroup): Promise<UsageTotals[]>;
  /** Moves an imported session's last activity (and end) later when newer messages arrive. */
  extendSession(id: string, at: string): Promise<void>;
}
