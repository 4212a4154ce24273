import type {
  CodeMetricsRecord,
  ContextSnapshot,
  ContextState,
  IssueFlag,
} from '../../core/tracking/tracking-types.js';

/** Rows of the tracking tables as both backends read them, and their mapping to domain values. */
export interface InteractionRow {
  id: string;
  project_id: string;
  session_id: string | null;
  prompt: string;
  response_summary: string;
  rating: number | null;
  files: string;
  created_at: string;
}

export interface IssueRow {
  id: string;
  project_id: string;
  session_id: string | null;
  type: IssueFlag['type'];
  severity: IssueFlag['severity'];
  description: string;
  created_at: string;
}

export interface MetricsRow {
  id: string;
  project_id: string;
  session_id: string | null;
  path: string;
  language: CodeMetricsRecord['language'];
  content_hash: string;
  lines: number;
  functions: number;
  classes: number;
  complexity_total: number;
  complexity_max: number;
  complexity_average: number;
  documented: number;
  documentable: number;
  doc_coverage: number;
  created_at: string;
}

export interface SnapshotRow {
  id: string;
  project_id: string;
  session_id: string | null;
  name: string;
  content: string | null;
  state: string;
  created_at: string;
}

export function toSnapshot(row: SnapshotRow): ContextSnapshot {
  return {
    id: row.id,
    projectId: row.project_id,
    sessionId: row.session_id,
    name: row.name,
    content: row.content,
    state: JSON.parse(row.state) as ContextState,
    createdAt: row.created_at,
  };
}
