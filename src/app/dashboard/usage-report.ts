import type { UsageFilter, UsageGroup } from '../../store/transcript-port.js';
import type { AppDeps } from '../deps.js';
import { costByGroup, type UsageCostRow } from '../report/usage-and-cost.js';

/**
 * One row of the usage page and `GET /api/usage`: token totals of a group with
 * the estimated cost (`costUsd`, null when some of its tokens come from a model
 * without a price; `pricedCostUsd` is then a lower bound, `unpricedTokens` > 0).
 */
export type UsageRow = UsageCostRow;

/**
 * Token usage from imported transcripts grouped by day, model, project or
 * session, priced per model inside each group (src/app/report/usage-and-cost.ts
 * and the table in src/data/model-prices.json).
 */
export async function usageReport(
  deps: AppDeps,
  filter: UsageFilter,
  group: UsageGroup,
): Promise<UsageRow[]> {
  return (await costByGroup(deps, filter, group)).rows;
}
