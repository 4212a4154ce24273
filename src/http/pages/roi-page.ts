import { Hono } from 'hono';
import type { AppDeps } from '../../app/deps.js';
import { type Observability, observability } from '../../app/report/observability.js';
import { roiReportInput } from '../../app/report/report-scope.js';
import { ISSUE_SEVERITIES, ISSUE_TYPES } from '../../core/tracking/tracking-types.js';
import { html, jsonForScript } from '../html.js';
import { layout, num, usd } from './layout.js';

const minutes = (n: number | null) => (n === null ? '—' : `${num(n)} min`);
const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);

function card(id: string, label: string, value: string, note = '') {
  return html`<div class="card"><div class="muted">${label}</div><div class="value" id="${id}">${value}</div>${note ? html`<div class="muted">${note}</div>` : ''}</div>`;
}

export function roiPage(
  report: Observability,
  query: { since?: string | undefined; until?: string | undefined; project?: string | undefined },
): string {
  const s = report.summary;
  const quality = report.quality;
  const cost =
    s.cost_usd !== null
      ? usd(s.cost_usd)
      : s.unpriced_models.length > 0
        ? `≥ ${usd(s.priced_cost_usd)}`
        : '—';
  const estimated = report.roi?.sessions.filter((row) => row.estimate_minutes !== null) ?? [];
  return layout(
    'ROI & quality',
    '/roi',
    html`<h1>ROI &amp; quality</h1>
<p class="muted">Human-estimated minutes (session estimates) against actual minutes (start → end), the cost of the tokens used, ratings and flagged issues. Every project unless one is chosen; see docs/report.md for how each figure is computed.</p>
<form class="inline" method="get" action="/roi">
<label>Since <input name="since" value="${query.since ?? ''}" placeholder="e.g. last month, 2026-01-01"></label>
<label>Until <input name="until" value="${query.until ?? ''}" placeholder="now"></label>
<label>Project <input name="project" value="${query.project ?? ''}" placeholder="any"></label>
<button type="submit">Apply</button>
</form>
<div class="cards">
${card('roi-sessions-count', 'Sessions', num(s.sessions), `${num(s.comparable_sessions)} with estimate and end`)}
${card('roi-estimated', 'Estimated', minutes(s.estimated_minutes))}
${card('roi-actual', 'Actual', minutes(s.actual_minutes))}
${card('roi-saved', 'Time saved', minutes(s.time_saved_minutes))}
${card('roi-multiplier', 'Multiplier', s.multiplier === null ? '—' : `${s.multiplier}×`)}
${card('roi-cost', 'Estimated cost', cost, `${num(s.tokens)} tokens`)}
${card('roi-rating', 'Average rating', s.average_rating === null ? '—' : `${s.average_rating} / 5`, `${num(s.interactions)} interactions`)}
${card('roi-success', 'Success rate', pct(s.success_rate))}
${card('roi-issues', 'Issues', num(s.issues))}
</div>
${
  report.gaps.length > 0
    ? html`<section id="roi-gaps"><h2>Too little data</h2><ul>${report.gaps.map(
        (gap) => html`<li><strong>${gap.figure}</strong>: ${gap.reason}</li>`,
      )}</ul></section>`
    : ''
}
${
  s.unpriced_models.length > 0
    ? html`<p class="muted" id="roi-unpriced">Models without a price (not in the cost): ${s.unpriced_models.join(', ')}. Add them to src/data/model-prices.json.</p>`
    : ''
}
<script type="application/json" id="roi-data">${jsonForScript({ trend: quality?.trend ?? [] })}</script>
<div class="charts">
<section><h2>Effectiveness trend (per ISO week)</h2><div class="chart" id="chart-trend"></div></section>
<section><h2>Issues by type and severity</h2>
<table id="issues-by-type"><thead><tr><th>Type</th>${ISSUE_SEVERITIES.map((sev) => html`<th class="num">${sev}</th>`)}<th class="num">Total</th></tr></thead><tbody>${ISSUE_TYPES.map(
      (type) =>
        html`<tr><td>${type}</td>${ISSUE_SEVERITIES.map(
          (sev) =>
            html`<td class="num">${num(quality?.issues_by_type_and_severity.find((p) => p.type === type && p.severity === sev)?.count ?? 0)}</td>`,
        )}<td class="num">${num(quality?.issues_by_type[type] ?? 0)}</td></tr>`,
    )}</tbody></table></section>
<section><h2>Sessions with an estimate</h2>
${
  estimated.length === 0
    ? html`<p class="muted">No session has a human estimate yet: start one with <code>deja start --estimate 90</code>.</p>`
    : html`<table id="roi-sessions"><thead><tr><th>Started</th><th>Goal</th><th>Outcome</th><th class="num">Estimate</th><th class="num">Actual</th><th class="num">Saved</th><th class="num">Multiplier</th><th class="num">Cost</th></tr></thead><tbody>${estimated.map(
        (row) =>
          html`<tr><td>${row.started_at.replace('T', ' ').slice(0, 16)}</td><td><a href="/sessions/${row.session_id}">${row.goal ?? row.session_id}</a></td><td>${row.outcome ?? (row.status === 'active' ? 'active' : '—')}</td><td class="num">${minutes(row.estimate_minutes)}</td><td class="num">${minutes(row.actual_minutes)}</td><td class="num">${minutes(row.saved_minutes)}</td><td class="num">${row.multiplier === null ? '—' : `${row.multiplier}×`}</td><td class="num">${row.has_usage ? usd(row.cost_usd) : ''}</td></tr>`,
      )}</tbody></table>`
}
</section>
</div>
<script src="/roi/chart.js" defer></script>`,
    { charts: true },
  );
}

