import type { UsageRow } from '../../app/dashboard/usage-report.js';
import { html, jsonForScript } from '../html.js';
import { layout, num, usd } from './layout.js';

export interface UsageData {
  day: UsageRow[];
  model: UsageRow[];
  project: UsageRow[];
}

/** A row's cost: the estimate, or — with the priced part as a lower bound when some tokens have no price. */
function cost(row: UsageRow) {
  if (row.costUsd !== null) return usd(row.costUsd);
  if (row.unpricedTokens === 0) return '—';
  return html`<span class="unpriced" title="${num(row.unpricedTokens)} tokens from models without a price">— (≥ ${usd(row.pricedCostUsd)})</span>`;
}

function table(id: string, heading: string, rows: UsageRow[]) {
  return html`<table id="${id}"><thead><tr><th>${heading}</th><th class="num">Responses</th><th class="num">Input</th><th class="num">Output</th><th class="num">Cache write</th><th class="num">Cache read</th><th class="num">Total</th><th class="num">Est. cost</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr><td>${r.label}</td><td class="num">${num(r.responses)}</td><td class="num">${num(r.inputTokens)}</td><td class="num">${num(r.outputTokens)}</td><td class="num">${num(r.cacheWriteTokens)}</td><td class="num">${num(r.cacheReadTokens)}</td><td class="num">${num(r.totalTokens)}</td><td class="num">${cost(r)}</td></tr>`,
  )}</tbody></table>`;
}

export function usagePage(
  data: UsageData,
  query: { since?: string | undefined; project?: string | undefined },
): string {
  const total = data.model.reduce((sum, r) => sum + r.totalTokens, 0);
  const unpriced = data.model.filter((r) => r.costUsd === null && r.totalTokens > 0);
  const priced = data.model.reduce((sum, r) => sum + r.pricedCostUsd, 0);
  const totalCost =
    data.model.length === 0
      ? '—'
      : unpriced.length > 0
        ? html`≥ ${usd(priced)}`
        : usd(Math.round(priced * 1e6) / 1e6);
  return layout(
    'Usage & cost',
    '/usage',
    html`<h1>Token usage &amp; cost</h1>
<p class="muted">From imported transcripts. Cost is an estimate from list prices per model (src/data/model-prices.json); a model not in the table has no cost (—) and is listed below, never counted as free.</p>
<form class="inline" method="get" action="/usage">
<label>Since <input name="since" value="${query.since ?? ''}" placeholder="e.g. last month, 2026-01-01"></label>
<label>Project <input name="project" value="${query.project ?? ''}" placeholder="any"></label>
<button type="submit">Apply</button>
</form>
<div class="cards">
<div class="card"><div class="muted">Tokens</div><div class="value" id="total-tokens">${num(total)}</div></div>
<div class="card"><div class="muted">Estimated cost</div><div class="value" id="total-cost">${totalCost}</div></div>
<div class="card"><div class="muted">Days</div><div class="value">${num(data.day.length)}</div></div>
</div>
${
  unpriced.length > 0
    ? html`<section id="unpriced-models"><h2>Models without a price</h2><p class="muted">Their tokens are not in the cost; add them to src/data/model-prices.json.</p><ul>${unpriced.map(
        (r) =>
          html`<li><code>${r.label}</code>: ${num(r.totalTokens)} tokens in ${num(r.responses)} responses</li>`,
      )}</ul></section>`
    : ''
}
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
