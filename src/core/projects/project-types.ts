/** How one project depends on another (directed: from → to). */
export const PROJECT_DEPENDENCY_TYPES = ['uses', 'extends', 'references', 'shares_code'] as const;
export type ProjectDependencyType = (typeof PROJECT_DEPENDENCY_TYPES)[number];

/** A named set of projects. */
export interface ProjectGroup {
  id: string;
  name: string;
  description: string | null;
  /** Ordered by when each was added, then id. */
  projectIds: string[];
  createdAt: string;
  updatedAt: string;
}

/** A directed dependency between two projects, unique per (fromId, toId, type). */
export interface ProjectDependency {
  id: string;
  fromId: string;
  toId: string;
  type: ProjectDependencyType;
  createdAt: string;
}

/** One day of a project's activity (UTC). */
export interface ActivityDay {
  /** YYYY-MM-DD */
  day: string;
  events: number;
  messages: number;
  memories: number;
}

/** A text insights read topics from: a memory, or a decision or finding event. */
export interface InsightText {
  source: 'memory' | 'event';
  kind: string;
  text: string;
  createdAt: string;
}

/** An event or imported message flagged as an error. */
export interface ErrorSample {
  source: 'event' | 'message';
  sessionId: string;
  text: string;
  createdAt: string;
}

/** Cross-project search reaches at most this many dependency hops. */
export const MAX_DEPENDENCY_DISTANCE = 5;
/** Each hop away from the current project multiplies a result's score by this. */
export const DISTANCE_PRIOR = 0.5;
