import type { UsageFilter, UsageGroup, UsageTotals } from '../../store/transcript-port.js';
import type { AppDeps } from '../deps.js';
import { estimateCost } from './model-prices.js';
import { withTotal } from './session-detail.js';

export interface UsageRow extends UsageTotals {
  /** What to show: the model, the project's name, the session id or the day. */
  label: string;
  totalTokens: number;
  /** Estimated US dollars from the price table; null when no model of the row has a price. */
  costUsd: number | null;
}

/** Beyond this many groups, cost is not estimated per group (one store query per group). */
const MAX_COSTED_GROUPS = 400;

/**
 * Token usage from imported transcripts grouped by day, model, project or
 * session, with an estimated cost (priced per model inside each group).
 */
export async function usageReport(
  deps: AppDeps,
  filter: UsageFilter,
  group: UsageGroup,
): Promise<UsageRow[]> {
  const rows = await deps.store.usageTotals(filter, group);
  const names =
    group === 'project' ? new Map((await deps.store.listProjects()).map((p) => [p.id, p.name])) : null;
  const costed = rows.length <= MAX_COSTED_GROUPS;
  const out: UsageRow[] = [];
  for (const row of rows) {
    const costUsd = !costed
      ? null
      : group === 'model'
        ? estimateCost(row.group === 'unknown' ? null : row.group, row)
        : await groupCost(deps, filter, group, row.group);
    out.push({ ...withTotal(row), label: names?.get(row.group) ?? row.group, costUsd });
  }
  if (group === 'day') out.sort((a, b) => a.group.localeCompare(b.group));
  return out;
}

async function groupCost(deps: AppDeps, filter: UsageFilter, group: UsageGroup, value: string) {
  const narrowed: UsageFilter = { ...filter };
  if (group === 'project') narrowed.projectId = value;
  else if (group === 'session') narrowed.sessionId = value;
  else if (group === 'day') {
    const start = `${value}T00:00:00.000Z`;
    const end = new Date(Date.parse(start) + 86_400_000).toISOString();
    narrowed.since = filter.since && filter.since > start ? filter.since : start;
    narrowed.until = filter.until && filter.until < end ? filter.until : end;
  }
  const byModel = await deps.store.usageTotals(narrowed, 'model');
  let total: number | null = null;
  for (const row of byModel) {
    const cost = estimateCost(row.group === 'unknown' ? null : row.group, row);
    if (cost !== null) total = (total ?? 0) + cost;
  }
  return total;
}
