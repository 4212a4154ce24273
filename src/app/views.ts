import { z } from 'zod';
import type { Checkpoint, EventRecord, Project, Session } from '../core/types.js';
import { toPluginView } from './plugins/plugin-view.js';
import type { ResumeResult } from './sessions/resume-session.js';

/** Output shapes of the tools (snake_case, as clients see them) and the mappers that fill them. */

export const sessionView = z.object({
  id: z.string(),
  project_id: z.string(),
  context: z.string(),
  status: z.string(),
  goal: z.string().nullable(),
  branch: z.string().nullable(),
  workdir: z.string(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  outcome: z.string().nullable(),
});

export function toSessionView(session: Session): z.infer<typeof sessionView> {
  return {
    id: session.id,
    project_id: session.projectId,
    context: session.context,
    status: session.status,
    goal: session.goal,
    branch: session.branch,
    workdir: session.workdir,
    started_at: session.startedAt,
    ended_at: session.endedAt,
    outcome: session.outcome,
  };
}

export const projectView = z.object({
  id: z.string(),
  name: z.string(),
  root_path: z.string(),
  languages: z.array(z.string()),
  package_manager: z.string().nullable(),
});

export function toProjectView(project: Project): z.infer<typeof projectView> {
  return {
    id: project.id,
    name: project.name,
    root_path: project.rootPath,
    languages: project.languages,
    package_manager: project.packageManager,
  };
}

export const eventView = z.object({
  id: z.string(),
  session_id: z.string(),
  project_id: z.string(),
  category: z.string(),
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

export function toEventView(event: EventRecord): z.infer<typeof eventView> {
  return {
    id: event.id,
    session_id: event.sessionId,
    project_id: event.projectId,
    category: event.category,
    type: event.type,
    data: event.data,
    created_at: event.createdAt,
  };
}

export const checkpointView = z.object({
  id: z.string(),
  session_id: z.string(),
  name: z.string(),
  kind: z.string(),
  summary: z.string().nullable(),
  git_commit: z.string().nullable(),
  /** The quality score kept with the checkpoint (0–100), null when none was. */
  quality_score: z.number().nullable(),
  created_at: z.string(),
});

export function toCheckpointView(checkpoint: Checkpoint): z.infer<typeof checkpointView> {
  return {
    id: checkpoint.id,
    session_id: checkpoint.sessionId,
    name: checkpoint.name,
    kind: checkpoint.kind,
    summary: checkpoint.summary,
    git_commit: checkpoint.gitCommit,
    quality_score: checkpoint.state.quality?.score ?? null,
    created_at: checkpoint.createdAt,
  };
}

/** What `session_resume` answers, on every face. */
export function toResumeView(result: ResumeResult) {
  return {
    session: toSessionView(result.session),
    checkpoint: result.checkpoint ? toCheckpointView(result.checkpoint) : null,
    handoff: result.handoff,
    decisions: result.recentDecisions,
    open_questions: result.openQuestions,
    ...(result.plugin ? { plugin: toPluginView(result.plugin) } : {}),
  };
}
