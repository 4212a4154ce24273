import type {
  Checkpoint,
  CheckpointState,
  EndReason,
  EventCategory,
  EventRecord,
  ExecutionContext,
  Handoff,
  JsonObject,
  Outcome,
  Project,
  Session,
} from '../../core/types.js';

/** Row shapes as SQLite returns them, and their mapping to domain types. */

export interface ProjectRow {
  id: string;
  identity: string;
  name: string;
  root_path: string;
  languages: string;
  package_manager: string | null;
  created_at: string;
  updated_at: string;
}

export function toProject(row: ProjectRow): Project {
  return {
    id: row.id,
    identity: row.identity,
    name: row.name,
    rootPath: row.root_path,
    languages: JSON.parse(row.languages) as string[],
    packageManager: row.package_manager,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface SessionRow {
  id: string;
  project_id: string;
  context: string;
  status: string;
  goal: string | null;
  skill: string | null;
  type: string | null;
  model: string | null;
  estimate_minutes: number | null;
  branch: string | null;
  workdir: string;
  client_name: string | null;
  started_at: string;
  last_activity_at: string;
  ended_at: string | null;
  outcome: string | null;
  end_reason: string | null;
  notes: string | null;
}

export function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    projectId: row.project_id,
    context: row.context as ExecutionContext,
    status: row.status as Session['status'],
    goal: row.goal,
    skill: row.skill,
    type: row.type,
    model: row.model,
    estimateMinutes: row.estimate_minutes,
    branch: row.branch,
    workdir: row.workdir,
    clientName: row.client_name,
    startedAt: row.started_at,
    lastActivityAt: row.last_activity_at,
    endedAt: row.ended_at,
    outcome: row.outcome as Outcome | null,
    endReason: row.end_reason as EndReason | null,
    notes: row.notes,
  };
}

export interface EventRow {
  seq: number;
  id: string;
  session_id: string;
  project_id: string;
  category: string;
  type: string;
  data: string;
  text: string;
  created_at: string;
}

export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    seq: row.seq,
    sessionId: row.session_id,
    projectId: row.project_id,
    category: row.category as EventCategory,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    text: row.text,
    createdAt: row.created_at,
  };
}

export interface CheckpointRow {
  id: string;
  session_id: string;
  project_id: string;
  name: string;
  summary: string | null;
  kind: string;
  git_commit: string | null;
  state: string;
  created_at: string;
}

export function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    id: row.id,
    sessionId: row.session_id,
    projectId: row.project_id,
    name: row.name,
    summary: row.summary,
    kind: row.kind as Checkpoint['kind'],
    gitCommit: row.git_commit,
    state: JSON.parse(row.state) as CheckpointState,
    createdAt: row.created_at,
  };
}

export interface HandoffRow {
  id: string;
  session_id: string;
  project_id: string;
  content: string;
  path: string | null;
  project_copy_path: string | null;
  created_at: string;
}

export function toHandoff(row: HandoffRow): Handoff {
  return {
    id: row.id,
    sessionId: row.session_id,
    projectId: row.project_id,
    content: row.content,
    path: row.path,
    projectCopyPath: row.project_copy_path,
    createdAt: row.created_at,
  };
}
