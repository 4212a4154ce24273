import {
  ISSUE_SEVERITIES,
  ISSUE_TYPES,
  type IssueSeverity,
  type IssueType,
} from '../tracking/tracking-types.js';
import { OUTCOMES, type Outcome, type Session } from '../types.js';
import { roundUsd } from './cost.js';

/**
 * ROI and quality arithmetic over sessions, interactions, issues and costs:
 * pure, so the same figures come out of the tool, the CLI and the dashboard.
 * docs/report.md explains each figure.
 */

export type RoiSession = Pick<
  Session,
  'id' | 'projectId' | 'goal' | 'status' | 'outcome' | 'startedAt' | 'endedAt' | 'estimateMinutes'
>;

export interface RoiInput {
  sessions: readonly RoiSession[];
  interactions: readonly { sessionId: string | null; rating: number | null; createdAt: string }[];
  issues: readonly {
    sessionId: string | null;
    type: IssueType;
    severity: IssueSeverity;
    createdAt: string;
  }[];
  /** Cost per session id (null: some of its tokens are unpriced); a session absent has no usage. */
  sessionCosts: ReadonlyMap<string, number | null>;
  /** Cost of all usage in the range (not only that of the sessions listed). */
  cost: { costUsd: number | null; pricedCostUsd: number; unpricedTokens: number };
}

export interface RoiSessionFigures {
  session_id: string;
  project_id: string;
  goal: string | null;
  status: Session['status'];
  outcome: Outcome | null;
  started_at: string;
  ended_at: string | null;
  estimate_minutes: number | null;
  actual_minutes: number | null;
  saved_minutes: number | null;
  multiplier: number | null;
  cost_usd: number | null;
  has_usage: boolean;
  interactions: number;
  average_rating: number | null;
  issues: number;
}

export interface RoiTotals {
  sessions: number;
  ended_sessions: number;
  sessions_with_estimate: number;
  /** Sessions with both an estimate and an actual duration: the ones the next four figures cover. */
  comparable_sessions: number;
  estimated_minutes: number | null;
  actual_minutes: number | null;
  time_saved_minutes: number | null;
  multiplier: number | null;
  /** Started → ended over every ended session, estimated or not. */
  actual_minutes_all: number;
  cost_usd: number | null;
  priced_cost_usd: number;
  unpriced_tokens: number;
  cost_per_hour_saved_usd: number | null;
  outcomes: Record<Outcome | 'none', number>;
  /** Successes among ended sessions that have an outcome. */
  success_rate: number | null;
}

export interface TrendWeek {
  /** ISO week, e.g. `2026-W48`, and its Monday (UTC). */
  week: string;
  week_start: string;
  sessions: number;
  sessions_with_outcome: number;
  success_rate: number | null;
  interactions: number;
  rated_interactions: number;
  average_rating: number | null;
  issues: number;
}

export interface QualityFigures {
  interactions: number;
  rated_interactions: number;
  average_rating: number | null;
  ratings: Record<'1' | '2' | '3' | '4' | '5', number>;
  issues: number;
  issues_by_type: Record<IssueType, number>;
  issues_by_severity: Record<IssueSeverity, number>;
  issues_by_type_and_severity: { type: IssueType; severity: IssueSeverity; count: number }[];
  trend: TrendWeek[];
}

/** A figure that could not be computed, or rests on too little data, and why. */
export interface DataGap {
  figure: string;
  reason: string;
}

