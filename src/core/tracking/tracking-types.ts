import type { GitState } from '../types.js';

/** Productivity tracking: interactions, flagged issues, code metrics and context snapshots. */

export const ISSUE_TYPES = ['hallucination', 'incorrect_output', 'context_loss', 'tooling', 'other'] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];

export const ISSUE_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number];

/** One prompt and what came of it, as the assistant (or the person) logged it. */
export interface Interaction {
  id: string;
  projectId: string;
  sessionId: string | null;
  prompt: string;
  responseSummary: string;
  /** 1–5 when given. */
  rating: number | null;
  files: string[];
  createdAt: string;
}

/** A problem with the assistant's work, flagged for the ROI report. */
export interface IssueFlag {
  id: string;
  projectId: string;
  sessionId: string | null;
  type: IssueType;
  severity: IssueSeverity;
  description: string;
  createdAt: string;
}

export const METRIC_LANGUAGES = ['typescript', 'javascript', 'python'] as const;
export type MetricLanguage = (typeof METRIC_LANGUAGES)[number];

/** What one parser adapter measured in one file (see src/metrics). */
export interface FileMeasurement {
  language: MetricLanguage;
  lines: number;
  functions: number;
  classes: number;
  complexity: { total: number; max: number; average: number };
  documentation: { documented: number; documentable: number; coverage: number };
}

/** One stored measurement of one file: a row of its trend. */
export interface CodeMetricsRecord extends FileMeasurement {
  id: string;
  projectId: string;
  sessionId: string | null;
  /** Relative to the project root, with forward slashes. */
  path: string;
  /** SHA-256 (hex) of the file's bytes when measured. */
  contentHash: string;
  createdAt: string;
}

/** What a context snapshot holds besides the caller's own text. */
export interface ContextState {
  goal: string | null;
  decisions: string[];
  questions: string[];
  filesTouched: string[];
  recentEvents: { category: string; type: string; text: string }[];
  git: GitState | null;
}

export interface ContextSnapshot {
  id: string;
  projectId: string;
  sessionId: string | null;
  name: string;
  content: string | null;
  state: ContextState;
  createdAt: string;
}
