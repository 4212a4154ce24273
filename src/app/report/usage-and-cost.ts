import {
  estimateCost,
  type ModelUsage,
  mergeUnpriced,
  totalTokens,
  UNKNOWN_MODEL,
  type UnpricedModel,
} from '../../core/cost/cost.js';
import { defaultPriceTable } from '../../core/cost/default-prices.js';
import type { PriceTable } from '../../core/cost/price-table.js';
import type { UsageFilter, UsageGroup, UsageTotals } from '../../store/transcript-port.js';
import type { AppDeps } from '../deps.js';
import {
  type ReportScope,
  reportScope,
  scopeFilter,
  type UsageAndCostInput,
  usageAndCostInput,
} from './report-scope.js';

/** Token counts of a group with their estimated cost. */
export interface CostedTotals extends Omit<UsageTotals, 'group'> {
  totalTokens: number;
  /** US dollars; null when some tokens came from a model without a price (see unpricedTokens). */
  costUsd: number | null;
  /** Dollars of the priced models only (a lower bound when unpricedTokens > 0). */
  pricedCostUsd: number;
  unpricedTokens: number;
}

export interface UsageCostRow extends CostedTotals {
  /** The group's value: model, project id, session id or UTC day. */
  group: string;
  /** What to show: the model, the project's name, the session id or the day. */
  label: string;
}

export interface UsageAndCost {
  group: UsageGroup;
  scope: ReportScope;
  rows: UsageCostRow[];
  total: CostedTotals;
  unpricedModels: UnpricedModel[];
  prices: { source: string; asOf: string };
  /** False when there were too many groups to price each one (rows then have no cost). */
  costedPerGroup: boolean;
}

/** Beyond this many groups, cost is not estimated per group (one store query per group). */
export const MAX_COSTED_GROUPS = 2000;

const modelOf = (group: string) => (group === UNKNOWN_MODEL ? null : group);

function asModelUsage(rows: UsageTotals[]): ModelUsage[] {
  return rows.map(({ group, ...tokens }) => ({ ...tokens, model: modelOf(group) }));
}

function sumTokens(rows: readonly Omit<UsageTotals, 'group'>[]): Omit<UsageTotals, 'group'> {
  const sum = {
    responses: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
    reasoningTokens: 0,
  };
  for (const row of rows) {
    sum.responses += row.responses;
    sum.inputTokens += row.inputTokens;
    sum.outputTokens += row.outputTokens;
    sum.cacheWriteTokens += row.cacheWriteTokens;
    sum.cacheWrite1hTokens += row.cacheWrite1hTokens;
    sum.cacheReadTokens += row.cacheReadTokens;
    sum.reasoningTokens += row.reasoningTokens;
  }
  return sum;
}

/** Per-model totals priced as one group. */
function costed(byModel: UsageTotals[], table: PriceTable) {
  const estimate = estimateCost(asModelUsage(byModel), table);
  const tokens = sumTokens(byModel);
  return {
    totals: {
      ...tokens,
      totalTokens: totalTokens(tokens),
      costUsd: estimate.costUsd,
      pricedCostUsd: estimate.pricedCostUsd,
      unpricedTokens: estimate.unpricedTokens,
    } satisfies CostedTotals,
    unpriced: estimate.unpricedModels,
  };
}

/** The store filter of one group's value inside a wider filter. */
function narrow(filter: UsageFilter, group: UsageGroup, value: string): UsageFilter {
  const narrowed: UsageFilter = { ...filter };
  if (group === 'project') narrowed.projectId = value;
  else if (group === 'session') narrowed.sessionId = value;
  else if (group === 'day') {
    const start = `${value}T00:00:00.000Z`;
    const end = new Date(Date.parse(start) + 86_400_000).toISOString();
    narrowed.since = filter.since && filter.since > start ? filter.since : start;
    narrowed.until = filter.until && filter.until < end ? filter.until : end;
  }
  return narrowed;
}

/**
 * Token usage grouped by model, project, session or day, each group priced per
 * model with the price table. Tokens of models without a price are reported in
 * `unpricedModels` and make the cost of their groups (and the total) null.
 */
export async function costByGroup(
  deps: AppDeps,
  filter: UsageFilter,
  group: UsageGroup,
  table: PriceTable = defaultPriceTable(),
): Promise<Omit<UsageAndCost, 'scope' | 'group'>> {
  const byModel = await deps.store.usageTotals(filter, 'model');
  const whole = costed(byModel, table);
  const groups = group === 'model' ? byModel : await deps.store.usageTotals(filter, group);
  const names =
    group === 'project' ? new Map((await deps.store.listProjects()).map((p) => [p.id, p.name])) : null;
  const perGroup = groups.length <= MAX_COSTED_GROUPS;
  const rows: UsageCostRow[] = [];
  for (const row of groups) {
    const label = names?.get(row.group) ?? row.group;
    let totals: CostedTotals;
    if (group === 'model') totals = costed([row], table).totals;
    else if (perGroup)
      totals = costed(await deps.store.usageTotals(narrow(filter, group, row.group), 'model'), table).totals;
    else {
      const { group: _value, ...tokens } = row;
      totals = {
        ...tokens,
        totalTokens: totalTokens(row),
        costUsd: null,
        pricedCostUsd: 0,
        unpricedTokens: 0,
      };
    }
    // Keep the group query's own counts (the per-model re-query covers the same rows).
    const { group: value, ...tokens } = row;
    rows.push({ ...totals, ...tokens, totalTokens: totalTokens(row), group: value, label });
  }
  if (group === 'day') rows.sort((a, b) => a.group.localeCompare(b.group));
  const table_ = { source: table.source, asOf: table.asOf };
  return {
    rows,
    total: whole.totals,
    unpricedModels: mergeUnpriced([whole.unpriced]),
    prices: table_,
    costedPerGroup: perGroup,
  };
}

/** `usageAndCost`: tokens and estimated cost per session, model, project or day. */
export async function usageAndCost(deps: AppDeps, raw: UsageAndCostInput): Promise<UsageAndCost> {
  const input = usageAndCostInput.parse(raw);
  const scope = await reportScope(deps, input);
  const result = await costByGroup(deps, scopeFilter(scope), input.group);
  return { group: input.group, scope, ...result };
}