export interface RoiFigures {
  totals: RoiTotals;
  sessions: RoiSessionFigures[];
  quality: QualityFigures;
  gaps: DataGap[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Fewer comparable sessions than this: the multiplier is reported but flagged as thin. */
export const FEW_SESSIONS = 3;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Minutes from start to end of an ended session; null while it runs or when the times are unusable. */
export function actualMinutes(session: Pick<RoiSession, 'status' | 'startedAt' | 'endedAt'>): number | null {
  if (session.status !== 'ended' || !session.endedAt) return null;
  const ms = Date.parse(session.endedAt) - Date.parse(session.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? round2(ms / MINUTE) : null;
}

/** The ISO-8601 week (UTC) of an instant: `2026-W48` and the date of its Monday. */
export function isoWeek(iso: string): { week: string; start: string } {
  const date = new Date(iso);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = day - weekday * DAY;
  const thursday = monday + 3 * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return {
    week: `${year}-W${String(week).padStart(2, '0')}`,
    start: new Date(monday).toISOString().slice(0, 10),
  };
}

function average(values: number[]): number | null {
  return values.length === 0 ? null : round2(values.reduce((a, b) => a + b, 0) / values.length);
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

function sessionFigures(input: RoiInput): RoiSessionFigures[] {
  const interactionsBy = new Map<string, number>();
  const ratingsBy = new Map<string, number[]>();
  const issuesBy = new Map<string, number>();
  for (const item of input.interactions) {
    if (!item.sessionId) continue;
    interactionsBy.set(item.sessionId, (interactionsBy.get(item.sessionId) ?? 0) + 1);
    if (item.rating !== null) {
      const ratings = ratingsBy.get(item.sessionId) ?? [];
      ratings.push(item.rating);
      ratingsBy.set(item.sessionId, ratings);
    }
  }
  for (const issue of input.issues) {
    if (issue.sessionId) issuesBy.set(issue.sessionId, (issuesBy.get(issue.sessionId) ?? 0) + 1);
  }
  return input.sessions.map((session) => {
    const actual = actualMinutes(session);
    const estimate = session.estimateMinutes;
    const both = estimate !== null && actual !== null;
    return {
      session_id: session.id,
      project_id: session.projectId,
      goal: session.goal,
      status: session.status,
      outcome: session.outcome,
      started_at: session.startedAt,
      ended_at: session.endedAt,
      estimate_minutes: estimate,
      actual_minutes: actual,
      saved_minutes: both ? round2(estimate - actual) : null,
      multiplier: both && actual > 0 ? round2(estimate / actual) : null,
      cost_usd: input.sessionCosts.get(session.id) ?? null,
      has_usage: input.sessionCosts.has(session.id),
      interactions: interactionsBy.get(session.id) ?? 0,
      average_rating: average(ratingsBy.get(session.id) ?? []),
      issues: issuesBy.get(session.id) ?? 0,
    };
  });
}

function totals(input: RoiInput, rows: RoiSessionFigures[]): RoiTotals {
  const comparable = rows.filter((row) => row.estimate_minutes !== null && row.actual_minutes !== null);
  const estimated = comparable.reduce((sum, row) => sum + (row.estimate_minutes ?? 0), 0);
  const actual = comparable.reduce((sum, row) => sum + (row.actual_minutes ?? 0), 0);
  const saved = estimated - actual;
  const outcomes = { ...zeroes(OUTCOMES), none: 0 };
  for (const row of rows) if (row.status === 'ended') outcomes[row.outcome ?? 'none'] += 1;
  const withOutcome = OUTCOMES.reduce((sum, outcome) => sum + outcomes[outcome], 0);
  const cost = input.cost.costUsd;
  return {
    sessions: rows.length,
    ended_sessions: rows.filter((row) => row.status === 'ended').length,
    sessions_with_estimate: rows.filter((row) => row.estimate_minutes !== null).length,
    comparable_sessions: comparable.length,
    estimated_minutes: comparable.length > 0 ? round2(estimated) : null,
    actual_minutes: comparable.length > 0 ? round2(actual) : null,
    time_saved_minutes: comparable.length > 0 ? round2(saved) : null,
    multiplier: comparable.length > 0 && actual > 0 ? round2(estimated / actual) : null,
    actual_minutes_all: round2(rows.reduce((sum, row) => sum + (row.actual_minutes ?? 0), 0)),
    cost_usd: cost,
    priced_cost_usd: input.cost.pricedCostUsd,
    unpriced_tokens: input.cost.unpricedTokens,
    cost_per_hour_saved_usd:
      comparable.length > 0 && saved > 0 && cost !== null ? roundUsd(cost / (saved / 60)) : null,
    outcomes,
    success_rate: withOutcome > 0 ? round2(outcomes.success / withOutcome) : null,
  };
}

function quality(input: RoiInput): QualityFigures {
  const ratings = input.interactions.flatMap((item) => (item.rating === null ? [] : [item.rating]));
  const byRating = zeroes(['1', '2', '3', '4', '5'] as const);
  for (const rating of ratings) {
    const key = String(rating) as keyof typeof byRating;
    if (key in byRating) byRating[key] += 1;
  }
  const byType = zeroes(ISSUE_TYPES);
  const bySeverity = zeroes(ISSUE_SEVERITIES);
  const pairs = new Map<string, { type: IssueType; severity: IssueSeverity; count: number }>();
  for (const issue of input.issues) {
    byType[issue.type] += 1;
    bySeverity[issue.severity] += 1;
    const key = `${issue.type}/${issue.severity}`;
    const pair = pairs.get(key) ?? { type: issue.type, severity: issue.severity, count: 0 };
    pair.count += 1;
    pairs.set(key, pair);
  }
  return {
    interactions: input.interactions.length,
    rated_interactions: ratings.length,
    average_rating: average(ratings),
    ratings: byRating,
    issues: input.issues.length,
    issues_by_type: byType,
    issues_by_severity: bySeverity,
    issues_by_type_and_severity: [...pairs.values()].sort(
      (a, b) =>
        b.count - a.count ||
        ISSUE_TYPES.indexOf(a.type) - ISSUE_TYPES.indexOf(b.type) ||
        ISSUE_SEVERITIES.indexOf(b.severity) - ISSUE_SEVERITIES.indexOf(a.severity),
    ),
    trend: trend(input),
  };
}

/** Per ISO week, oldest first: sessions by start, interactions and issues by when they were logged. */
export function trend(input: Pick<RoiInput, 'sessions' | 'interactions' | 'issues'>): TrendWeek[] {
  const weeks = new Map<string, TrendWeek & { ratings: number[]; successes: number }>();
  const weekOf = (at: string) => {
    const { week, start } = isoWeek(at);
    let row = weeks.get(week);
    if (!row) {
      row = {
        week,
        week_start: start,
        sessions: 0,
        sessions_with_outcome: 0,
        success_rate: null,
        interactions: 0,
        rated_interactions: 0,
        average_rating: null,
        issues: 0,
        ratings: [],
        successes: 0,
      };
      weeks.set(week, row);
    }
    return row;
  };
  for (const session of input.sessions) {
    const row = weekOf(session.startedAt);
    row.sessions += 1;
    if (session.status === 'ended' && session.outcome) {
      row.sessions_with_outcome += 1;
      if (session.outcome === 'success') row.successes += 1;
    }
  }
  for (const item of input.interactions) {
    const row = weekOf(item.createdAt);
    row.interactions += 1;
    if (item.rating !== null) row.ratings.push(item.rating);
  }
  for (const issue of input.issues) weekOf(issue.createdAt).issues += 1;
  return [...weeks.values()]
    .sort((a, b) => a.week_start.localeCompare(b.week_start))
    .map(({ ratings, successes, ...row }) => ({
      ...row,
      success_rate: row.sessions_with_outcome > 0 ? round2(successes / row.sessions_with_outcome) : null,
      rated_interactions: ratings.length,
      average_rating: average(ratings),
    }));
}

function gaps(t: RoiTotals, q: QualityFigures): DataGap[] {
  const out: DataGap[] = [];
  if (t.sessions === 0) out.push({ figure: 'sessions', reason: 'no session started in the range' });
  if (t.sessions_with_estimate === 0) {
    out.push({
      figure: 'estimated_minutes, time_saved_minutes, multiplier',
      reason:
        'no session has a human estimate: start sessions with `deja start --estimate <minutes>` or session_start estimate_minutes',
    });
  } else if (t.comparable_sessions === 0) {
    out.push({
      figure: 'time_saved_minutes, multiplier',
      reason: 'no session with an estimate has ended yet (actual minutes run from start to end)',
    });
  } else if (t.comparable_sessions < FEW_SESSIONS) {
    out.push({
      figure: 'multiplier',
      reason: `only ${t.comparable_sessions} session(s) have both an estimate and an end: too few to rely on`,
    });
  }
  if (t.cost_usd === null && t.unpriced_tokens > 0) {
    out.push({
      figure: 'cost_usd',
      reason: `${t.unpriced_tokens} token(s) came from models without a price (see unpriced_models); priced_cost_usd is a lower bound`,
    });
  }
  if (t.priced_cost_usd === 0 && t.unpriced_tokens === 0) {
    out.push({
      figure: 'cost_usd',
      reason: 'no token usage in the range: import transcripts with `deja import`',
    });
  }
  if (t.success_rate === null) {
    out.push({ figure: 'success_rate', reason: 'no ended session has an outcome (session_end outcome)' });
  }
  if (q.interactions === 0) {
    out.push({
      figure: 'interactions, average_rating',
      reason: 'no interaction logged (log_interaction or `deja log interaction`)',
    });
  } else if (q.rated_interactions === 0) {
    out.push({ figure: 'average_rating', reason: 'no logged interaction has a rating (1–5)' });
  }
  return out;
}

/** Every ROI and quality figure of a set of sessions, interactions, issues and costs. */
export function computeRoi(input: RoiInput): RoiFigures {
  const sessions = sessionFigures(input);
  const t = totals(input, sessions);
  const q = quality(input);
  return { totals: t, sessions, quality: q, gaps: gaps(t, q) };
}
