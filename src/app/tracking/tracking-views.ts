import { z } from 'zod';
import type {
  CodeMetricsRecord,
  ContextSnapshot,
  Interaction,
  IssueFlag,
} from '../../core/tracking/tracking-types.js';
import type { ActivityReport } from './activity-report.js';
import type { TrackingListResult } from './list-tracking.js';

/** Output shapes of the tracking tools (snake_case, as clients see them) and their mappers. */

export const interactionView = z.object({
  id: z.string(),
  project_id: z.string(),
  session_id: z.string().nullable(),
  prompt: z.string(),
  response_summary: z.string(),
  rating: z.number().nullable(),
  files: z.array(z.string()),
  created_at: z.string(),
});

export function toInteractionView(item: Interaction): z.infer<typeof interactionView> {
  return {
    id: item.id,
    project_id: item.projectId,
    session_id: item.sessionId,
    prompt: item.prompt,
    response_summary: item.responseSummary,
    rating: item.rating,
    files: item.files,
    created_at: item.createdAt,
  };
}

export const issueView = z.object({
  id: z.string(),
  project_id: z.string(),
  session_id: z.string().nullable(),
  type: z.string(),
  severity: z.string(),
  description: z.string(),
  created_at: z.string(),
});

export function toIssueView(item: IssueFlag): z.infer<typeof issueView> {
  return {
    id: item.id,
    project_id: item.projectId,
    session_id: item.sessionId,
    type: item.type,
    severity: item.severity,
    description: item.description,
    created_at: item.createdAt,
  };
}

export const metricsView = z.object({
  id: z.string(),
  path: z.string(),
  language: z.string(),
  lines: z.number(),
  functions: z.number(),
  classes: z.number(),
  complexity: z.object({ total: z.number(), max: z.number(), average: z.number() }),
  documentation: z.object({ documented: z.number(), documentable: z.number(), coverage: z.number() }),
  content_hash: z.string(),
  session_id: z.string().nullable(),
  created_at: z.string(),
});

export function toMetricsView(item: CodeMetricsRecord): z.infer<typeof metricsView> {
  return {
    id: item.id,
    path: item.path,
    language: item.language,
    lines: item.lines,
    functions: item.functions,
    classes: item.classes,
    complexity: item.complexity,
    documentation: item.documentation,
    content_hash: item.contentHash,
    session_id: item.sessionId,
    created_at: item.createdAt,
  };
}

export const snapshotView = z.object({
  id: z.string(),
  name: z.string(),
  project_id: z.string(),
  session_id: z.string().nullable(),
  content: z.string().nullable(),
  state: z.object({
    goal: z.string().nullable(),
    decisions: z.array(z.string()),
    questions: z.array(z.string()),
    files_touched: z.array(z.string()),
    recent_events: z.array(z.object({ category: z.string(), type: z.string(), text: z.string() })),
    git: z
      .object({
        branch: z.string().nullable(),
        head: z.string().nullable(),
        dirty_files: z.number(),
        last_commit_at: z.string().nullable(),
      })
      .nullable(),
  }),
  created_at: z.string(),
});

export function toSnapshotView(item: ContextSnapshot): z.infer<typeof snapshotView> {
  const { state } = item;
  return {
    id: item.id,
    name: item.name,
    project_id: item.projectId,
    session_id: item.sessionId,
    content: item.content,
    state: {
      goal: state.goal,
      decisions: state.decisions,
      questions: state.questions,
      files_touched: state.filesTouched,
      recent_events: state.recentEvents,
      git: state.git && {
        branch: state.git.branch,
        head: state.git.head,
        dirty_files: state.git.dirtyFiles,
        last_commit_at: state.git.lastCommitAt,
      },
    },
    created_at: item.createdAt,
  };
}

export const activityView = {
  project: z.string(),
  session_id: z.string().nullable(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  gap_minutes: z.number(),
  files_touched: z.array(z.object({ path: z.string(), count: z.number(), last_at: z.string() })),
  files: z.number(),
  interruptions: z.array(
    z.object({ session_id: z.string(), from: z.string(), to: z.string(), minutes: z.number() }),
  ),
  idle_minutes: z.number(),
  sessions: z.number(),
  activities: z.number(),
  truncated: z.boolean(),
};

export function toActivityView(report: ActivityReport) {
  return {
    project: report.project.id,
    session_id: report.sessionId,
    since: report.since,
    until: report.until,
    gap_minutes: report.gapMinutes,
    files_touched: report.filesTouched.map((touch) => ({
      path: touch.path,
      count: touch.count,
      last_at: touch.lastAt,
    })),
    files: report.files,
    interruptions: report.interruptions.map((gap) => ({
      session_id: gap.sessionId,
      from: gap.from,
      to: gap.to,
      minutes: gap.minutes,
    })),
    idle_minutes: report.idleMinutes,
    sessions: report.sessions,
    activities: report.activities,
    truncated: report.truncated,
  };
}

/** A listing's items in their output shape. */
export function toListItems(result: TrackingListResult): Record<string, unknown>[] {
  switch (result.kind) {
    case 'interactions':
      return result.items.map(toInteractionView);
    case 'issues':
      return result.items.map(toIssueView);
    case 'metrics':
      return result.items.map(toMetricsView);
    case 'snapshots':
      return result.items.map(toSnapshotView);
  }
}

/** One line per listed item, for text output. */
export function listLines(result: TrackingListResult): string[] {
  switch (result.kind) {
    case 'interactions':
      return result.items.map(
        (item) =>
          `${item.createdAt} ${item.rating === null ? '-' : `${item.rating}/5`} ${oneLine(item.prompt)} → ${oneLine(item.responseSummary)}`,
      );
    case 'issues':
      return result.items.map(
        (item) => `${item.createdAt} ${item.severity} ${item.type}: ${oneLine(item.description)}`,
      );
    case 'metrics':
      return result.items.map(
        (item) =>
          `${item.createdAt} ${item.path} (${item.language}): ${item.functions} fn, complexity ${item.complexity.total} (max ${item.complexity.max}), docs ${Math.round(item.documentation.coverage * 100)}%`,
      );
    case 'snapshots':
      return result.items.map((item) => `${item.createdAt} ${item.id} ${item.name}`);
  }
}

function oneLine(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
