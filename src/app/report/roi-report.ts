import type { UnpricedModel } from '../../core/cost/cost.js';
import { computeRoi, type RoiFigures } from '../../core/cost/roi.js';
import type { AppDeps } from '../deps.js';
import {
  type ReportScope,
  type RoiReportInput,
  reportScope,
  roiReportInput,
  scopeFilter,
} from './report-scope.js';
import { costByGroup } from './usage-and-cost.js';

/** How many rows of each kind one report reads at most (the newest). */
export const MAX_REPORT_ROWS = 100_000;

export interface RoiReport extends RoiFigures {
  scope: ReportScope;
  generatedAt: string;
  unpricedModels: UnpricedModel[];
  prices: { source: string; asOf: string };
  /** Total tokens of the usage the cost covers. */
  tokens: number;
  /** True when a read limit was reached and only the newest rows counted. */
  truncated: boolean;
}

/**
 * `roiReport`: estimated vs actual minutes, time saved, cost, productivity
 * multiplier, outcomes, ratings, issues and the weekly effectiveness trend.
 * Sessions count when they started in the range; interactions, issues and
 * token usage when they were recorded in it. No project: every project.
 */
export async function roiReport(deps: AppDeps, raw: RoiReportInput): Promise<RoiReport> {
  const input = roiReportInput.parse(raw);
  const scope = await reportScope(deps, input);
  return roiForScope(deps, scope);
}

export async function roiForScope(deps: AppDeps, scope: ReportScope): Promise<RoiReport> {
  const filter = scopeFilter(scope);
  const [found, interactions, issues, usage] = await Promise.all([
    deps.store.findSessions({
      ...(filter.projectId ? { projectId: filter.projectId } : {}),
      limit: MAX_REPORT_ROWS,
    }),
    deps.store.listInteractions(filter, MAX_REPORT_ROWS),
    deps.store.listIssues(filter, MAX_REPORT_ROWS),
    costByGroup(deps, filter, 'session'),
  ]);
  const sessions = found.filter(
    (session) =>
      (!scope.since || session.startedAt >= scope.since) && (!scope.until || session.startedAt < scope.until),
  );
  const sessionCosts = new Map(
    usage.costedPerGroup ? usage.rows.map((row) => [row.group, row.costUsd] as const) : [],
  );
  const figures = computeRoi({
    sessions,
    interactions,
    issues,
    sessionCosts,
    cost: {
      costUsd: usage.total.costUsd,
      pricedCostUsd: usage.total.pricedCostUsd,
      unpricedTokens: usage.total.unpricedTokens,
    },
  });
  return {
    ...figures,
    scope,
    generatedAt: deps.clock.now().toISOString(),
    unpricedModels: usage.unpricedModels,
    prices: usage.prices,
    tokens: usage.total.totalTokens,
    truncated:
      found.length >= MAX_REPORT_ROWS ||
      interactions.length >= MAX_REPORT_ROWS ||
      issues.length >= MAX_REPORT_ROWS,
  };
}