/**
 * Draws the weekly trend with uPlot: sessions and issues (left axis), average
 * rating 1–5 and success rate (right axes). Served as /roi/chart.js, since the
 * page's Content-Security-Policy allows no inline script.
 */
export const ROI_CHART_JS = `
(function () {
  'use strict';
  function draw() {
    var source = document.getElementById('roi-data');
    var el = document.getElementById('chart-trend');
    if (!source || !el || typeof uPlot === 'undefined') return;
    var trend = (JSON.parse(source.textContent || '{}').trend) || [];
    if (trend.length === 0) { el.textContent = 'No sessions, interactions or issues in this range yet.'; return; }
    var xs = trend.map(function (w) { return Date.parse(w.week_start + 'T00:00:00Z') / 1000; });
    var pick = function (key, scale) {
      return trend.map(function (w) { var v = w[key]; return v === null || v === undefined ? null : v * scale; });
    };
    var WEEK = 7 * 86400;
    var range = xs.length === 1 ? [xs[0] - WEEK, xs[0] + WEEK] : null;
    var opts = {
      width: Math.max(300, el.clientWidth - 16), height: 300,
      scales: { x: range ? { time: true, range: range } : { time: true }, n: {}, r: { range: [0, 5] }, p: { range: [0, 100] } },
      series: [
        {},
        { label: 'sessions', scale: 'n', stroke: '#2457c5', width: 2, points: { show: true, size: 6 } },
        { label: 'issues', scale: 'n', stroke: '#b42318', width: 2, points: { show: true, size: 6 } },
        { label: 'avg rating', scale: 'r', stroke: '#1a7f37', width: 2, points: { show: true, size: 6 } },
        { label: 'success %', scale: 'p', stroke: '#8250df', width: 2, dash: [6, 4], points: { show: true, size: 6 } },
      ],
      axes: [
        {},
        { scale: 'n', size: 50 },
        { scale: 'r', side: 1, size: 40, grid: { show: false } },
        { scale: 'p', side: 1, size: 50, grid: { show: false }, values: function (u, splits) { return splits.map(function (v) { return v + '%'; }); } },
      ],
    };
    new uPlot(opts, [xs, pick('sessions', 1), pick('issues', 1), pick('average_rating', 1), pick('success_rate', 100)], el);
    el.setAttribute('data-rendered', 'true');
  }
  document.addEventListener('DOMContentLoaded', draw);
})();
`;

/** The ROI page and its chart script, mounted at /roi by the dashboard. */
export function roiRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  routes.get('/', async (c) => {
    const query: Record<string, string> = {};
    for (const [key, value] of new URL(c.req.url).searchParams) {
      if (key !== 'token' && value.trim() !== '') query[key] = value;
    }
    const input = roiReportInput.strict().parse(query);
    return c.html(roiPage(await observability(deps, input, { all: true }), input));
  });
  routes.get('/chart.js', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(ROI_CHART_JS, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });
  return routes;
}
