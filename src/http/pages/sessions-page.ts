import type { listSessions } from '../../app/dashboard/list-sessions.js';
import type { Project } from '../../core/types.js';
import { html } from '../html.js';
import { layout, pageLink, when } from './layout.js';

type Listing = Awaited<ReturnType<typeof listSessions>>;

export function sessionsPage(
  listing: Listing,
  projects: Project[],
  /** Members the list may be narrowed to (none: no member filter is shown). */
  members: string[],
  query: { project?: string | undefined; status?: string | undefined; member?: string | undefined },
): string {
  const rows = listing.sessions.map(
    (s) => html`<tr>
<td><a href="/sessions/${encodeURIComponent(s.id)}" class="session-link">${s.goal ?? s.id}</a>${s.type ? html` <span class="badge">${s.type}</span>` : ''}</td>
<td>${s.project_name ?? s.project_id}</td>
<td><span class="badge ${s.status}">${s.status}</span>${s.outcome ? html` <span class="muted">${s.outcome}</span>` : ''}</td>
<td>${when(s.started_at)}</td>
<td>${when(s.ended_at)}</td>
<td class="num">${s.events}</td>
<td>${s.model ?? ''}</td>
</tr>`,
  );
  return layout(
    'Sessions',
    '/',
    html`<h1>Sessions</h1>
<form class="inline" method="get" action="/">
<label>Project <select name="project"><option value="">all</option>${projects.map(
      (p) => html`<option value="${p.id}"${query.project === p.id ? html` selected` : ''}>${p.name}</option>`,
    )}</select></label>
<label>Status <select name="status"><option value="">any</option>${['active', 'ended'].map(
      (s) => html`<option${query.status === s ? html` selected` : ''}>${s}</option>`,
    )}</select></label>
${
  members.length > 0
    ? html`<label>Member <select name="member"><option value="">everyone</option>${members.map(
        (m) => html`<option${query.member === m ? html` selected` : ''}>${m}</option>`,
      )}</select></label>`
    : ''
}
<button type="submit">Filter</button>
</form>
${
  listing.sessions.length === 0
    ? html`<p class="muted">No sessions yet. Connect an assistant, or <a href="/import">import transcripts</a>.</p>`
    : html`<table id="sessions">
<thead><tr><th>Session</th><th>Project</th><th>Status</th><th>Started</th><th>Ended</th><th class="num">Events</th><th>Model</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}
${listing.next_cursor ? html`<p class="pager"><a href="${pageLink('/', { ...query, cursor: listing.next_cursor })}">Older sessions →</a></p>` : ''}`,
  );
}
