import type { SearchOutput } from '../../app/search/search.js';
import { SEARCH_MODES } from '../../core/search-schemas.js';
import { html } from '../html.js';
import { layout, pageLink, when } from './layout.js';

export function searchPage(
  query: { query?: string | undefined; mode?: string | undefined; project?: string | undefined },
  output: SearchOutput | null,
  error: string | null,
): string {
  const results = output?.results ?? [];
  return layout(
    'Search',
    '/search',
    html`<h1>Search</h1>
<form class="inline" method="get" action="/search" id="search-form">
<label>Words <input type="search" name="query" value="${query.query ?? ''}" size="40" autofocus></label>
<label>Mode <select name="mode">${SEARCH_MODES.filter((m) => m !== 'metrics' && m !== 'suggest').map(
      (m) => html`<option${(query.mode ?? 'ranked') === m ? html` selected` : ''}>${m}</option>`,
    )}</select></label>
<label>Project <input name="project" value="${query.project ?? ''}" placeholder="any"></label>
<button type="submit">Search</button>
</form>
${error ? html`<p class="error" id="search-error">${error}</p>` : ''}
${
  output
    ? html`<p class="muted" id="search-summary">${output.total ?? results.length} result${(output.total ?? results.length) === 1 ? '' : 's'} in ${output.took_ms} ms${output.ranker ? ` (${output.ranker})` : ''}</p>
<div id="results">${results.map(
        (r) => html`<div class="result">
<div><span class="badge">${r.source}</span> <span class="badge">${r.kind}</span> ${r.title ? html`<strong>${r.title}</strong>` : ''}
<span class="muted">${r.project ?? ''} · ${when(r.created_at)} · score ${r.score}</span>
${r.session_id ? html` · <a href="/sessions/${encodeURIComponent(r.session_id)}">session</a>` : ''}</div>
<div class="content snippet">${r.snippet}</div>
</div>`,
      )}</div>
${output.next_cursor ? html`<p class="pager"><a href="${pageLink('/search', { ...query, cursor: output.next_cursor })}">More results →</a></p>` : ''}`
    : ''
}`,
  );
}
