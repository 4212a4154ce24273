import type { UnpricedModel } from '../../core/cost/cost.js';
import type { DataGap, QualityFigures, RoiSessionFigures, RoiTotals } from '../../core/cost/roi.js';
import type { UsageGroup } from '../../store/transcript-port.js';
import type { AppDeps } from '../deps.js';
import {
  type ObservabilityInput,
  observabilityInput,
  type ReportScope,
  type ReportSection,
  reportScope,
  scopeFilter,
} from './report-scope.js';
import { roiForScope } from './roi-report.js';
import { type CostedTotals, costByGroup, type UsageCostRow } from './usage-and-cost.js';

/** Sessions listed in the roi section, newest first; totals cover them all. */
export const MAX_LISTED_SESSIONS = 100;
/** Sessions listed in the cost section (largest usage first). */
export const MAX_COST_SESSIONS = 50;

export interface CostView {
  responses: number;
  input_tokens: number;
  output_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  cache_read_tokens: number;
  reasoning_tokens: number;
  total_tokens: number;
  cost_usd: number | null;
  priced_cost_usd: number;
  unpriced_tokens: number;
}

export interface CostRowView extends CostView {
  group: string;
  label: string;
}

export interface UnpricedModelView {
  model: string;
  responses: number;
  input_tokens: number;
  output_tokens: number;
  cache_write_tokens: number;
  cache_read_tokens: number;
  total_tokens: number;
}

export interface ObservabilitySummary {
  sessions: number;
  comparable_sessions: number;
  estimated_minutes: number | null;
  actual_minutes: number | null;
  time_saved_minutes: number | null;
  multiplier: number | null;
  success_rate: number | null;
  tokens: number;
  cost_usd: number | null;
  priced_cost_usd: number;
  unpriced_models: string[];
  interactions: number;
  average_rating: number | null;
  issues: number;
}

export interface Observability {
  scope: { project: { id: string; name: string } | null; since: string | null; until: string | null };
  generated_at: string;
  sections: ReportSection[];
  summary: ObservabilitySummary;
  /** Figures that rest on too little data (or none), and what would fill them. */
  gaps: DataGap[];
  cost?: {
    total: CostView;
    by_model: CostRowView[];
    by_project: CostRowView[];
    by_day: CostRowView[];
    by_session: CostRowView[];
    sessions_with_usage: number;
    unpriced_models: UnpricedModelView[];
    prices: { source: string; as_of: string };
  };
  roi?: { totals: RoiTotals; sessions: RoiSessionFigures[]; sessions_listed: number; truncated: boolean };
  quality?: QualityFigures;
}

export function toCostView(row: CostedTotals): CostView {
  return {
    responses: row.responses,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cache_write_tokens: row.cacheWriteTokens,
    cache_write_1h_tokens: row.cacheWrite1hTokens,
    cache_read_tokens: row.cacheReadTokens,
    reasoning_tokens: row.reasoningTokens,
    total_tokens: row.totalTokens,
    cost_usd: row.costUsd,
    priced_cost_usd: row.pricedCostUsd,
    unpriced_tokens: row.unpricedTokens,
  };
}

const toRowView = (row: UsageCostRow): CostRowView => ({
  group: row.group,
  label: row.label,
  ...toCostView(row),
});

export function toUnpricedView(model: UnpricedModel): UnpricedModelView {
  return {
    model: model.model,
    responses: model.responses,
    input_tokens: model.inputTokens,
    output_tokens: model.outputTokens,
    cache_write_tokens: model.cacheWriteTokens,
    cache_read_tokens: model.cacheReadTokens,
    total_tokens: model.totalTokens,
  };
}

function scopeView(scope: ReportScope): Observability['scope'] {
  return {
    project: scope.project ? { id: scope.project.id, name: scope.project.name } : null,
    since: scope.since,
    until: scope.until,
  };
}

/**
 * `get_observability` / `deja report` / `GET /api/report`: the headline figures
 * (summary) and, on request, the cost, ROI and quality sections in full.
 * `sections: 'all'` (CLI, API) returns every section.
 */
export async function observability(
  deps: AppDeps,
  raw: ObservabilityInput,
  options: { all?: boolean } = {},
): Promise<Observability> {
  const input = observabilityInput.parse(raw);
  const scope = await reportScope(deps, input);
  const sections: ReportSection[] = options.all
    ? ['summary', 'cost', 'roi', 'quality']
    : input.section && input.section !== 'summary'
      ? ['summary', input.section]
      : ['summary'];
  const roi = await roiForScope(deps, scope);
  const report: Observability = {
    scope: scopeView(scope),
    generated_at: roi.generatedAt,
    sections,
    summary: {
      sessions: roi.totals.sessions,
      comparable_sessions: roi.totals.comparable_sessions,
      estimated_minutes: roi.totals.estimated_minutes,
      actual_minutes: roi.totals.actual_minutes,
      time_saved_minutes: roi.totals.time_saved_minutes,
      multiplier: roi.totals.multiplier,
      success_rate: roi.totals.success_rate,
      tokens: roi.tokens,
      cost_usd: roi.totals.cost_usd,
      priced_cost_usd: roi.totals.priced_cost_usd,
      unpriced_models: roi.unpricedModels.map((model) => model.model),
      interactions: roi.quality.interactions,
      average_rating: roi.quality.average_rating,
      issues: roi.quality.issues,
    },
    gaps: roi.gaps,
  };
  if (sections.includes('cost')) {
    const filter = scopeFilter(scope);
    const group = async (by: UsageGroup) => costByGroup(deps, filter, by);
    const [model, project, day, session] = [
      await group('model'),
      await group('project'),
      await group('day'),
      await group('session'),
    ];
    report.cost = {
      total: toCostView(model.total),
      by_model: model.rows.map(toRowView),
      by_project: project.rows.map(toRowView),
      by_day: day.rows.map(toRowView),
      by_session: session.rows.slice(0, MAX_COST_SESSIONS).map(toRowView),
      sessions_with_usage: session.rows.length,
      unpriced_models: model.unpricedModels.map(toUnpricedView),
      prices: { source: model.prices.source, as_of: model.prices.asOf },
    };
  }
  if (sections.includes('roi')) {
    const newest = [...roi.sessions].sort((a, b) => b.started_at.localeCompare(a.started_at));
    report.roi = {
      totals: roi.totals,
      sessions: newest.slice(0, MAX_LISTED_SESSIONS),
      sessions_listed: Math.min(newest.length, MAX_LISTED_SESSIONS),
      truncated: roi.truncated,
    };
  }
  if (sections.includes('quality')) report.quality = roi.quality;
  return report;
}
