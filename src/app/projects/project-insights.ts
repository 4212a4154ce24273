import {
  groupErrors,
  type RecurringError,
  type TopicCount,
  topTerms,
  weeklyActivity,
} from '../../core/projects/insights.js';
import type { ActivityDay } from '../../core/projects/project-types.js';
import type { Project } from '../../core/types.js';
import type { AppDeps } from '../deps.js';

export const DEFAULT_INSIGHT_DAYS = 30;
/** Texts read for topics, and error samples read for recurring errors. */
const TOPIC_TEXTS = 500;
const ERROR_SAMPLES = 2000;
const TOP_TOPICS = 15;
const TOP_ERRORS = 10;

export interface ProjectInsights {
  project: { id: string; name: string };
  since: string;
  activity: {
    days: ActivityDay[];
    weeks: { week: string; events: number; messages: number; memories: number }[];
    totals: { events: number; messages: number; memories: number; active_days: number };
  };
  topics: TopicCount[];
  recurring_errors: RecurringError[];
}

/**
 * What a project has been about lately: activity per day and week (events,
 * imported messages, memories), its top topics (the most frequent meaningful
 * terms of its recent memories and decisions), and its recurring errors
 * (error events and messages grouped by normalised text, seen at least twice).
 */
export async function projectInsights(
  deps: AppDeps,
  project: Project,
  days = DEFAULT_INSIGHT_DAYS,
): Promise<ProjectInsights> {
  const since = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString();
  const [activity, texts, errors] = await Promise.all([
    deps.store.projectActivity(project.id, since),
    deps.store.projectTexts(project.id, { since, limit: TOPIC_TEXTS }),
    deps.store.projectErrors(project.id, { since, limit: ERROR_SAMPLES }),
  ]);
  const totals = activity.reduce(
    (sum, day) => ({
      events: sum.events + day.events,
      messages: sum.messages + day.messages,
      memories: sum.memories + day.memories,
      active_days: sum.active_days + 1,
    }),
    { events: 0, messages: 0, memories: 0, active_days: 0 },
  );
  return {
    project: { id: project.id, name: project.name },
    since,
    activity: { days: activity, weeks: weeklyActivity(activity), totals },
    topics: topTerms(
      texts.map((text) => text.text),
      TOP_TOPICS,
    ),
    recurring_errors: groupErrors(errors, TOP_ERRORS),
  };
}
