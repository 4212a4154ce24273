import type {
  CodeMetricsRecord,
  ContextSnapshot,
  ContextState,
  Interaction,
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

export function toInteraction(row: InteractionRow): Interaction {
  return {
    id: row.id,
    projectId: row.project_id,
    sessionId: row.session_id,
    prompt: row.prompt,
    responseSummary: row.response_summary,
    rating: row.rating,
    files: JSON.parse(row.files) as string[],
    createdAt: row.created_at,
  };
}

export function toIssue(row: IssueRow): IssueFlag {
  return {
    id: row.id,
    projectId: row.project_id,
    sessionId: row.session_id,
    type: row.type,
    severity: row.severity,
    description: row.description,
    createdAt: row.created_at,
  };
}

export function toCodeMetrics(row: MetricsRow): CodeMetricsRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    sessionId: row.session_id,
    path: row.path,
    language: row.language,
    contentHash: row.content_hash,
    lines: row.lines,
    functions: row.functions,
    classes: row.classes,
    complexity: { total: row.complexity_total, max: row.complexity_max, average: row.complexity_average },
    documentation: {
      documented: row.documented,
      documentable: row.documentable,
      coverage: row.doc_coverage,
    },
    createdAt: row.created_at,
  };
}
