import type { RemindersAndGrants } from '../../app/dashboard/reminders-and-grants.js';
import { html } from '../html.js';
import { layout, when } from './layout.js';

export function remindersPage(data: RemindersAndGrants, includeDone: boolean): string {
  return layout(
    'Reminders & trust',
    '/reminders',
    html`<h1>Reminders</h1>
<form class="inline" method="get" action="/reminders">
<label><input type="checkbox" name="all" value="1"${includeDone ? html` checked` : ''}> include delivered and cancelled</label>
<button type="submit">Show</button>
</form>
${
  data.reminders.length === 0
    ? html`<p class="muted" id="reminders">No reminders. Set one with reminder_create or <code>deja remind add "…" --when "in 2 hours"</code>.</p>`
    : html`<table id="reminders"><thead><tr><th>Reminder</th><th>When</th><th>Next due</th><th>Project</th><th>Status</th><th class="num">Delivered</th></tr></thead><tbody>${data.reminders.map(
        (r) => html`<tr>
<td class="content">${r.text}</td>
<td>${r.when}${r.recurrence ? html` <span class="badge">repeats</span>` : ''}</td>
<td>${r.next_due_local ?? '—'}</td>
<td>${r.project ?? 'every project'}</td>
<td>${r.status}</td>
<td class="num">${r.delivered_count}</td>
</tr>`,
      )}</tbody></table>`
}
<h2>Trusted operations</h2>
${
  data.grants.length === 0
    ? html`<p class="muted" id="grants">None: commands run by quality_run and git checkpoints ask first. Grant one with <code>deja permissions grant "command:npm test"</code>.</p>`
    : html`<table id="grants"><thead><tr><th>Operation</th><th>Scope</th><th>Granted</th></tr></thead><tbody>${data.grants.map(
        (g) =>
          html`<tr><td><code>${g.operation}</code></td><td>${g.project ?? 'global'}</td><td>${when(g.created_at)}</td></tr>`,
      )}</tbody></table>`
}`,
  );
}
