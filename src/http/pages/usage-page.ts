import type { UsageRow } from '../../app/dashboard/usage-report.js';
import { html, jsonForScript } from '../html.js';
import { layout, num, usd } from './layout.js';

export interface UsageData {
  day: UsageRow[];
  model: UsageRow[];
  project: UsageRow[];
}

function table(id: string, heading: string, rows: UsageRow[]) {
  return html`<table id="${id}"><thead><tr><th>${heading}</th><th class="num">Responses</th><th class="num">Input</th><th class="num">Output</th><th class="num">Cache write</th><th class="num">Cache read</th><th class="num">Total</th><th class="num">Est. cost</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr><td>${r.label}</td><td class="num">${num(r.responses)}</td><td class="num">${num(r.inputTokens)}</td><td class="num">${num(r.outputTokens)}</td><td class="num">${num(r.cacheWriteTokens)}</td><td class="num">${num(r.cacheReadTokens)}</td><td class="num">${num(r.totalTokens)}</td><td class="num">${usd(r.costUsd)}</td></tr>`,
  )}</tbody></table>`;
}

export function usagePage(
  data: UsageData,
  query: { since?: string | undefined; project?: string | undefined },
): string {
  const total = data.model.reduce((sum, r) => sum + r.totalTokens, 0);
  const cost = data.model.reduce<number | null>(
    (sum, r) => (r.costUsd === null ? sum : (sum ?? 0) + r.costUsd),
    null,
  );
  return layout(
    'Usage & cost',
    '/usage',
    html`<h1>Token usage &amp; cost</h1>
<p class="muted">From imported transcripts. Cost is an estimate from list prices per model (src/app/dashboard/model-prices.ts); models not in the table count as —.</p>
<form class="inline" method="get" action="/usage">
<label>Since <input name="since" value="${query.since ?? ''}" placeholder="e.g. last month, 2026-01-01"></label>
<label>Project <input name="project" value="${query.project ?? ''}" placeholder="any"></label>
<button type="submit">Apply</button>
</form>
<div class="cards">
<div class="card"><div class="muted">Tokens</div><div class="value" id="total-tokens">${num(total)}</div></div>
<div class="card"><div class="muted">Estimated cost</div><div class="value">${usd(cost)}</div></div>
<div class="card"><div class="muted">Days</div><div class="value">${num(data.day.length)}</div></div>
</div>
<script type="application/json" id="usage-data">${jsonForScript(data)}</script>
<div class="charts">
<section><h2>Tokens by day</h2><div class="chart" id="chart-day"></div></section>
<section><h2>Tokens by model</h2><div class="chart" id="chart-model"></div>${table('usage-by-model', 'Model', data.model)}</section>
<section><h2>Tokens by project</h2><div class="chart" id="chart-project"></div>${table('usage-by-project', 'Project', data.project)}</section>
<section><h2>By day</h2>${table('usage-by-day', 'Day', data.day)}</section>
</div>`,
    { charts: true },
  );
}
