import type { listMemories } from '../../app/dashboard/list-memories.js';
import { MEMORY_KINDS } from '../../core/types.js';
import type { MemoryStats } from '../../store/search-port.js';
import { html } from '../html.js';
import { layout, num, pageLink, when } from './layout.js';

type Listing = Awaited<ReturnType<typeof listMemories>>;

export function memoriesPage(
  listing: Listing,
  stats: MemoryStats,
  query: { project?: string | undefined; kind?: string | undefined },
): string {
  return layout(
    'Memories',
    '/memories',
    html`<h1>Memories</h1>
<div class="cards" id="memory-stats">
<div class="card"><div class="muted">Total</div><div class="value">${num(stats.total)}</div></div>
${Object.entries(stats.byKind).map(
  ([kind, n]) =>
    html`<div class="card"><div class="muted">${kind}</div><div class="value">${num(n)}</div></div>`,
)}
<div class="card"><div class="muted">Newest</div><div class="value">${when(stats.newest) || '—'}</div></div>
</div>
<form class="inline" method="get" action="/memories">
<label>Kind <select name="kind"><option value="">any</option>${MEMORY_KINDS.map(
      (k) => html`<option${query.kind === k ? html` selected` : ''}>${k}</option>`,
    )}</select></label>
<label>Project <input name="project" value="${query.project ?? ''}" placeholder="any"></label>
<button type="submit">Filter</button>
</form>
${
  listing.memories.length === 0
    ? html`<p class="muted">No memories.</p>`
    : html`<table id="memories"><thead><tr><th>Memory</th><th>Kind</th><th>Tags</th><th>Project</th><th>Stored</th></tr></thead><tbody>${listing.memories.map(
        (m) => html`<tr>
<td class="content">${m.title ? html`<strong>${m.title}</strong><br>` : ''}${m.content}</td>
<td>${m.kind}</td>
<td>${m.tags.map((t) => html`<span class="badge">${t}</span> `)}</td>
<td>${m.project ?? ''}</td>
<td>${when(m.created_at)}</td>
</tr>`,
      )}</tbody></table>`
}
${listing.next_cursor ? html`<p class="pager"><a href="${pageLink('/memories', { ...query, cursor: listing.next_cursor })}">Next page →</a></p>` : ''}`,
  );
}
