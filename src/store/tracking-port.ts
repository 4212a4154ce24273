import type {
  CodeMetricsRecord,
  ContextSnapshot,
  Interaction,
  IssueFlag,
} from '../core/tracking/tracking-types.js';
import type { JsonObject } from '../core/types.js';

/** Narrows a tracking listing or an activity read; every field is optional. */
export interface TrackingFilter {
  projectId?: string;
  sessionId?: string;
  /** Inclusive ISO lower bound on `createdAt`. */
  since?: string;
  /** Exclusive ISO upper bound. */
  until?: string;
}

export interface SnapshotRef {
  id?: string;
  /** The newest snapshot of this name (in `projectId` when given). */
  name?: string;
  projectId?: string;
}

/** Productivity tracking: the part of the Store that src/app/tracking builds on. */
export interface TrackingStore {
  insertInteraction(interaction: Interaction): Promise<void>;
  /** Newest first. */
  listInteractions(filter: TrackingFilter, limit: number): Promise<Interaction[]>;

  insertIssue(issue: IssueFlag): Promise<void>;
  /** Newest first. */
  listIssues(filter: TrackingFilter, limit: number): Promise<IssueFlag[]>;

  /** Stores measurements in one transaction. */
  insertCodeMetrics(records: CodeMetricsRecord[]): Promise<void>;
  /** Newest first; `path` narrows to one file's trend. */
  listCodeMetrics(filter: TrackingFilter & { path?: string }, limit: number): Promise<CodeMetricsRecord[]>;

  insertContextSnapshot(snapshot: ContextSnapshot): Promise<void>;
  getContextSnapshot(ref: SnapshotRef): Promise<ContextSnapshot | null>;
  /** Newest first. */
  listContextSnapshots(filter: TrackingFilter, limit: number): Promise<ContextSnapshot[]>;

  /** Events whose data may name files (newest first): where files-touched activity comes from. */
  activityEvents(
    filter: TrackingFilter,
    limit: number,
  ): Promise<{ sessionId: string; createdAt: string; data: JsonObject }[]>;
  /** Imported transcript tool calls (messages with meta.type `tool_call`), newest first. */
  activityToolCalls(
    filter: TrackingFilter,
    limit: number,
  ): Promise<{ sessionId: string; createdAt: string; content: string }[]>;
  /** When each event and message happened, ordered by session then time (for idle gaps). */
  activityTimes(filter: TrackingFilter, limit: number): Promise<{ sessionId: string; at: string }[]>;
}
