import type { Observability } from './observability.js';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const minutes = (n: number | null) => (n === null ? 'n/a' : `${int(n)} min`);
const usd = (n: number | null) => (n === null ? 'n/a' : `$${n.toFixed(n !== 0 && Math.abs(n) < 1 ? 4 : 2)}`);
const pct = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n * 100)}%`);
const counts = (record: Record<string, number>) =>
  Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ') || 'none';

/** The report as plain text: the CLI's `deja report` and the tool's text both print it. */
export function reportText(report: Observability): string {
  const s = report.summary;
  const scope = [
    report.scope.project ? `project ${report.scope.project.name}` : 'all projects',
    report.scope.since || report.scope.until
      ? `${report.scope.since ?? 'the start'} → ${report.scope.until ?? 'now'}`
      : 'all time',
  ].join(', ');
  const lines = [`ROI & quality report: ${scope}`, ''];
  lines.push('Time');
  lines.push(
    `  Sessions: ${s.sessions} (${s.comparable_sessions} with both a human estimate and an end)`,
    `  Estimated vs actual: ${minutes(s.estimated_minutes)} vs ${minutes(s.actual_minutes)}; ` +
      `saved ${minutes(s.time_saved_minutes)}; multiplier ${s.multiplier === null ? 'n/a' : `${s.multiplier}×`}`,
    `  Success rate: ${pct(s.success_rate)}`,
  );
  lines.push('', 'Cost');
  const cost =
    s.cost_usd === null && s.unpriced_models.length > 0
      ? `n/a (at least ${usd(s.priced_cost_usd)}; unpriced: ${s.unpriced_models.join(', ')})`
      : usd(s.cost_usd);
  lines.push(`  Tokens: ${int(s.tokens)}; estimated cost ${cost}`);
  if (report.cost) {
    for (const row of report.cost.by_model) {
      lines.push(`    ${row.label.padEnd(32)} ${int(row.total_tokens).padStart(14)}  ${usd(row.cost_usd)}`);
    }
    lines.push(`  Prices as of ${report.cost.prices.as_of} (src/data/model-prices.json)`);
  }
  lines.push('', 'Quality');
  lines.push(
    `  Interactions: ${s.interactions}; average rating ${s.average_rating === null ? 'n/a' : `${s.average_rating}/5`}`,
    `  Issues: ${s.issues}`,
  );
  if (report.quality && report.quality.issues > 0) {
    lines.push(
      `    by type: ${counts(report.quality.issues_by_type)}`,
      `    by severity: ${counts(report.quality.issues_by_severity)}`,
    );
  }
  if (report.quality && report.quality.trend.length > 0) {
    lines.push('', 'Effectiveness trend (ISO weeks)');
    for (const week of report.quality.trend) {
      lines.push(
        `  ${week.week}  sessions ${String(week.sessions).padStart(3)}  success ${pct(week.success_rate).padStart(4)}  ` +
          `rating ${week.average_rating === null ? 'n/a' : week.average_rating.toFixed(2)}  issues ${week.issues}`,
      );
    }
  }
  const estimated = report.roi?.sessions.filter((row) => row.estimate_minutes !== null) ?? [];
  if (estimated.length > 0) {
    lines.push('', 'Sessions with an estimate (newest first)');
    for (const row of estimated.slice(0, 20)) {
      lines.push(
        `  ${row.started_at.slice(0, 10)}  est ${minutes(row.estimate_minutes)}  actual ${minutes(row.actual_minutes)}  ` +
          `×${row.multiplier ?? 'n/a'}  ${row.goal ?? row.session_id}`,
      );
    }
  }
  if (report.gaps.length > 0) {
    lines.push('', 'Too little data');
    for (const gap of report.gaps) lines.push(`  - ${gap.figure}: ${gap.reason}`);
  }
  return lines.join('\n');
}
